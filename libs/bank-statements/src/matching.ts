/**
 * Which transfer each entry of a bank file speaks of: its EndToEndId is the settlement line's reference
 * (batch reference + position, see lineReference in @app/domain) or a funder refund transfer's ("RF-…").
 * Pure: the service loads them.
 */
import type { BankEntry } from './bank-file';

/** A transfer we sent that a bank entry may speak of: a settlement line (to a place) or a refund transfer (to a funder). */
export interface PayableLine {
  kind: 'settlement_line' | 'refund_transfer';
  id: string;
  reference: string;
  amountCents: number;
}

export type EntryMatch = { entry: BankEntry; line: PayableLine; problem: null } | { entry: BankEntry; line: null; problem: string };

/** The batch reference and position a line reference stands for, or null when it cannot be one of ours. */
export function splitLineReference(reference: string): { batchReference: string; position: number } | null {
  const match = /^(.+)-(\d{4,})$/.exec(reference);
  return match ? { batchReference: match[1], position: Number(match[2]) } : null;
}

/** Matches every entry to its line, or says in French why a person must look at it. */
export function matchEntries(entries: readonly BankEntry[], lines: ReadonlyMap<string, PayableLine>): EntryMatch[] {
  return entries.map((entry) => {
    if (entry.problem) return { entry, line: null, problem: entry.problem };
    if (!entry.endToEndId)
      return { entry, line: null, problem: 'Aucune référence de bout en bout (EndToEndId) : mouvement sans virement correspondant' };
    const line = lines.get(entry.endToEndId);
    if (!line)
      return { entry, line: null, problem: `Référence ${entry.endToEndId} inconnue : aucun virement de la plateforme ne la porte` };
    if (entry.amountCents !== null && entry.amountCents !== line.amountCents) {
      return { entry, line: null, problem: `Montant différent de celui du virement ${line.reference}` };
    }
    return { entry, line, problem: null };
  });
}
