import { SettlementBatchEntity } from './entities/settlement-batch.entity';
import { SettlementCarryOverEntity } from './entities/settlement-carry-over.entity';
import { SettlementLineEntity } from './entities/settlement-line.entity';

export * from './settlement.module';
export * from './settlement.service';
export {
  PaymentDelaysService,
  type PaymentDelayScope,
  type DelayCount,
  type PaymentDelays,
  departementOfCount,
  byDepartementCode,
  UNKNOWN_DEPARTEMENT,
} from './payment-delays.service';
export { SettlementJobService, type SettlementJobRun } from './settlement-job.service';
export { SettlementFilesService, DEMO_DEBTOR } from './settlement-files.service';
export { sepaCreditTransferXml, type SepaCreditTransfer } from './sepa-file';
export type { BatchSummary, BatchView, LineView } from './settlement-views';
export { DelayDto } from './dto/place-payments.dto';
export { SettlementBatchEntity, SettlementLineEntity, SettlementCarryOverEntity };

export const SETTLEMENT_ENTITIES = [SettlementBatchEntity, SettlementLineEntity, SettlementCarryOverEntity];
