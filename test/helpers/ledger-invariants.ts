/**
 * The ledger check after every e2e test file: each database a file creates is checked before it is
 * dropped (and, if still there, when the file ends); a failed invariant fails the file, named.
 */
import { Client } from 'pg';
import { checkLedger, describeLedgerCheck } from '@app/ledger';

const failures: string[] = [];
const checked = new Set<string>();

/** Runs the check on this database (once; skipped when it has no ledger yet, e.g. a half-migrated one). */
export async function checkLedgerOf(url: string): Promise<void> {
  if (checked.has(url)) return;
  checked.add(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ ledger }] = (await client.query("SELECT to_regclass('ledger_postings') IS NOT NULL AS ledger")).rows;
    if (!ledger) return;
    const report = await checkLedger(async (sql, parameters) => (await client.query(sql, parameters)).rows);
    if (!report.ok) failures.push(`${new URL(url).pathname.slice(1)}:\n${describeLedgerCheck(report)}`);
  } finally {
    await client.end();
  }
}

export function ledgerFailures(): string[] {
  return failures;
}

/** Tests that break the ledger on purpose (to see the check catch it) take their database off the list. */
export function skipLedgerCheckOf(url: string): void {
  checked.add(url);
}
