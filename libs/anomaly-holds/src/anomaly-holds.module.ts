import { Global, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { IdempotencyService } from '@app/database';
import { LedgerModule } from '@app/ledger';
import { BEFORE_SETTLEMENT_BUILD } from '@app/settlement';
import { AnomalyHoldsController } from './anomaly-holds.controller';
import { AnomalyHoldsService } from './anomaly-holds.service';
import { AnomalyScanService } from './anomaly-scan.service';

/**
 * Anomaly holds (docs/anomaly-holds.md). Global so that the settlement build finds its last pass
 * (BEFORE_SETTLEMENT_BUILD) without settlement depending on this lib.
 */
@Global()
@Module({
  imports: [AuditModule, LedgerModule],
  controllers: [AnomalyHoldsController],
  providers: [
    AnomalyHoldsService,
    AnomalyScanService,
    IdempotencyService,
    { provide: BEFORE_SETTLEMENT_BUILD, useExisting: AnomalyScanService },
  ],
  exports: [AnomalyHoldsService, AnomalyScanService, BEFORE_SETTLEMENT_BUILD],
})
export class AnomalyHoldsModule {}
