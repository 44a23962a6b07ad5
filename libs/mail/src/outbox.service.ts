import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Clock, CLOCK } from '@app/domain';
import type { MailContent } from './messages';

export interface OutboxMail extends MailContent {
  /** What it is about (invitation, password_reset…). */
  kind: string;
  to: string;
}

/** Puts e-mails in the outbox, in the caller's transaction: they leave only if the change commits. */
@Injectable()
export class OutboxService {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async enqueue(manager: EntityManager, mail: OutboxMail): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO outbox_messages (kind, recipient, subject, text_body, html_body, status, attempts, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6) RETURNING id`,
      [mail.kind, mail.to, mail.subject, mail.text, mail.html, this.clock.now()],
    );
    return row.id;
  }

  /** Many e-mails in one statement (a batch paid to thousands of places writes its notices with it). */
  async enqueueMany(manager: EntityManager, mails: OutboxMail[]): Promise<number> {
    if (mails.length === 0) return 0;
    const column = (pick: (mail: OutboxMail) => string) => mails.map(pick);
    const rows: unknown[] = await manager.query(
      `INSERT INTO outbox_messages (kind, recipient, subject, text_body, html_body, status, attempts, next_attempt_at)
       SELECT kind, recipient, subject, text_body, html_body, 'pending', 0, $6
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS m(kind, recipient, subject, text_body, html_body)
       RETURNING id`,
      [
        column((mail) => mail.kind),
        column((mail) => mail.to),
        column((mail) => mail.subject),
        column((mail) => mail.text),
        column((mail) => mail.html),
        this.clock.now(),
      ],
    );
    return rows.length;
  }

  /**
   * Deletes the messages sent or given up more than `retentionDays` ago (MAIL_OUTBOX_RETENTION_DAYS):
   * their bodies are already erased, what remains (recipient, subject) is kept only that long for support.
   */
  async purge(manager: EntityManager, retentionDays: number): Promise<number> {
    const before = new Date(this.clock.now().getTime() - retentionDays * 86_400_000);
    const [{ deleted }]: Array<{ deleted: number }> = await manager.query(
      `WITH gone AS (DELETE FROM outbox_messages WHERE status IN ('sent', 'failed') AND coalesce(sent_at, created_at) < $1 RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [before],
    );
    return deleted;
  }

  /** What waits or was given up, for monitoring (GET /metrics): sent messages are not counted. */
  async backlog(manager: EntityManager): Promise<OutboxBacklog> {
    const [row]: Array<{ pending: number; failed: number; oldest: Date | null }> = await manager.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'failed')::int AS failed,
              min(created_at) FILTER (WHERE status = 'pending') AS oldest
         FROM outbox_messages WHERE status <> 'sent'`,
    );
    const oldestPendingSeconds = row.oldest ? Math.max(0, (this.clock.now().getTime() - new Date(row.oldest).getTime()) / 1000) : 0;
    return { pending: row.pending, failed: row.failed, oldestPendingSeconds };
  }
}

export interface OutboxBacklog {
  pending: number;
  /** Given up after the last attempt, or refused for good by the server. */
  failed: number;
  /** Age of the oldest message still waiting (0 when none): a stuck worker shows as a growing age. */
  oldestPendingSeconds: number;
}
