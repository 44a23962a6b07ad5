/**
 * Redemption, the money path:
 * - throughput of POST /api/redemptions over HTTP (signed-in place agent, a distinct cheque and
 *   Idempotency-Key per request, audit) against a baseline in the same run: the same statements
 *   (guarded cheque UPDATE, redemption and line INSERTs, audit INSERT) sent straight to PostgreSQL
 *   from node-postgres with 16 connections, in alternating slices; goal ratio ≥ 0.5;
 * - latency at 500 requests per second evenly spaced (goal p99 ≤ 50 ms; bench/open-loop.ts says why
 *   not autocannon's rate mode, still printed for comparison);
 * - races: 200 cheques × 50 simultaneous attempts; goal 0 double spends.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { startDatabaseServer } from '@app/database';
import { generateChequeCode, hashChequeCode } from '@app/domain';
import { benchLogin, startBenchApi } from './bench-api';
import { type CountedProcess, postmasterPid, startCpuCount } from './cpu-usage';
import { openLoopLatency } from './open-loop';
import { startWaitSamples } from './wait-samples';
import { preloadStatementStats, printStatementStats, resetStatementStats } from './statement-stats';

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
// The throughput measure alternates HTTP and direct slices of this length, this many times.
const ROUNDS = 3;
const SLICE_SECONDS = Math.max(1, Math.round(DURATION_SECONDS / 3));
const FIXED_RATE = 500;
const RACE_CHEQUES = Number(process.env.BENCH_RACE_CHEQUES ?? 200);
const RACE_ATTEMPTS = 50;
const CHEQUES_PER_BOOKLET = 50;

export async function redemptionBenchmark(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-bench-redemption-'));
  chmodSync(dataDir, 0o755);
  preloadStatementStats();
  const database = await startDatabaseServer({ embeddedDataDir: join(dataDir, 'postgres'), persistent: false });
  // The background jobs (reporting rollups, expiry) would otherwise run during the measures, on the
  // bench's 120,000 cheques: they have their own benchmark.
  const api = await startBenchApi(database.url, dataDir, { REPORTING_REFRESH_MINUTES: '0', EXPIRY_JOB_INTERVAL_MINUTES: '0' });
  try {
    const cookie = await benchLogin(api.baseUrl, 'mediateur@mediatheque.example');
    const context = await benchContext(database.url);
    // Enough cheques for every phase (HTTP runs consume at most a few thousand each), all loaded
    // before any measure so that no bulk load (nor the vacuum it calls for) falls inside one.
    const httpCodes = await insertDistributedCheques(database.url, context, 60_000);
    const directCodes = await insertDistributedCheques(database.url, context, 60_000);
    await vacuumLoadedCheques(database.url);
    let next = 0;
    const take = (): string => {
      if (next >= httpCodes.length) throw new Error('bench ran out of cheques: raise the count');
      return httpCodes[next++];
    };

    // Each request: a cheque not used yet, a new Idempotency-Key.
    const requests: autocannon.Request[] = [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/json', origin: api.baseUrl, cookie, 'idempotency-key': randomUUID() },
          body: JSON.stringify({ cheques: [take()], serviceId: context.serviceId }),
        }),
      },
    ];

    const postgres = { pid: postmasterPid(join(dataDir, 'postgres')), children: true };
    // Warm-up, not measured: the API's code optimised, each pooled connection's statements prepared.
    await autocannon({ url: `${api.baseUrl}/api/redemptions`, connections: CONNECTIONS, duration: 2, requests });
    // 1. Latency at a fixed rate: requests evenly spaced (the goal), and autocannon's rate mode for comparison.
    const steadyWaits = await startWaitSamples(database.url, 'open loop');
    const steady = await openLoopLatency({
      url: `${api.baseUrl}/api/redemptions`,
      rate: FIXED_RATE,
      seconds: DURATION_SECONDS,
      nextRequest: () => ({
        headers: { 'content-type': 'application/json', origin: api.baseUrl, cookie, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ cheques: [take()], serviceId: context.serviceId }),
      }),
    });
    await steadyWaits();
    console.log(
      `at ${FIXED_RATE} req/s evenly spaced (open loop, from each request's due time): p50 ${steady.p50.toFixed(1)} ms, p99 ${steady.p99.toFixed(1)} ms (goal p99 ≤ 50 ms), max ${steady.max.toFixed(0)} ms, ${steady.sent} sent, failed ${steady.failed}`,
    );
    const fixed = await autocannon({
      url: `${api.baseUrl}/api/redemptions`,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      overallRate: FIXED_RATE,
      requests,
    });
    console.log(
      `autocannon -R ${FIXED_RATE} (each connection sends its share of the second at once): ${fixed.requests.average.toFixed(0)} req/s served, p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms non-2xx ${fixed.non2xx + fixed.errors}`,
    );

    // 2. Throughput: HTTP vs the same statements straight to PostgreSQL, in alternating slices so
    // that a machine whose speed drifts (shared hosts do) weighs on both sides alike; and what each
    // redemption costs in processor time. The anchor's fast updates may set autovacuum going: the
    // latency measures ran before.
    const http = {
      done: 0,
      seconds: 0,
      failed: 0,
      cpu: { server: 0, postgres: 0, loadGenerator: 0 },
      p50: [] as number[],
      p99: [] as number[],
    };
    const direct = { done: 0, seconds: 0, cpu: { client: 0, postgres: 0 } };
    const httpWaits = await startWaitSamples(database.url, 'HTTP and direct');
    for (let round = 0; round < ROUNDS; round++) {
      // PostgreSQL's time per statement (BENCH_STATEMENTS=1) from the first slice of each.
      if (round === 0) await resetStatementStats(database.url);
      const httpCpu = startCpuCount({ server: { pid: api.pid }, postgres, loadGenerator: { pid: process.pid } });
      const slice = await autocannon({
        url: `${api.baseUrl}/api/redemptions`,
        connections: CONNECTIONS,
        duration: SLICE_SECONDS,
        requests,
      });
      const spent = httpCpu();
      http.done += slice['2xx'];
      http.seconds += slice.duration;
      http.failed += slice.non2xx + slice.errors;
      http.cpu.server += spent.server;
      http.cpu.postgres += spent.postgres;
      http.cpu.loadGenerator += spent.loadGenerator;
      http.p50.push(slice.latency.p50);
      http.p99.push(slice.latency.p99);
      if (round === 0) {
        await printStatementStats(database.url, 'HTTP', slice['2xx']);
        await resetStatementStats(database.url);
      }
      const baseline = await directBaseline(database.url, context, directCodes, postgres, SLICE_SECONDS);
      direct.done += baseline.done;
      direct.seconds += baseline.seconds;
      direct.cpu.client += baseline.cpu.client;
      direct.cpu.postgres += baseline.cpu.postgres;
      if (round === 0) await printStatementStats(database.url, 'direct', baseline.done);
    }
    await httpWaits();
    const httpRate = http.done / http.seconds;
    const directRate = direct.done / direct.seconds;
    console.log(
      `POST /api/redemptions (HTTP)              ${httpRate.toFixed(0).padStart(7)} redemptions/s  p50 ${http.p50.join('/')} ms  p99 ${http.p99.join('/')} ms (per slice)  non-2xx ${http.failed}`,
    );
    console.log(
      `same SQL, node-postgres, 16 connections  ${directRate.toFixed(0).padStart(7)} redemptions/s (anchor; ${ROUNDS} slices of each, alternating)`,
    );
    console.log(`redemption HTTP / direct SQL ratio: ${(httpRate / directRate).toFixed(2)} (goal ≥ 0.5)`);
    // On a machine shared with other work the rates above swing; processor time per redemption much less.
    const perRedemption = (seconds: number, count: number): string => ((seconds * 1000) / count).toFixed(2);
    const httpTotal = http.cpu.server + http.cpu.postgres;
    const directTotal = direct.cpu.client + direct.cpu.postgres;
    console.log(
      `processor time per redemption: HTTP ${perRedemption(httpTotal, http.done)} ms (API ${perRedemption(http.cpu.server, http.done)} + PostgreSQL ${perRedemption(http.cpu.postgres, http.done)}), direct ${perRedemption(directTotal, direct.done)} ms (client ${perRedemption(direct.cpu.client, direct.done)} + PostgreSQL ${perRedemption(direct.cpu.postgres, direct.done)})`,
    );
    // autocannon runs in this process, on the same two processors: its share is not in the HTTP figure above.
    console.log(`load generator (autocannon, this process): ${perRedemption(http.cpu.loadGenerator, http.done)} ms per HTTP redemption`);
    console.log(
      `redemption direct / HTTP processor time ratio: ${(directTotal / direct.done / (httpTotal / http.done)).toFixed(2)} (the throughput ratio when processors are the limit)`,
    );

    // 4. Races.
    const race = await raceOverHttp(api.baseUrl, cookie, context.serviceId, Array.from({ length: RACE_CHEQUES }, take));
    console.log(
      `race: ${race.attempts} attempts on ${RACE_CHEQUES} cheques (${RACE_ATTEMPTS} each, at once): ${race.winners} winners, ${race.doubleSpends} double spends (goal 0), ${race.unexpected} unexpected answers`,
    );
  } finally {
    await api.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface BenchContext {
  programmeId: string;
  placeId: string;
  organisationId: string;
  serviceId: string;
  agentUserId: string;
}

async function benchContext(databaseUrl: string): Promise<BenchContext> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      place_id: string;
      organisation_id: string;
      service_id: string;
      user_id: string;
      funder_id: string;
    }>(
      `SELECT p.id AS place_id, p.organisation_id, e.id AS service_id, u.id AS user_id,
              (SELECT id FROM organisations WHERE kind = 'funder' ORDER BY name LIMIT 1) AS funder_id
         FROM places p JOIN catalogue_entries e ON e.place_id = p.id AND e.retired_at IS NULL AND e.price_in_cheques = 1
         JOIN users u ON u.email = 'mediateur@mediatheque.example'
        WHERE p.nom = 'Médiathèque Flora Tristan' LIMIT 1`,
    );
    const [row] = rows;
    const programme = await client.query<{ id: string }>(
      `INSERT INTO programmes (code, funder_organisation_id, name, status, face_value_cents, cheques_per_booklet, booklet_count,
                               valid_from, valid_until, grace_days, territory_codes, eligible_services, created_by_user_id,
                               funding_amount_cents, funding_received_on, funding_reference, operator_fee_basis_points)
       VALUES ('BNCH', $1, 'Banc d''essai', 'active', 1000, $2, 1, current_date - 30, current_date + 300, 30, '{}', '{}', $3,
               0, current_date, 'BENCH', 0)
       RETURNING id`,
      [row.funder_id, CHEQUES_PER_BOOKLET, row.user_id],
    );
    return {
      programmeId: programme.rows[0].id,
      placeId: row.place_id,
      organisationId: row.organisation_id,
      serviceId: row.service_id,
      agentUserId: row.user_id,
    };
  } finally {
    await client.end();
  }
}

/** `count` cheques in people's hands (booklets of 50), with codes the bench knows; answers the codes. */
async function insertDistributedCheques(databaseUrl: string, context: BenchContext, count: number): Promise<string[]> {
  const codes = Array.from({ length: count }, () => generateChequeCode());
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [{ first }] = (
      await client.query<{ first: number }>('SELECT coalesce(max(number), 0) + 1 AS first FROM booklets WHERE programme_id = $1', [
        context.programmeId,
      ])
    ).rows;
    const booklets = Math.ceil(count / CHEQUES_PER_BOOKLET);
    await client.query(
      `INSERT INTO booklets (programme_id, number, serial)
       SELECT $1, n, 'BNCH-' || lpad(n::text, 6, '0') FROM generate_series($2::int, $3::int) AS n`,
      [context.programmeId, first, first + booklets - 1],
    );
    await client.query('UPDATE programmes SET booklet_count = $2 WHERE id = $1', [context.programmeId, first + booklets - 1]);
    for (let start = 0; start < count; start += 10_000) {
      const slice = codes.slice(start, start + 10_000);
      await client.query(
        `INSERT INTO cheques (programme_id, booklet_id, position, code_hash, code_ciphertext, signature, signing_key_id, status, distributed_at)
         SELECT $1, b.id, ((i - 1) % $4) + 1, h, $5, $6, 'bench', 'distributed', now()
           FROM unnest($2::bytea[]) WITH ORDINALITY AS c(h, i)
           JOIN booklets b ON b.programme_id = $1 AND b.number = $3 + (($7 + i - 1) / $4)`,
        [
          context.programmeId,
          slice.map((code) => hashChequeCode(code)),
          first,
          CHEQUES_PER_BOOKLET,
          randomBytes(40),
          Buffer.alloc(64),
          start,
        ],
      );
    }
  } finally {
    await client.end();
  }
  return codes;
}

