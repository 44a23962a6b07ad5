/** Vocabulary of places that is ours (not the national schema's): catalogue, bank details, imports. */

/** How a catalogue service is delivered. */
export const SERVICE_MODALITIES = ['individual', 'collective_workshop', 'remote', 'self_service'] as const;
export type ServiceModality = (typeof SERVICE_MODALITIES)[number];

export const BANK_DETAILS_STATUSES = ['submitted', 'verified', 'rejected'] as const;
export type BankDetailsStatus = (typeof BANK_DETAILS_STATUSES)[number];

/** checked: report ready, nothing written yet; applied: rows written; discarded: dropped unapplied. */
export const PLACE_IMPORT_STATUSES = ['checked', 'applied', 'discarded'] as const;
export type PlaceImportStatus = (typeof PLACE_IMPORT_STATUSES)[number];

/** A problem of an imported file: line 1 is the header; `line: 0` means the whole file. */
export interface ImportProblem {
  line: number;
  field: string;
  problem: string;
}

/** "FR7630006000011234567890189" → "FR76 •••• •••• •••• •••• •••0 189": country and last digits only. */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  const visibleTail = 4;
  const masked = compact.slice(0, 4) + '•'.repeat(Math.max(0, compact.length - 4 - visibleTail)) + compact.slice(-visibleTail);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}
