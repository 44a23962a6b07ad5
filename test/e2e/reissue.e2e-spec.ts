/**
 * Reissuing a lost booklet (docs/stock.md): the same person gets a new booklet of the same programme
 * for the remaining value, the lost cheques are refused everywhere — online, on the check page and
 * at an offline scanner's next sync (a conflict) — once per Idempotency-Key, booked and audited.
 */
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { chequeCodes, chequeVerdictOf, createProgramme } from '../helpers/programmes';
import { qrContentOf, redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('reissue of a lost booklet', () => {
  let testApp: TestApp;
  let fixture: RedemptionFixture;
  let funder: TestAgent;
  let operator: TestAgent;
  let distributor: TestAgent;
  let distributorId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    fixture = await redemptionFixture(testApp);
    funder = await loginAs(testApp, DEMO.funderManager);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    distributor = await loginAs(testApp, DEMO.distributorAgent);
    distributorId = (await distributor.get('/api/auth/me')).body.organisation.id;
  });
  afterAll(() => testApp.close());

  /** An active programme, booklets 1 to 3 in the demo distributor's stock, booklet 1 handed out with a profile. */
  async function programmeWithHandOut(): Promise<{ id: string; code: string; codes: Awaited<ReturnType<typeof chequeCodes>> }> {
    const programme = await createProgramme({ funder, operator, until: 'active', input: { eligibleServices: [] } });
    await operator
      .post('/api/booklets/allocations')
      .send({ programmeId: programme.id, fromNumber: 1, toNumber: 3, distributorOrganisationId: distributorId })
      .expect(201);
    await distributor
      .post('/api/hand-outs')
      .send({
        bookletSerial: `${programme.code}-00001`,
        handedOutOn: '2026-11-02',
        ageBand: '75_et_plus',
        situation: 'retraite',
        communeCode: '33281',
        needs: ['Aide aux démarches administratives'],
      })
      .expect(201);
    return { ...programme, codes: await chequeCodes(testApp, programme.id) };
  }

  const verdictOf = (code: string): Promise<string> => chequeVerdictOf(testApp, code);

  it('gives the same person a new booklet for the remaining value; the lost cheques are refused everywhere, offline at the next sync', async () => {
    const programme = await programmeWithHandOut();
    const lost = programme.codes.filter((cheque) => cheque.bookletNumber === 1).map((cheque) => cheque.code);
    const fresh = programme.codes.filter((cheque) => cheque.bookletNumber === 2).map((cheque) => cheque.code);
    for (const code of lost.slice(0, 3)) await redeem(fixture.placeAgent, [code], fixture.workshopId).expect(201);
    // The place's scanner took its offline data before the reissue: the lost cheques are not in its cancelled list.
    const bundle = await fixture.placeAgent.get(`/api/redemptions/offline-bundle?placeId=${fixture.placeId}`).expect(200);
    const scannedOffline = await qrContentOf(testApp, lost[4]);

    const serial = `${programme.code}-00001`;
    const preview = await distributor.get(`/api/booklets/${serial.toLowerCase()}/reissue`).expect(200);
    expect(preview.body).toEqual({
      serial,
      programmeId: programme.id,
      programmeName: 'Pass numérique Gironde 2027',
      faceValueCents: 1000,
      chequesPerBooklet: 10,
      remainingCheques: 7,
      remainingValueCents: 7000,
      handedOutOn: '2026-11-02',
      profile: { ageBand: '75_et_plus', situation: 'retraite', communeCode: '33281', needs: ['Aide aux démarches administratives'] },
    });

    const body = { newBookletSerial: `${programme.code}-00002` };
    const missingKey = await distributor.post(`/api/booklets/${serial}/reissue`).send(body).expect(400);
    expect(missingKey.body.details[0].field).toBe('Idempotency-Key');
    const key = randomUUID();
    const reissued = await distributor.post(`/api/booklets/${serial}/reissue`).set('Idempotency-Key', key).send(body).expect(201);
    expect(reissued.body).toEqual({
      reissueId: expect.any(String),
      lostBookletSerial: serial,
      newBookletSerial: `${programme.code}-00002`,
      handOutId: expect.any(String),
      chequesCancelled: 7,
      chequesHandedOut: 7,
      valueCents: 7000,
      surplusPositions: { from: 8, to: 10 },
    });
    const replay = await distributor.post(`/api/booklets/${serial}/reissue`).set('Idempotency-Key', key).send(body).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(reissued.body);
    const reused = await distributor
      .post(`/api/booklets/${serial}/reissue`)
      .set('Idempotency-Key', key)
      .send({ newBookletSerial: `${programme.code}-00003` })
      .expect(422);
    expect(reused.body.details).toEqual({ code: 'idempotency_key_reused' });

    // The lost booklet: used cheques stay used, the others are cancelled; the new one: 7 valid, 3 cancelled.
    expect(await verdictOf(lost[0])).toBe('already_used');
    expect(await verdictOf(lost[4])).toBe('cancelled');
    expect(await verdictOf(fresh[0])).toBe('valid');
    expect(await verdictOf(fresh[6])).toBe('valid');
    expect(await verdictOf(fresh[7])).toBe('cancelled');
    const online = await redeem(fixture.placeAgent, [lost[5]], fixture.workshopId).expect(409);
    expect(online.body.details.cheques[0]).toMatchObject({ redeemable: false, code: 'cancelled' });
    await redeem(fixture.placeAgent, [fresh[0]], fixture.workshopId).expect(201);

    // Offline, the old bundle let the lost cheque through; the sync reports the conflict and records nothing.
    expect(bundle.body.cancelledCheques).toHaveLength(new Set(bundle.body.cancelledCheques).size);
    const sync = await fixture.placeAgent
      .post('/api/redemptions/sync')
      .send({
        items: [{ id: randomUUID(), cheques: [scannedOffline], serviceId: fixture.workshopId, scannedAt: new Date().toISOString() }],
      })
      .expect(200);
    expect(sync.body.results[0]).toMatchObject({ status: 'conflict', code: 'cancelled' });
    expect(sync.body.results[0].cheques[0].message).toMatch(/annulé/);
    const newBundle = await fixture.placeAgent.get(`/api/redemptions/offline-bundle?placeId=${fixture.placeId}`).expect(200);
    expect(newBundle.body.cancelledCheques.length).toBe(bundle.body.cancelledCheques.length + 7 + 3);

    // The same anonymous profile on the new hand-out, linked to the lost one by ids alone; booked and audited.
    const [handOuts] = await testApp.dataSource.query(
      `SELECT lost.age_band = n.age_band AND lost.situation = n.situation AND lost.commune_code = n.commune_code AND lost.needs = n.needs AS same,
              r.cheques_carried, r.surplus_cheques_cancelled
         FROM hand_out_reissues r JOIN hand_outs lost ON lost.id = r.lost_hand_out_id JOIN hand_outs n ON n.id = r.new_hand_out_id
        WHERE r.id = $1`,
      [reissued.body.reissueId],
    );
    expect(handOuts).toEqual({ same: true, cheques_carried: 7, surplus_cheques_cancelled: 3 });
    const columns: Array<{ column_name: string }> = await testApp.dataSource.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'hand_out_reissues' ORDER BY column_name",
    );
    expect(columns.map((column) => column.column_name)).toEqual([
      'cheques_carried',
      'created_at',
      'distributor_organisation_id',
      'id',
      'lost_booklet_id',
      'lost_hand_out_id',
      'new_booklet_id',
      'new_hand_out_id',
      'surplus_cheques_cancelled',
    ]);
    const [released] = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM ledger_entries WHERE kind = 'cheques_cancelled' AND memo LIKE $1",
      [`Carnet ${serial} remplacé%`],
    );
    expect(released.n).toBeGreaterThan(0);
    const audit = await testApp.dataSource.query(
      "SELECT changes FROM audit_events WHERE action = 'booklet.reissued' AND object_type = 'booklet'",
    );
    expect(audit.map((event: { changes: { newBookletSerial: string } }) => event.changes.newBookletSerial)).toContain(
      `${programme.code}-00002`,
    );

    const again = await distributor.post(`/api/booklets/${serial}/reissue`).set('Idempotency-Key', randomUUID()).send(body).expect(409);
    expect(again.body.details).toEqual({ code: 'booklet_not_reissuable' });
  });

  it('refuses a booklet never handed out, a new booklet already used or of another programme, and any other role', async () => {
    const programme = await programmeWithHandOut();
    const other = await programmeWithHandOut();
    const serial = `${programme.code}-00001`;
    const never = await distributor.get(`/api/booklets/${programme.code}-00003/reissue`).expect(409);
    expect(never.body.details).toEqual({ code: 'booklet_not_reissuable' });
    const post = (newBookletSerial: string) =>
      distributor.post(`/api/booklets/${serial}/reissue`).set('Idempotency-Key', randomUUID()).send({ newBookletSerial });
    expect((await post(`${other.code}-00002`).expect(409)).body.details).toEqual({
      code: 'replacement_not_in_programme',
      field: 'newBookletSerial',
    });
    await distributor
      .post('/api/hand-outs')
      .send({ chequeCodes: [programme.codes[10].code] })
      .expect(201);
    expect((await post(`${programme.code}-00002`).expect(409)).body.details).toEqual({
      code: 'replacement_not_available',
      field: 'newBookletSerial',
    });
    expect((await post(serial).expect(400)).body.details).toEqual([
      { field: 'newBookletSerial', problems: ['must be another booklet than the lost one'] },
    ]);
    expect((await post('pas-un-numero').expect(400)).body.details[0].field).toBe('newBookletSerial');
    expect((await post(`${programme.code}-00099`).expect(404)).body.code).toBe('not_found');
    // Nothing changed by the refusals: the lost booklet still has its 10 cheques usable.
    expect(await verdictOf(programme.codes[0].code)).toBe('valid');
    await funder.get(`/api/booklets/${serial}/reissue`).expect(403);
    await operator
      .post(`/api/booklets/${serial}/reissue`)
      .set('Idempotency-Key', randomUUID())
      .send({ newBookletSerial: `${programme.code}-00003` })
      .expect(403);
    await post(`${programme.code}-00003`).expect(201);
  });

  it('two social workers reissuing the same lost booklet at once: one wins, the other new booklet stays whole', async () => {
    const programme = await programmeWithHandOut();
    const serial = `${programme.code}-00001`;
    const answers = await Promise.all(
      [2, 3].map((number) =>
        distributor
          .post(`/api/booklets/${serial}/reissue`)
          .set('Idempotency-Key', randomUUID())
          .send({ newBookletSerial: `${programme.code}-0000${number}` }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const lost = answers.find((answer) => answer.status === 409)!;
    expect(lost.body.details).toEqual({ code: 'booklet_not_reissuable' });
    const statuses: Array<{ number: number; statuses: string[] }> = await testApp.dataSource.query(
      `SELECT b.number, array_agg(DISTINCT c.status::text ORDER BY c.status::text) AS statuses
         FROM cheques c JOIN booklets b ON b.id = c.booklet_id WHERE c.programme_id = $1 GROUP BY b.number ORDER BY b.number`,
      [programme.id],
    );
    // The lost booklet cancelled once; one new booklet handed out whole, the other untouched in stock.
    expect(statuses.map((row) => row.statuses)).toEqual(expect.arrayContaining([['cancelled'], ['distributed'], ['issued']]));
    const [reissues] = await testApp.dataSource.query(
      'SELECT count(*)::int AS n FROM hand_out_reissues r JOIN booklets b ON b.id = r.lost_booklet_id WHERE b.serial = $1',
      [serial],
    );
    expect(reissues.n).toBe(1);
  });
});
