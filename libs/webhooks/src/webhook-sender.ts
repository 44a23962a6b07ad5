/**
 * Sends the webhook deliveries that are due, as the e-mail outbox does (docs/adr/0010): each is sent
 * inside the transaction holding its row lock (SELECT … FOR UPDATE SKIP LOCKED), which also records
 * the attempt, so another process skips it meanwhile and a process that dies mid-send leaves it to be
 * tried again. A few are sent at once, so one slow receiver does not hold back the others.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Clock, CLOCK, nextWebhookAttemptAt, systemActor, webhookAnswerMeaning } from '@app/domain';
import { sendWebhookRequest, type WebhookAnswer } from './webhook-request';
import { WebhookSecretBox } from './webhook-secrets';

export type WebhookOutcome = 'delivered' | 'retry_later' | 'given_up' | 'endpoint_gone' | 'none_due';

export interface WebhookDrain {
  delivered: number;
  retryLater: number;
  givenUp: number;
}

/** Deliveries in flight at once per process. */
const PARALLEL_SENDS = 4;

interface DueRow {
  id: string;
  endpoint_id: string;
  event_type: string;
  payload: unknown;
  attempts: number;
  window_started_at: Date;
  url: string;
  secret_ciphertext: Buffer;
  disabled_at: Date | null;
}

@Injectable()
export class WebhookSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly timeoutMs: number;
  private readonly allowPrivateNetworks: boolean;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: WebhookSecretBox,
    private readonly audit: AuditService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.timeoutMs = (config.get<number>('WEBHOOKS_TIMEOUT_SECONDS') ?? 10) * 1000;
    this.allowPrivateNetworks = config.get<boolean>('WEBHOOKS_ALLOW_PRIVATE_NETWORKS') ?? false;
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.get<number>('WEBHOOKS_POLL_SECONDS') ?? 5;
    if (seconds <= 0) return;
    this.timer = setInterval(() => this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'webhook run failed'))
      .finally(() => (this.running = null));
  }

  /** Sends every due delivery until none is due (tests call it to deliver deterministically). */
  async drain(): Promise<WebhookDrain> {
    const drained: WebhookDrain = { delivered: 0, retryLater: 0, givenUp: 0 };
    const lane = async (): Promise<void> => {
      for (;;) {
        const outcome = await this.sendNext();
        if (outcome === 'none_due') return;
        if (outcome === 'delivered') drained.delivered += 1;
        else if (outcome === 'retry_later') drained.retryLater += 1;
        else drained.givenUp += 1;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_SENDS }, lane));
    return drained;
  }

  /** Sends the oldest due delivery that no other sender holds, and records what came of it. */
  async sendNext(): Promise<WebhookOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const [row]: DueRow[] = await manager.query(
        `SELECT d.id, d.endpoint_id, d.event_type, d.payload, d.attempts, d.window_started_at, e.url, e.secret_ciphertext, e.disabled_at
           FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED`,
        [now],
      );
      if (!row) return 'none_due';
      if (row.disabled_at) {
        await manager.query(`UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint switched off' WHERE id = $1`, [
          row.id,
        ]);
        return 'given_up';
      }
      const answer = await this.send(row, now);
      const attempts = row.attempts + 1;
      await manager.query(
        'INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, error) VALUES ($1, $2, $3, $4, $5)',
        [row.id, now, answer.statusCode, answer.durationMs, answer.error],
      );
      const meaning = answer.statusCode === null ? 'retry' : webhookAnswerMeaning(answer.statusCode);
      const error = answer.error ?? (meaning === 'delivered' ? null : `HTTP ${answer.statusCode}`);
      if (meaning === 'delivered') {
        await manager.query(
          `UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, delivered_at = $3, last_status_code = $4, last_error = NULL WHERE id = $1`,
          [row.id, attempts, this.clock.now(), answer.statusCode],
        );
        return 'delivered';
      }
      if (meaning === 'endpoint_gone') {
        // 410 Gone: the receiver asks not to be called again (Standard Webhooks). The endpoint is switched off.
        await manager.query(
          `UPDATE webhook_deliveries SET status = 'failed', attempts = $2, last_status_code = 410, last_error = $3 WHERE id = $1`,
          [row.id, attempts, 'the receiver answered 410 Gone: endpoint switched off'],
        );
        await manager.query(
          `UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = 'gone' WHERE id = $1 AND disabled_at IS NULL`,
          [row.endpoint_id, now],
        );
        await manager.query(
          `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint switched off' WHERE endpoint_id = $1 AND status = 'pending'`,
          [row.endpoint_id],
        );
        await this.audit.record(manager, systemActor('webhooks'), {
          action: 'webhook_endpoint.gone',
          objectType: 'webhook_endpoint',
          objectId: row.endpoint_id,
          changes: { deliveryId: row.id },
        });
        this.logger.warn({ endpointId: row.endpoint_id, deliveryId: row.id }, 'webhook endpoint answered 410: switched off');
        return 'endpoint_gone';
      }
      const next = nextWebhookAttemptAt(row.window_started_at, attempts, now);
      if (!next) {
        await manager.query(
          `UPDATE webhook_deliveries SET status = 'failed', attempts = $2, last_status_code = $3, last_error = $4 WHERE id = $1`,
          [row.id, attempts, answer.statusCode, error],
        );
        this.logger.error({ deliveryId: row.id, eventType: row.event_type, attempts, error }, 'webhook given up after 24 hours');
        return 'given_up';
      }
      await manager.query(
        'UPDATE webhook_deliveries SET attempts = $2, last_status_code = $3, last_error = $4, next_attempt_at = $5 WHERE id = $1',
        [row.id, attempts, answer.statusCode, error, next],
      );
      this.logger.warn(
        { deliveryId: row.id, eventType: row.event_type, attempts, error, nextAttemptAt: next },
        'webhook not delivered: will retry',
      );
      return 'retry_later';
    });
  }

  private send(row: DueRow, now: Date): Promise<WebhookAnswer> {
    return sendWebhookRequest(
      {
        url: row.url,
        secret: this.secrets.open(row.secret_ciphertext, row.endpoint_id),
        messageId: row.id,
        sentAt: now,
        body: JSON.stringify(row.payload),
      },
      { timeoutMs: this.timeoutMs, allowPrivateNetworks: this.allowPrivateNetworks },
    );
  }
}
