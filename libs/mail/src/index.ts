import { NotificationOptOutEntity } from './notification-opt-out.entity';
import { NotificationSendEntity } from './notification-send.entity';
import { OutboxMessageEntity } from './outbox-message.entity';

export * from './mail.module';
export * from './mail-transport';
export * from './messages';
export * from './notifications.service';
export * from './outbox.service';
export * from './outbox-worker';
export { NotificationOptOutEntity, NotificationSendEntity, OutboxMessageEntity };

export const MAIL_ENTITIES = [OutboxMessageEntity, NotificationOptOutEntity, NotificationSendEntity];
