import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { IdempotencyService } from '@app/database';
import { IdentityModule } from '@app/identity';
import { LedgerModule } from '@app/ledger';
import { PlacesModule } from '@app/places';
import { VouchersModule } from '@app/vouchers';
import { CodeFailuresService } from './code-failures.service';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';
import { OfflineService } from './offline.service';
import { RedemptionHistoryService } from './redemption-history.service';
import { RedemptionService } from './redemption.service';
import { RedemptionsController } from './redemptions.controller';

@Module({
  imports: [AuditModule, IdentityModule, LedgerModule, PlacesModule, VouchersModule],
  controllers: [RedemptionsController, FeedbackController],
  providers: [RedemptionService, RedemptionHistoryService, OfflineService, FeedbackService, IdempotencyService, CodeFailuresService],
  exports: [RedemptionService, RedemptionHistoryService, FeedbackService, IdempotencyService],
})
export class RedemptionModule {}
