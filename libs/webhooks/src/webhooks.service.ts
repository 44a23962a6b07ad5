/**
 * Webhook endpoints of a place's organisation, and the one way other features report an event:
 * `enqueue`, in the transaction of the change (docs/webhooks.md). Sending is the sender's job.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '@app/audit';
import { preparedRows, queryRows } from '@app/database';
import {
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  DomainError,
  MAX_WEBHOOK_ENDPOINTS_PER_ORGANISATION,
  type CursorPage,
  decodeCursor,
  keysetSlice,
  type PageRequest,
  pageOffset,
  toPage,
  WEBHOOK_TEST_EVENT,
  type WebhookEventType,
  webhookUrlProblems,
} from '@app/domain';
import { WebhookAttemptEntity } from './entities/webhook-attempt.entity';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';
import { newWebhookSecret, WebhookSecretBox } from './webhook-secrets';
import { isPublicAddress } from './webhook-request';

export interface WebhookEvent {
  organisationId: string;
  type: WebhookEventType;
  /** What happened; ids and figures only, never a person's data. */
  data: Record<string, unknown>;
  at: Date;
}

export interface NewWebhookEndpoint {
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
}

export interface DeliveryWithAttempts {
  delivery: WebhookDeliveryEntity;
  attempts: WebhookAttemptEntity[];
}

const ATTEMPTS_SHOWN = 20;

/** Message ids as Svix and Standard Webhooks examples write them: `msg_` and 32 hex digits. */
const NEW_MESSAGE_ID_SQL = `'msg_' || replace(gen_random_uuid()::text, '-', '')`;

/**
 * One row per subscribed, active endpoint of the organisation; none (and almost no cost: one index
 * look-up) when it has no endpoint, which is the common case on the redemption path.
 */
const ENQUEUE_SQL = `
  INSERT INTO webhook_deliveries (id, endpoint_id, organisation_id, event_type, payload, status, attempts, next_attempt_at, created_at, window_started_at)
  SELECT ${NEW_MESSAGE_ID_SQL}, e.id, e.organisation_id, $2, $3::jsonb, 'pending', 0, $4, $4, $4
    FROM webhook_endpoints e
   WHERE e.organisation_id = $1 AND e.disabled_at IS NULL AND $2 = ANY (e.event_types)`;

