import { ReportingFactEntity } from './entities/reporting-fact.entity';
import { ReportingFunnelFactEntity } from './entities/reporting-funnel-fact.entity';
import { ReportingPeopleFactEntity } from './entities/reporting-people-fact.entity';
import { ReportingRefreshEntity } from './entities/reporting-refresh.entity';

export * from './reporting.module';
export * from './reporting-refresh.service';
export * from './dashboard.service';
export * from './expiry-alerts.service';
export * from './usage-open-data.service';
export { type CachedDocument, cachedDocument, OPEN_LICENCE, PORTAL_CONTENT_TYPES } from './monthly-open-data';
export * from './report-table';
export * from './funnel.service';
export { ReportingFactEntity, ReportingFunnelFactEntity, ReportingPeopleFactEntity, ReportingRefreshEntity };

export const REPORTING_ENTITIES = [ReportingFactEntity, ReportingPeopleFactEntity, ReportingFunnelFactEntity, ReportingRefreshEntity];
