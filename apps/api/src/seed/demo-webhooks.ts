/**
 * The demo's webhooks: the médiathèque's till software registered an endpoint for its redemptions
 * and payments. Its delivery log shows the last redemptions delivered at the first attempt, and one
 * that its software never acknowledged (the receiver was down all day), to send again with
 * « Renvoyer ». The receiver's address does not exist (.example), so events of the demo's own use
 * are tried and logged as failing, as they would be for a misconfigured receiver.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type UserActor, WEBHOOK_RETRY_WINDOW_MS } from '@app/domain';
import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEndpointEntity, WebhooksService } from '@app/webhooks';

export const DEMO_WEBHOOK_URL = 'https://logiciel-caisse.example/webhooks/pass-numerique';

export async function seedWebhooks(app: INestApplicationContext, placeAgent: UserActor): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if ((await dataSource.getRepository(WebhookEndpointEntity).count()) > 0) return;
  const { endpoint } = await app.get(WebhooksService).create(placeAgent, {
    url: DEMO_WEBHOOK_URL,
    description: 'Logiciel de caisse de la médiathèque',
    eventTypes: ['redemption.created', 'payment.sent'],
  });
  // Past deliveries are history, written as the sender would have recorded them.
  const recent: Array<{
    id: string;
    place_id: string;
    catalogue_entry_id: string;
    cheque_count: number;
    amount_cents: string;
    channel: string;
    occurred_at: Date;
    recorded_at: Date;
  }> = await dataSource.query(
    `SELECT r.id, r.place_id, r.catalogue_entry_id, r.cheque_count, r.amount_cents::text, r.channel, r.occurred_at, r.recorded_at
         FROM redemptions r WHERE r.organisation_id = $1 AND r.undone_at IS NULL ORDER BY r.recorded_at DESC LIMIT 4`,
    [placeAgent.organisationId],
  );
  for (const [index, redemption] of recent.entries()) {
    const failedAllDay = index === 1;
    const id = `msg_${redemption.id.replaceAll('-', '')}`;
    await dataSource.getRepository(WebhookDeliveryEntity).insert({
      id,
      endpointId: endpoint.id,
      organisationId: placeAgent.organisationId,
      eventType: 'redemption.created',
      payload: {
        type: 'redemption.created',
        timestamp: redemption.recorded_at.toISOString(),
        data: {
          redemptionId: redemption.id,
          placeId: redemption.place_id,
          serviceId: redemption.catalogue_entry_id,
          chequeCount: redemption.cheque_count,
          amountCents: Number(redemption.amount_cents),
          currency: 'EUR',
          channel: redemption.channel,
          occurredAt: redemption.occurred_at.toISOString(),
        },
      },
      status: failedAllDay ? 'failed' : 'delivered',
      attempts: failedAllDay ? 8 : 1,
      nextAttemptAt: redemption.recorded_at,
      createdAt: redemption.recorded_at,
      windowStartedAt: redemption.recorded_at,
      deliveredAt: failedAllDay ? null : new Date(redemption.recorded_at.getTime() + 400),
      lastStatusCode: failedAllDay ? 503 : 200,
      lastError: failedAllDay ? 'HTTP 503' : null,
    });
    const tries = failedAllDay ? [0, 5_000, 305_000, 2_105_000, 9_305_000, 27_305_000, 63_305_000, WEBHOOK_RETRY_WINDOW_MS] : [0];
    await dataSource.getRepository(WebhookAttemptEntity).insert(
      tries.map((offset) => ({
        deliveryId: id,
        attemptedAt: new Date(redemption.recorded_at.getTime() + offset),
        statusCode: failedAllDay ? 503 : 200,
        durationMs: failedAllDay ? 35 : 180,
        error: null,
      })),
    );
  }
}
