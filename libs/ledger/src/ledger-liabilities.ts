/**
 * What the operator owes, as the ledger had booked it by an instant (docs/funds-coverage.md): the one query the
 * funds coverage computes with and `npm run ledger:check` re-runs against each stored coverage day.
 * The handed-out part reads the cheques table (read-only, like ledger-check.ts): the ledger does not
 * know whether a funded cheque is in a person's hands or still in stock. By `recorded_at`, not
 * `occurred_at`: an offline redemption synced later is dated when it happened, and a figure computed
 * before its sync must stay what the books said then.
 */
import type { LiabilityBalances } from '@app/domain';

export const LIABILITIES_AT_SQL = `
  SELECT coalesce(sum(p.amount_cents) FILTER (WHERE p.account_kind = 'programme_outstanding'), 0)::text AS programme_outstanding,
         coalesce(sum(p.amount_cents) FILTER (WHERE p.account_kind = 'place_payable'), 0)::text AS place_payable,
         coalesce(sum(p.amount_cents) FILTER (WHERE p.account_kind = 'funder'), 0)::text AS funder,
         (SELECT coalesce(sum(pr.face_value_cents), 0) FROM cheques c JOIN programmes pr ON pr.id = c.programme_id
           WHERE pr.funded_at IS NOT NULL AND c.status = 'distributed')::text AS handed_out
    FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
   WHERE e.recorded_at <= $1`;

export type LiabilitiesQuery = (sql: string, parameters: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** The ledger's liability balances as booked by that instant (the handed-out part: cheques as they are now). */
export async function liabilityBalancesAt(query: LiabilitiesQuery, at: Date): Promise<LiabilityBalances> {
  const [row] = await query(LIABILITIES_AT_SQL, [at]);
  return {
    programmeOutstandingCents: Number(row.programme_outstanding),
    placePayableCents: Number(row.place_payable),
    funderCents: Number(row.funder),
    handedOutCents: Number(row.handed_out),
  };
}
