/**
 * The ledger's invariants, checked against the business tables they mirror. Used by
 * `npm run ledger:check`, `GET /api/ledger/check` and after every e2e test file.
 *
 * Unlike the rest of the platform, this reads other libs' tables (cheques, programmes, redemptions,
 * redemption_cheques) directly and read-only: a reconciliation must compare the ledger with the facts
 * as stored, not as another service chooses to present them, and it must run from a bare database
 * connection (the CLI, the test hook) without the application around it.
 */
import { LIABILITIES_AT_SQL } from './ledger-liabilities';

export type LedgerCheckQuery = (sql: string, parameters?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export const LEDGER_INVARIANTS = [
  'postings_sum_to_zero',
  'entries_balanced',
  'programme_outstanding',
  'place_payable',
  'funder_not_in_debit',
  'redeemed_cheques_booked',
  'redemptions_settled_at_most_once',
  'settlement_lines_match_redemptions',
  'settlement_lines_booked',
  'held_redemptions_unpaid',
  'coverage_liabilities',
] as const;
export type LedgerInvariant = (typeof LEDGER_INVARIANTS)[number];

export interface LedgerInvariantResult {
  invariant: LedgerInvariant;
  ok: boolean;
  /** What it says, in one line. */
  description: string;
  /** The offending rows (ids and amounts), at most OFFENDERS_SHOWN. */
  offenders: Array<Record<string, unknown>>;
  offenderCount: number;
}

export interface LedgerCheckReport {
  ok: boolean;
  checkedAt: string;
  entries: number;
  postings: number;
  invariants: LedgerInvariantResult[];
}

const OFFENDERS_SHOWN = 20;

/** Coverage days re-checked against the ledger: enough for the month the open data publishes, bounded in time. */
const COVERAGE_DAYS_CHECKED = 40;

const CHECKS: Record<LedgerInvariant, { description: string; sql: string }> = {
  postings_sum_to_zero: {
    description: 'the sum of all postings is zero',
    sql: `SELECT sum(amount_cents)::text AS total_cents FROM ledger_postings HAVING sum(amount_cents) <> 0`,
  },
  entries_balanced: {
    description: "every entry's postings sum to zero (and an entry has postings)",
    sql: `SELECT e.id AS entry_id, e.kind, e.source, coalesce(sum(p.amount_cents), 0)::text AS total_cents, count(p.id)::int AS postings
            FROM ledger_entries e LEFT JOIN ledger_postings p ON p.entry_id = e.id
           GROUP BY e.id HAVING coalesce(sum(p.amount_cents), 0) <> 0 OR count(p.id) = 0
           ORDER BY e.id`,
  },
  programme_outstanding: {
    description: 'outstanding per programme = face value of its funded cheques not redeemed, expired or cancelled (issued or distributed)',
    sql: `WITH expected AS (
            SELECT c.programme_id, coalesce(sum(p.face_value_cents) FILTER (WHERE c.status IN ('issued', 'distributed')), 0) AS cents
              FROM cheques c JOIN programmes p ON p.id = c.programme_id
             WHERE p.funded_at IS NOT NULL
             GROUP BY c.programme_id
          ), booked AS (
            SELECT account_ref AS programme_id, -sum(amount_cents) AS cents
              FROM ledger_postings WHERE account_kind = 'programme_outstanding' GROUP BY account_ref
          )
          SELECT programme_id, coalesce(e.cents, 0)::text AS expected_cents, coalesce(b.cents, 0)::text AS booked_cents
            FROM expected e FULL JOIN booked b USING (programme_id)
           WHERE coalesce(e.cents, 0) <> coalesce(b.cents, 0)
           ORDER BY programme_id`,
  },
  place_payable: {
    description: 'payable per place organisation = its live (not undone) redemptions not yet paid',
    sql: `WITH expected AS (
            SELECT r.organisation_id, sum(r.amount_cents) AS cents
              FROM redemptions r
             WHERE r.undone_at IS NULL
               -- paid: a paid line covers its recording time (see libs/settlement)
               AND NOT EXISTS (SELECT 1 FROM settlement_lines l
                                WHERE l.organisation_id = r.organisation_id AND l.status = 'paid' AND l.covered @> r.recorded_at)
             GROUP BY r.organisation_id
          ), booked AS (
            SELECT account_ref AS organisation_id, -sum(amount_cents) AS cents
              FROM ledger_postings WHERE account_kind = 'place_payable' GROUP BY account_ref
          )
          SELECT organisation_id, coalesce(e.cents, 0)::text AS expected_cents, coalesce(b.cents, 0)::text AS booked_cents
            FROM expected e FULL JOIN booked b USING (organisation_id)
           WHERE coalesce(e.cents, 0) <> coalesce(b.cents, 0)
           ORDER BY organisation_id`,
  },
  funder_not_in_debit: {
    description: 'no funder was refunded more than it was owed (funder balances are never in debit)',
    sql: `SELECT account_ref AS funder_organisation_id, sum(amount_cents)::text AS balance_cents
            FROM ledger_postings WHERE account_kind = 'funder'
           GROUP BY account_ref HAVING sum(amount_cents) > 0 ORDER BY account_ref`,
  },
  redeemed_cheques_booked: {
    description:
      'every live redeemed (or settled) cheque is in one live redemption, booked by exactly one redemption entry for its value and payee; undone ones are reversed',
    sql: `WITH unbooked_cheques AS (
            SELECT 'cheque without a live redemption' AS problem, c.id::text AS id, NULL::text AS programme_id, NULL::text AS expected_cents, NULL::text AS booked_cents
              FROM cheques c
             WHERE c.status IN ('redeemed', 'settled')
               AND NOT EXISTS (SELECT 1 FROM redemption_cheques rc WHERE rc.cheque_id = c.id AND rc.released_at IS NULL)
          ), released_still_spent AS (
            SELECT 'live redemption line of a cheque not redeemed' AS problem, rc.cheque_id::text, rc.programme_id::text, NULL, NULL
              FROM redemption_cheques rc JOIN cheques c ON c.id = rc.cheque_id
             WHERE rc.released_at IS NULL AND c.status NOT IN ('redeemed', 'settled')
          ), entry_counts AS (
            SELECT CASE WHEN r.undone_at IS NULL THEN 'live redemption not booked exactly once' ELSE 'undone redemption not reversed' END,
                   r.id::text, NULL, count(e.id) FILTER (WHERE e.kind = 'redemption')::text, count(e.id) FILTER (WHERE e.kind = 'redemption_undone')::text
              FROM redemptions r
              LEFT JOIN ledger_entries e ON e.source = r.id::text AND e.kind IN ('redemption', 'redemption_undone')
             GROUP BY r.id
            HAVING (r.undone_at IS NULL AND (count(e.id) FILTER (WHERE e.kind = 'redemption') <> 1 OR count(e.id) FILTER (WHERE e.kind = 'redemption_undone') <> 0))
                OR (r.undone_at IS NOT NULL AND count(e.id) FILTER (WHERE e.kind = 'redemption') <> count(e.id) FILTER (WHERE e.kind = 'redemption_undone'))
          ), lines AS (
            SELECT rc.redemption_id, rc.programme_id, sum(rc.face_value_cents) AS cents
              FROM redemption_cheques rc JOIN redemptions r ON r.id = rc.redemption_id
             WHERE r.undone_at IS NULL GROUP BY rc.redemption_id, rc.programme_id
          ), booked AS (
            SELECT e.source::uuid AS redemption_id, p.account_ref AS programme_id, sum(p.amount_cents) AS cents
              FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id
             WHERE e.kind IN ('redemption', 'redemption_undone') AND p.account_kind = 'programme_outstanding'
             GROUP BY e.source, p.account_ref
          ), amounts AS (
            SELECT 'redemption value per programme differs from its entry', redemption_id::text, programme_id::text,
                   coalesce(l.cents, 0)::text, coalesce(b.cents, 0)::text
              FROM lines l FULL JOIN booked b USING (redemption_id, programme_id)
             WHERE coalesce(l.cents, 0) <> coalesce(b.cents, 0)
          ), payees AS (
            SELECT 'redemption entry pays another organisation or amount', r.id::text, p.account_ref::text, (-r.amount_cents)::text, p.amount_cents::text
              FROM redemptions r
              JOIN ledger_entries e ON e.kind = 'redemption' AND e.source = r.id::text
              JOIN ledger_postings p ON p.entry_id = e.id AND p.account_kind = 'place_payable'
             WHERE p.account_ref <> r.organisation_id OR p.amount_cents <> -r.amount_cents
          )
          SELECT * FROM unbooked_cheques UNION ALL SELECT * FROM released_still_spent UNION ALL SELECT * FROM entry_counts
          UNION ALL SELECT * FROM amounts UNION ALL SELECT * FROM payees
          ORDER BY 1, 2`,
  },
  redemptions_settled_at_most_once: {
    description: 'every live redemption is covered by at most one live settlement line (pending or paid: not rejected, not cancelled)',
    sql: `SELECT r.id AS redemption_id, count(*)::text AS lines
            FROM redemptions r
            JOIN settlement_lines l ON l.organisation_id = r.organisation_id AND l.status IN ('pending', 'paid') AND l.covered @> r.recorded_at
           WHERE r.undone_at IS NULL
           GROUP BY r.id HAVING count(*) > 1 ORDER BY r.id`,
  },
  settlement_lines_match_redemptions: {
    // A settlement build subtracts live lines' own sums from what their payee has recorded (see libs/settlement).
    description: "a live settlement line's amount, redemptions and cheques are those of the live redemptions in its covered time",
    sql: `SELECT l.id AS line_id, l.organisation_id, l.amount_cents::text AS line_cents, coalesce(sum(r.amount_cents), 0)::text AS redemptions_cents,
                 l.redemption_count AS line_redemptions, count(r.id)::int AS redemptions,
                 l.cheque_count AS line_cheques, coalesce(sum(r.cheque_count), 0)::int AS cheques
            FROM settlement_lines l
            LEFT JOIN redemptions r ON r.organisation_id = l.organisation_id AND r.undone_at IS NULL
                  AND r.recorded_at < upper(l.covered) AND (lower(l.covered) IS NULL OR r.recorded_at >= lower(l.covered))
                  AND l.covered @> r.recorded_at
           WHERE l.status IN ('pending', 'paid')
           GROUP BY l.id
          HAVING l.amount_cents <> coalesce(sum(r.amount_cents), 0) OR l.redemption_count <> count(r.id)
              OR l.cheque_count <> coalesce(sum(r.cheque_count), 0)
           ORDER BY l.id`,
  },
  settlement_lines_booked: {
    description:
      'a paid settlement line is booked once for its amount (payable → bank); a pending, rejected or cancelled one leaves nothing on the bank',
    sql: `WITH booked AS (
            SELECT e.source AS line_id, -sum(p.amount_cents) AS cents
              FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id AND p.account_kind = 'bank'
             WHERE e.kind IN ('settlement_paid', 'settlement_rejected')
             GROUP BY e.source
          ), expected AS (
            SELECT l.id::text AS line_id, CASE WHEN l.status = 'paid' THEN l.amount_cents ELSE 0 END AS cents FROM settlement_lines l
          )
          SELECT line_id, coalesce(e.cents, 0)::text AS expected_cents, coalesce(b.cents, 0)::text AS booked_cents
            FROM expected e FULL JOIN booked b USING (line_id)
           WHERE coalesce(e.cents, 0) <> coalesce(b.cents, 0)
           ORDER BY line_id`,
  },
  held_redemptions_unpaid: {
    // Anomaly holds (docs/anomaly-holds.md): what is held is in no batch; what was refused is voided.
    description:
      'no redemption held for review (or whose refusal awaits its second operator) is in a live settlement line; every refused one is undone',
    sql: `SELECT h.id AS hold_id, h.redemption_id, h.status::text,
                 CASE WHEN h.status = 'rejected' THEN 'refused but not undone' ELSE 'held but in a live line' END AS problem
            FROM redemption_holds h JOIN redemptions r ON r.id = h.redemption_id
           WHERE (h.status IN ('held', 'rejection_proposed') AND r.undone_at IS NULL
                  AND EXISTS (SELECT 1 FROM settlement_lines l WHERE l.organisation_id = r.organisation_id
                                AND l.status IN ('pending', 'paid') AND l.covered @> r.recorded_at))
              OR (h.status = 'rejected' AND r.undone_at IS NULL)
           ORDER BY h.id`,
  },
  coverage_liabilities: {
    // The coverage's own query (ledger-liabilities.ts) at each day's instant, against that day's stored figures.
    description: `the liabilities each funds coverage day stored (the last ${COVERAGE_DAYS_CHECKED} days) equal the ledger's balances at its instant`,
    sql: `SELECT d.day::text AS day, d.outstanding_cents::text AS stored_outstanding, (-l.programme_outstanding::bigint)::text AS ledger_outstanding,
                 d.place_payable_cents::text AS stored_payable, (-l.place_payable::bigint)::text AS ledger_payable,
                 d.funder_credits_cents::text AS stored_funder_credits, (-l.funder::bigint)::text AS ledger_funder_credits,
                 d.liabilities_cents::text AS stored_liabilities
            FROM (SELECT * FROM coverage_days ORDER BY day DESC LIMIT ${COVERAGE_DAYS_CHECKED}) d
            CROSS JOIN LATERAL (${LIABILITIES_AT_SQL.replace('$1', 'd.liabilities_at')}) l
           WHERE d.outstanding_cents <> -l.programme_outstanding::bigint OR d.place_payable_cents <> -l.place_payable::bigint
              OR d.funder_credits_cents <> -l.funder::bigint
              OR d.liabilities_cents <> d.outstanding_cents + d.place_payable_cents + d.funder_credits_cents
           ORDER BY d.day`,
  },
};

export async function checkLedger(query: LedgerCheckQuery, now: Date = new Date()): Promise<LedgerCheckReport> {
  const invariants: LedgerInvariantResult[] = [];
  for (const invariant of LEDGER_INVARIANTS) {
    const { description, sql } = CHECKS[invariant];
    const rows = await query(sql);
    invariants.push({
      invariant,
      ok: rows.length === 0,
      description,
      offenders: rows.slice(0, OFFENDERS_SHOWN),
      offenderCount: rows.length,
    });
  }
  const [counts] = await query(
    'SELECT (SELECT count(*) FROM ledger_entries)::int AS entries, (SELECT count(*) FROM ledger_postings)::int AS postings',
  );
  return {
    ok: invariants.every((result) => result.ok),
    checkedAt: now.toISOString(),
    entries: Number(counts.entries),
    postings: Number(counts.postings),
    invariants,
  };
}

/** The report as lines for a terminal or a test failure: each failed invariant named with its offenders. */
export function describeLedgerCheck(report: LedgerCheckReport): string {
  const lines = [`ledger check: ${report.ok ? 'OK' : 'FAILED'} (${report.entries} entries, ${report.postings} postings)`];
  for (const result of report.invariants) {
    lines.push(`  ${result.ok ? 'ok  ' : 'FAIL'} ${result.invariant}: ${result.description}`);
    for (const offender of result.offenders) lines.push(`         ${JSON.stringify(offender)}`);
    if (result.offenderCount > result.offenders.length) lines.push(`         … and ${result.offenderCount - result.offenders.length} more`);
  }
  return lines.join('\n');
}
