/**
 * Refunding a closed programme's unused value to its funder by SEPA transfer: when it is due, its
 * reference (the transfer's EndToEndId, which the bank's files repeat) and the steps it goes through.
 * Pure: the service in libs/ledger/src/programme-accounts stores and audits them.
 */
import { DomainError } from './domain-error';
import { addDays, type IsoDate } from './calendar';

/** The operator pays the credit note back within this many days of the programme's close. */
export const FUNDER_REFUND_DAYS = 30;

/**
 * prepared → approved (another operator: four eyes) → exported (the pain.001 went to the bank) →
 * paid (the bank's statement booked it) or rejected (the bank's reason); prepared or approved may be
 * cancelled before the export.
 */
export const FUNDER_REFUND_TRANSFER_STATUSES = ['prepared', 'approved', 'exported', 'paid', 'rejected', 'cancelled'] as const;
export type FunderRefundTransferStatus = (typeof FUNDER_REFUND_TRANSFER_STATUSES)[number];

/** A transfer that still holds the programme's refundable amount (one at a time per programme). */
export const OPEN_REFUND_TRANSFER_STATUSES: readonly FunderRefundTransferStatus[] = ['prepared', 'approved', 'exported'];

/** The last day the refund may be paid: 30 days after the programme closed (its closing statement's first day). */
export function funderRefundDueOn(closedOn: IsoDate): IsoDate {
  return addDays(closedOn, FUNDER_REFUND_DAYS);
}

/** "RF-2026-00007": the refund transfer's reference, also its EndToEndId and the pain.001's MsgId. */
export function funderRefundReference(year: number, number: number): string {
  return `RF-${year}-${String(number).padStart(5, '0')}`;
}

/** Whether a bank file's EndToEndId names a refund transfer (not a settlement line, "RB-…"). */
export function isFunderRefundReference(reference: string): boolean {
  return /^RF-\d{4}-\d{5,}$/.test(reference);
}

/** The next status for an operator's step or the bank's answer; replays answer the same status, contradictions are refused. */
export function funderRefundTransition(
  status: FunderRefundTransferStatus,
  step: 'approve' | 'export' | 'cancel' | 'paid' | 'rejected',
): { status: FunderRefundTransferStatus; changed: boolean } {
  const next: Record<typeof step, FunderRefundTransferStatus> = {
    approve: 'approved',
    export: 'exported',
    cancel: 'cancelled',
    paid: 'paid',
    rejected: 'rejected',
  };
  const target = next[step];
  if (status === target) return { status, changed: false };
  const allowed: Record<typeof step, readonly FunderRefundTransferStatus[]> = {
    approve: ['prepared'],
    export: ['approved'],
    cancel: ['prepared', 'approved'],
    paid: ['exported'],
    rejected: ['exported'],
  };
  if (allowed[step].includes(status)) return { status: target, changed: true };
  throw new DomainError('invalid_transition', `A refund transfer that is ${status} cannot be ${target}`, {
    code: 'refund_transfer_status',
    status,
  });
}

/** Unstructured remittance information the funder reads on its statement (≤ 140, SEPA text applied by the file writer). */
export function funderRefundRemittance(input: { reference: string; programmeCode: string; programmeName: string }): string {
  return `Pass numerique remboursement ${input.reference} programme ${input.programmeCode} ${input.programmeName}`;
}
