/**
 * Notifications to organisations (docs/notifications.md): each notice goes to the active people of
 * the organisation whose role receives its kind, less those who switched the kind off (never for an
 * essential kind), as outbox rows written in the caller's transaction. Periodic notices claim their
 * (kind, subject, occasion) first, so that each is sent once whatever the runs and processes.
 */
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { type NotificationKind, notificationRule } from '@app/domain';
import type { MailContent, NotificationLinks } from './messages';
import { type OutboxMail, OutboxService } from './outbox.service';

/** The web app's page where each person chooses their notifications. */
export const NOTIFICATION_PREFERENCES_PATH = '/mes-notifications';

export interface Notice {
  kind: NotificationKind;
  /** The organisation concerned: its people with a receiving role get the mail. */
  organisationId: string;
  /** The web app's page the mail links to ("/qualification/<id>"). */
  path: string;
  content: (links: NotificationLinks) => MailContent;
}

/** A periodic notice's identity: sent once per kind, subject and occasion (e.g. the threshold in days). */
export interface Occasion {
  subjectId: string;
  occasion: string;
}

interface Recipient {
  organisation_id: string;
  email: string;
}

@Injectable()
export class NotificationsService {
  private readonly publicUrl: string;

  constructor(
    private readonly outbox: OutboxService,
    config: ConfigService,
  ) {
    this.publicUrl = config.getOrThrow<string>('PUBLIC_URL');
  }

  /** Enqueues the notices in the caller's transaction; answers how many e-mails were written. */
  async notify(manager: EntityManager, notices: Notice[]): Promise<number> {
    if (notices.length === 0) return 0;
    const mails: OutboxMail[] = [];
    for (const kind of new Set(notices.map((notice) => notice.kind))) {
      const ofKind = notices.filter((notice) => notice.kind === kind);
      const rule = notificationRule(kind);
      const recipients = await this.recipients(manager, kind, [...new Set(ofKind.map((notice) => notice.organisationId))]);
      const links = (notice: Notice): NotificationLinks => ({
        url: this.link(notice.path),
        preferencesUrl: rule.essential ? undefined : this.link(NOTIFICATION_PREFERENCES_PATH),
      });
      for (const notice of ofKind) {
        const people = recipients.filter((recipient) => recipient.organisation_id === notice.organisationId);
        if (people.length === 0) continue;
        const content = notice.content(links(notice));
        for (const person of people) mails.push({ kind, to: person.email, ...content });
      }
    }
    return this.outbox.enqueueMany(manager, mails);
  }

  /**
   * Claims the occasions of a periodic kind not claimed before, in the caller's transaction (which
   * then enqueues their notices): the first transaction to insert a key wins, a concurrent one waits
   * for it and gets nothing for that key.
   */
  async claimOnce(manager: EntityManager, kind: NotificationKind, occasions: Occasion[], now: Date): Promise<Occasion[]> {
    if (occasions.length === 0) return [];
    const rows: Array<{ subject_id: string; occasion: string }> = await manager.query(
      `INSERT INTO notification_sends (kind, subject_id, occasion, sent_at)
       SELECT $1, subject_id, occasion, $4 FROM unnest($2::uuid[], $3::text[]) AS o(subject_id, occasion)
       ON CONFLICT DO NOTHING RETURNING subject_id, occasion`,
      [kind, occasions.map((item) => item.subjectId), occasions.map((item) => item.occasion), now],
    );
    return rows.map((row) => ({ subjectId: row.subject_id, occasion: row.occasion }));
  }

  /**
   * Enqueues the notices whose occasion this transaction claims first (claimOnce), in the caller's
   * transaction; answers how many notices were enqueued (each to every person concerned).
   */
  async notifyOnce(manager: EntityManager, items: Array<{ occasion: Occasion; notice: Notice }>, now: Date): Promise<number> {
    let enqueued = 0;
    for (const kind of new Set(items.map((item) => item.notice.kind))) {
      const ofKind = items.filter((item) => item.notice.kind === kind);
      const claimed = await this.claimOnce(
        manager,
        kind,
        ofKind.map((item) => item.occasion),
        now,
      );
      const won = new Set(claimed.map((claim) => `${claim.subjectId} ${claim.occasion}`));
      const notices = ofKind.filter((item) => won.has(`${item.occasion.subjectId} ${item.occasion.occasion}`)).map((item) => item.notice);
      await this.notify(manager, notices);
      enqueued += notices.length;
    }
    return enqueued;
  }

  /** An absolute link to a page of the web app. */
  link(path: string): string {
    return new URL(path, this.publicUrl).toString();
  }

  private async recipients(manager: EntityManager, kind: NotificationKind, organisationIds: string[]): Promise<Recipient[]> {
    const rule = notificationRule(kind);
    return manager.query(
      `SELECT u.organisation_id, u.email FROM users u
        WHERE u.organisation_id = ANY($1::uuid[]) AND u.role::text = ANY($2::text[]) AND u.disabled_at IS NULL
          AND ($3 OR NOT EXISTS (SELECT 1 FROM notification_opt_outs o WHERE o.user_id = u.id AND o.kind = $4))
        ORDER BY u.email`,
      [organisationIds, [...rule.roles], rule.essential, kind],
    );
  }
}
