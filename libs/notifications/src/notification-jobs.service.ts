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
import type { DataSource } from 'typeorm';
import { BOOKLET_IDLE_DAYS, type Clock, CLOCK, DEFAULT_OUTBOX_RETENTION_DAYS } from '@app/domain';
import { bookletsIdleMail, expiryAlertMail, type Notice, NotificationsService, OutboxService, renewalReminderMail } from '@app/mail';
import { startPeriodicJob } from '@app/metrics';
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
  private stop = (): void => undefined;

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
    this.stop = startPeriodicJob(
      'notifications',
      // The first run after the expiry job's (5 s): no alert for cheques it is about to expire.
      { minutes: this.config.get<number>('NOTIFICATIONS_JOB_INTERVAL_MINUTES') ?? 60, firstAfterMs: 20_000 },
      () => this.runDue(),
    );
  }

  onApplicationShutdown(): void {
    this.stop();
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

      const remindersSent = await this.notifications.notifyOnce(
        manager,
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
        now,
      );

      const alertsSent = await this.notifications.notifyOnce(
        manager,
        alerts.map((alert) => ({
          occasion: { subjectId: alert.programmeId, occasion: String(alert.level) },
          notice: {
            kind: 'expiry_alert' as const,
            organisationId: alert.funderOrganisationId,
            path: `/programmes/${alert.programmeId}`,
            content: (links) => expiryAlertMail({ ...alert, ...links }),
          } satisfies Notice,
        })),
        now,
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
}
