/**
 * Places, at the size of the national map (20,000 qualified places):
 * - GET /api/places.geojson: median times over HTTP (until the headers: the server's time; until
 *   the body is read: with the client's gunzip) and served gzip size, against the goals (≤ 100 ms,
 *   ≤ 1 MB gzip), for the kept map, after a change to a place (cold) and for a first build; anchor:
 *   GET /api/health median in the same run;
 * - GET /api/open-data/places.csv: the whole export, first built, after a change to a place (its chunk
 *   read again) and kept, and its revalidation by If-None-Match (304), against the same anchor;
 * - import of a 20,000-row national-schema CSV: check (POST /api/place-imports) and apply
 *   (POST /api/place-imports/:id/apply), in rows per second; anchor: csv-parse alone on the same text;
 * - GET /api/qualification/renewals for the operator once the 20,000 places' ends are spread over the next
 *   year (about a quarter within 90 days, some expired): median time against GET /api/health.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { Client } from 'pg';
import { startDatabaseServer } from '@app/database';
import { NATIONAL_SCHEMA_COLUMNS, SERVICES } from '@app/domain';
import { type PlaceFields, placeToRow } from '@app/places';
import { startBenchApi } from './bench-api';

const PLACES = Number(process.env.BENCH_PLACES ?? 20_000);
const IMPORTED = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);
const REQUESTS = 20;
const COLD_REQUESTS = 9;

/** A spread of communes over France: name, INSEE code, postcode, latitude, longitude. */
const COMMUNES: Array<[string, string, string, number, number]> = [
  ['Paris', '75056', '75011', 48.8566, 2.3522],
  ['Marseille', '13055', '13001', 43.2965, 5.3698],
  ['Lyon', '69123', '69003', 45.764, 4.8357],
  ['Toulouse', '31555', '31000', 43.6047, 1.4442],
  ['Nice', '06088', '06000', 43.7102, 7.262],
  ['Nantes', '44109', '44000', 47.2184, -1.5536],
  ['Strasbourg', '67482', '67000', 48.5734, 7.7521],
  ['Montpellier', '34172', '34000', 43.6108, 3.8767],
  ['Bordeaux', '33063', '33000', 44.8378, -0.5792],
  ['Lille', '59350', '59000', 50.6292, 3.0573],
  ['Rennes', '35238', '35000', 48.1173, -1.6778],
  ['Reims', '51454', '51100', 49.2583, 4.0317],
  ['Toulon', '83137', '83000', 43.1242, 5.928],
  ['Saint-Étienne', '42218', '42000', 45.4397, 4.3872],
  ['Le Havre', '76351', '76600', 49.4944, 0.1079],
  ['Grenoble', '38185', '38000', 45.1885, 5.7245],
  ['Dijon', '21231', '21000', 47.322, 5.0415],
  ['Angers', '49007', '49000', 47.4784, -0.5632],
  ['Nîmes', '30189', '30000', 43.8367, 4.3601],
  ['Clermont-Ferrand', '63113', '63000', 45.7772, 3.087],
  ['Limoges', '87085', '87000', 45.8336, 1.2611],
  ['Tours', '37261', '37000', 47.3941, 0.6848],
  ['Amiens', '80021', '80000', 49.894, 2.2958],
  ['Metz', '57463', '57000', 49.1193, 6.1757],
  ['Besançon', '25056', '25000', 47.2378, 6.0241],
  ['Perpignan', '66136', '66000', 42.6887, 2.8948],
  ['Orléans', '45234', '45000', 47.9029, 1.9093],
  ['Caen', '14118', '14000', 49.1829, -0.3707],
  ['Brest', '29019', '29200', 48.3904, -4.4861],
  ['Pau', '64445', '64000', 43.2951, -0.3708],
  ['Ajaccio', '2A004', '20000', 41.9192, 8.7386],
  ['Bastia', '2B033', '20200', 42.6973, 9.4509],
  ['Mende', '48095', '48000', 44.5181, 3.5006],
  ['Guéret', '23096', '23000', 46.1716, 1.8717],
  ['Aurillac', '15014', '15000', 44.9264, 2.4397],
  ['Quimper', '29232', '29000', 47.9961, -4.1025],
];
const KINDS = ['Médiathèque', 'Espace France services', 'Centre social', 'Tiers-lieu numérique', 'Maison de quartier', 'Fab lab'];
const STREETS = ['rue de la République', 'avenue Jean Jaurès', 'place de la Mairie', 'rue Victor Hugo', 'boulevard Pasteur'];
const OPENING_HOURS = [
  'Mo-Fr 09:00-12:00,14:00-18:00',
  'Tu-Sa 10:00-18:00',
  'Mo,We,Fr 09:00-17:00; Sa 09:00-12:00',
  'Mo-Th 08:30-12:30,13:30-17:00',
];

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** 2 or 3 services of the national vocabulary, varying with the place. */
function servicesFor(index: number): string[] {
  const count = 2 + (index % 2);
  return Array.from({ length: count }, (_unused, offset) => SERVICES[(index + offset * 3) % SERVICES.length]);
}

