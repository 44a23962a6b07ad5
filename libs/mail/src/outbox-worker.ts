/**
 * Sends the outbox (docs/adr/0010-outbox-and-periodic-jobs.md). Each message is sent inside the
 * transaction that holds its row lock (SELECT … FOR UPDATE SKIP LOCKED) and that records the
 * outcome: another process skips it meanwhile, and a process that dies mid-send releases the lock
 * without recording anything, so the message is tried again. Failures wait longer each time.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Clock, CLOCK } from '@app/domain';
import { isPermanentFailure, MAIL_TRANSPORT, type MailTransport } from './mail-transport';

/** Attempts before a message is given up (about a day and a half with the delays below). */
export const OUTBOX_MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 6 * 3600_000;

/** How long to wait after the n-th failed attempt (n ≥ 1): 30 s, 1 min, 2 min… at most 6 h. */
export function outboxRetryDelayMs(failedAttempts: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

export type OutboxOutcome = 'sent' | 'retry_later' | 'given_up' | 'none_due';

export interface OutboxDrain {
  sent: number;
  retryLater: number;
  givenUp: number;
}

interface DueRow {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
}

@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.get<number>('MAIL_OUTBOX_POLL_SECONDS') ?? 5;
    if (seconds <= 0) return;
    this.timer = setInterval(() => this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // A send under way finishes and records its outcome before the pool closes.
    await this.running;
    this.transport.close();
  }

  /** One timer run at a time in this process (other processes are kept apart by the row locks). */
  private tick(): void {
    if (this.running) return;
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'outbox run failed'))
      .finally(() => (this.running = null));
  }

  /** Sends every due message, one after the other, until none is due (tests call it to deliver deterministically). */
  async drain(): Promise<OutboxDrain> {
    const drained: OutboxDrain = { sent: 0, retryLater: 0, givenUp: 0 };
    for (;;) {
      const outcome = await this.sendNext();
      if (outcome === 'none_due') return drained;
      if (outcome === 'sent') drained.sent += 1;
      else if (outcome === 'retry_later') drained.retryLater += 1;
      else drained.givenUp += 1;
    }
  }

  /** Sends the oldest due message that no other process holds. */
  async sendNext(): Promise<OutboxOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const [row]: DueRow[] = await manager.query(
        `SELECT id, kind, recipient, subject, text_body, html_body, attempts FROM outbox_messages
          WHERE status = 'pending' AND next_attempt_at <= $1
          ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      if (!row) return 'none_due';
      const attempts = row.attempts + 1;
      try {
        await this.transport.send({ id: row.id, to: row.recipient, subject: row.subject, text: row.text_body, html: row.html_body });
      } catch (error) {
        const reason = error instanceof Error ? error.message.slice(0, 500) : String(error);
        const giveUp = isPermanentFailure(error) || attempts >= OUTBOX_MAX_ATTEMPTS;
        if (giveUp) {
          await manager.query(
            `UPDATE outbox_messages SET status = 'failed', attempts = $2, last_error = $3, text_body = '', html_body = '' WHERE id = $1`,
            [row.id, attempts, reason],
          );
          this.logger.error({ messageId: row.id, kind: row.kind, attempts, reason }, 'mail given up');
          return 'given_up';
        }
        const nextAttemptAt = new Date(now.getTime() + outboxRetryDelayMs(attempts));
        await manager.query(`UPDATE outbox_messages SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [
          row.id,
          attempts,
          reason,
          nextAttemptAt,
        ]);
        this.logger.warn({ messageId: row.id, kind: row.kind, attempts, reason, nextAttemptAt }, 'mail not sent: will retry');
        return 'retry_later';
      }
      await manager.query(
        `UPDATE outbox_messages SET status = 'sent', attempts = $2, sent_at = $3, last_error = NULL, text_body = '', html_body = '' WHERE id = $1`,
        [row.id, attempts, this.clock.now()],
      );
      this.logger.log({ messageId: row.id, kind: row.kind, transport: this.transport.name }, 'mail sent');
      return 'sent';
    });
  }
}
