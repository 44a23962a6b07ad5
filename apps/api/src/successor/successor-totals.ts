/**
 * The money a successor takes over, as written in the archive's manifest and checked again after
 * the import: the ledger's balance per account kind, what is owed to places (live redemptions not
 * paid yet) and the face value of the cheques still usable. Amounts are integer cents as strings.
 */
import { LEDGER_ACCOUNT_KINDS, type LedgerAccountKind } from '@app/domain';

export type TotalsQuery = (sql: string, parameters?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface SuccessorTotals {
  /** Sum of the postings of each account kind (debit positive, credit negative). */
  ledgerBalanceCents: Record<LedgerAccountKind, string>;
  /** Live redemptions no paid settlement line covers: owed to places, to be paid by the successor. */
  pendingPayable: { redemptions: number; cents: string };
  /** Funded cheques issued or handed out, neither used, expired nor cancelled: the successor must honour them. */
  outstandingCheques: { cheques: number; cents: string };
  /** Settlement lines paid by the old operator, for the record. */
  paidSettlementLines: { lines: number; cents: string };
}

export async function successorTotals(query: TotalsQuery): Promise<SuccessorTotals> {
  const balances = await query(
    `SELECT account_kind::text AS kind, sum(amount_cents)::text AS cents FROM ledger_postings GROUP BY account_kind`,
  );
  const ledgerBalanceCents = Object.fromEntries(LEDGER_ACCOUNT_KINDS.map((kind) => [kind, '0'])) as Record<LedgerAccountKind, string>;
  for (const row of balances) ledgerBalanceCents[row.kind as LedgerAccountKind] = String(row.cents);
  // "Paid" as the ledger check reads it: a paid line of the payee covers the redemption's recording time.
  const [pending] = await query(
    `SELECT count(*)::int AS n, coalesce(sum(r.amount_cents), 0)::text AS cents
       FROM redemptions r
      WHERE r.undone_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM settlement_lines l
                         WHERE l.organisation_id = r.organisation_id AND l.status = 'paid' AND l.covered @> r.recorded_at)`,
  );
  const [outstanding] = await query(
    `SELECT count(*)::int AS n, coalesce(sum(p.face_value_cents), 0)::text AS cents
       FROM cheques c JOIN programmes p ON p.id = c.programme_id
      WHERE p.funded_at IS NOT NULL AND c.status IN ('issued', 'distributed')`,
  );
  const [paid] = await query(
    `SELECT count(*)::int AS n, coalesce(sum(amount_cents), 0)::text AS cents FROM settlement_lines WHERE status = 'paid'`,
  );
  return {
    ledgerBalanceCents,
    pendingPayable: { redemptions: Number(pending.n), cents: String(pending.cents) },
    outstandingCheques: { cheques: Number(outstanding.n), cents: String(outstanding.cents) },
    paidSettlementLines: { lines: Number(paid.n), cents: String(paid.cents) },
  };
}

/** Each figure that differs, as "name: expected → found" (empty when they agree). */
export function totalsDifferences(expected: SuccessorTotals, found: SuccessorTotals): string[] {
  const flat = (totals: SuccessorTotals): Record<string, string> => ({
    ...Object.fromEntries(Object.entries(totals.ledgerBalanceCents).map(([kind, cents]) => [`ledger balance ${kind} (cents)`, cents])),
    'pending payable redemptions': String(totals.pendingPayable.redemptions),
    'pending payable (cents)': totals.pendingPayable.cents,
    'outstanding cheques': String(totals.outstandingCheques.cheques),
    'outstanding cheques (cents)': totals.outstandingCheques.cents,
    'paid settlement lines': String(totals.paidSettlementLines.lines),
    'paid settlement lines (cents)': totals.paidSettlementLines.cents,
  });
  const want = flat(expected);
  const got = flat(found);
  return Object.keys({ ...want, ...got })
    .filter((name) => want[name] !== got[name])
    .map((name) => `${name}: ${want[name] ?? '(none)'} → ${got[name] ?? '(none)'}`);
}
