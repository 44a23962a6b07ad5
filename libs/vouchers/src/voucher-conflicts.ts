/**
 * Why programmes, printing and distribution answer 409: one stable code per reason, sent as
 * `details.code` (clients switch on it; the English message may change). docs/cheques.md lists them.
 */
import { DomainError, PROGRAMME_REFUSALS } from '@app/domain';

export const VOUCHER_CONFLICTS = [
  ...PROGRAMME_REFUSALS,
  'funding_below_total_due',
  'programme_cover_locked',
  'programme_logo_unprintable',
  'booklet_codes_not_held',
  'booklets_not_issued',
  'programme_closed',
  'booklets_already_allocated',
  'programme_not_funded',
  'booklet_already_handed_out',
  'booklet_cancelled',
  'cheques_not_distributable',
  'booklet_not_cancellable',
  'cheques_not_cancellable',
  'booklet_not_reissuable',
  'replacement_not_in_programme',
  'replacement_not_available',
  'transfer_stock_short',
  'transfer_not_pending',
  'transfer_nothing_to_move',
  // Thrown by @app/funds-coverage when activating a programme.
  'funds_coverage_below_liabilities',
] as const;

export type VoucherConflict = (typeof VOUCHER_CONFLICTS)[number];

/**
 * A 409 with its reason: `invalid_transition` when the status forbids the move, `conflict` when the
 * request clashes with other data. `more` adds context (the current status, the field at fault).
 */
export function voucherRefusal(
  kind: 'conflict' | 'invalid_transition',
  code: VoucherConflict,
  message: string,
  more: Record<string, unknown> = {},
): DomainError {
  return new DomainError(kind, message, { code, ...more });
}
