import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { DocumentsModule } from '@app/documents';
import { IdempotencyService } from '@app/database';
import { LedgerModule } from '@app/ledger';
import { PlacesModule } from '@app/places';
import { VouchersModule } from '@app/vouchers';
import { SettlementController } from './settlement.controller';
import { PaymentDelaysService } from './payment-delays.service';
import { PlacePaymentsService } from './place-payments.service';
import { SettlementFilesService } from './settlement-files.service';
import { SettlementJobService } from './settlement-job.service';
import { SettlementService } from './settlement.service';

/** Settlement batches, SEPA file, remittance statements. RedemptionModule imports this one (undo guard), never the reverse. */
@Module({
  imports: [AuditModule, DocumentsModule, LedgerModule, PlacesModule, VouchersModule],
  controllers: [SettlementController],
  providers: [
    SettlementService,
    PlacePaymentsService,
    PaymentDelaysService,
    SettlementFilesService,
    SettlementJobService,
    IdempotencyService,
  ],
  exports: [SettlementService, SettlementJobService, PaymentDelaysService, SettlementFilesService],
})
export class SettlementModule {}
