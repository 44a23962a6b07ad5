/**
 * Where PostgreSQL's time goes during a benchmark phase, statement by statement, from
 * pg_stat_statements. Only with BENCH_STATEMENTS=1 (the extension must be preloaded, which the bench
 * asks of the embedded server through EMBEDDED_POSTGRES_SETTINGS); otherwise every call does nothing.
 */
import { Client } from 'pg';

export const statementStatsWanted = process.env.BENCH_STATEMENTS === '1';

/** Preloads pg_stat_statements in the embedded server the bench is about to start. */
export function preloadStatementStats(): void {
  if (!statementStatsWanted) return;
  const settings = process.env.EMBEDDED_POSTGRES_SETTINGS ?? '';
  process.env.EMBEDDED_POSTGRES_SETTINGS = `${settings} shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all pg_stat_statements.track_planning=on`;
}

/** Forgets what was counted so far (call before the phase to look at). */
export async function resetStatementStats(databaseUrl: string): Promise<void> {
  if (!statementStatsWanted) return;
  await withClient(databaseUrl, async (client) => {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  });
}

/** Prints the statements that took the most time since the reset, per call of the phase's unit. */
export async function printStatementStats(databaseUrl: string, label: string, units: number): Promise<void> {
  if (!statementStatsWanted) return;
  await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ calls: string; total: number; plan: number; query: string }>(
      `SELECT calls, total_exec_time AS total, total_plan_time AS plan, regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'
        ORDER BY total_exec_time + total_plan_time DESC LIMIT 30`,
    );
    const total = rows.reduce((sum, row) => sum + row.total + row.plan, 0);
    console.log(`-- ${label}: PostgreSQL time per unit (${units} units), top statements; their sum ${(total / units).toFixed(3)} ms`);
    for (const row of rows) {
      const perUnit = ((row.total + row.plan) / units).toFixed(3);
      const planned = (row.plan / units).toFixed(3);
      console.log(`${perUnit.padStart(8)} ms (planning ${planned})  ${String(row.calls).padStart(8)} calls  ${row.query.slice(0, 150)}`);
    }
  });
}

async function withClient(databaseUrl: string, work: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