/** Inserts `count` qualified places in one INSERT … SELECT generate_series. */
export async function insertQualifiedPlaces(databaseUrl: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const parameters: unknown[] = [];
    const literal = (value: unknown): string => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    const communes = COMMUNES.map(
      ([nom, insee, postcode, latitude, longitude], index) =>
        `(${index}, ${literal(nom)}::text, ${literal(insee)}::text, ${literal(postcode)}::text, ${latitude}::float8, ${longitude}::float8)`,
    ).join(', ');
    // 2 or 3 services per place, as servicesFor() picks them.
    const svc = `${literal([...SERVICES])}::text[]`;
    await client.query(
      `WITH communes (idx, nom, insee, postcode, latitude, longitude) AS (VALUES ${communes})
       INSERT INTO places (national_id, pivot, nom, commune, code_postal, code_insee, adresse, latitude, longitude,
                           telephone, horaires, itinerance, date_maj, services, frais_a_charge, modalites_acces,
                           modalites_accompagnement, qualified_until, qualification_referential_version, suspended_at)
       SELECT 'bench-place-' || g, 'W' || lpad(g::text, 9, '0'),
              (${literal(KINDS)}::text[])[1 + g % ${KINDS.length}] || ' ' || c.nom || ' ' || (g / ${COMMUNES.length} + 1),
              c.nom, c.postcode, c.insee,
              (1 + g % 180) || ' ' || (${literal(STREETS)}::text[])[1 + g % ${STREETS.length}],
              c.latitude + (((g * 7919) % 2001) - 1000) / 4000.0, c.longitude + (((g * 104729) % 2001) - 1000) / 3000.0,
              '+3355' || lpad((g % 10000000)::text, 7, '0'),
              (${literal(OPENING_HOURS)}::text[])[1 + g % ${OPENING_HOURS.length}],
              '{Fixe}', current_date,
              ARRAY[(${svc})[1 + g % ${SERVICES.length}], (${svc})[1 + (g + 3) % ${SERVICES.length}]]
                || CASE WHEN g % 2 = 1 THEN ARRAY[(${svc})[1 + (g + 6) % ${SERVICES.length}]] ELSE '{}'::text[] END,
              '{Gratuit}', '{Se présenter,Téléphoner}', '{Accompagnement individuel}',
              current_date + 365, 1, NULL
       FROM generate_series(0, ${count - 1}) AS g JOIN communes c ON c.idx = g % ${COMMUNES.length}`,
      parameters,
    );
    await client.query('ANALYZE places');
  } finally {
    await client.end();
  }
}

