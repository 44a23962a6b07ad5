import { Global, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditModule } from '@app/audit';
import { chequeCodeKey } from '@app/database';
import { WebhookSender } from './webhook-sender';
import { WebhookSecretBox } from './webhook-secrets';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Endpoints, the outbox of deliveries and its sender; global so that any feature can report an event. */
@Global()
@Module({
  imports: [AuditModule],
  controllers: [WebhooksController],
  providers: [
    {
      provide: WebhookSecretBox,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new WebhookSecretBox(
          chequeCodeKey(config.get<string>('CHEQUE_CODE_KEY'), {
            dataDir: config.getOrThrow<string>('DATA_DIR'),
            nodeEnv: config.get<string>('NODE_ENV'),
            onGenerated: (path) =>
              new Logger('Webhooks').warn(`generated ${path} (demo/development only; configure the keys in production)`),
          }),
        ),
    },
    WebhooksService,
    WebhookSender,
  ],
  exports: [WebhooksService, WebhookSender],
})
export class WebhooksModule {}
