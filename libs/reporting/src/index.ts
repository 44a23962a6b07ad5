import { ReportingFactEntity } from './entities/reporting-fact.entity';
import { ReportingHandOutFactEntity } from './entities/reporting-hand-out-fact.entity';
import { ReportingRefreshEntity } from './entities/reporting-refresh.entity';

export * from './reporting.module';
export * from './reporting-refresh.service';
export * from './dashboard.service';
export * from './expiry-alerts.service';
export * from './usage-open-data.service';
export * from './report-table';
export { ReportingFactEntity, ReportingHandOutFactEntity, ReportingRefreshEntity };

export const REPORTING_ENTITIES = [ReportingFactEntity, ReportingHandOutFactEntity, ReportingRefreshEntity];
