import { Module } from '@nestjs/common';
import { DocumentsModule } from '@app/documents';
import { FundsCoverageModule } from '@app/funds-coverage';
import { PlacesModule } from '@app/places';
import { SettlementModule } from '@app/settlement';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { ExpiryAlertsService } from './expiry-alerts.service';
import { FunnelService } from './funnel.service';
import { FunnelOpenDataService } from './funnel-open-data.service';
import { MonthlyOpenData } from './monthly-open-data';
import { OpenDataPortalController } from './open-data-portal.controller';
import { ReportingRefreshService } from './reporting-refresh.service';
import { UsageOpenDataService } from './usage-open-data.service';

@Module({
  imports: [DocumentsModule, FundsCoverageModule, PlacesModule, SettlementModule],
  controllers: [DashboardController, OpenDataPortalController],
  providers: [
    ReportingRefreshService,
    MonthlyOpenData,
    DashboardService,
    ExpiryAlertsService,
    FunnelService,
    FunnelOpenDataService,
    UsageOpenDataService,
  ],
  exports: [ReportingRefreshService, DashboardService, ExpiryAlertsService, FunnelService, FunnelOpenDataService, UsageOpenDataService],
})
export class ReportingModule {}