/**
 * What autovacuum does soon after a real issue of cheques: without statistics the planner takes the
 * fresh cheques table for a tiny one and scans it whole (a plan that prepared statements then
 * keep), and the vacuum the inserts call for would otherwise run during a measure.
 */
/** As autovacuum would after a bulk load, then a checkpoint. */
async function vacuumLoadedCheques(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE) cheques, booklets');
    // The load's pages written out now rather than by a checkpoint during a measure.
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

/**
 * The anchor: what a redemption costs PostgreSQL itself — the guarded UPDATE, the redemption and
 * line INSERTs and the audit INSERT in one transaction — from 16 connections for the same duration.
 */
async function directBaseline(
  databaseUrl: string,
  context: BenchContext,
  codes: string[],
  postgres: CountedProcess,
  seconds: number,
): Promise<{ seconds: number; done: number; cpu: Record<'client' | 'postgres', number> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  let done = 0;
  const deadline = Date.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline) {
        const code = codes.pop();
        if (code === undefined) throw new Error('bench ran out of cheques for the anchor: raise the count');
        const id = randomUUID();
        await client.query('BEGIN');
        const spent = await client.query<{ id: string; face_value_cents: number }>(
          `UPDATE cheques c SET status = 'redeemed' FROM programmes p
            WHERE c.code_hash = $1 AND c.status = 'distributed' AND p.id = c.programme_id AND p.status = 'active'
            RETURNING c.id, p.face_value_cents`,
          [hashChequeCode(code)],
        );
        await client.query(
          `INSERT INTO redemptions (id, organisation_id, place_id, catalogue_entry_id, cheque_count, amount_cents, channel, occurred_at, recorded_at, agent_user_id)
           VALUES ($1, $2, $3, $4, 1, $5, 'online', now(), now(), $6)`,
          [id, context.organisationId, context.placeId, context.serviceId, spent.rows[0].face_value_cents, context.agentUserId],
        );
        await client.query(
          `INSERT INTO redemption_cheques (redemption_id, cheque_id, programme_id, face_value_cents, masked_code) VALUES ($1, $2, $3, $4, $5)`,
          [id, spent.rows[0].id, context.programmeId, spent.rows[0].face_value_cents, code.slice(-5)],
        );
        await client.query(
          `INSERT INTO audit_events (actor_type, actor_user_id, organisation_id, action, object_type, object_id, changes)
           VALUES ('user', $1, $2, 'redemption.created', 'redemption', $3, $4)`,
          [context.agentUserId, context.organisationId, id, { chequeIds: [spent.rows[0].id] }],
        );
        await client.query('COMMIT');
        done++;
      }
    } finally {
      client.release();
    }
  };
  const started = Date.now();
  const cpu = startCpuCount({ client: { pid: process.pid }, postgres });
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (Date.now() - started) / 1000;
  const spent = cpu();
  await pool.end();
  return { seconds: elapsed, done, cpu: { client: spent.client, postgres: spent.postgres } };
}

async function raceOverHttp(
  baseUrl: string,
  cookie: string,
  serviceId: string,
  codes: string[],
): Promise<{ attempts: number; winners: number; doubleSpends: number; unexpected: number }> {
  const report = { attempts: 0, winners: 0, doubleSpends: 0, unexpected: 0 };
  for (const code of codes) {
    const statuses = await Promise.all(
      Array.from({ length: RACE_ATTEMPTS }, async () => {
        const response = await fetch(`${baseUrl}/api/redemptions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: baseUrl, cookie, 'idempotency-key': randomUUID() },
          body: JSON.stringify({ cheques: [code], serviceId }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const wins = statuses.filter((status) => status === 201).length;
    report.attempts += statuses.length;
    report.winners += wins;
    report.doubleSpends += Math.max(0, wins - 1);
    report.unexpected += statuses.filter((status) => status !== 201 && status !== 409).length;
  }
  return report;
}
