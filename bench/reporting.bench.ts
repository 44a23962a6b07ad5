/**
 * Funder dashboard over 1,000,000 cheques (goal: p95 ≤ 200 ms). Data made by SQL generate_series on
 * top of the demo: a programme of 100,000 booklets of 10 cheques, 70,000 handed out to people over
 * six months, about 245,000 cheques redeemed at 100 places, 600 booklets cancelled. Then the reporting
 * facts are computed once (timed), and GET /api/reporting/dashboard is timed over HTTP for the funder
 * (all programmes; one programme over three months) and the operator. Anchors in the same run:
 * a bare `SELECT count(*) FROM cheques` and GET /api/health.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startDatabaseServer } from '@app/database';
import { AGE_BANDS, SITUATIONS } from '@app/domain';
import { benchLogin, startBenchApi } from './bench-api';

const BOOKLETS = Number(process.env.BENCH_REPORTING_BOOKLETS ?? 100_000);
const HANDED_OUT = Math.floor(BOOKLETS * 0.7);
const PLACES = 100;
const REQUESTS = Number(process.env.BENCH_REPORTING_REQUESTS ?? 40);

export async function reportingBenchmark(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-bench-reporting-'));
  chmodSync(dataDir, 0o755);
  const database = await startDatabaseServer({ embeddedDataDir: join(dataDir, 'postgres'), persistent: false });
  const api = await startBenchApi(database.url, dataDir, { REPORTING_REFRESH_MINUTES: '0', EXPIRY_JOB_INTERVAL_MINUTES: '0' });
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    const programmeId = await generate(client);
    const [{ cheques }] = (await client.query<{ cheques: string }>('SELECT count(*) AS cheques FROM cheques')).rows;
    console.log(`data: ${Number(cheques).toLocaleString('en')} cheques generated in ${seconds(started).toFixed(1)} s`);

    const operator = await benchLogin(api.baseUrl, 'admin@operateur.example');
    const funder = await benchLogin(api.baseUrl, 'financeur@departement.example');
    const refreshStarted = process.hrtime.bigint();
    await call(api.baseUrl, '/api/reporting/refresh', operator, 'POST');
    console.log(`refresh of the reporting facts (whole rebuild): ${seconds(refreshStarted).toFixed(1)} s`);
    const [{ facts }] = (await client.query<{ facts: string }>('SELECT count(*) AS facts FROM reporting_facts')).rows;
    console.log(`reporting_facts: ${Number(facts).toLocaleString('en')} rows`);

    const countTimes = await timed(REQUESTS, async () => {
      await client.query('SELECT count(*) FROM cheques');
    });
    const healthTimes = await timed(REQUESTS, () => call(api.baseUrl, '/api/health', ''));
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    const cases: Array<[string, string, string]> = [
      ['funder, all programmes, all time', '/api/reporting/dashboard', funder],
      ['funder, one programme, last 3 months', `/api/reporting/dashboard?programmeId=${programmeId}&from=${from}`, funder],
      ['operator, all programmes (+ places, qualification)', '/api/reporting/dashboard', operator],
    ];
    const anchor = percentile(countTimes, 0.95);
    console.log(`anchor: SELECT count(*) FROM cheques p50 ${fmt(percentile(countTimes, 0.5))}, p95 ${fmt(anchor)}`);
    console.log(`anchor: GET /api/health p50 ${fmt(percentile(healthTimes, 0.5))}, p95 ${fmt(percentile(healthTimes, 0.95))}`);
    for (const [name, path, cookie] of cases) {
      await call(api.baseUrl, path, cookie); // warm-up
      const times = await timed(REQUESTS, () => call(api.baseUrl, path, cookie));
      const p95 = percentile(times, 0.95);
      console.log(
        `GET dashboard (${name}): p50 ${fmt(percentile(times, 0.5))}, p95 ${fmt(p95)} — ${(p95 / anchor).toFixed(2)} × count(*) p95; goal p95 ≤ 200 ms ${p95 <= 200 ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    await client.end();
    await api.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One bench programme of the demo funder, its booklets, hand-outs, cheques, places and redemptions; answers the programme id. */
