/**
 * Settlement rules: the monthly period and its cut-off (midnight in Paris), the batch life cycle
 * (draft → approved → exported → paid, or cancelled before the export) with the four-eyes rule, the references written on
 * transfers (their SEPA text rules are in sepa-text.ts).
 */
import { type IsoDate, isIsoDate, localDate } from './calendar';
import { DomainError } from './domain-error';
import { SEPA_REMITTANCE_MAX_LENGTH, sepaText } from './sepa-text';
import { METROPOLITAN_TIME_ZONE, offsetMinutes } from './time-zone';

export const SETTLEMENT_BATCH_STATUSES = ['draft', 'approved', 'exported', 'paid', 'cancelled'] as const;
export type SettlementBatchStatus = (typeof SETTLEMENT_BATCH_STATUSES)[number];

/** A line of a cancelled batch is cancelled with it: like a rejected one, it no longer covers its redemptions. */
export const SETTLEMENT_LINE_STATUSES = ['pending', 'paid', 'rejected', 'cancelled'] as const;
export type SettlementLineStatus = (typeof SETTLEMENT_LINE_STATUSES)[number];

/** Lines that hold their redemptions (settled at most once): waiting for the bank, or paid. */
export const LIVE_SETTLEMENT_LINE_STATUSES = ['pending', 'paid'] as const satisfies readonly SettlementLineStatus[];

/** Why a payee with money due is not in a batch: it is carried over to a later one. */
export const CARRY_OVER_REASONS = ['bank_details_missing', 'bank_details_unverified'] as const;
export type CarryOverReason = (typeof CARRY_OVER_REASONS)[number];

export function carryOverReasonText(reason: CarryOverReason): string {
  switch (reason) {
    case 'bank_details_missing':
      return 'Coordonnées bancaires non renseignées';
    case 'bank_details_unverified':
      return 'Coordonnées bancaires pas encore vérifiées';
  }
}

/** A batch's period: redemptions recorded before `cutOff` (an instant), named after a month when monthly. */
export interface SettlementPeriod {
  /** 'YYYY-MM' for a monthly batch, null for any other cut-off. */
  month: string | null;
  cutOff: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The instant a calendar day starts in a time zone (midnight there, DST included). */
export function startOfDayIn(date: IsoDate, timeZone = METROPOLITAN_TIME_ZONE): Date {
  if (!isIsoDate(date)) throw new Error(`not a date: ${date}`);
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // Two rounds: the offset at the guessed instant, then at the corrected one (they differ across a change).
  let instant = utcMidnight;
  for (let round = 0; round < 2; round += 1) instant = utcMidnight - offsetMinutes(timeZone, new Date(instant)) * 60_000;
  return new Date(instant);
}

/** The month's batch: everything recorded before the first day of the next month, midnight in Paris. */
export function monthlyPeriod(month: string): SettlementPeriod {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  const year = Number(match[1]);
  const next = Number(match[2]) === 12 ? `${year + 1}-01-01` : `${year}-${String(Number(match[2]) + 1).padStart(2, '0')}-01`;
  return { month, cutOff: startOfDayIn(next) };
}

/** The default batch: the previous calendar month, in Paris time. */
export function previousMonth(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: METROPOLITAN_TIME_ZONE, year: 'numeric', month: '2-digit' }).formatToParts(
    now,
  );
  const year = Number(parts.find((part) => part.type === 'year')?.value);
  const month = Number(parts.find((part) => part.type === 'month')?.value);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The period asked for: a month, a cut-off instant, or by default the previous month. Never in the future. */
export function settlementPeriod(input: { month?: string; cutOff?: string }, now: Date): SettlementPeriod {
  if (input.month !== undefined && input.cutOff !== undefined) {
    throw DomainError.validation([{ field: 'cutOff', problems: ['give either a month or a cut-off, not both'] }]);
  }
  let period: SettlementPeriod;
  if (input.cutOff !== undefined) {
    const cutOff = new Date(input.cutOff);
    if (Number.isNaN(cutOff.getTime())) throw DomainError.validation([{ field: 'cutOff', problems: ['must be a date and time'] }]);
    period = { month: null, cutOff };
  } else {
    const month = input.month ?? previousMonth(now);
    if (!MONTH.test(month)) throw DomainError.validation([{ field: 'month', problems: ['must be a month as YYYY-MM'] }]);
    period = monthlyPeriod(month);
  }
  if (period.cutOff.getTime() > now.getTime()) {
    const field = input.cutOff !== undefined ? 'cutOff' : 'month';
    throw DomainError.validation([{ field, problems: ['must not end in the future: only what has been recorded can be paid'] }]);
  }
  return period;
}

