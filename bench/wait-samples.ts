/**
 * What PostgreSQL's backends are doing during a benchmark phase: pg_stat_activity sampled every few
 * milliseconds, counted by state, wait event and statement. Only with BENCH_WAITS=1; otherwise
 * every call does nothing. A backend "active" with no wait event is running; anything else it
 * waits for (a lock, a buffer, the client) shows by name.
 */
import { Client } from 'pg';

const wanted = process.env.BENCH_WAITS === '1';
const EVERY_MS = 3;

/** Starts sampling; the returned function stops it and prints what was seen. */
export async function startWaitSamples(databaseUrl: string, label: string): Promise<() => Promise<void>> {
  if (!wanted) return async () => undefined;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const counts = new Map<string, number>();
  // The samples where the most backends were busy (not waiting for the API): what a stall looks like.
  const busiest: Array<{ at: number; busy: number; what: string[] }> = [];
  const started = Date.now();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ what: string }>(
        `SELECT state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'running') || ' ' ||
                left(regexp_replace(coalesce(query, ''), '\\s+', ' ', 'g'), 60) AS what
           FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
            AND state <> 'idle'`,
      );
      samples += 1;
      for (const { what } of rows) counts.set(what, (counts.get(what) ?? 0) + 1);
      const busy = rows.filter(({ what }) => !what.includes('Client:ClientRead'));
      busiest.push({ at: Date.now() - started, busy: busy.length, what: busy.map(({ what }) => what) });
      busiest.sort((a, b) => b.busy - a.busy);
      busiest.splice(3);
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await client.end();
    console.log(`-- ${label}: backends not idle, average per sample over ${samples} samples`);
    for (const [what, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
      console.log(`${(count / samples).toFixed(3).padStart(8)}  ${what}`);
    }
    for (const sample of busiest) {
      console.log(`   busiest sample, ${sample.at} ms in: ${sample.busy} backends busy`);
      const kinds = new Map<string, number>();
      for (const what of sample.what) kinds.set(what, (kinds.get(what) ?? 0) + 1);
      for (const [what, count] of kinds) console.log(`      ${count} × ${what}`);
    }
  };
}