async function generate(client: Client): Promise<string> {
  const one = async (sql: string, parameters: unknown[] = []): Promise<Record<string, string>> =>
    (await client.query<Record<string, string>>(sql, parameters)).rows[0];
  const funder = await one(`SELECT u.id AS user_id, u.organisation_id FROM users u WHERE u.email = 'financeur@departement.example'`);
  const placeAgent = await one(`SELECT u.id AS user_id, u.organisation_id FROM users u WHERE u.email = 'mediateur@mediatheque.example'`);
  const distributors = (
    await client.query<{ id: string; user_id: string }>(
      `SELECT o.id, min(u.id::text) AS user_id FROM organisations o JOIN users u ON u.organisation_id = o.id WHERE o.kind = 'distributor' GROUP BY o.id ORDER BY o.id`,
    )
  ).rows;
  const programme = await one(
    `INSERT INTO programmes (code, funder_organisation_id, name, status, face_value_cents, cheques_per_booklet, booklet_count,
                             valid_from, valid_until, grace_days, territory_codes, eligible_services, operator_fee_basis_points,
                             funding_amount_cents, funding_received_on, funding_reference, created_by_user_id, ordered_at, funded_at, activated_at)
     VALUES ('BNCH', $1, 'Programme de banc d''essai', 'active', 1000, 10, $2::int, current_date - 200, current_date + 200, 31, '{}', '{}', 0,
             $2::int::bigint * 10000, current_date - 195, 'VIR-BENCH', $3, now() - interval '199 days', now() - interval '195 days', now() - interval '195 days')
     RETURNING id`,
    [funder.organisation_id, BOOKLETS, funder.user_id],
  );
  const distributorIds = distributors.map((row) => row.id);
  const distributorUsers = distributors.map((row) => row.user_id);
  await client.query(
    `INSERT INTO booklets (id, programme_id, number, serial, distributor_organisation_id, allocated_at)
     SELECT md5('booklet' || g)::uuid, $1, g, 'BNCH-' || lpad(g::text, 6, '0'), ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], now() - interval '190 days'
       FROM generate_series(1, $3) AS g`,
    [programme.id, distributorIds, BOOKLETS],
  );
  await client.query(
    `INSERT INTO hand_outs (id, distributor_organisation_id, recorded_by_user_id, handed_out_on, age_band, situation, commune_code, needs)
     SELECT md5('hand-out' || g)::uuid, ($1::uuid[])[1 + g % array_length($1::uuid[], 1)], ($2::uuid[])[1 + g % array_length($2::uuid[], 1)],
            current_date - (g % 180), ($3::text[])[1 + g % 6], ($4::text[])[1 + (g / 7) % 9],
            (ARRAY['33063', '33318', '33039', '33281', '33522', '24322', '40088', '47001', '64445', '17300'])[1 + (g * 31) % 10], '{}'
       FROM generate_series(1, $5) AS g`,
    [distributorIds, distributorUsers, [...AGE_BANDS], [...SITUATIONS], HANDED_OUT],
  );
  // 100 places of the demo place organisation, each with a workshop and an individual service.
  await client.query(
    `INSERT INTO places (id, national_id, organisation_id, pivot, nom, commune, code_postal, code_insee, adresse, date_maj, qualified_until, qualification_referential_version)
     SELECT md5('place' || g)::uuid, 'bench-place-' || g, $1, 'W' || lpad(g::text, 9, '0'), 'Lieu de banc d''essai ' || g,
            (ARRAY['Bordeaux', 'Pessac', 'Bègles', 'Mérignac', 'Talence'])[1 + g % 5], '33000',
            (ARRAY['33063', '33318', '33039', '33281', '33522'])[1 + g % 5], g || ' rue du Banc', current_date, current_date + 365, 1
       FROM generate_series(1, $2) AS g`,
    [placeAgent.organisation_id, PLACES],
  );
  await client.query(
    `INSERT INTO catalogue_entries (id, entry_id, version, place_id, name, category, modality, duration_minutes, price_in_cheques)
     SELECT md5('entry' || g || '-' || k)::uuid, md5('entry' || g || '-' || k)::uuid, 1, md5('place' || g)::uuid,
            CASE k WHEN 0 THEN 'Atelier' ELSE 'Accompagnement' END,
            CASE k WHEN 0 THEN 'Maîtrise des outils numériques du quotidien' ELSE 'Aide aux démarches administratives' END,
            CASE k WHEN 0 THEN 'collective_workshop' ELSE 'individual' END::service_modality, 60, 1
       FROM generate_series(1, $1) AS g, generate_series(0, 1) AS k`,
    [PLACES],
  );
  // Cheques: handed-out booklets use 1 to 6 of their 10 cheques; a few untouched booklets are cancelled.
  await client.query(
    `INSERT INTO cheques (programme_id, booklet_id, position, code_hash, code_ciphertext, signature, signing_key_id, status, hand_out_id, distributed_at, cancelled_at, cancel_reason)
     SELECT $1, md5('booklet' || b)::uuid, p, decode(md5('cheque' || b || '-' || p), 'hex'), '\\x00'::bytea, decode(repeat('00', 64), 'hex'), 'bench',
            (CASE WHEN b <= $3 AND p <= 1 + b % 6 THEN 'redeemed' WHEN b <= $3 THEN 'distributed' WHEN b % 50 = 0 THEN 'cancelled' ELSE 'issued' END)::cheque_status,
            CASE WHEN b <= $3 THEN md5('hand-out' || b)::uuid END,
            CASE WHEN b <= $3 THEN (current_date - (b % 180))::timestamptz END,
            CASE WHEN b > $3 AND b % 50 = 0 THEN now() - interval '10 days' END,
            CASE WHEN b > $3 AND b % 50 = 0 THEN 'Carnet perdu' END
       FROM generate_series(1, $2) AS b, generate_series(1, 10) AS p`,
    [programme.id, BOOKLETS, HANDED_OUT],
  );
  await client.query(
    `INSERT INTO redemptions (id, organisation_id, place_id, catalogue_entry_id, cheque_count, amount_cents, channel, occurred_at, recorded_at, agent_user_id)
     SELECT md5('redemption' || c.id)::uuid, $2, md5('place' || (1 + b.number % $3))::uuid, md5('entry' || (1 + b.number % $3) || '-' || (c.position % 2))::uuid,
            1, 1000, 'online', least(now() - interval '1 hour', h.handed_out_on + (c.position * 4) * interval '1 day' + interval '10 hours'), now(), $4
       FROM cheques c JOIN booklets b ON b.id = c.booklet_id JOIN hand_outs h ON h.id = c.hand_out_id
      WHERE c.programme_id = $1 AND c.status = 'redeemed'`,
    [programme.id, placeAgent.organisation_id, PLACES, placeAgent.user_id],
  );
  await client.query(
    `INSERT INTO redemption_cheques (redemption_id, cheque_id, programme_id, face_value_cents, masked_code)
     SELECT md5('redemption' || c.id)::uuid, c.id, c.programme_id, 1000, '••••-••••-••••-BNCH-0'
       FROM cheques c WHERE c.programme_id = $1 AND c.status = 'redeemed'`,
    [programme.id],
  );
  await client.query('ANALYZE');
  return programme.id;
}

async function call(baseUrl: string, path: string, cookie: string, method = 'GET'): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: cookie ? { cookie, origin: baseUrl } : {} });
  const body = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${body.slice(0, 300)}`);
}

async function timed(count: number, run: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(seconds(started) * 1000);
  }
  return times;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}