/**
 * What one payee is owed at a cut-off, as the build computes it: its redemptions recorded before the
 * cut-off and not undone, minus those its live lines already cover (the lines' own sums).
 */
export interface PayeeDue {
  organisationId: string;
  amountCents: number;
  redemptionCount: number;
  chequeCount: number;
}

/**
 * A payee the build finds owed something is owed a positive amount for at least one redemption and
 * cheque. Anything else means a live line's sums no longer match the redemptions it covers (an undo
 * that went around the settlement guard): the build stops rather than pay a wrong amount.
 */
export function assertPayableDue(due: PayeeDue): void {
  if (due.amountCents > 0 && due.redemptionCount > 0 && due.chequeCount > 0) return;
  throw new DomainError('internal_error', "A payee's settlement lines no longer match its redemptions: run ledger:check", {
    code: 'settlement_lines_mismatch',
    organisationId: due.organisationId,
    amountCents: due.amountCents,
    redemptionCount: due.redemptionCount,
    chequeCount: due.chequeCount,
  });
}

// ---------------------------------------------------------------- life cycle

export type SettlementTransition = 'approve' | 'export' | 'pay';

const TRANSITIONS: Record<SettlementTransition, { from: SettlementBatchStatus; to: SettlementBatchStatus }> = {
  approve: { from: 'draft', to: 'approved' },
  export: { from: 'approved', to: 'exported' },
  pay: { from: 'exported', to: 'paid' },
};

/**
 * The batch status after a transition. Replaying a transition that already happened answers the
 * same status (`changed: false`); anything else out of order is refused (409 invalid_transition).
 */
export function batchTransition(
  status: SettlementBatchStatus,
  transition: SettlementTransition,
): { status: SettlementBatchStatus; changed: boolean } {
  const rule = TRANSITIONS[transition];
  assertBatchNotCancelled(status);
  if (status === rule.from) return { status: rule.to, changed: true };
  if (rankOf(status) >= rankOf(rule.to)) return { status, changed: false };
  throw new DomainError('invalid_transition', `A ${status} batch cannot be ${pastTense(transition)} yet`, {
    code: 'batch_not_' + rule.from,
    status,
  });
}

/**
 * Cancelling a batch: possible while nothing has gone to the bank (draft or approved), replayed on a
 * cancelled batch without change; refused once exported (the file may be at the bank: answer its lines).
 */
export function batchCancellation(status: SettlementBatchStatus): { status: 'cancelled'; changed: boolean } {
  switch (status) {
    case 'draft':
    case 'approved':
      return { status: 'cancelled', changed: true };
    case 'cancelled':
      return { status: 'cancelled', changed: false };
    case 'exported':
    case 'paid':
      throw new DomainError(
        'invalid_transition',
        `A ${status} batch cannot be cancelled: its transfers went to the bank, record the bank's answer per line instead`,
        { code: 'batch_already_exported', status },
      );
  }
}

/** A cancelled batch moves no further (409 batch_cancelled): its redemptions go into the next batch. */
export function assertBatchNotCancelled(status: SettlementBatchStatus | SettlementLineStatus): void {
  if (status === 'cancelled') {
    throw new DomainError('invalid_transition', 'The batch was cancelled: its redemptions go into the next batch', {
      code: 'batch_cancelled',
      status: 'cancelled',
    });
  }
}

function rankOf(status: SettlementBatchStatus): number {
  return SETTLEMENT_BATCH_STATUSES.indexOf(status);
}

