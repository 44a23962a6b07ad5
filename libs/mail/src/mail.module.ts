import { resolve } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createMailTransport, MAIL_TRANSPORT, type MailTransportKind } from './mail-transport';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsService } from './notifications.service';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox-worker';

/**
 * The outbox and its worker, the transport chosen by the configuration (SMTP_URL, MAIL_TRANSPORT),
 * and the notifications to organisations with each person's preferences.
 */
@Global()
@Module({
  controllers: [NotificationPreferencesController],
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const publicUrl = new URL(config.getOrThrow<string>('PUBLIC_URL'));
        const smtpUrl = config.get<string>('SMTP_URL');
        const kind: MailTransportKind = config.get<MailTransportKind>('MAIL_TRANSPORT') ?? (smtpUrl ? 'smtp' : 'file');
        return createMailTransport({
          kind,
          smtpUrl,
          from: config.get<string>('MAIL_FROM') ?? `Pass numérique <ne-pas-repondre@${publicUrl.hostname}>`,
          messageIdHost: publicUrl.hostname,
          mailDir: resolve(config.getOrThrow<string>('DATA_DIR'), 'mail'),
        });
      },
    },
    OutboxService,
    OutboxWorker,
    NotificationsService,
    NotificationPreferencesService,
  ],
  exports: [OutboxService, OutboxWorker, MAIL_TRANSPORT, NotificationsService],
})
export class MailModule {}
