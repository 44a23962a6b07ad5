/**
 * Expiry alerts, 30, 15 and 7 days before a programme's last day: booklets still to hand out and
 * cheques handed out but not used yet. Funders see their programmes', the operator all, and each
 * distributor the booklets of its stock and the cheques it handed out. Live figures (not the rollup).
 * The notification job e-mails each funder its alerts, once per programme and level (libs/notifications).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AuthenticatedActor, type Clock, CLOCK, type ExpiryAlert, expiryAlertLevel, localDate } from '@app/domain';

export interface FunderExpiryAlert extends ExpiryAlert {
  funderOrganisationId: string;
}

@Injectable()
export class ExpiryAlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A funder's programmes (or the operator's view of all), optionally one programme. */
  async forFundersAndOperator(actor: AuthenticatedActor, programmeId?: string): Promise<ExpiryAlert[]> {
    const funder = actor.organisationKind === 'operator' ? null : actor.organisationId;
    return withoutFunder(
      await this.alerts('($2::uuid IS NULL OR p.funder_organisation_id = $2) AND ($3::uuid IS NULL OR p.id = $3)', '', '', [
        funder,
        programmeId ?? null,
      ]),
    );
  }

  /** Every funder's alerts in force today, each with its funder (the notification job e-mails them). */
  async allFunders(): Promise<FunderExpiryAlert[]> {
    return this.alerts('TRUE', '', '', []);
  }

  /** What a distributor holds: booklets of its stock, cheques it handed out. */
  async forDistributor(actor: AuthenticatedActor): Promise<ExpiryAlert[]> {
    return withoutFunder(
      await this.alerts(
        'EXISTS (SELECT 1 FROM booklets b WHERE b.programme_id = p.id AND b.distributor_organisation_id = $2)',
        'AND b.distributor_organisation_id = $2',
        'AND EXISTS (SELECT 1 FROM hand_outs h WHERE h.id = c.hand_out_id AND h.distributor_organisation_id = $2)',
        [actor.organisationId],
      ),
    );
  }

  private async alerts(
    programmeFilter: string,
    bookletFilter: string,
    handOutFilter: string,
    parameters: unknown[],
  ): Promise<FunderExpiryAlert[]> {
    const today = localDate(this.clock.now());
    const rows: Array<{
      id: string;
      name: string;
      funder_organisation_id: string;
      valid_until: string;
      days_left: number;
      booklets: number;
      unused: number;
    }> = await this.dataSource.query(
      `SELECT p.id, p.name, p.funder_organisation_id, to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until, (p.valid_until - $1::date) AS days_left,
                (SELECT count(DISTINCT c.booklet_id) FROM cheques c JOIN booklets b ON b.id = c.booklet_id
                  WHERE c.programme_id = p.id AND c.status = 'issued' ${bookletFilter})::int AS booklets,
                (SELECT count(*) FROM cheques c WHERE c.programme_id = p.id AND c.status = 'distributed' ${handOutFilter})::int AS unused
           FROM programmes p
          WHERE p.status IN ('funded', 'active') AND p.valid_until BETWEEN $1::date AND $1::date + 30 AND ${programmeFilter}
          ORDER BY p.valid_until, p.name`,
      [today, ...parameters],
    );
    return rows
      .map((row) => ({
        funderOrganisationId: row.funder_organisation_id,
        programmeId: row.id,
        programmeName: row.name,
        validUntil: row.valid_until,
        daysLeft: row.days_left,
        level: expiryAlertLevel(row.days_left),
        bookletsNotHandedOut: row.booklets,
        chequesHandedOutUnused: row.unused,
      }))
      .filter(
        (alert): alert is FunderExpiryAlert => alert.level !== null && (alert.bookletsNotHandedOut > 0 || alert.chequesHandedOutUnused > 0),
      );
  }
}

/** The answers of the API: a distributor does not learn which organisation funds a programme. */
function withoutFunder(alerts: FunderExpiryAlert[]): ExpiryAlert[] {
  return alerts.map(({ funderOrganisationId: _funder, ...alert }) => alert);
}
