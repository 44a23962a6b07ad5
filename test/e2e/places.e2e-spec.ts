import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type TestAgent from 'supertest/lib/agent';
import { NATIONAL_SCHEMA_COLUMNS } from '@app/domain';
import { nationalRow, PlacesService } from '@app/places';
import { createQualifiedPlace, fullAnswers, PLACE_INPUT, passingScores } from '../helpers/places';
import { loadTableSchema, validateTable } from '../helpers/table-schema';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';
import { demoPdf, demoPng } from '../../apps/api/src/seed/demo-documents';

const SCHEMA = loadTableSchema('test/fixtures/schemas/lieux-mediation-numerique.schema.json');

describe('places: registry, qualification, map, open data', () => {
  let testApp: TestApp;
  let placeAgent: TestAgent;
  let reviewer: TestAgent;
  let operator: TestAgent;

  beforeAll(async () => {
    testApp = await startTestApp();
    placeAgent = await loginAs(testApp, DEMO.placeAgent);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
  });
  afterAll(() => testApp.close());

  const mapIds = async (): Promise<string[]> =>
    (await testApp.anonymous().get('/api/places.geojson').expect(200)).body.features.map(
      (feature: { properties: { id: string } }) => feature.properties.id,
    );
  const exportIds = async (): Promise<string[]> =>
    (await testApp.anonymous().get('/api/open-data/places.json').expect(200)).body.data.map((row: { id: string }) => row.id);

  it('refuses a list sent as null, on creation and change, and a page no list has (issue 18)', async () => {
    const fieldsOf = (body: { details: Array<{ field: string }> }): string[] => body.details.map((problem) => problem.field).sort();
    const created = await placeAgent
      .post('/api/places')
      .send({ ...PLACE_INPUT, typologie: null, services: null })
      .expect(400);
    expect(created.body.code).toBe('validation_failed');
    expect(fieldsOf(created.body)).toEqual(['services', 'typologie']);
    expect(created.body.details[0].problems).toContain('must be an array');
    const [place] = (await placeAgent.get('/api/managed-places').expect(200)).body.items;
    const changed = await placeAgent.patch(`/api/places/${place.id}`).send({ courriels: null }).expect(400);
    expect(fieldsOf(changed.body)).toEqual(['courriels']);
    // A field that may be cleared still can be.
    await placeAgent.patch(`/api/places/${place.id}`).send({ telephone: null }).expect(200);
    // A phone number written as people do is kept in the schema's international form.
    const phoned = await placeAgent.patch(`/api/places/${place.id}`).send({ telephone: '05 56 12 34 56' }).expect(200);
    expect(phoned.body.telephone).toBe('+33556123456');
    const page = await placeAgent.get('/api/managed-places').query({ page: '1e+21' }).expect(400);
    expect(page.body.details).toEqual([{ field: 'page', problems: ['must not be greater than 1000000'] }]);
    await testApp.anonymous().get('/api/places').query({ page: '1e+308' }).expect(400);
  });

  it('names every wrong field of a place, in the national vocabulary', async () => {
    const response = await placeAgent
      .post('/api/places')
      .send({
        ...PLACE_INPUT,
        pivot: '43493312300028',
        code_postal: '3300',
        horaires: 'tous les jours',
        services: ['Cours de cuisine'],
        telephone: '05 56 00 00',
      })
      .expect(400);
    const fields = response.body.details.map((detail: { field: string }) => detail.field).sort();
    expect(fields).toEqual(['code_postal', 'horaires', 'pivot', 'services', 'telephone']);
    expect(response.body.details.find((detail: { field: string }) => detail.field === 'services').problems).toEqual([
      '"Cours de cuisine" is not in the national vocabulary',
    ]);
  });

  it('a place applies, is reviewed and qualified, shows on the map and in the export; suspended, it leaves both; the register shows every step', async () => {
    const place = await placeAgent
      .post('/api/places')
      .send({ ...PLACE_INPUT, nom: 'Tiers-lieu « Les Chartrons », atelier "code"' })
      .expect(201);
    expect(place.body.qualification.state).toBe('never_qualified');
    const tidied = await placeAgent.patch(`/api/places/${place.body.id}`).send({ horaires: 'lundi 9h-12h' }).expect(200);
    expect(tidied.body.horaires).toBe('Mo 09:00-12:00'); // stored in canonical OpenStreetMap syntax
    await placeAgent.patch(`/api/places/${place.body.id}`).send({ horaires: PLACE_INPUT.horaires }).expect(200);
    expect(await mapIds()).not.toContain(place.body.id);
    await testApp.anonymous().get(`/api/places/${place.body.id}`).expect(404);

    const application = await placeAgent.post('/api/qualification/applications').send({ placeId: place.body.id }).expect(201);
    await placeAgent.post('/api/qualification/applications').send({ placeId: place.body.id }).expect(409);
    const incomplete = await placeAgent.post(`/api/qualification/applications/${application.body.id}/submit`).expect(400);
    expect(incomplete.body.details).toHaveLength(11);
    await placeAgent.put(`/api/qualification/applications/${application.body.id}/answers`).send({ answers: fullAnswers() }).expect(200);
    const pdf = demoPdf('Attestation (test)');
    const evidence = await placeAgent
      .post(`/api/qualification/applications/${application.body.id}/evidence?criterion=MEDIATEUR&fileName=attestation.pdf`)
      .set('content-type', 'application/pdf')
      .send(pdf)
      .expect(201);
    expect(evidence.body).toMatchObject({ criterionCode: 'MEDIATEUR', contentType: 'application/pdf', sizeBytes: pdf.length });
    const disguised = await placeAgent
      .post(`/api/qualification/applications/${application.body.id}/evidence?criterion=MEDIATEUR&fileName=x.pdf`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from('MZ not a pdf at all'))
      .expect(400);
    expect(disguised.body.details[0].field).toBe('file');
    // Checked for what they claim to be: a PDF must parse, an image decode (issue 18).
    const evidenceUrl = `/api/qualification/applications/${application.body.id}/evidence?criterion=MEDIATEUR`;
    const htmlInPdf = await placeAgent
      .post(`${evidenceUrl}&fileName=attestation.pdf`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF-1.7\n<html><script>alert(1)</script></html>'))
      .expect(400);
    expect(htmlInPdf.body).toEqual({
      code: 'validation_failed',
      message: 'The request has invalid fields',
      details: [{ field: 'file', problems: ['must be a PDF document that opens (this file is damaged or is not a PDF)'] }],
    });
    const brokenPng = await placeAgent
      .post(`${evidenceUrl}&fileName=scan.png`)
      .set('content-type', 'image/png')
      .send(demoPng().subarray(0, 60))
      .expect(400);
    expect(brokenPng.body.details).toEqual([
      { field: 'file', problems: ['must be a complete PNG or JPEG image (this file is damaged or truncated)'] },
    ]);
    // Stored and served under a name whose extension says what was checked.
    const png = demoPng();
    const renamed = await placeAgent.post(`${evidenceUrl}&fileName=scan.html`).set('content-type', 'image/png').send(png).expect(201);
    expect(renamed.body).toMatchObject({ fileName: 'scan.png', contentType: 'image/png' });
    const served = await placeAgent.get(`/api/qualification/applications/${application.body.id}/evidence/${renamed.body.id}`).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['content-disposition']).toBe('attachment; filename="scan.png"');
    await placeAgent.post(`/api/qualification/applications/${application.body.id}/submit`).expect(200);
    await placeAgent.put(`/api/qualification/applications/${application.body.id}/answers`).send({ answers: fullAnswers() }).expect(409);

    // The place's own organisation cannot decide; a reviewer cannot qualify on failing scores.
    await placeAgent
      .post(`/api/qualification/applications/${application.body.id}/decision`)
      .send({ outcome: 'qualified', motivation: 'Auto-qualification', scores: passingScores() })
      .expect(403);
    const failing = passingScores().map((score) => (score.criterionCode === 'MEDIATEUR' ? { ...score, met: false } : score));
    const refused = await reviewer
      .post(`/api/qualification/applications/${application.body.id}/decision`)
      .send({ outcome: 'qualified', motivation: 'Tentative de qualification', scores: failing })
      .expect(400);
    expect(refused.body.details).toEqual([
      { field: 'outcome', problems: ['cannot be "qualified": mandatory criteria not met: MEDIATEUR'] },
    ]);
    const decision = await reviewer
      .post(`/api/qualification/applications/${application.body.id}/decision`)
      .send({ outcome: 'qualified', motivation: 'Tous les critères obligatoires sont remplis.', scores: passingScores() })
      .expect(201);
    expect(decision.body).toMatchObject({ outcome: 'qualified', scorePercent: 66, referentialVersion: 1 });
    expect(decision.body.validUntil > decision.body.validFrom).toBe(true);
    await reviewer
      .post(`/api/qualification/applications/${application.body.id}/decision`)
      .send({ outcome: 'rejected', motivation: 'Deuxième décision', scores: passingScores() })
      .expect(409);

    expect(await mapIds()).toContain(place.body.id);
    expect(await exportIds()).toContain(place.body.id);
    const detail = await testApp.anonymous().get(`/api/places/${place.body.id}`).expect(200);
    expect(detail.body.qualification.state).toBe('qualified');
    expect(detail.body.week).toHaveLength(7);
    expect(detail.body.week[0]).toEqual({ day: 'lundi', periods: ['09:00–12:00', '14:00–18:00'] });

    await placeAgent.post(`/api/places/${place.body.id}/suspension`).send({ reason: 'Auto-suspension' }).expect(403);
    await operator.post(`/api/places/${place.body.id}/suspension`).send({ reason: 'Signalement de vente forcée à vérifier.' }).expect(200);
    await operator.post(`/api/places/${place.body.id}/suspension`).send({ reason: 'Deuxième suspension' }).expect(409);
    expect(await mapIds()).not.toContain(place.body.id);
    expect(await exportIds()).not.toContain(place.body.id);
    await testApp.anonymous().get(`/api/places/${place.body.id}`).expect(404);
    await reviewer.post(`/api/places/${place.body.id}/suspension/lift`).send({ reason: 'Signalement non fondé.' }).expect(200);
    expect(await mapIds()).toContain(place.body.id);

    const register = await testApp.anonymous().get('/api/open-data/qualifications.json').expect(200);
    const events = register.body.data
      .filter((entry: { placeId: string }) => entry.placeId === place.body.id)
      .map((entry: { event: string }) => entry.event);
    expect(events.sort()).toEqual(['qualified', 'suspended', 'suspension_lifted']);
    const csv = await testApp.anonymous().get('/api/open-data/qualifications.csv').expect(200);
    expect(csv.text).toContain('"suspension_lifted"');

    const history = await placeAgent.get(`/api/places/${place.body.id}/qualification-history`).expect(200);
    expect(history.body.decisions[0].scores).toHaveLength(11);
    expect(history.body.suspensions[0].liftReason).toBe('Signalement non fondé.');
    const audit = await operator.get(`/api/audit-events?objectType=place&objectId=${place.body.id}`).expect(200);
    expect(audit.body.items.map((event: { action: string }) => event.action)).toEqual(
      expect.arrayContaining(['place.created', 'qualification.qualified', 'place.suspended', 'place.suspension_lifted']),
    );
  });

  it('exports every qualified place valid against the national schema file, even with accents, commas, quotes and line breaks', async () => {
    await createQualifiedPlace(placeAgent, reviewer, {
      nom: 'Maison « Clé », l\'atelier "numérique", Bègles',
      adresse: "1, rue de l'Église",
      presentation_detail: 'Première ligne,\nseconde ligne avec des "guillemets"\r\net une troisième ; fin.',
      code_insee: '33039',
      code_postal: '33130',
      commune: 'Bègles',
    });
    const csv = await testApp.anonymous().get('/api/open-data/places.csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const records: Array<Record<string, string>> = parse(csv.text, { columns: true, bom: true });
    const header = Object.keys(records[0]);
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(validateTable(SCHEMA, header, records)).toEqual([]);
    expect(records.some((row) => row.presentation_detail.includes('\n') && row.nom.includes('"'))).toBe(true);

    const json = await testApp.anonymous().get('/api/open-data/places.json').expect(200);
    expect(validateTable(SCHEMA, header, json.body.data)).toEqual([]);
    expect(json.body.licence.name).toContain('Licence Ouverte');
    const geojson = await testApp.anonymous().get('/api/open-data/places.geojson').expect(200);
    expect(
      validateTable(
        SCHEMA,
        header,
        geojson.body.features.map((feature: { properties: Record<string, string> }) => feature.properties),
      ),
    ).toEqual([]);
    const dataInclusion = await testApp.anonymous().get('/api/open-data/data-inclusion.json').expect(200);
    expect(dataInclusion.body.problems).toEqual([]);
    expect(dataInclusion.body.structures.length).toBe(records.length);
    expect(dataInclusion.body.structures[0]).toEqual(
      expect.objectContaining({ nom: expect.any(String), commune: expect.any(String), date_maj: expect.any(String) }),
    );
  });

  it('writes the places CSV (and JSON rows) as from the place entities before, byte for byte, and builds it again after a change', async () => {
    const { id } = await createQualifiedPlace(placeAgent, reviewer, {
      nom: 'Point numérique "Méridien", Sainte-Foy',
      latitude: 44.84,
      longitude: 0.00001234, // east of Greenwich by a hair: JavaScript writes it in full
      presentation_detail: 'Deux lignes\r\navec « guillemets »',
      complement_adresse: '',
    });
    const entitiesCsv = async (): Promise<string> =>
      '\uFEFF' +
      stringify((await testApp.app.get(PlacesService).qualifiedPlaces()).map(nationalRow), {
        header: true,
        columns: [...NATIONAL_SCHEMA_COLUMNS],
        quoted: true,
        record_delimiter: '\r\n',
      });
    const first = await testApp.anonymous().get('/api/open-data/places.csv').expect(200);
    expect(first.text).toBe(await entitiesCsv());
    expect(first.text).toContain('"0.00001234"');
    const json = await testApp.anonymous().get('/api/open-data/places.json').expect(200);
    expect(json.body.data).toEqual((await testApp.app.get(PlacesService).qualifiedPlaces()).map(nationalRow));
    expect((await testApp.anonymous().get('/api/open-data/places.csv').expect(200)).text).toBe(first.text);

    await placeAgent.patch(`/api/places/${id}`).send({ nom: 'Point numérique du Méridien' }).expect(200);
    const changed = await testApp.anonymous().get('/api/open-data/places.csv').set('if-none-match', first.headers.etag).expect(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(changed.text).toContain('"Point numérique du Méridien"');
    expect(changed.text).toBe(await entitiesCsv());
    await testApp.anonymous().get('/api/open-data/places.csv').set('if-none-match', changed.headers.etag).expect(304);
  });

  it('searches qualified places by text, service, commune, accessibility, open now and bounding box', async () => {
    const { id } = await createQualifiedPlace(placeAgent, reviewer, {
      nom: 'Bibliothèque Mériadeck',
      horaires: '24/7',
      latitude: 44.838,
      longitude: -0.585,
    });
    const found = async (query: string): Promise<string[]> =>
      (await testApp.anonymous().get(`/api/places?${query}`).expect(200)).body.items.map((place: { id: string }) => place.id);
    expect(await found('q=meriadeck')).toEqual([]); // accents matter in ILIKE; the word with its accent:
    expect(await found(`q=${encodeURIComponent('Mériadeck')}`)).toEqual([id]);
    expect(await found(`service=${encodeURIComponent('Aide aux démarches administratives')}&commune=33063`)).toContain(id);
    expect(await found(`accessibility=${encodeURIComponent('Déficience visuelle')}`)).not.toContain(id);
    expect(await found('openNow=true')).toContain(id);
    expect(await found('bbox=-0.6,44.8,-0.5,44.9')).toContain(id);
    expect(await found('bbox=2,48,3,49')).not.toContain(id);
    const bad = await testApp.anonymous().get('/api/places?bbox=1,2,3&service=Cuisine').expect(400);
    expect(bad.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['bbox', 'service']);
  });

  it('versions the catalogue: a change writes a new version and keeps the old one', async () => {
    const { id } = await createQualifiedPlace(placeAgent, reviewer, { nom: 'Atelier catalogue' });
    const entry = await placeAgent
      .post(`/api/places/${id}/catalogue`)
      .send({
        name: 'Atelier collectif',
        category: 'Maîtrise des outils numériques du quotidien',
        modality: 'collective_workshop',
        durationMinutes: 120,
        priceInCheques: 1,
      })
      .expect(201);
    const revised = await placeAgent
      .put(`/api/places/${id}/catalogue/${entry.body.entryId}`)
      .send({
        name: 'Atelier collectif',
        category: 'Maîtrise des outils numériques du quotidien',
        modality: 'collective_workshop',
        durationMinutes: 120,
        priceInCheques: 2,
      })
      .expect(200);
    expect(revised.body).toMatchObject({ entryId: entry.body.entryId, version: 2, priceInCheques: 2 });
    const detail = await testApp.anonymous().get(`/api/places/${id}`).expect(200);
    expect(detail.body.catalogue.map((item: { version: number }) => item.version)).toEqual([2]);
    const history = await placeAgent.get(`/api/places/${id}/catalogue/history`).expect(200);
    expect(
      history.body.map((item: { version: number; priceInCheques: number; retiredAt: string | null }) => [
        item.version,
        item.priceInCheques,
        item.retiredAt !== null,
      ]),
    ).toEqual([
      [1, 1, true],
      [2, 2, false],
    ]);
    const invalid = await placeAgent
      .post(`/api/places/${id}/catalogue`)
      .send({ name: 'X', category: 'Cuisine', modality: 'x', durationMinutes: 0, priceInCheques: 0 })
      .expect(400);
    expect(invalid.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'category',
      'durationMinutes',
      'modality',
      'name',
      'priceInCheques',
    ]);
  });
});
