import { OutboxMessageEntity } from './outbox-message.entity';

export * from './mail.module';
export * from './mail-transport';
export * from './messages';
export * from './outbox.service';
export * from './outbox-worker';
export { OutboxMessageEntity };

export const MAIL_ENTITIES = [OutboxMessageEntity];