@Injectable()
export class WebhooksService {
  private readonly allowPrivateNetworks: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: WebhookSecretBox,
    config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.allowPrivateNetworks = config.get<boolean>('WEBHOOKS_ALLOW_PRIVATE_NETWORKS') ?? false;
  }

  /**
   * Writes the event for every endpoint of the organisation subscribed to it, with the caller's
   * manager so that it commits or rolls back with the change. Not async: built and sent within the
   * call, so that it can travel in a pipelined transaction (see CommitBehind in @app/database).
   */
  enqueue(manager: EntityManager, event: WebhookEvent): Promise<unknown> {
    const payload = { type: event.type, timestamp: event.at.toISOString(), data: event.data };
    return preparedRows(manager, 'webhook_enqueue', ENQUEUE_SQL, [event.organisationId, event.type, JSON.stringify(payload), event.at]);
  }

  async create(actor: AuthenticatedActor, input: NewWebhookEndpoint): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    const problems = webhookUrlProblems(input.url, this.allowPrivateNetworks);
    const host = URL.canParse(input.url) ? new URL(input.url).hostname.replace(/^\[|\]$/g, '') : '';
    // Names are checked again at each delivery, after resolution; an address or localhost can be refused now.
    if (
      problems.length === 0 &&
      !this.allowPrivateNetworks &&
      (host === 'localhost' || (/^[\d.:a-f]+$/i.test(host) && !isPublicAddress(host)))
    ) {
      problems.push('must point to a public address');
    }
    if (problems.length > 0) throw DomainError.validation([{ field: 'url', problems }]);
    const secret = newWebhookSecret();
    return this.dataSource.transaction(async (manager) => {
      // Serialises creations of one organisation, so that the cap holds under concurrent requests.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`webhook_endpoints:${actor.organisationId}`]);
      const [{ count }] = await queryRows<{ count: number }>(
        manager,
        'SELECT count(*)::int AS count FROM webhook_endpoints WHERE organisation_id = $1 AND disabled_at IS NULL',
        [actor.organisationId],
      );
      if (count >= MAX_WEBHOOK_ENDPOINTS_PER_ORGANISATION) {
        throw new DomainError(
          'conflict',
          `An organisation may have at most ${MAX_WEBHOOK_ENDPOINTS_PER_ORGANISATION} active webhook endpoints`,
        );
      }
      const id = randomUUID();
      const endpoint = manager.create(WebhookEndpointEntity, {
        id,
        organisationId: actor.organisationId,
        url: input.url,
        description: input.description,
        eventTypes: [...new Set(input.eventTypes)],
        secretPrefix: secret.slice(0, 12),
        createdByUserId: actor.kind === 'user' ? actor.userId : null,
        createdByApiTokenId: actor.kind === 'api_token' ? actor.tokenId : null,
        disabledAt: null,
        disabledReason: null,
      });
      // The id is sealed with the secret (associated data), so it is chosen here rather than by PostgreSQL.
      endpoint.secretCiphertext = this.secrets.seal(secret, id);
      await manager.getRepository(WebhookEndpointEntity).insert(endpoint);
      await this.audit.record(manager, actor, {
        action: 'webhook_endpoint.created',
        objectType: 'webhook_endpoint',
        objectId: endpoint.id,
        changes: { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes },
      });
      return { endpoint: await manager.getRepository(WebhookEndpointEntity).findOneByOrFail({ id: endpoint.id }), secret };
    });
  }

  /** Active endpoints first, then switched-off ones (they explain past deliveries). */
  list(actor: AuthenticatedActor): Promise<WebhookEndpointEntity[]> {
    return this.dataSource
      .getRepository(WebhookEndpointEntity)
      .createQueryBuilder('endpoint')
      .where('endpoint.organisation_id = :organisationId', { organisationId: actor.organisationId })
      .orderBy('endpoint.disabled_at IS NULL', 'DESC')
      .addOrderBy('endpoint.created_at', 'DESC')
      .getMany();
  }

  /** Switches the endpoint off for good; what was still waiting for it is given up. Twice changes nothing. */
  async remove(actor: AuthenticatedActor, id: string): Promise<WebhookEndpointEntity> {
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.owned(manager, actor, id, true);
      if (!endpoint.disabledAt) {
        const now = this.clock.now();
        await manager.update(WebhookEndpointEntity, { id }, { disabledAt: now, disabledReason: 'removed' });
        await manager.query(
          `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint removed' WHERE endpoint_id = $1 AND status = 'pending'`,
          [id],
        );
        await this.audit.record(manager, actor, { action: 'webhook_endpoint.removed', objectType: 'webhook_endpoint', objectId: id });
      }
      return manager.getRepository(WebhookEndpointEntity).findOneByOrFail({ id });
    });
  }

  /** A `webhook.test` event for this endpoint only, sent like any other (so it shows in the log). */
  async sendTest(actor: AuthenticatedActor, id: string): Promise<DeliveryWithAttempts> {
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.owned(manager, actor, id, true);
      if (endpoint.disabledAt) throw new DomainError('invalid_transition', 'This webhook endpoint is switched off');
      const now = this.clock.now();
      const payload = {
        type: WEBHOOK_TEST_EVENT,
        timestamp: now.toISOString(),
        data: { endpointId: id, message: 'Test du webhook Pass numérique' },
      };
      const [{ id: deliveryId }] = await queryRows<{ id: string }>(
        manager,
        `INSERT INTO webhook_deliveries (id, endpoint_id, organisation_id, event_type, payload, status, attempts, next_attempt_at, created_at, window_started_at)
         VALUES (${NEW_MESSAGE_ID_SQL}, $1, $2, $3, $4::jsonb, 'pending', 0, $5, $5, $5) RETURNING id`,
        [id, endpoint.organisationId, WEBHOOK_TEST_EVENT, JSON.stringify(payload), now],
      );
      await this.audit.record(manager, actor, {
        action: 'webhook_endpoint.tested',
        objectType: 'webhook_endpoint',
        objectId: id,
        changes: { deliveryId },
      });
      return { delivery: await manager.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id: deliveryId }), attempts: [] };
    });
  }

  /** The endpoint's deliveries, latest first, each with its latest attempts. */
  async deliveries(actor: AuthenticatedActor, id: string, request: PageRequest): Promise<CursorPage<DeliveryWithAttempts>> {
    await this.owned(this.dataSource.manager, actor, id, false);
    const query = this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('delivery')
      .where('delivery.endpoint_id = :id', { id });
    const total = await query.getCount();
    if (request.cursor) {
      const [at, lastId] = decodeCursor(request.cursor, ['instant', 'text']);
      query.andWhere('(delivery.created_at, delivery.id) < (CAST(:at AS timestamptz), :lastId)', { at, lastId });
    }
    // created_at as PostgreSQL writes it (to the microsecond) is the cursor's sort key.
    const { entities, raw } = await query
      .addSelect('delivery.created_at::text', 'position')
      .orderBy('delivery.created_at', 'DESC')
      .addOrderBy('delivery.id', 'DESC')
      .offset(pageOffset(request))
      .limit(request.pageSize + 1)
      .getRawAndEntities<{ position: string }>();
    const positions = new Map(entities.map((delivery, index) => [delivery.id, raw[index].position]));
    const { items: deliveries, nextCursor } = keysetSlice(entities, request.pageSize, (delivery) => [
      positions.get(delivery.id) as string,
      delivery.id,
    ]);
    const attempts = deliveries.length
      ? await this.dataSource.getRepository(WebhookAttemptEntity).find({
          where: { deliveryId: In(deliveries.map((delivery) => delivery.id)) },
          order: { attemptedAt: 'DESC' },
        })
      : [];
    const items = deliveries.map((delivery) => ({
      delivery,
      attempts: attempts.filter((attempt) => attempt.deliveryId === delivery.id).slice(0, ATTEMPTS_SHOWN),
    }));
    return toPage(items, total, request, nextCursor);
  }

  /**
   * « Renvoyer »: the same message (same id, so a receiver that got it already can tell) is due
   * again at once, with a fresh 24-hour retry window. Resending a delivery already due changes nothing.
   */
  async resend(actor: AuthenticatedActor, deliveryId: string): Promise<DeliveryWithAttempts> {
    return this.dataSource.transaction(async (manager) => {
      const delivery = await manager.getRepository(WebhookDeliveryEntity).findOne({
        where: { id: deliveryId, organisationId: actor.organisationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!delivery) throw DomainError.notFound('webhook delivery');
      const endpoint = await this.owned(manager, actor, delivery.endpointId, false);
      if (endpoint.disabledAt) throw new DomainError('invalid_transition', 'This webhook endpoint is switched off');
      const now = this.clock.now();
      if (!(delivery.status === 'pending' && delivery.nextAttemptAt <= now)) {
        await manager.update(
          WebhookDeliveryEntity,
          { id: deliveryId },
          { status: 'pending', nextAttemptAt: now, windowStartedAt: now, attempts: 0, deliveredAt: null },
        );
        await this.audit.record(manager, actor, {
          action: 'webhook_delivery.resent',
          objectType: 'webhook_delivery',
          objectId: deliveryId,
          changes: { endpointId: endpoint.id, previousStatus: delivery.status },
        });
      }
      const attempts = await manager
        .getRepository(WebhookAttemptEntity)
        .find({ where: { deliveryId }, order: { attemptedAt: 'DESC' }, take: ATTEMPTS_SHOWN });
      return { delivery: await manager.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id: deliveryId }), attempts };
    });
  }

  /** The organisation's endpoint, or 404 as if it did not exist (another organisation's included). */
  private async owned(manager: EntityManager, actor: AuthenticatedActor, id: string, lock: boolean): Promise<WebhookEndpointEntity> {
    const endpoint = await manager.getRepository(WebhookEndpointEntity).findOne({
      where: { id, organisationId: actor.organisationId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!endpoint) throw DomainError.notFound('webhook endpoint');
    return endpoint;
  }
}
