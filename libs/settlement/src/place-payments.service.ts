/**
 * « Mes remboursements »: where a place organisation's money is, in four parts. À recevoir
 * (redeemed, in no live line: the day it can expect it from SETTLEMENT_SCHEDULE), en cours (in a
 * line waiting for the bank: to approve, approved, sent to the bank once exported), payé, rejeté;
 * and how long its payments took (PaymentDelaysService).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { localDateSql, queryRows } from '@app/database';
import {
  type AuthenticatedActor,
  awaitedCutOff,
  type Clock,
  CLOCK,
  type DelayFigures,
  DomainError,
  expectedPaymentDay,
  type IsoDate,
  latestCutOff,
  lineReference,
  localDate,
  type PaymentStage,
  paymentStageOf,
  paymentStageText,
  REJECTED_TRANSFER_ADVICE,
  type SettlementSchedule,
  startOfDayIn,
} from '@app/domain';
import { currentPayoutAccountSql } from '@app/places';
import { PaymentDelaysService } from './payment-delays.service';
import { SettlementJobService } from './settlement-job.service';
import { LIVE_LINE } from './settlement-views';

export interface ToReceiveGroup {
  /** The cut-off of the batch these redemptions wait for. */
  cutOff: string;
  /** The day the money can be expected on the account; null while the bank details are not verified. */
  expectedOn: IsoDate | null;
  amountCents: number;
  redemptionCount: number;
  chequeCount: number;
}

export interface PlacePaymentLine {
  id: string;
  reference: string;
  batchReference: string;
  cutOff: string;
  amountCents: number;
  chequeCount: number;
  /** En cours only. */
  stage: PaymentStage | null;
  stageText: string | null;
  sentToBankOn: IsoDate | null;
  expectedOn: IsoDate | null;
  /** Payé only. */
  paidOn: IsoDate | null;
  bankReference: string | null;
  /** Rejeté only. */
  rejectedOn: IsoDate | null;
  rejectionReason: string | null;
  advice: string | null;
}

export interface PlacePayments {
  organisationId: string;
  organisationName: string;
  schedule: SettlementSchedule;
  /** False when the organisation's current bank details are missing or not verified yet: nothing can be sent. */
  bankDetailsVerified: boolean;
  toReceive: { amountCents: number; chequeCount: number; groups: ToReceiveGroup[] };
  inProgress: { amountCents: number; lines: PlacePaymentLine[] };
  paid: { amountCents: number; lines: PlacePaymentLine[] };
  rejected: { amountCents: number; lines: PlacePaymentLine[] };
  /** Days from each paid redemption to the day its money was booked; null without any. */
  delay: DelayFigures;
}

interface LineRow {
  id: string;
  position: number;
  batch_reference: string;
  batch_status: 'draft' | 'approved' | 'exported' | 'paid' | 'cancelled';
  cut_off: Date;
  exported_at: Date | null;
  status: 'pending' | 'paid' | 'rejected' | 'cancelled';
  amount_cents: string;
  cheque_count: number;
  paid_on: string | null;
  bank_reference: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
}