/** A national-schema CSV of `count` new places (distinct ids and pivots), all 32 columns in order. */
export function importCsv(count: number): string {
  const today = new Date().toISOString().slice(0, 10);
  const rows = Array.from({ length: count }, (_unused, index) => {
    const [commune, insee, postcode, latitude, longitude] = COMMUNES[index % COMMUNES.length];
    const fields: PlaceFields & { id: string; date_maj: string } = {
      id: `import-${String(index).padStart(6, '0')}`,
      date_maj: today,
      pivot: `W${String(500_000_000 + index)}`,
      nom: `${KINDS[index % KINDS.length]} ${commune} ${Math.floor(index / COMMUNES.length) + 1}`,
      commune,
      code_postal: postcode,
      code_insee: insee,
      adresse: `${1 + (index % 180)} ${STREETS[index % STREETS.length]}`,
      complement_adresse: index % 5 === 0 ? 'Rez-de-chaussée' : null,
      latitude: Number((latitude + (((index * 7919) % 2001) - 1000) / 4000).toFixed(6)),
      longitude: Number((longitude + (((index * 104729) % 2001) - 1000) / 3000).toFixed(6)),
      typologie: ['TIERS_LIEUX'],
      telephone: `+3355${String(index).padStart(7, '0')}`,
      courriels: [`contact${index}@mediation.example`],
      site_web: [`https://mediation.example/lieux/${index}`],
      horaires: OPENING_HOURS[index % OPENING_HOURS.length],
      presentation_resume: 'Accompagnement aux usages du numérique, ateliers et accès libre.',
      presentation_detail: null,
      source: 'bench',
      itinerance: ['Fixe'],
      structure_parente: null,
      services: servicesFor(index),
      publics_specifiquement_adresses: index % 3 === 0 ? ['Seniors'] : [],
      prise_en_charge_specifique: [],
      frais_a_charge: ['Gratuit'],
      dispositif_programmes_nationaux: index % 4 === 0 ? ['Conseillers numériques'] : [],
      formations_labels: [],
      autres_formations_labels: [],
      modalites_acces: ['Se présenter', 'Téléphoner'],
      modalites_accompagnement: ['Accompagnement individuel', 'Dans un atelier collectif'],
      fiche_acces_libre: null,
      prise_rdv: null,
    };
    return placeToRow(fields);
  });
  return stringify(rows, { header: true, columns: [...NATIONAL_SCHEMA_COLUMNS] });
}

interface Timed {
  /** Median time until the response's headers: the server's time (it builds the whole answer before sending it). */
  serverMs: number;
  /** Median time until the body is read, with the client's own gunzip of it. */
  totalMs: number;
  body: string;
  /** Bytes on the wire (the gzip answer's length). */
  wireBytes: number;
  /** Medians of the server's own Server-Timing figures (the map: `read` from the database, `compress`). */
  serverTiming: Record<string, number>;
}

function serverTimings(header: string | null): Array<[string, number]> {
  return (header ?? '').split(',').flatMap((metric) => {
    const [name, ...parameters] = metric.trim().split(';');
    const duration = parameters.find((parameter) => parameter.startsWith('dur='));
    return name && duration ? [[name, Number(duration.slice(4))] as [string, number]] : [];
  });
}

/** `count` GET requests one after the other; `prepare` runs before each (untimed) and names its URL. */
async function timedRequests(
  count: number,
  prepare: string | ((request: number) => Promise<string>),
  headers: Record<string, string> = {},
  status = 200,
): Promise<Timed> {
  const server: number[] = [];
  const total: number[] = [];
  const metrics = new Map<string, number[]>();
  let last = { body: '', wireBytes: 0 };
  for (let request = 0; request < count; request++) {
    const url = typeof prepare === 'string' ? prepare : await prepare(request);
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers: { 'accept-encoding': 'gzip', ...headers } });
    server.push(seconds(started) * 1000);
    for (const [name, duration] of serverTimings(response.headers.get('server-timing')))
      metrics.set(name, [...(metrics.get(name) ?? []), duration]);
    const body = await response.text();
    total.push(seconds(started) * 1000);
    if (response.status !== status) throw new Error(`${url}: ${response.status} ${body.slice(0, 200)}`);
    last = { body, wireBytes: Number(response.headers.get('content-length') ?? Buffer.byteLength(body)) };
  }
  const serverTiming = Object.fromEntries([...metrics].map(([name, durations]) => [name, median(durations)]));
  return { serverMs: median(server), totalMs: median(total), serverTiming, ...last };
}

function timesOf(timed: Timed): string {
  const parts = Object.entries(timed.serverTiming).map(([name, duration]) => `${name} ${duration.toFixed(1)}`);
  return `server ${timed.serverMs.toFixed(1)} ms${parts.length ? ` (${parts.join(', ')})` : ''}, with the client's gunzip and reading ${timed.totalMs.toFixed(1)} ms`;
}

/** COLD_REQUESTS requests to `url`, each after a committed change to a place (what is kept per chunk is read again for its chunk). */
async function timedAfterChanges(databaseUrl: string, url: string): Promise<Timed> {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  return timedRequests(COLD_REQUESTS, async () => {
    await sql.query(`UPDATE places SET telephone = telephone WHERE national_id = 'bench-place-0'`);
    return url;
  }).finally(() => sql.end());
}

