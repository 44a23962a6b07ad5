/**
 * The payment delay, measured once for every page that shows it: for each paid redemption, the days
 * from its Paris day to the day its money was booked (paymentBookingDaySql), counted into a histogram
 * (per place, commune and month of booking) that delayFigures turns into p50 and p95. The operator's
 * « Remboursements » page, a place's « Mes remboursements », the dashboard and the open data read it.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { localDateSql, queryRows } from '@app/database';
import { type AuthenticatedActor, type DelayFigures, delayFigures, departementOfCommune, DomainError, type IsoDate } from '@app/domain';
import { LINE_REDEMPTIONS, paymentBookingDaySql } from './settlement-views';

/** Which paid redemptions count; every one when empty. */
export interface PaymentDelayScope {
  /** The payee, a place organisation. */
  organisationId?: string;
  /** The place where the help was given. */
  placeId?: string;
  /** Redemptions of a cheque of this funder's programmes, or of this programme. */
  funderId?: string | null;
  programmeId?: string | null;
  /** Paris days of the redemption, inclusive. */
  redeemedFrom?: IsoDate | null;
  redeemedTo?: IsoDate | null;
  /** Only money booked before this day. */
  bookedBefore?: IsoDate | null;
}

/** How many paid redemptions of one place waited `days` days for money booked in `bookedMonth`. */
export interface DelayCount {
  placeId: string;
  /** The place's commune (INSEE), null when not known. */
  communeCode: string | null;
  /** YYYY-MM of the booking day. */
  bookedMonth: string;
  days: number;
  redemptions: number;
}

export interface PaymentDelays {
  overall: DelayFigures;
  /** Per département of the place where the help was given (departementOfCommune), « — » when not known. */
  departements: Array<DelayFigures & { departement: string }>;
}

/** The département line of places without a commune code. */
export const UNKNOWN_DEPARTEMENT = '—';

@Injectable()
export class PaymentDelaysService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The histogram of the paid redemptions in scope. */
  async counts(scope: PaymentDelayScope = {}): Promise<DelayCount[]> {
    const booked = paymentBookingDaySql('l');
    const redeemedOn = localDateSql('r.occurred_at');
    const rows = await queryRows<{ place_id: string; code_insee: string | null; booked_month: string; days: number; redemptions: number }>(
      this.dataSource.manager,
      `SELECT r.place_id, p.code_insee, to_char(${booked}, 'YYYY-MM') AS booked_month, (${booked} - ${redeemedOn})::int AS days,
              count(*)::int AS redemptions
         FROM settlement_lines l JOIN ${LINE_REDEMPTIONS} JOIN places p ON p.id = r.place_id
        WHERE l.status = 'paid' AND ($1::uuid IS NULL OR l.organisation_id = $1) AND ($2::uuid IS NULL OR r.place_id = $2)
          AND ($3::uuid IS NULL AND $4::uuid IS NULL OR EXISTS (
                SELECT 1 FROM redemption_cheques rc JOIN programmes pr ON pr.id = rc.programme_id
                 WHERE rc.redemption_id = r.id AND ($3::uuid IS NULL OR pr.funder_organisation_id = $3) AND ($4::uuid IS NULL OR pr.id = $4)))
          AND ($5::date IS NULL OR ${redeemedOn} >= $5) AND ($6::date IS NULL OR ${redeemedOn} <= $6)
          AND ($7::date IS NULL OR ${booked} < $7)
        GROUP BY 1, 2, 3, 4 ORDER BY 3, 2, 1, 4`,
      [
        scope.organisationId ?? null,
        scope.placeId ?? null,
        scope.funderId ?? null,
        scope.programmeId ?? null,
        scope.redeemedFrom ?? null,
        scope.redeemedTo ?? null,
        scope.bookedBefore ?? null,
      ],
    );
    return rows.map((row) => ({
      placeId: row.place_id,
      communeCode: row.code_insee,
      bookedMonth: row.booked_month,
      days: row.days,
      redemptions: row.redemptions,
    }));
  }

  /** One place's own figures, for its managers (another organisation's place: the same 404 as a place that does not exist) and the operator. */
  async ofPlace(actor: AuthenticatedActor, placeId: string): Promise<DelayFigures> {
    const [place] = await queryRows<{ organisation_id: string | null }>(
      this.dataSource.manager,
      'SELECT organisation_id FROM places WHERE id = $1',
      [placeId],
    );
    if (!place || (actor.organisationKind !== 'operator' && place.organisation_id !== actor.organisationId)) {
      throw DomainError.notFound('place');
    }
    return delayFigures(await this.counts({ placeId }));
  }

  /**
   * When a payment or a rejection was last recorded (by hand or from a bank file, all audited): the
   * figures of past months change then, not only at a reporting refresh. Null before any.
   */
  async lastChange(): Promise<Date | null> {
    const [row] = await queryRows<{ at: Date | null }>(
      this.dataSource.manager,
      `SELECT max(occurred_at) AS at FROM audit_events
        WHERE object_type IN ('settlement_batch', 'settlement_line', 'bank_statement_file', 'bank_statement_entry')`,
    );
    return row.at;
  }

  /** p50 and p95 over the scope, and per département of the place. */
  async figures(scope: PaymentDelayScope = {}): Promise<PaymentDelays> {
    const counts = await this.counts(scope);
    const byDepartement = new Map<string, DelayCount[]>();
    for (const count of counts) {
      const departement = departementOfCount(count);
      byDepartement.set(departement, [...(byDepartement.get(departement) ?? []), count]);
    }
    return {
      overall: delayFigures(counts),
      departements: [...byDepartement.keys()]
        .sort(byDepartementCode)
        .map((departement) => ({ departement, ...delayFigures(byDepartement.get(departement)!) })),
    };
  }
}

export function departementOfCount(count: Pick<DelayCount, 'communeCode'>): string {
  return count.communeCode ? departementOfCommune(count.communeCode) : UNKNOWN_DEPARTEMENT;
}

/** Départements in code order, the unknown one last. */
export function byDepartementCode(a: string, b: string): number {
  return Number(a === UNKNOWN_DEPARTEMENT) - Number(b === UNKNOWN_DEPARTEMENT) || a.localeCompare(b);
}
