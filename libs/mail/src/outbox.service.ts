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
}
