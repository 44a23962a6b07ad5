/**
 * npm run ledger:check — checks the ledger's invariants against the cheques and redemptions, on
 * DATABASE_URL or the embedded database (the running app's, if `npm start` is up). Prints each
 * invariant; exits 1 naming every failed one with the offending ids and amounts.
 */
import { resolve } from 'node:path';
import { Client } from 'pg';
import { runningEmbeddedServer } from '@app/database';
import { checkLedger, describeLedgerCheck } from '@app/ledger';
import { loadEnvironmentOrExit, startConfiguredDatabase } from './database-cli';

async function main(): Promise<number> {
  const environment = loadEnvironmentOrExit();
  const running = environment.DATABASE_URL ? null : runningEmbeddedServer(resolve(environment.DATA_DIR, 'postgres'));
  const server = running ?? (await startConfiguredDatabase(environment));
  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    const report = await checkLedger(async (sql, parameters) => (await client.query(sql, parameters)).rows);
    const output = describeLedgerCheck(report);
    (report.ok ? process.stdout : process.stderr).write(`${output}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await client.end();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
