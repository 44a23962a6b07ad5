/**
 * The periodic notifications (docs/notifications.md): renewal reminders to places, expiry alerts to
 * funders, idle booklets to distributors; and the purge of old outbox rows. Every
 * NOTIFICATIONS_JOB_INTERVAL_MINUTES, in one transaction holding a PostgreSQL advisory lock (one
 * run at a time over every API process). Each notice claims its (kind, subject, occasion) in
 * notification_sends in the transaction that enqueues it: sent once, even across restarts, and
 * even if two runs overlapped.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { BOOKLET_IDLE_DAYS, type Clock, CLOCK, DEFAULT_OUTBOX_RETENTION_DAYS } from '@app/domain';
import {
  bookletsIdleMail,
  expiryAlertMail,
  type Notice,
  NotificationsService,
  type Occasion,
  OutboxService,
  renewalReminderMail,
} from '@app/mail';
import { jobFailed, jobSucceeded } from '@app/metrics';
import { RenewalRemindersService } from '@app/places';
import { ExpiryAlertsService } from '@app/reporting';
import { DistributionService } from '@app/vouchers';

const NOTIFICATIONS_LOCK = 'pass-numerique:notifications';

export interface NotificationRun {
  /** False when another process was running it at the same moment. */
  ran: boolean;
  renewalReminders: number;
  expiryAlerts: number;
  idleBooklets: number;
  /** Outbox rows deleted (sent or given up before the retention period). */
  purged: number;
}

@Injectable()
export class NotificationJobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
    private readonly renewals: RenewalRemindersService,
    private readonly expiryAlerts: ExpiryAlertsService,
    private readonly distribution: DistributionService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.get<number>('NOTIFICATIONS_JOB_INTERVAL_MINUTES') ?? 60;
    if (minutes <= 0) return;
    const run = (): void => void this.runScheduled();
    this.timer = setInterval(run, minutes * 60_000);
    this.timer.unref();
    // After the expiry job's first run (5 s): alerts are not sent for cheques it is about to expire.
    setTimeout(run, 20_000).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One run of the timer: logged when it fails; its success time goes to /metrics. */
  async runScheduled(): Promise<void> {
    try {
      const done = await this.runDue();
      if (done.ran) jobSucceeded('notifications');
    } catch (error) {
      jobFailed('notifications');
      this.logger.error({ err: error }, 'notification run failed');
    }
  }

  /** Sends what is due and not sent before, and purges the old outbox rows. */
  async runDue(): Promise<NotificationRun> {
    const now = this.clock.now();
    // Read before the transaction (they read live tables); what is sent is decided by the claims below.
    const reminders = await this.renewals.inForce();
    const alerts = await this.expiryAlerts.allFunders();
    const idle = await this.distribution.idleBooklets(BOOKLET_IDLE_DAYS);
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }]: Array<{ locked: boolean }> = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        NOTIFICATIONS_LOCK,
      ]);
      if (!locked) return { ran: false, renewalReminders: 0, expiryAlerts: 0, idleBooklets: 0, purged: 0 };

      const remindersSent = await this.sendOnce(
        manager,
        now,
        reminders.flatMap(({ organisationId, reminder }) =>
          organisationId === null
            ? []
            : [
                {
                  // A new qualification period has a new end: its reminders are new occasions.
                  occasion: { subjectId: reminder.placeId, occasion: `${reminder.qualifiedUntil}:${reminder.reminder}` },
                  notice: {
                    kind: 'renewal_reminder' as const,
                    organisationId,
                    path: `/lieux-geres/${reminder.placeId}`,
                    content: (links) =>
                      renewalReminderMail({
                        placeName: reminder.placeName,
                        qualifiedUntil: reminder.qualifiedUntil,
                        daysLeft: reminder.daysLeft,
                        ...links,
                      }),
                  } satisfies Notice,
                },
              ],
        ),
      );

      const alertsSent = await this.sendOnce(
        manager,
        now,
        alerts.map((alert) => ({
          occasion: { subjectId: alert.programmeId, occasion: String(alert.level) },
          notice: {
            kind: 'expiry_alert' as const,
            organisationId: alert.funderOrganisationId,
            path: `/programmes/${alert.programmeId}`,
            content: (links) => expiryAlertMail({ ...alert, ...links }),
          } satisfies Notice,
        })),
      );

      // Claimed one by one, told in one digest per distributor: the booklets that became idle since the last run.
      const claimedBooklets = await this.notifications.claimOnce(
        manager,
        'booklets_idle',
        idle.map((booklet) => ({ subjectId: booklet.bookletId, occasion: String(BOOKLET_IDLE_DAYS) })),
        now,
      );
      const newlyIdle = idle.filter((booklet) => claimedBooklets.some((claim) => claim.subjectId === booklet.bookletId));
      const distributors = [...new Set(newlyIdle.map((booklet) => booklet.distributorOrganisationId))];
      await this.notifications.notify(
        manager,
        distributors.map((organisationId) => ({
          kind: 'booklets_idle' as const,
          organisationId,
          path: '/carnets',
          content: (links) =>
            bookletsIdleMail({
              idleDays: BOOKLET_IDLE_DAYS,
              booklets: newlyIdle.filter((booklet) => booklet.distributorOrganisationId === organisationId),
              ...links,
            }),
        })),
      );

      const retentionDays = this.config.get<number>('MAIL_OUTBOX_RETENTION_DAYS') ?? DEFAULT_OUTBOX_RETENTION_DAYS;
      const purged = await this.outbox.purge(manager, retentionDays);

      const run = { ran: true, renewalReminders: remindersSent, expiryAlerts: alertsSent, idleBooklets: newlyIdle.length, purged };
      if (remindersSent || alertsSent || newlyIdle.length || purged) this.logger.log(run, 'notification run');
      return run;
    });
  }

  /** Enqueues the notices whose occasion this transaction claims first; answers how many were claimed. */
  private async sendOnce(manager: EntityManager, now: Date, items: Array<{ occasion: Occasion; notice: Notice }>): Promise<number> {
    const byKind = new Map<Notice['kind'], Array<{ occasion: Occasion; notice: Notice }>>();
    for (const item of items) byKind.set(item.notice.kind, [...(byKind.get(item.notice.kind) ?? []), item]);
    let sent = 0;
    for (const [kind, ofKind] of byKind) {
      const claimed = await this.notifications.claimOnce(
        manager,
        kind,
        ofKind.map((item) => item.occasion),
        now,
      );
      const won = new Set(claimed.map((claim) => `${claim.subjectId} ${claim.occasion}`));
      const notices = ofKind.filter((item) => won.has(`${item.occasion.subjectId} ${item.occasion.occasion}`)).map((item) => item.notice);
      await this.notifications.notify(manager, notices);
      sent += notices.length;
    }
    return sent;
  }
}
