/**
 * The public map's cache with two API instances on one database: a committed change to a place,
 * whoever makes it and however (service, raw SQL), shows at once on both; an uncommitted one never.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { apiIsBuilt, type ApiProcess, freePort, loginCookie, startApiProcess, stopApiProcess, chequeKeysEnv } from '../helpers/api-process';
import { DEMO, loginAs, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app';

const describeBuilt = apiIsBuilt ? describe : describe.skip;

interface MapFeature {
  geometry: { type: string; coordinates: [number, number] };
  properties: { id: string; nom: string; commune: string };
}

describeBuilt('public map cache with several API instances', () => {
  let testApp: TestApp;
  let second: ApiProcess;
  let sql: Client;
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-map-'));

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true, env: { PUBLIC_URL: TEST_PUBLIC_URL } });
    second = await startApiProcess(await freePort(), {
      DATABASE_URL: testApp.databaseUrl,
      DATA_DIR: dataDir,
      // The test app's cheque keys: they are recorded in the database, and other ones refuse to start.
      ...chequeKeysEnv(),
      PUBLIC_URL: TEST_PUBLIC_URL,
      DEMO_SEED: 'false',
      EXPIRY_JOB_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'error',
    });
    sql = new Client({ connectionString: testApp.databaseUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    if (second) await stopApiProcess(second);
    await testApp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The map as a browser gets it (gzip), from one instance. */
  async function map(baseUrl: string, query = ''): Promise<MapFeature[]> {
    const response = await fetch(`${baseUrl}/api/places.geojson${query}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('server-timing')).toMatch(/^read;dur=\d+\.\d\d, compress;dur=\d+\.\d\d$/);
    return ((await response.json()) as { features: MapFeature[] }).features;
  }
  const nameOn = async (baseUrl: string, id: string): Promise<string | undefined> =>
    (await map(baseUrl)).find((feature) => feature.properties.id === id)?.properties.nom;
  /** The version of each of the map's chunks, by chunk. */
  const versions = async (): Promise<Record<number, number>> =>
    Object.fromEntries(
      (await sql.query('SELECT chunk, version FROM place_map_chunks')).rows.map((row) => [row.chunk, Number(row.version)]),
    );
  const chunkOf = async (id: string): Promise<number> => (await sql.query('SELECT place_map_chunk($1) AS chunk', [id])).rows[0].chunk;

  it('serves features built by the database, with the point and the names only', async () => {
    const features = await map(testApp.baseUrl);
    expect(features.length).toBeGreaterThan(0);
    const place = (await sql.query('SELECT id, nom, commune, latitude, longitude FROM places WHERE id = $1', [features[0].properties.id]))
      .rows[0];
    expect(features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Number(place.longitude.toFixed(5)), Number(place.latitude.toFixed(5))] },
      properties: { id: place.id, nom: place.nom, commune: place.commune },
    });
    // The same map on the other instance, and without gzip.
    expect(await map(second.baseUrl)).toEqual(features);
    const plain = await fetch(`${testApp.baseUrl}/api/places.geojson`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(((await plain.json()) as { features: MapFeature[] }).features).toEqual(features);
  });

  it('a change shows on both instances once committed, never before', async () => {
    const [first] = await map(testApp.baseUrl);
    const { id, nom } = first.properties;
    expect(await nameOn(second.baseUrl, id)).toBe(nom);

    // Raw SQL, outside any service: only the database knows.
    await sql.query('BEGIN');
    await sql.query(`UPDATE places SET nom = 'Médiathèque « renommée »' WHERE id = $1`, [id]);
    // Read (and kept) while the change is not committed: both instances still show the old name.
    expect(await nameOn(testApp.baseUrl, id)).toBe(nom);
    expect(await nameOn(second.baseUrl, id)).toBe(nom);
    await sql.query('COMMIT');
    expect(await nameOn(testApp.baseUrl, id)).toBe('Médiathèque « renommée »');
    expect(await nameOn(second.baseUrl, id)).toBe('Médiathèque « renommée »');

    // Through the API of one instance, seen by the other at once.
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    await operator.patch(`/api/places/${id}`).send({ nom: 'Médiathèque de quartier' }).expect(200);
    expect(await nameOn(second.baseUrl, id)).toBe('Médiathèque de quartier');
    const cookie = await loginCookie(second.baseUrl, DEMO.operatorAdmin, TEST_PUBLIC_URL);
    const suspended = await fetch(`${second.baseUrl}/api/places/${id}/suspension`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TEST_PUBLIC_URL, cookie },
      body: JSON.stringify({ reason: 'Fermé pour travaux, à vérifier.' }),
    });
    expect(suspended.status).toBe(200);
    expect(await nameOn(testApp.baseUrl, id)).toBeUndefined();
    expect((await map(testApp.baseUrl, '?openNow=true')).map((feature) => feature.properties.id)).not.toContain(id);
  });

  it('bumps the version of each chunk a committed transaction touched, once, and nothing else', async () => {
    const before = await versions();
    expect(Object.keys(before)).toHaveLength(64);
    const touched = new Set((await sql.query('SELECT DISTINCT place_map_chunk(id) AS chunk FROM places')).rows.map((row) => row.chunk));
    expect(touched.size).toBeGreaterThan(1);
    await sql.query('BEGIN');
    await sql.query(`UPDATE places SET telephone = telephone`);
    await sql.query(`UPDATE places SET nom = nom`);
    await sql.query('COMMIT');
    const after = await versions();
    for (const chunk of Object.keys(before).map(Number)) expect(after[chunk]).toBe(before[chunk] + (touched.has(chunk) ? 1 : 0));
    await sql.query('BEGIN');
    await sql.query(`UPDATE places SET nom = 'jamais' `);
    await sql.query('ROLLBACK');
    expect(await versions()).toEqual(after);
    await map(testApp.baseUrl); // reading never bumps it
    expect(await versions()).toEqual(after);
    // TRUNCATE, which row triggers do not see, moves every chunk on (seen inside its transaction, then undone).
    await sql.query('BEGIN');
    await sql.query('TRUNCATE places CASCADE');
    const truncated = await versions();
    await sql.query('ROLLBACK');
    for (const chunk of Object.keys(after).map(Number)) expect(truncated[chunk]).toBe(after[chunk] + 1);
    expect(await versions()).toEqual(after);
  });

  it('moves a place between chunks on both instances: inserted, deleted, and in filtered maps', async () => {
    const features = await map(testApp.baseUrl);
    const [first] = features;
    const source = (await sql.query('SELECT * FROM places WHERE id = $1', [first.properties.id])).rows[0];
    const filter = `?commune=${encodeURIComponent(source.code_insee)}&q=${encodeURIComponent(source.commune)}`;
    const filtered = await map(second.baseUrl, filter);
    expect(filtered.map((feature) => feature.properties.id)).toContain(first.properties.id);
    // A copy of the place under a new id (most likely in another chunk), by raw SQL.
    const { id } = (
      await sql.query(
        `INSERT INTO places (national_id, pivot, nom, commune, code_postal, code_insee, adresse, latitude, longitude, horaires, date_maj,
                             qualified_until, qualification_referential_version)
         SELECT national_id || '-copie', pivot, 'Antenne « copie »', commune, code_postal, code_insee, adresse, latitude, longitude,
                horaires, date_maj, qualified_until, qualification_referential_version
         FROM places WHERE id = $1 RETURNING id`,
        [first.properties.id],
      )
    ).rows[0];
    for (const baseUrl of [testApp.baseUrl, second.baseUrl]) {
      expect(await nameOn(baseUrl, id)).toBe('Antenne « copie »');
      expect((await map(baseUrl)).length).toBe(features.length + 1);
      expect((await map(baseUrl, filter)).map((feature) => feature.properties.id).sort()).toEqual(
        [...filtered.map((feature) => feature.properties.id), id].sort(),
      );
    }
    const chunk = await chunkOf(id);
    const before = await versions();
    await sql.query('DELETE FROM places WHERE id = $1', [id]);
    expect((await versions())[chunk]).toBe(before[chunk] + 1);
    for (const baseUrl of [testApp.baseUrl, second.baseUrl]) {
      expect(await map(baseUrl)).toEqual(await map(testApp.baseUrl));
      expect((await map(baseUrl)).map((feature) => feature.properties.id).sort()).toEqual(
        features.map((feature) => feature.properties.id).sort(),
      );
      expect(await nameOn(baseUrl, id)).toBeUndefined();
    }
  });
});
