import { WebhookAttemptEntity } from './entities/webhook-attempt.entity';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';

export * from './webhooks.module';
export * from './webhooks.service';
export * from './webhook-sender';
export { isPublicAddress, signedHeaders } from './webhook-request';
export { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEndpointEntity };

export const WEBHOOKS_ENTITIES = [WebhookEndpointEntity, WebhookDeliveryEntity, WebhookAttemptEntity];
