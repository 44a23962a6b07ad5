import { CoverageBalanceEntity } from './entities/coverage-balance.entity';
import { CoverageDayEntity } from './entities/coverage-day.entity';

export * from './funds-coverage.module';
export * from './funds-coverage.service';
export * from './funds-coverage-open-data.service';
export { CoverageBalanceEntity, CoverageDayEntity };

export const FUNDS_COVERAGE_ENTITIES = [CoverageBalanceEntity, CoverageDayEntity];