@Injectable()
export class PlacePaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly job: SettlementJobService,
    private readonly delays: PaymentDelaysService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A place organisation's own view; the operator names the payee (400 without it). */
  async view(actor: AuthenticatedActor, organisationId?: string): Promise<PlacePayments> {
    // A place naming another organisation gets the same 404 as for one that does not exist.
    if (actor.organisationKind !== 'operator' && organisationId !== undefined && organisationId !== actor.organisationId) {
      throw DomainError.notFound('place organisation');
    }
    const payee = actor.organisationKind === 'operator' ? organisationId : actor.organisationId;
    if (!payee) throw DomainError.validation([{ field: 'organisationId', problems: ['the operator names the place organisation'] }]);
    const manager = this.dataSource.manager;
    const [organisation] = await queryRows<{ name: string; kind: string; account_status: string | null }>(
      manager,
      `SELECT o.name, o.kind, a.status AS account_status FROM organisations o
         LEFT JOIN LATERAL (${currentPayoutAccountSql('o.id')} LIMIT 1) AS a ON true WHERE o.id = $1`,
      [payee],
    );
    if (!organisation || organisation.kind !== 'place') throw DomainError.notFound('place organisation');
    const schedule = this.job.schedule();
    const now = this.clock.now();
    const bankDetailsVerified = organisation.account_status === 'verified';

    // À recevoir: per Paris day of recording (cut-offs fall at midnight), what no live line covers.
    const days = await queryRows<{ day: string; amount_cents: string; redemption_count: number; cheque_count: number }>(
      manager,
      `SELECT to_char(${localDateSql('r.recorded_at')}, 'YYYY-MM-DD') AS day, sum(r.amount_cents)::text AS amount_cents,
              count(*)::int AS redemption_count, sum(r.cheque_count)::int AS cheque_count
         FROM redemptions r
        WHERE r.organisation_id = $1 AND r.undone_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM settlement_lines l WHERE l.organisation_id = r.organisation_id AND ${LIVE_LINE}
                             AND l.covered @> r.recorded_at)
        GROUP BY 1 ORDER BY 1`,
      [payee],
    );
    const latest = latestCutOff(schedule, now);
    const [{ built }] = await queryRows<{ built: boolean }>(
      manager,
      'SELECT EXISTS (SELECT 1 FROM settlement_batches WHERE cut_off = $1) AS built',
      [latest],
    );
    const groups = new Map<string, ToReceiveGroup>();
    for (const day of days) {
      const cutOff = awaitedCutOff(schedule, startOfDayIn(day.day), now, built).toISOString();
      const group = groups.get(cutOff) ?? {
        cutOff,
        expectedOn: bankDetailsVerified ? expectedPaymentDay(new Date(cutOff)) : null,
        amountCents: 0,
        redemptionCount: 0,
        chequeCount: 0,
      };
      group.amountCents += Number(day.amount_cents);
      group.redemptionCount += day.redemption_count;
      group.chequeCount += day.cheque_count;
      groups.set(cutOff, group);
    }

    const lines = await queryRows<LineRow>(
      manager,
      `SELECT l.id, l.position, b.reference AS batch_reference, b.status AS batch_status, b.cut_off, b.exported_at, l.status,
              l.amount_cents::text, l.cheque_count, to_char(l.paid_on, 'YYYY-MM-DD') AS paid_on, l.bank_reference,
              l.rejected_at, l.rejection_reason
         FROM settlement_lines l JOIN settlement_batches b ON b.id = l.batch_id
        WHERE l.organisation_id = $1 AND l.status <> 'cancelled' ORDER BY b.cut_off DESC, l.position`,
      [payee],
    );
    const inProgress = lines.filter((line) => line.status === 'pending').map((line) => this.lineView(line));
    const paid = lines.filter((line) => line.status === 'paid').map((line) => this.lineView(line));
    const rejected = lines.filter((line) => line.status === 'rejected').map((line) => this.lineView(line));

    const delay = (await this.delays.figures({ organisationId: payee })).overall;

    const groupList = [...groups.values()];
    return {
      organisationId: payee,
      organisationName: organisation.name,
      schedule,
      bankDetailsVerified,
      toReceive: {
        amountCents: sum(groupList.map((group) => group.amountCents)),
        chequeCount: sum(groupList.map((group) => group.chequeCount)),
        groups: groupList,
      },
      inProgress: { amountCents: sum(inProgress.map((line) => line.amountCents)), lines: inProgress },
      paid: { amountCents: sum(paid.map((line) => line.amountCents)), lines: paid },
      rejected: { amountCents: sum(rejected.map((line) => line.amountCents)), lines: rejected },
      delay,
    };
  }

  /** Today in Paris, the day the files are dated. */
  today(): IsoDate {
    return localDate(this.clock.now());
  }

  private lineView(line: LineRow): PlacePaymentLine {
    const pending = line.status === 'pending' && line.batch_status !== 'cancelled';
    const stage = pending ? paymentStageOf(line.batch_status as 'draft' | 'approved' | 'exported' | 'paid') : null;
    // Never « sent to the bank » before the export: the stage comes from the batch's status, the day from its export.
    const sentToBankOn = stage === 'sent_to_bank' && line.exported_at ? localDate(line.exported_at) : null;
    return {
      id: line.id,
      reference: lineReference(line.batch_reference, line.position),
      batchReference: line.batch_reference,
      cutOff: line.cut_off.toISOString(),
      amountCents: Number(line.amount_cents),
      chequeCount: line.cheque_count,
      stage,
      stageText: stage ? paymentStageText(stage, sentToBankOn) : null,
      sentToBankOn,
      expectedOn: stage
        ? expectedPaymentDay(stage === 'sent_to_bank' && line.exported_at ? line.exported_at : this.laterOf(line.cut_off))
        : null,
      paidOn: line.status === 'paid' ? line.paid_on : null,
      bankReference: line.status === 'paid' ? line.bank_reference : null,
      rejectedOn: line.status === 'rejected' && line.rejected_at ? localDate(line.rejected_at) : null,
      rejectionReason: line.status === 'rejected' ? line.rejection_reason : null,
      advice: line.status === 'rejected' ? REJECTED_TRANSFER_ADVICE : null,
    };
  }

  /** A batch not exported yet cannot go before today: its payment day counts from now when the cut-off is past. */
  private laterOf(cutOff: Date): Date {
    const now = this.clock.now();
    return cutOff.getTime() > now.getTime() ? cutOff : now;
  }
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