function pastTense(transition: SettlementTransition): string {
  switch (transition) {
    case 'approve':
      return 'approved';
    case 'export':
      return 'exported';
    case 'pay':
      return 'paid';
  }
}

/**
 * Four eyes: whoever built a batch may not approve it. A batch built by the settlement job (no
 * creator) has its two pairs of eyes at the approval and the export: its approver may not export it.
 */
export function assertFourEyes(
  step: 'approve' | 'export',
  batch: { createdBy: string | null; approvedBy: string | null },
  operator: string,
): void {
  if (step === 'approve' && batch.createdBy === operator) {
    throw new DomainError('conflict', 'A batch must be approved by another operator than the one who created it', {
      code: 'four_eyes_required',
    });
  }
  if (step === 'export' && batch.createdBy === null && batch.approvedBy === operator) {
    throw new DomainError('conflict', 'A batch built by the schedule must be exported by another operator than the one who approved it', {
      code: 'four_eyes_required',
    });
  }
}

/** A line's status after the bank's answer; replays answer the same status, contradictions are refused. */
export function lineTransition(
  status: SettlementLineStatus,
  outcome: 'paid' | 'rejected',
): { status: SettlementLineStatus; changed: boolean } {
  assertBatchNotCancelled(status);
  if (status === outcome) return { status, changed: false };
  if (status === 'pending' || (status === 'paid' && outcome === 'rejected')) return { status: outcome, changed: true };
  throw new DomainError('invalid_transition', 'The bank rejected this transfer: it cannot be marked paid', { code: 'line_rejected' });
}

/**
 * The day the bank says it paid (a batch's or a line's `paidOn`): not before the day the batch was
 * exported (the ledger would show a place paid before it was owed) nor after today, Paris days both.
 */
export function assertPaidOnPossible(paidOn: IsoDate, exportedAt: Date, now: Date): void {
  assertBankDayPossible('paidOn', paidOn, localDate(exportedAt, METROPOLITAN_TIME_ZONE), now);
}

/**
 * The day the bank says it sent a transfer back (its return's booking date): not before the payment it
 * returns (else the day of the export), nor after today.
 */
export function assertReturnedOnPossible(returnedOn: IsoDate, paidOn: IsoDate | null, exportedAt: Date, now: Date): void {
  assertBankDayPossible('rejectedOn', returnedOn, paidOn ?? localDate(exportedAt, METROPOLITAN_TIME_ZONE), now);
}

function assertBankDayPossible(field: string, day: IsoDate, earliest: IsoDate, now: Date): void {
  const today = localDate(now, METROPOLITAN_TIME_ZONE);
  if (day < earliest) {
    const what = field === 'paidOn' ? 'the day the batch was exported' : 'the payment it returns, or the export';
    throw DomainError.validation([{ field, problems: [`must not be before ${what} (${earliest})`] }]);
  }
  if (day > today) {
    throw DomainError.validation([{ field, problems: [`must not be after today (${today}, Paris time)`] }]);
  }
}

/** A batch is paid once no line waits for the bank's answer. */
export function batchSettled(lineStatuses: SettlementLineStatus[]): boolean {
  return lineStatuses.every((status) => status !== 'pending');
}

// ---------------------------------------------------------------- references

/** "RB-2026-00012": the batch's reference, from the year of its cut-off and its number. */
export function batchReference(year: number, number: number): string {
  return `RB-${year}-${String(number).padStart(5, '0')}`;
}

/** "RB-2026-00012-0042": a line's reference, also the transfer's EndToEndId (≤ 35 characters). */
export function lineReference(batch: string, position: number): string {
  return `${batch}-${String(position).padStart(4, '0')}`;
}

/** Unstructured remittance information (≤ 140): what the place reads on its bank statement. */
export function remittanceInformation(input: { lineReference: string; payeeName: string; periodLabel: string }): string {
  return sepaText(`Pass numerique ${input.lineReference} ${input.periodLabel} ${input.payeeName}`, SEPA_REMITTANCE_MAX_LENGTH);
}

export function periodLabel(period: SettlementPeriod): string {
  if (period.month) return period.month;
  return `jusqu'au ${period.cutOff.toISOString().slice(0, 10)}`;
}
