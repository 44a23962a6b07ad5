import { Module } from '@nestjs/common';
import { PlacesModule } from '@app/places';
import { ReportingModule } from '@app/reporting';
import { VouchersModule } from '@app/vouchers';
import { NotificationJobsService } from './notification-jobs.service';

/**
 * The periodic notifications, which read what places, reporting and vouchers know. The notices sent
 * with a change (decisions, payments…) are written by those libs through @app/mail's NotificationsService.
 */
@Module({
  imports: [PlacesModule, ReportingModule, VouchersModule],
  providers: [NotificationJobsService],
  exports: [NotificationJobsService],
})
export class NotificationsModule {}
