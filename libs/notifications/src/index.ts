export * from './notifications.module';
export * from './notification-jobs.service';