/** The bench places' qualifications end from 35 days ago to 364 days ahead, spread evenly. */
async function spreadQualificationEnds(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `UPDATE places SET qualified_until = current_date - 35 + (substring(national_id FROM 13)::int * 7919) % 400
        WHERE national_id LIKE 'bench-place-%'`,
    );
    await client.query('ANALYZE places');
  } finally {
    await client.end();
  }
}

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email: 'admin@operateur.example', password: 'pass-numerique-demo' }),
  });
  if (response.status !== 200) throw new Error(`bench login failed: ${response.status} ${await response.text()}`);
  return String(response.headers.get('set-cookie')).split(';')[0];
}

async function post(baseUrl: string, path: string, cookie: string, body?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { cookie, origin: baseUrl, ...(body === undefined ? {} : { 'content-type': 'text/csv' }) },
    body,
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function placesBenchmark(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pn-bench-places-'));
  chmodSync(dataDir, 0o755);
  const database = await startDatabaseServer({ embeddedDataDir: join(dataDir, 'postgres'), persistent: false });
  let api: { baseUrl: string; stop: () => Promise<void> } | undefined;
  try {
    // The API runs migrations and the demo seed, then the bench adds the places with SQL.
    api = await startBenchApi(database.url, dataDir);
    let started = process.hrtime.bigint();
    await insertQualifiedPlaces(database.url, PLACES);
    console.log(`(setup: ${PLACES} qualified places inserted with SQL in ${seconds(started).toFixed(2)} s)`);

    // 1. The map's GeoJSON.
    const { baseUrl } = api;
    const map = `${baseUrl}/api/places.geojson`;
    await timedRequests(5, `${baseUrl}/api/health`);
    // The first build reads and compresses the whole map (once per filter and day); a whole-France box is a new filter each time.
    const first = await timedRequests(COLD_REQUESTS, async (request) => `${map}?bbox=-10,40,${12 + request / 1000},52`);
    const firstFeatures = (JSON.parse(first.body) as { features: unknown[] }).features.length;
    // Cold: each request follows a committed change to a place: the map re-reads and recompresses that place's chunk.
    await timedRequests(1, map);
    const cold = await timedAfterChanges(database.url, map);
    const health = await timedRequests(REQUESTS, `${baseUrl}/api/health`);
    const geojson = await timedRequests(REQUESTS, map);
    const features = (JSON.parse(geojson.body) as { features: unknown[] }).features.length;
    const rawBytes = Buffer.byteLength(geojson.body);
    const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(2);
    console.log(`GET /api/places.geojson (${features} features), medians over ${REQUESTS} requests: ${timesOf(geojson)} (goal ≤ 100 ms)`);
    console.log(
      `  size: ${rawBytes} bytes raw (${megabytes(rawBytes)} MB), served gzip ${geojson.wireBytes} bytes (${megabytes(geojson.wireBytes)} MB; goal ≤ 1 MB)`,
    );
    console.log(
      `  cold (after a committed change to a place: its chunk read and compressed again), ${COLD_REQUESTS} requests: ${timesOf(cold)} (goal ≤ 100 ms)`,
    );
    console.log(
      `  first build of a filter (${firstFeatures} features, whole map read and compressed), ${COLD_REQUESTS} requests: ${timesOf(first)}`,
    );
    const openNow = await timedRequests(5, `${map}?openNow=true`);
    console.log(`  ?openNow=true (open groups of the kept map), 5 requests: ${timesOf(openNow)}`);
    console.log(`  anchor: GET /api/health median ${health.totalMs.toFixed(2)} ms`);
    console.log(
      `  server time / health ratios: kept ${(geojson.serverMs / health.totalMs).toFixed(1)}, cold ${(cold.serverMs / health.totalMs).toFixed(1)}, first build ${(first.serverMs / health.totalMs).toFixed(1)}`,
    );

    // 2. The open data of places: the first export (every place read), the export after a committed change
    // to a place (its chunk read again), the same file kept, and its revalidation (validators read, 304).
    const csvUrl = `${baseUrl}/api/open-data/places.csv`;
    const firstCsv = await timedRequests(1, csvUrl);
    const rebuilt = await timedAfterChanges(database.url, csvUrl);
    const exported = await timedRequests(REQUESTS, csvUrl);
    const etag = String((await fetch(csvUrl)).headers.get('etag'));
    const revalidated = await timedRequests(REQUESTS, csvUrl, { 'if-none-match': etag }, 304);
    console.log(
      `GET /api/open-data/places.csv (${PLACES} places, ${(Buffer.byteLength(exported.body) / 1024 / 1024).toFixed(1)} MB), first build ${firstCsv.totalMs.toFixed(1)} ms (server ${firstCsv.serverMs.toFixed(1)} ms); medians: after a change to a place (its chunk read again) ${rebuilt.totalMs.toFixed(1)} ms (server ${rebuilt.serverMs.toFixed(1)} ms), ${COLD_REQUESTS} requests; kept ${exported.totalMs.toFixed(1)} ms (server ${exported.serverMs.toFixed(1)} ms), ${REQUESTS} requests; revalidated (304) ${revalidated.totalMs.toFixed(1)} ms`,
    );
    console.log(
      `  ratios to GET /api/health: after a change ${(rebuilt.totalMs / health.serverMs).toFixed(1)}, kept ${(exported.totalMs / health.serverMs).toFixed(1)}, 304 ${(revalidated.totalMs / health.serverMs).toFixed(1)}`,
    );

    // 3. The import of a national-schema CSV.
    const csv = importCsv(IMPORTED);
    started = process.hrtime.bigint();
    const parsed = parse(csv, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown[];
    const parseSeconds = seconds(started);
    if (parsed.length !== IMPORTED + 1) throw new Error(`csv-parse read ${parsed.length} records`);
    const cookie = await login(baseUrl);
    started = process.hrtime.bigint();
    const checked = await post(baseUrl, '/api/place-imports?fileName=bench.csv', cookie, csv);
    const checkSeconds = seconds(started);
    if (checked.validRowCount !== IMPORTED) {
      throw new Error(
        `check: ${String(checked.validRowCount)} valid rows of ${IMPORTED}: ${JSON.stringify(checked.problems).slice(0, 500)}`,
      );
    }
    started = process.hrtime.bigint();
    const applied = await post(baseUrl, `/api/place-imports/${String(checked.id)}/apply`, cookie);
    const applySeconds = seconds(started);
    if (applied.createdCount !== IMPORTED) throw new Error(`apply: ${JSON.stringify(applied).slice(0, 500)}`);

    const parseRate = IMPORTED / parseSeconds;
    const checkRate = IMPORTED / checkSeconds;
    const applyRate = IMPORTED / applySeconds;
    console.log(`import of ${IMPORTED} rows (${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)} MB CSV):`);
    console.log(`  check (POST /api/place-imports): ${checkSeconds.toFixed(2)} s = ${Math.round(checkRate)} rows/s`);
    console.log(`  apply (POST …/apply): ${applySeconds.toFixed(2)} s = ${Math.round(applyRate)} rows/s`);
    console.log(`  anchor: csv-parse alone ${parseSeconds.toFixed(2)} s = ${Math.round(parseRate)} rows/s`);
    console.log(`  rows/s ratios to csv-parse: check ${(checkRate / parseRate).toFixed(3)}, apply ${(applyRate / parseRate).toFixed(3)}`);

    // 4. The operator's renewal reminders, with the qualified places' ends spread from 35 days ago to a year ahead.
    await spreadQualificationEnds(database.url);
    await timedRequests(2, `${baseUrl}/api/qualification/renewals`, { cookie });
    const renewals = await timedRequests(REQUESTS, `${baseUrl}/api/qualification/renewals`, { cookie });
    const renewalHealth = await timedRequests(REQUESTS, `${baseUrl}/api/health`);
    const { expiring, expired } = JSON.parse(renewals.body) as { expiring: unknown[]; expired: unknown[] };
    console.log(
      `GET /api/qualification/renewals (operator: ${expiring.length} ending within 90 days, ${expired.length} expired): median ${renewals.serverMs.toFixed(1)} ms over ${REQUESTS} requests`,
    );
    console.log(
      `  anchor: GET /api/health median ${renewalHealth.serverMs.toFixed(2)} ms; ratio ${(renewals.serverMs / renewalHealth.serverMs).toFixed(1)}`,
    );
  } finally {
    await api?.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
