import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { formatChequeCode } from '@app/domain';
import { ExpiryService } from '@app/vouchers';
import { createOrganisationWithUser } from '../helpers/fixtures';
import { chequeCodes, chequeVerdictOf, createProgramme } from '../helpers/programmes';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('distribution: allocation, hand-out, cancellation, expiry', () => {
  let testApp: TestApp;
  let funder: TestAgent;
  let operator: TestAgent;
  let distributor: TestAgent;
  let distributorId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    funder = await loginAs(testApp, DEMO.funderManager);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    distributor = await loginAs(testApp, DEMO.distributorAgent);
    distributorId = (await distributor.get('/api/auth/me')).body.organisation.id;
  });
  afterAll(() => testApp.close());

  /** The operator allocates booklets `fromNumber` to `toNumber` of a programme (to the demo distributor). */
  function allocate(programmeId: string, fromNumber: number, toNumber: number, distributorOrganisationId = distributorId): Test {
    return operator.post('/api/booklets/allocations').send({ programmeId, fromNumber, toNumber, distributorOrganisationId });
  }

  const statusOf = (code: string): Promise<string> => chequeVerdictOf(testApp, code);

  it('allocates ranges all or nothing, to distributors only', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active' });
    await allocate(programme.id, 1, 2).expect(201);
    const overlap = await allocate(programme.id, 2, 3).expect(409);
    expect(overlap.body).toEqual({
      code: 'conflict',
      message: '1 of these 2 booklets are already allocated; nothing was allocated',
      details: { code: 'booklets_already_allocated' },
    });
    const beyond = await allocate(programme.id, 3, 4).expect(400);
    expect(beyond.body.details).toEqual([{ field: 'toNumber', problems: ['must not be greater than 3'] }]);
    const third = await testApp.dataSource.query(
      'SELECT distributor_organisation_id FROM booklets WHERE programme_id = $1 AND number = 3',
      [programme.id],
    );
    expect(third[0].distributor_organisation_id).toBeNull();
    const place = (await operator.get('/api/organisations?kind=place')).body[0];
    const wrongKind = await allocate(programme.id, 3, 3, place.id).expect(400);
    expect(wrongKind.body.details).toEqual([{ field: 'distributorOrganisationId', problems: ['must be a distributor organisation'] }]);
    await distributor
      .post('/api/booklets/allocations')
      .send({ programmeId: programme.id, fromNumber: 3, toNumber: 3, distributorOrganisationId: distributorId })
      .expect(403);

    const stock = await distributor.get(`/api/booklets?programmeId=${programme.id}`).expect(200);
    expect(stock.body).toMatchObject({
      total: 2,
      items: [
        { number: 1, counts: { issued: 10 } },
        { number: 2, counts: { issued: 10 } },
      ],
    });
    const other = await createOrganisationWithUser(testApp, 'distributor');
    const otherAgent = await loginAs(testApp, other.email);
    expect((await otherAgent.get('/api/booklets').expect(200)).body.total).toBe(0);

    const draft = await createProgramme({ funder, operator, until: 'draft' });
    const unissued = await allocate(draft.id, 1, 1).expect(409);
    expect(unissued.body.details).toEqual({ code: 'booklets_not_issued' });
  });

  it('a social worker hands out a booklet with an anonymous profile: its cheques become valid', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active' });
    await allocate(programme.id, 1, 3).expect(201);
    const codes = await chequeCodes(testApp, programme.id);
    expect(await statusOf(codes[0].code)).toBe('not_handed_out');

    const serial = `${programme.code.toLowerCase()}-00001`;
    const handOut = await distributor
      .post('/api/hand-outs')
      .send({
        bookletSerial: serial,
        ageBand: '60_74',
        situation: 'retraite',
        communeCode: '33063',
        needs: ['Aide aux démarches administratives'],
      })
      .expect(201);
    expect(handOut.body.cheques).toBe(10);
    expect(await statusOf(codes[0].code)).toBe('valid');
    expect(await statusOf(codes[10].code)).toBe('not_handed_out');
    const stored = await testApp.dataSource.query('SELECT * FROM hand_outs WHERE id = $1', [handOut.body.handOutId]);
    expect(Object.keys(stored[0]).sort()).toEqual([
      'age_band',
      'commune_code',
      'created_at',
      'distributor_organisation_id',
      'handed_out_on',
      'id',
      'needs',
      'recorded_by_user_id',
      'situation',
    ]);

    const twice = await distributor.post('/api/hand-outs').send({ bookletSerial: serial }).expect(409);
    expect(twice.body).toEqual({
      code: 'invalid_transition',
      message: `Booklet ${programme.code}-00001 was already handed out`,
      details: { code: 'booklet_already_handed_out' },
    });

    // Single cheques of booklet 2, typed with dashes and lower case.
    const single = await distributor
      .post('/api/hand-outs')
      .send({ chequeCodes: [formatChequeCode(codes[10].code).toLowerCase(), codes[11].code] })
      .expect(201);
    expect(single.body.cheques).toBe(2);
    expect(await statusOf(codes[11].code)).toBe('valid');
    expect(await statusOf(codes[12].code)).toBe('not_handed_out');
    const again = await distributor
      .post('/api/hand-outs')
      .send({ chequeCodes: [codes[11].code, codes[12].code] })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'conflict', details: { code: 'cheques_not_distributable' } });
    expect(await statusOf(codes[12].code)).toBe('not_handed_out');
  });

  it('refuses a page no list has and a hand-out day that does not exist as 400s naming the field (issue 18)', async () => {
    const page = await distributor.get('/api/booklets').query({ page: '1e+21' }).expect(400);
    expect(page.body.details).toEqual([{ field: 'page', problems: ['must not be greater than 1000000'] }]);
    const day = await distributor.post('/api/hand-outs').send({ bookletSerial: 'ZZZZ-00001', handedOutOn: '2026-02-30' }).expect(400);
    expect(day.body.details).toEqual([{ field: 'handedOutOn', problems: ['must be a real day from 1900-01-01 to 2200-12-31'] }]);
  });

  it('refuses any personal field in a hand-out, and a commune that is not one', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active' });
    await allocate(programme.id, 1, 1).expect(201);
    const serial = `${programme.code}-00001`;
    const named = await distributor
      .post('/api/hand-outs')
      .send({ bookletSerial: serial, name: 'Jeanne Dupont', phone: '0600000000', notes: 'vit seule' })
      .expect(400);
    expect(named.body.details).toEqual([
      { field: 'name', problems: ['is not an allowed field'] },
      { field: 'phone', problems: ['is not an allowed field'] },
      { field: 'notes', problems: ['is not an allowed field'] },
    ]);
    const commune = await distributor.post('/api/hand-outs').send({ bookletSerial: serial, communeCode: '33' }).expect(400);
    expect(commune.body.details).toEqual([{ field: 'communeCode', problems: ['must be an INSEE commune code'] }]);
    const both = await distributor.post('/api/hand-outs').send({}).expect(400);
    expect(both.body.details[0].field).toBe('bookletSerial');
    expect(
      (
        await testApp.dataSource.query("SELECT count(*)::int AS n FROM cheques WHERE programme_id = $1 AND status = 'distributed'", [
          programme.id,
        ])
      )[0].n,
    ).toBe(0);
  });

  it('does not hand out cheques of an unfunded programme, nor another distributor’s booklets', async () => {
    const programme = await createProgramme({ funder, operator, until: 'ordered' });
    await allocate(programme.id, 1, 1).expect(201);
    const unfunded = await distributor
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00001` })
      .expect(409);
    expect(unfunded.body).toEqual({
      code: 'invalid_transition',
      message: 'Cheques of a ordered programme cannot be handed out: it is not funded yet',
      details: { code: 'programme_not_funded' },
    });
    await distributor
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00002` })
      .expect(404);
  });

  it('allocates and hands out nothing of a closed programme', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active' });
    await allocate(programme.id, 1, 1).expect(201);
    await operator.post(`/api/programmes/${programme.id}/close`).expect(200);
    const allocation = await allocate(programme.id, 2, 2).expect(409);
    expect(allocation.body.details).toEqual({ code: 'programme_closed' });
    const handOut = await distributor
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00001` })
      .expect(409);
    expect(handOut.body).toEqual({
      code: 'invalid_transition',
      message: 'Cheques of a closed programme cannot be handed out',
      details: { code: 'programme_closed' },
    });
  });

  it('cancels a lost booklet or single cheques: refused forever, audited', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active' });
    await allocate(programme.id, 1, 3).expect(201);
    const codes = await chequeCodes(testApp, programme.id);
    await distributor
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00001` })
      .expect(201);
    const cancelled = await distributor.post(`/api/booklets/${programme.code}-00001/cancel`).send({ reason: 'Carnet volé' }).expect(200);
    expect(cancelled.body.cancelled).toBe(10);
    expect(await statusOf(codes[3].code)).toBe('cancelled');
    const twice = await distributor.post(`/api/booklets/${programme.code}-00001/cancel`).send({ reason: 'Carnet volé' }).expect(409);
    expect(twice.body).toMatchObject({ code: 'invalid_transition', details: { code: 'booklet_not_cancellable' } });
    await distributor.post(`/api/booklets/${programme.code}-00003/cancel`).send({ reason: 'Carnet perdu' }).expect(200);
    const handOutCancelled = await distributor
      .post(`/api/hand-outs`)
      .send({ bookletSerial: `${programme.code}-00003` })
      .expect(409);
    expect(handOutCancelled.body).toEqual({
      code: 'invalid_transition',
      message: `Booklet ${programme.code}-00003 was cancelled`,
      details: { code: 'booklet_cancelled' },
    });

    const single = await distributor
      .post('/api/cheques/cancellations')
      .send({ chequeCodes: [codes[10].code], reason: 'Page déchirée' })
      .expect(200);
    expect(single.body.cancelled).toBe(1);
    expect(await statusOf(codes[10].code)).toBe('cancelled');
    const partial = await distributor
      .post('/api/cheques/cancellations')
      .send({ chequeCodes: [codes[10].code, codes[11].code], reason: 'x' })
      .expect(409);
    expect(partial.body.code).toBe('conflict');
    expect(await statusOf(codes[11].code)).toBe('not_handed_out');
    const audit = await testApp.dataSource.query(
      "SELECT action, changes FROM audit_events WHERE action IN ('booklet.cancelled', 'cheque.cancelled') ORDER BY id",
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'booklet.cancelled', changes: { serial: `${programme.code}-00001`, reason: 'Carnet volé', cheques: 10 } },
        { action: 'cheque.cancelled', changes: { reason: 'Page déchirée' } },
      ]),
    );
  });

  it('expires unused cheques after the last day plus grace, once, even with two runs at the same time', async () => {
    const programme = await createProgramme({
      funder,
      operator,
      until: 'active',
      input: { validFrom: '2024-01-01', validUntil: '2024-12-31', graceDays: 10 },
    });
    await allocate(programme.id, 1, 1).expect(201);
    await distributor
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00001` })
      .expect(201);
    const codes = await chequeCodes(testApp, programme.id);
    // A cheque already out of use (here cancelled, through the API) is not expired again.
    await distributor
      .post('/api/cheques/cancellations')
      .send({ chequeCodes: [codes[0].code], reason: 'Chèque abîmé' })
      .expect(200);

    const expiry = testApp.app.get(ExpiryService);
    const runs = await Promise.all([expiry.expireDue(), expiry.expireDue()]);
    const expiredByRuns = runs.reduce((sum, run) => sum + run.expiredCheques, 0);
    const rerun = await expiry.expireDue();
    expect(rerun.expiredCheques).toBe(0);

    const rows = await testApp.dataSource.query(
      'SELECT status, count(*)::int AS n FROM cheques WHERE programme_id = $1 GROUP BY status ORDER BY status::text',
      [programme.id],
    );
    expect(rows).toEqual([
      { status: 'cancelled', n: 1 },
      { status: 'expired', n: 29 },
    ]);
    expect(expiredByRuns).toBeGreaterThanOrEqual(29); // other files' programmes are in their own databases
    const audit = await testApp.dataSource.query(
      "SELECT count(*)::int AS n, count(DISTINCT object_id)::int AS distinct_cheques FROM audit_events WHERE action = 'cheque.expired' AND changes->>'programmeId' = $1",
      [programme.id],
    );
    expect(audit[0]).toEqual({ n: 29, distinct_cheques: 29 });
    expect(await statusOf(codes[1].code)).toBe('expired');
    expect((await operator.get(`/api/programmes/${programme.id}`)).body.status).toBe('closed');
  });
});
