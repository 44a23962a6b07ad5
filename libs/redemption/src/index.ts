import { ChequeCodeFailureEntity } from './entities/code-failure.entity';
import { ChequeFeedbackEntity } from './entities/cheque-feedback.entity';
import { IdempotencyRecordEntity } from './entities/idempotency-record.entity';
import { RedemptionChequeEntity } from './entities/redemption-cheque.entity';
import { RedemptionEntity } from './entities/redemption.entity';

export * from './redemption.module';
export * from './redemption.service';
export * from './redemption-history.service';
export * from './offline.service';
export * from './feedback.service';
export { SPEND_CHEQUES_SQL, spendChequesParameters, type SpendChequesInput } from './spend-cheques.sql';
export { IdempotencyService, type Answer, type IdempotentRequest } from '@app/database';
export type { RedemptionView } from './redemption-view';
export { RedemptionEntity, RedemptionChequeEntity, IdempotencyRecordEntity, ChequeFeedbackEntity, ChequeCodeFailureEntity };

export const REDEMPTION_ENTITIES = [
  RedemptionEntity,
  RedemptionChequeEntity,
  IdempotencyRecordEntity,
  ChequeFeedbackEntity,
  ChequeCodeFailureEntity,
];
