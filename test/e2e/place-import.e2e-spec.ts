import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type TestAgent from 'supertest/lib/agent';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const EXAMPLE = readFileSync('test/fixtures/schemas/lieux-mediation-numerique.exemple-valide.csv');

describe('place import: national-schema CSV, report first, then confirm', () => {
  let testApp: TestApp;
  let operator: TestAgent;

  beforeAll(async () => {
    testApp = await startTestApp();
    operator = await loginAs(testApp, DEMO.operatorAdmin);
  });
  afterAll(() => testApp.close());

  const placeCount = async (): Promise<number> => Number((await testApp.dataSource.query('SELECT count(*) AS n FROM places'))[0].n);
  const upload = (body: Buffer | string, fileName = 'lieux.csv') =>
    operator
      .post(`/api/place-imports?fileName=${fileName}`)
      .set('content-type', 'text/csv')
      .send(Buffer.isBuffer(body) ? body : Buffer.from(body));

  it('imports the official example file, never qualifies, and updates on a second import instead of duplicating', async () => {
    const before = await placeCount();
    const checked = await upload(EXAMPLE, 'exemple-valide.csv').expect(201);
    expect(checked.body).toMatchObject({ status: 'checked', rowCount: 1, validRowCount: 1, problems: [], canApply: true });
    expect(await placeCount()).toBe(before); // nothing written before confirmation
    const applied = await operator.post(`/api/place-imports/${checked.body.id}/apply`).expect(200);
    expect(applied.body).toMatchObject({ status: 'applied', createdCount: 1, updatedCount: 0 });
    await operator.post(`/api/place-imports/${checked.body.id}/apply`).expect(200); // idempotent
    expect(await placeCount()).toBe(before + 1);
    const [imported] = await testApp.dataSource.query("SELECT * FROM places WHERE national_id = 'structure-1'");
    expect(imported).toMatchObject({ nom: 'Anonymal', organisation_id: null, qualified_until: null, code_insee: '51454' });
    expect(imported.services.length).toBeGreaterThan(0);

    const again = await upload(EXAMPLE.toString('utf8').replace('Anonymal', 'Anonymal renommé')).expect(201);
    const second = await operator.post(`/api/place-imports/${again.body.id}/apply`).expect(200);
    expect(second.body).toMatchObject({ createdCount: 0, updatedCount: 1 });
    expect(await placeCount()).toBe(before + 1);
    expect((await testApp.dataSource.query("SELECT nom FROM places WHERE national_id = 'structure-1'"))[0].nom).toBe('Anonymal renommé');
    // Imported but not qualified: not public.
    const map = await testApp.anonymous().get('/api/places.geojson').expect(200);
    expect(map.body.features.map((feature: { properties: { nom: string } }) => feature.properties.nom)).not.toContain('Anonymal renommé');
  });

  it('reports every bad row with its line, field and reason, and writes only what was reported valid', async () => {
    const [header, row] = EXAMPLE.toString('utf8').trim().split(/\r?\n/);
    // Another SIRET than the first test's import, so that the pivot does not match that place.
    const withId = (id: string, line: string) => line.replace('"structure-1"', `"${id}"`).replace('"43493312300029"', '"73282932000074"');
    const badPostcode = withId('bad-cp', row).replace('"51100"', '"5110"');
    const badService = withId('bad-service', row).replace('Loisirs et créations numériques', 'Cours de cuisine');
    const file = [header, withId('good-1', row), badPostcode, badService, withId('good-1', row)].join('\n');
    const before = await placeCount();
    const checked = await upload(file).expect(201);
    expect(checked.body).toMatchObject({ rowCount: 4, validRowCount: 1, canApply: true });
    expect(checked.body.problems).toEqual(
      expect.arrayContaining([
        { line: 3, field: 'code_postal', problem: 'must be 5 digits' },
        { line: 4, field: 'services', problem: '"Cours de cuisine" is not in the national vocabulary' },
        { line: 5, field: 'id', problem: '"good-1" already appears on line 2' },
      ]),
    );
    const report = await operator.get(`/api/place-imports/${checked.body.id}/report.csv`).expect(200);
    const reportRows = parse(report.text, { columns: true, bom: true });
    expect(reportRows).toContainEqual({ line: '3', field: 'code_postal', problem: 'must be 5 digits' });
    expect(await placeCount()).toBe(before);
    const applied = await operator.post(`/api/place-imports/${checked.body.id}/apply`).expect(200);
    expect(applied.body.createdCount).toBe(1);
    expect(await placeCount()).toBe(before + 1);
  });

  it('refuses malformed files with a clear reason and leaves the database unchanged', async () => {
    const before = await placeCount();
    const text = EXAMPLE.toString('utf8');
    const latin1 = Buffer.from(text.replace('structure-1', 'latin-1'), 'latin1');
    const cases: Array<[string, Buffer | string, string]> = [
      ['latin-1', latin1, 'the file is not UTF-8 text'],
      [
        'semicolons',
        text.replace(/","/g, '";"').replace(/",/g, '";').replace(/,"/g, ';"'),
        'columns must be separated by commas (this file uses ";")',
      ],
      ['missing column', text.replace('"nom",', '').replace('"Anonymal",', ''), 'required column is missing'],
      ['unclosed quote', `${text.split(/\r?\n/)[0]}\n"structure-9","434933123`, 'the CSV cannot be read'],
      ['empty', '', 'the file is empty'],
    ];
    for (const [name, body, expected] of cases) {
      const checked = await upload(body, `${name}.csv`).expect(201);
      expect({ name, canApply: checked.body.canApply, problem: checked.body.problems[0].problem }).toEqual({
        name,
        canApply: false,
        problem: expect.stringContaining(expected),
      });
      const refused = await operator.post(`/api/place-imports/${checked.body.id}/apply`).expect(409);
      expect(refused.body.code).toBe('invalid_transition');
    }
    const huge = await operator
      .post('/api/place-imports')
      .set('content-type', 'text/csv')
      .send(Buffer.alloc(41 * 1024 * 1024, 'a'))
      .expect(413);
    expect(huge.body.code).toBe('payload_too_large');
    const wrongType = await operator.post('/api/place-imports').set('content-type', 'application/json').send({ a: 1 }).expect(415);
    expect(wrongType.body.code).toBe('unsupported_media_type');
    expect(await placeCount()).toBe(before);
  });

  it('is for the operator only', async () => {
    const placeAgent = await loginAs(testApp, DEMO.placeAgent);
    await placeAgent.post('/api/place-imports').set('content-type', 'text/csv').send(EXAMPLE).expect(403);
  });
});
