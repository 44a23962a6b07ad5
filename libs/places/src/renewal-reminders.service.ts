/**
 * Renewal reminders of qualified places: qualifications ending within the first reminder (90 days
 * by default: its place may ask for renewal) and those that expired without being renewed, each
 * with the renewal in progress if any. The operator sees every place, a place organisation its own.
 * Derived from the places' dates at each request (no e-mail, no job): the in-app banners read it.
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
  nom: string;
  commune: string;
  qualified_until: string;
  suspended: boolean;
  application_id: string | null;
  application_status: ApplicationStatus | null;
  submitted_at: Date | null;
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
    const today = qualificationToday(this.clock.now());
    const reminderDays = this.qualification.reminderDays();
    const organisationId = actor.organisationKind === 'operator' ? null : actor.organisationId;
    const rows: Row[] = await this.dataSource.query(
      `SELECT p.id, p.nom, p.commune, to_char(p.qualified_until, 'YYYY-MM-DD') AS qualified_until,
              p.suspended_at IS NOT NULL AS suspended, a.id AS application_id, a.status AS application_status, a.submitted_at
         FROM places p
         LEFT JOIN qualification_applications a ON a.place_id = p.id AND a.status IN ('draft', 'submitted', 'changes_requested')
        WHERE p.qualified_until <= $1::date + $2::int
          AND ($3::uuid IS NULL OR p.organisation_id = $3) AND ($4::uuid IS NULL OR p.id = $4)
        ORDER BY p.qualified_until, p.nom, p.id`,
      [today, renewalWindowDays(reminderDays), organisationId, placeId ?? null],
    );
    const reminders = rows.map((row): RenewalReminder<Date> => {
      const status = renewalStatus(row.qualified_until, today, reminderDays);
      return {
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
    });
    return {
      today,
      reminderDays,
      expiring: reminders.filter((reminder) => reminder.daysLeft >= 0),
      expired: reminders.filter((reminder) => reminder.daysLeft < 0).reverse(),
    };
  }
}
