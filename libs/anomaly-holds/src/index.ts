import { AnomalyScanEntity } from './entities/anomaly-scan.entity';
import { RedemptionHoldEntity } from './entities/redemption-hold.entity';

export * from './anomaly-holds.module';
export * from './anomaly-holds.service';
export * from './anomaly-scan.service';
export * from './domain/anomaly-rules';
export { AnomalyScanEntity, RedemptionHoldEntity };

export const ANOMALY_HOLD_ENTITIES = [RedemptionHoldEntity, AnomalyScanEntity];
