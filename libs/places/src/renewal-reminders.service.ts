/**
 * Renewal reminders of qualified places: qualifications ending within the first reminder (90 days
 * by default: its place may ask for renewal) and those that expired without being renewed, each
 * with the renewal in progress if any. The operator sees every place, a place organisation its own.
 * Derived from the places' dates at each request: the in-app banners read it, and the notification
 * job e-mails each reminder once (libs/notifications).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  type ApplicationStatus,
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  qualificationToday,
  type RenewalReminder,
  type RenewalReminders,
  renewalStatus,
  renewalWindowDays,
} from '@app/domain';
import { PlacesService } from './places.service';
import { QualificationService } from './qualification.service';

interface Row {
  id: string;
  organisation_id: string | null;
  nom: string;
  commune: string;
  qualified_until: string;
  suspended: boolean;
  application_id: string | null;
  application_status: ApplicationStatus | null;
  submitted_at: Date | null;
}

/** A reminder and the organisation that manages its place (none for a place no organisation manages). */
export interface ManagedReminder {
  organisationId: string | null;
  reminder: RenewalReminder<Date>;
}

@Injectable()
export class RenewalRemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly qualification: QualificationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Every place for the operator, its own for a place organisation; one place (of its own) with `placeId`. */
  async list(actor: AuthenticatedActor, placeId?: string): Promise<RenewalReminders<Date>> {
    if (placeId) await this.places.getManaged(actor, placeId);
    const organisationId = actor.organisationKind === 'operator' ? null : actor.organisationId;
    const { today, reminderDays, managed } = await this.reminders(organisationId, placeId ?? null);
    const reminders = managed.map((item) => item.reminder);
    return {
      today,
      reminderDays,
      expiring: reminders.filter((reminder) => reminder.daysLeft >= 0),
      expired: reminders.filter((reminder) => reminder.daysLeft < 0).reverse(),
    };
  }

  /** Every reminder in force today, with the organisation managing its place (the notification job e-mails it). */
  async inForce(): Promise<ManagedReminder[]> {
    const { managed } = await this.reminders(null, null);
    return managed.filter((item) => item.reminder.reminder !== null);
  }

  private async reminders(
    organisationId: string | null,
    placeId: string | null,
  ): Promise<{ today: string; reminderDays: readonly number[]; managed: ManagedReminder[] }> {
    const today = qualificationToday(this.clock.now());
    const reminderDays = this.qualification.reminderDays();
    const rows: Row[] = await this.dataSource.query(
      `SELECT p.id, p.organisation_id, p.nom, p.commune, to_char(p.qualified_until, 'YYYY-MM-DD') AS qualified_until,
              p.suspended_at IS NOT NULL AS suspended, a.id AS application_id, a.status AS application_status, a.submitted_at
         FROM places p
         LEFT JOIN qualification_applications a ON a.place_id = p.id AND a.status IN ('draft', 'submitted', 'changes_requested')
        WHERE p.qualified_until <= $1::date + $2::int
          AND ($3::uuid IS NULL OR p.organisation_id = $3) AND ($4::uuid IS NULL OR p.id = $4)
        ORDER BY p.qualified_until, p.nom, p.id`,
      [today, renewalWindowDays(reminderDays), organisationId, placeId],
    );
    const managed = rows.map((row): ManagedReminder => {
      const status = renewalStatus(row.qualified_until, today, reminderDays);
      const reminder: RenewalReminder<Date> = {
        placeId: row.id,
        placeName: row.nom,
        commune: row.commune,
        qualifiedUntil: row.qualified_until,
        daysLeft: status.daysLeft as number,
        reminder: status.reminder,
        suspended: row.suspended,
        renewal: row.application_id
          ? { applicationId: row.application_id, status: row.application_status as ApplicationStatus, submittedAt: row.submitted_at }
          : null,
      };
      return { organisationId: row.organisation_id, reminder };
    });
    return { today, reminderDays, managed };
  }
}
