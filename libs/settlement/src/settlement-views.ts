/** What the settlement routes answer: batches, lines and carry-overs as API objects (never raw rows). */
import {
  type CarryOverReason,
  carryOverReasonText,
  lineReference,
  maskIban,
  type SettlementBatchStatus,
  type SettlementLineStatus,
} from '@app/domain';

export interface BatchRow {
  id: string;
  number: number;
  reference: string;
  month: string | null;
  cut_off: Date;
  status: SettlementBatchStatus;
  total_cents: string;
  line_count: number;
  carried_over_cents: string;
  created_by: string | null;
  created_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  exported_at: Date | null;
  paid_at: Date | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  cancellation_reason: string | null;
}

export interface LineRow {
  id: string;
  batch_id: string;
  batch_reference: string;
  batch_status: SettlementBatchStatus;
  month: string | null;
  cut_off: Date;
  position: number;
  organisation_id: string;
  payee_name: string;
  amount_cents: string;
  redemption_count: number;
  cheque_count: number;
  iban: string;
  bic: string;
  account_holder: string;
  status: SettlementLineStatus;
  paid_on: string | null;
  bank_reference: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
}

export interface CarryOverRow {
  organisation_id: string;
  payee_name: string;
  reason: CarryOverReason;
  amount_cents: string;
  redemption_count: number;
  cheque_count: number;
}

export interface BatchSummary {
  id: string;
  reference: string;
  month: string | null;
  cutOff: string;
  status: SettlementBatchStatus;
  totalCents: number;
  lineCount: number;
  carriedOverCents: number;
  /** Null when the settlement job built it (SETTLEMENT_SCHEDULE). */
  createdBy: string | null;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  exportedAt: string | null;
  paidAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
}

export interface LineView {
  id: string;
  batchId: string;
  batchReference: string;
  batchStatus: SettlementBatchStatus;
  month: string | null;
  cutOff: string;
  reference: string;
  organisationId: string;
  payeeName: string;
  amountCents: number;
  redemptionCount: number;
  chequeCount: number;
  /** Masked: the full number is only in the SEPA file. */
  iban: string;
  bic: string;
  accountHolder: string;
  status: SettlementLineStatus;
  paidOn: string | null;
  bankReference: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
}

export interface CarryOverView {
  organisationId: string;
  payeeName: string;
  reason: CarryOverReason;
  reasonText: string;
  amountCents: number;
  redemptionCount: number;
  chequeCount: number;
}

export interface BatchView extends BatchSummary {
  lines: LineView[];
  carryOvers: CarryOverView[];
}

export const BATCH_COLUMNS = `b.id, b.number, b.reference, b.month, b.cut_off, b.status, b.total_cents::text, b.line_count,
  b.carried_over_cents::text, b.created_by, b.created_at, b.approved_by, b.approved_at, b.exported_at, b.paid_at,
  b.cancelled_by, b.cancelled_at, b.cancellation_reason`;

export const LINE_COLUMNS = `l.id, l.batch_id, b.reference AS batch_reference, b.status AS batch_status, b.month, b.cut_off, l.position,
  l.organisation_id, l.payee_name, l.amount_cents::text, l.redemption_count, l.cheque_count, l.iban, l.bic, l.account_holder,
  l.status, to_char(l.paid_on, 'YYYY-MM-DD') AS paid_on, l.bank_reference, l.rejected_at, l.rejection_reason`;

/** Line `l` holds its redemptions (they are settled at most once): see LIVE_SETTLEMENT_LINE_STATUSES. */
export const LIVE_LINE = `l.status IN ('pending', 'paid')`;

/**
 * The redemptions of line `l`: its payee's, not undone, recorded in its covered time. The bounds
 * let PostgreSQL range-scan the (organisation_id, recorded_at) index before the exact containment.
 */
export const LINE_REDEMPTIONS = `redemptions r ON r.organisation_id = l.organisation_id AND r.undone_at IS NULL
  AND r.recorded_at < upper(l.covered) AND (lower(l.covered) IS NULL OR r.recorded_at >= lower(l.covered))
  AND l.covered @> r.recorded_at`;

export function batchSummary(row: BatchRow): BatchSummary {
  return {
    id: row.id,
    reference: row.reference,
    month: row.month,
    cutOff: row.cut_off.toISOString(),
    status: row.status,
    totalCents: Number(row.total_cents),
    lineCount: row.line_count,
    carriedOverCents: Number(row.carried_over_cents),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at?.toISOString() ?? null,
    exportedAt: row.exported_at?.toISOString() ?? null,
    paidAt: row.paid_at?.toISOString() ?? null,
    cancelledBy: row.cancelled_by,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    cancellationReason: row.cancellation_reason,
  };
}

export function lineView(row: LineRow): LineView {
  return {
    id: row.id,
    batchId: row.batch_id,
    batchReference: row.batch_reference,
    batchStatus: row.batch_status,
    month: row.month,
    cutOff: row.cut_off.toISOString(),
    reference: lineReference(row.batch_reference, row.position),
    organisationId: row.organisation_id,
    payeeName: row.payee_name,
    amountCents: Number(row.amount_cents),
    redemptionCount: row.redemption_count,
    chequeCount: row.cheque_count,
    iban: maskIban(row.iban),
    bic: row.bic,
    accountHolder: row.account_holder,
    status: row.status,
    paidOn: row.paid_on,
    bankReference: row.bank_reference,
    rejectedAt: row.rejected_at?.toISOString() ?? null,
    rejectionReason: row.rejection_reason,
  };
}

export function carryOverView(row: CarryOverRow): CarryOverView {
  return {
    organisationId: row.organisation_id,
    payeeName: row.payee_name,
    reason: row.reason,
    reasonText: carryOverReasonText(row.reason),
    amountCents: Number(row.amount_cents),
    redemptionCount: row.redemption_count,
    chequeCount: row.cheque_count,
  };
}

/**
 * The day line `alias`'s money was booked, the best known (as paymentBookingDay in @app/domain):
 * for now the `paid_on` recorded with the bank's answer; the bank statement's booking day will come first.
 */
export function paymentBookingDaySql(alias: string): string {
  return `${alias}.paid_on`;
}
