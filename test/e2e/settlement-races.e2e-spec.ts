/**
 * Settlement under concurrency and crashes, on real PostgreSQL with the built API as separate
 * processes: two instances asked for the same period at once build one batch; an instance killed
 * (SIGKILL) in the middle of building a large batch leaves nothing, and the build done again after
 * a restart gives the expected lines, with no redemption settled twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateSettlementLoad } from '../../bench/settlement-load';
import {
  apiIsBuilt,
  type ApiProcess,
  freePort,
  loginCookie,
  startApiProcess,
  stopApiProcess,
  waitFor,
  chequeKeysEnv,
} from '../helpers/api-process';
import { DEMO, startTestApp, type TestApp } from '../helpers/test-app';

const CRASH_REDEMPTIONS = Number(process.env.SETTLEMENT_CRASH_REDEMPTIONS ?? 200_000);
const describeBuilt = apiIsBuilt ? describe : describe.skip;

describeBuilt('settlement under races and crashes', () => {
  let testApp: TestApp;
  let admin: Client;
  const processes: ApiProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-settlement-race-'));

  async function startApi(): Promise<{ api: ApiProcess; cookie: string }> {
    const api = await startApiProcess(await freePort(), {
      DATABASE_URL: testApp.databaseUrl,
      DATA_DIR: dataDir,
      // The test app's cheque keys: they are recorded in the database, and other ones refuse to start.
      ...chequeKeysEnv(),
      DEMO_SEED: 'false',
      EXPIRY_JOB_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'error',
    });
    processes.push(api);
    return { api, cookie: await loginCookie(api.baseUrl, DEMO.operatorAdmin) };
  }

  function build(api: ApiProcess, cookie: string, cutOff: string): Promise<Response> {
    return fetch(`${api.baseUrl}/api/settlement/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: api.baseUrl, cookie, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ cutOff }),
    });
  }

  async function databaseNow(): Promise<string> {
    return ((await admin.query('SELECT clock_timestamp() AS now')).rows[0].now as Date).toISOString();
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = new Client({ connectionString: testApp.databaseUrl });
    await admin.connect();
  });
  afterAll(async () => {
    for (const api of processes) await stopApiProcess(api);
    await admin?.end();
    await testApp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds one batch when two API instances are asked for the same period at the same time', async () => {
    const { organisationIds } = await generateSettlementLoad(admin, {
      payees: 20,
      redemptions: 2_000,
      label: 'Lieu concurrent',
      withCheques: true,
    });
    const [first, second] = [await startApi(), await startApi()];
    const cutOff = await databaseNow();
    const answers = await Promise.all([build(first.api, first.cookie, cutOff), build(second.api, second.cookie, cutOff)]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as Array<{ id: string }>;
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    expect(bodies[0].id).toBe(bodies[1].id);
    const batches = await admin.query('SELECT count(*)::int AS n FROM settlement_batches WHERE cut_off = $1', [cutOff]);
    expect(batches.rows[0].n).toBe(1);
    const lines = await admin.query('SELECT count(*)::int AS n FROM settlement_lines WHERE organisation_id = ANY($1)', [organisationIds]);
    expect(lines.rows[0].n).toBe(20);
  });

  it('leaves nothing behind when the API is killed in the middle of a build, and builds the same again after a restart', async () => {
    const { organisationIds } = await generateSettlementLoad(admin, {
      payees: 500,
      redemptions: CRASH_REDEMPTIONS,
      label: 'Lieu crash',
      withCheques: true,
    });
    const expected = (
      await admin.query(
        `SELECT organisation_id, sum(amount_cents)::text AS amount_cents, count(*)::int AS redemption_count
           FROM redemptions WHERE organisation_id = ANY($1) GROUP BY 1 ORDER BY 1`,
        [organisationIds],
      )
    ).rows;
    const cutOff = await databaseNow();
    const victim = await startApi();
    const pending = build(victim.api, victim.cookie, cutOff).catch((error: unknown) => error);
    // The build's statement is running in PostgreSQL: kill the API process there and then.
    const pid = await waitFor(async () => {
      const rows = (
        await admin.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND state = 'active'
              AND query LIKE 'SELECT r.organisation_id,%FROM redemptions GROUP BY organisation_id) AS r%'`,
        )
      ).rows;
      return rows[0]?.pid as number | undefined;
    }, 30_000);
    victim.api.process.kill('SIGKILL');
    // The client sees the connection drop, never an answer.
    expect(String(await pending)).toMatch(/fetch failed/);
    // PostgreSQL notices the lost client and rolls the transaction back.
    await waitFor(async () => {
      const rows = (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rows;
      return rows.length === 0 ? true : undefined;
    }, 60_000);
    expect((await admin.query('SELECT count(*)::int AS n FROM settlement_batches WHERE cut_off = $1', [cutOff])).rows[0].n).toBe(0);
    expect(
      (await admin.query('SELECT count(*)::int AS n FROM settlement_lines WHERE organisation_id = ANY($1)', [organisationIds])).rows[0].n,
    ).toBe(0);

    const restarted = await startApi();
    const answer = await build(restarted.api, restarted.cookie, cutOff);
    expect(answer.status).toBe(201);
    const lines = (
      await admin.query(
        `SELECT organisation_id, amount_cents::text, redemption_count FROM settlement_lines WHERE organisation_id = ANY($1) ORDER BY 1`,
        [organisationIds],
      )
    ).rows;
    expect(lines).toEqual(expected);
    // Every generated redemption is in exactly one line the bank has not rejected: none twice, none left out.
    const coverage = (
      await admin.query(
        `SELECT count(*) FILTER (WHERE n = 0)::int AS missing, count(*) FILTER (WHERE n > 1)::int AS twice
           FROM (SELECT (SELECT count(*) FROM settlement_lines l
                          WHERE l.organisation_id = r.organisation_id AND l.status IN ('pending', 'paid') AND l.covered @> r.recorded_at) AS n
                   FROM redemptions r WHERE r.organisation_id = ANY($1)) AS per_redemption`,
        [organisationIds],
      )
    ).rows[0];
    expect(coverage).toEqual({ missing: 0, twice: 0 });
    // Generating and building 200,000 redemptions twice took over 120 s with the whole suite on 2 busy cores.
  }, 300_000);
});
