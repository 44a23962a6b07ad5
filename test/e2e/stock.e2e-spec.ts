/**
 * Stock (docs/stock.md): idle booklets for the distributor and the funder (the digest's definition),
 * and transfers between distributors of a programme — asked by one, decided by the funder or the
 * operator, idempotent, audited; a booklet handed out meanwhile stays where it is.
 */
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { BOOKLET_IDLE_DAYS } from '@app/domain';
import { DistributionService } from '@app/vouchers';
import { createOrganisationWithUser } from '../helpers/fixtures';
import { createProgramme } from '../helpers/programmes';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const MDS_AGENT = 'agent@mds.example';

describe('stock: idle booklets and transfers', () => {
  let testApp: TestApp;
  let funder: TestAgent;
  let operator: TestAgent;
  let ccas: TestAgent;
  let mds: TestAgent;
  let ccasId: string;
  let mdsId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    funder = await loginAs(testApp, DEMO.funderManager);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    ccas = await loginAs(testApp, DEMO.distributorAgent);
    mds = await loginAs(testApp, MDS_AGENT);
    ccasId = (await ccas.get('/api/auth/me')).body.organisation.id;
    mdsId = (await mds.get('/api/auth/me')).body.organisation.id;
  });
  afterAll(() => testApp.close());

  async function allocate(programmeId: string, fromNumber: number, toNumber: number, distributorOrganisationId: string): Promise<void> {
    await operator.post('/api/booklets/allocations').send({ programmeId, fromNumber, toNumber, distributorOrganisationId }).expect(201);
  }

  async function holderOf(serial: string): Promise<{ distributor: string; recent: boolean }> {
    const [row] = await testApp.dataSource.query(
      "SELECT distributor_organisation_id AS distributor, allocated_at > now() - interval '1 hour' AS recent FROM booklets WHERE serial = $1",
      [serial],
    );
    return row;
  }

  it('lists idle booklets for the distributor and the funder, by the definition of the e-mail digest', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active', input: { bookletCount: 4 } });
    await allocate(programme.id, 1, 3, ccasId);
    // Booklets 1 and 2 arrived 61 days ago, booklet 3 ten days ago; booklet 2 then had a cheque handed out.
    await testApp.dataSource.query(
      `UPDATE booklets SET allocated_at = now() - make_interval(days => CASE WHEN number < 3 THEN 61 ELSE 10 END) WHERE programme_id = $1`,
      [programme.id],
    );
    await ccas
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00002` })
      .expect(201);
    const ofProgramme = (body: { booklets: Array<{ programmeId: string }> }) =>
      body.booklets.filter((booklet) => booklet.programmeId === programme.id);

    const mine = await ccas.get('/api/stock/idle-booklets').expect(200);
    expect(mine.body.idleDays).toBe(BOOKLET_IDLE_DAYS);
    expect(ofProgramme(mine.body)).toEqual([
      {
        serial: `${programme.code}-00001`,
        programmeId: programme.id,
        programmeName: 'Pass numérique Gironde 2027',
        distributorOrganisationId: ccasId,
        distributorName: 'CCAS de Bordeaux (démo)',
        allocatedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
    ]);
    expect(ofProgramme((await funder.get('/api/stock/idle-booklets').expect(200)).body)).toEqual(ofProgramme(mine.body));
    expect(ofProgramme((await operator.get('/api/stock/idle-booklets').expect(200)).body)).toEqual(ofProgramme(mine.body));
    expect(ofProgramme((await mds.get('/api/stock/idle-booklets').expect(200)).body)).toEqual([]);
    const otherFunder = await createOrganisationWithUser(testApp, 'funder', 'funder_manager');
    const other = await loginAs(testApp, otherFunder.email, otherFunder.password);
    expect((await other.get('/api/stock/idle-booklets').expect(200)).body.booklets).toEqual([]);
    // The digest's list is the same rule: booklet 1 is in it, 2 and 3 are not.
    const digest = await testApp.app.get(DistributionService).idleBooklets(BOOKLET_IDLE_DAYS);
    expect(digest.filter((booklet) => booklet.programmeId === programme.id).map((booklet) => booklet.serial)).toEqual([
      `${programme.code}-00001`,
    ]);
    const place = await loginAs(testApp, DEMO.placeAgent);
    await place.get('/api/stock/idle-booklets').expect(403);
  });

  it('a distributor asks, the funder approves: the booklets still whole move, one handed out meanwhile stays', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active', input: { bookletCount: 5 } });
    await allocate(programme.id, 1, 4, ccasId);
    await allocate(programme.id, 5, 5, mdsId);
    const destinations = await ccas.get(`/api/stock/transfer-destinations?programmeId=${programme.id}`).expect(200);
    expect(destinations.body).toEqual([{ id: mdsId, name: 'Maison départementale des solidarités de Bordeaux (démo)' }]);

    const ask = (body: object, key = randomUUID()) => ccas.post('/api/stock/transfers').set('Idempotency-Key', key).send(body);
    const body = { programmeId: programme.id, toDistributorOrganisationId: mdsId, bookletCount: 3, reason: 'Permanence fermée en janvier' };
    await ccas.post('/api/stock/transfers').send(body).expect(400);
    const key = randomUUID();
    const asked = await ask(body, key).expect(201);
    expect(asked.body).toMatchObject({
      programmeId: programme.id,
      fromDistributorOrganisationId: ccasId,
      fromDistributorName: 'CCAS de Bordeaux (démo)',
      toDistributorOrganisationId: mdsId,
      status: 'pending',
      reason: 'Permanence fermée en janvier',
      decidedAt: null,
      booklets: [1, 2, 3].map((number) => ({ serial: `${programme.code}-0000${number}`, moved: null })),
    });
    const replay = await ask(body, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(asked.body.id);
    // Booklet 4 alone is left outside the pending transfer.
    const short = await ask({ ...body, bookletCount: 2 }).expect(409);
    expect(short.body.details).toEqual({ code: 'transfer_stock_short', available: 1 });
    expect((await ask({ ...body, toDistributorOrganisationId: ccasId }).expect(400)).body.details[0].field).toBe(
      'toDistributorOrganisationId',
    );
    const stranger = await createOrganisationWithUser(testApp, 'distributor');
    expect((await ask({ ...body, toDistributorOrganisationId: stranger.organisation.id }).expect(400)).body.details).toEqual([
      { field: 'toDistributorOrganisationId', problems: ['must be another distributor of this programme'] },
    ]);
    expect((await ask({ ...body, reason: '=HYPERLINK("x")' }).expect(400)).body.details[0].field).toBe('reason');
    // Nothing moves before the decision; the distributors cannot decide (four eyes by role).
    expect((await holderOf(`${programme.code}-00001`)).distributor).toBe(ccasId);
    await ccas.post(`/api/stock/transfers/${asked.body.id}/approve`).set('Idempotency-Key', randomUUID()).send({}).expect(403);
    await mds.post(`/api/stock/transfers/${asked.body.id}/approve`).set('Idempotency-Key', randomUUID()).send({}).expect(403);
    const seen = (await mds.get('/api/stock/transfers').expect(200)).body.map((transfer: { id: string }) => transfer.id);
    expect(seen).toContain(asked.body.id);

    // Booklet 2 is handed out before the decision: it stays with the CCAS.
    await ccas
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00002` })
      .expect(201);
    const decisionKey = randomUUID();
    const approve = () =>
      funder.post(`/api/stock/transfers/${asked.body.id}/approve`).set('Idempotency-Key', decisionKey).send({ note: 'D’accord' });
    const approved = await approve().expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decisionNote: 'D’accord',
      booklets: [
        { serial: `${programme.code}-00001`, moved: true },
        { serial: `${programme.code}-00002`, moved: false },
        { serial: `${programme.code}-00003`, moved: true },
      ],
    });
    expect((await approve().expect(200)).headers['idempotent-replayed']).toBe('true');
    expect(await holderOf(`${programme.code}-00001`)).toEqual({ distributor: mdsId, recent: true });
    expect((await holderOf(`${programme.code}-00002`)).distributor).toBe(ccasId);
    const again = await operator
      .post(`/api/stock/transfers/${asked.body.id}/refuse`)
      .set('Idempotency-Key', randomUUID())
      .send({ note: 'Non' })
      .expect(409);
    expect(again.body.details).toEqual({ code: 'transfer_not_pending', status: 'approved' });
    // The MDS hands out a booklet it received.
    await mds
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00003` })
      .expect(201);
    const audit = await testApp.dataSource.query(
      "SELECT action FROM audit_events WHERE object_type = 'stock_transfer' AND object_id = $1 ORDER BY occurred_at",
      [asked.body.id],
    );
    expect(audit.map((event: { action: string }) => event.action)).toEqual(['stock_transfer.requested', 'stock_transfer.approved']);
  });

  it('the operator refuses with a reason: nothing moves; a transfer whose booklets all went meanwhile cannot be approved', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active', input: { bookletCount: 3 } });
    await allocate(programme.id, 1, 2, ccasId);
    await allocate(programme.id, 3, 3, mdsId);
    const ask = () =>
      ccas
        .post('/api/stock/transfers')
        .set('Idempotency-Key', randomUUID())
        .send({ programmeId: programme.id, toDistributorOrganisationId: mdsId, bookletCount: 1 })
        .expect(201);
    const first = await ask();
    const refuse = (note: string) =>
      operator.post(`/api/stock/transfers/${first.body.id}/refuse`).set('Idempotency-Key', randomUUID()).send({ note });
    expect((await refuse('   ').expect(400)).body.details[0].field).toBe('note');
    const refused = await refuse('Carnets prévus pour la campagne de janvier').expect(200);
    expect(refused.body).toMatchObject({
      status: 'refused',
      decisionNote: 'Carnets prévus pour la campagne de janvier',
      booklets: [{ moved: null }],
    });
    expect((await holderOf(`${programme.code}-00001`)).distributor).toBe(ccasId);

    const second = await ask(); // booklet 1 again: the refused transfer no longer holds it
    expect(second.body.booklets).toEqual([{ serial: `${programme.code}-00001`, moved: null }]);
    await ccas
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-00001` })
      .expect(201);
    const nothing = await funder
      .post(`/api/stock/transfers/${second.body.id}/approve`)
      .set('Idempotency-Key', randomUUID())
      .send({})
      .expect(409);
    expect(nothing.body.details).toEqual({ code: 'transfer_nothing_to_move' });
    const [row] = await testApp.dataSource.query('SELECT status FROM stock_transfers WHERE id = $1', [second.body.id]);
    expect(row.status).toBe('pending');
  });

  it('an approval and a refusal at the same moment: one decision only, the booklets moved or not accordingly', async () => {
    const programme = await createProgramme({ funder, operator, until: 'active', input: { bookletCount: 3 } });
    await allocate(programme.id, 1, 2, ccasId);
    await allocate(programme.id, 3, 3, mdsId);
    const asked = await ccas
      .post('/api/stock/transfers')
      .set('Idempotency-Key', randomUUID())
      .send({ programmeId: programme.id, toDistributorOrganisationId: mdsId, bookletCount: 2 })
      .expect(201);
    const [approval, refusal] = await Promise.all([
      funder.post(`/api/stock/transfers/${asked.body.id}/approve`).set('Idempotency-Key', randomUUID()).send({}),
      operator.post(`/api/stock/transfers/${asked.body.id}/refuse`).set('Idempotency-Key', randomUUID()).send({ note: 'Non' }),
    ]);
    expect([approval.status, refusal.status].sort()).toEqual([200, 409]);
    const [row] = await testApp.dataSource.query('SELECT status FROM stock_transfers WHERE id = $1', [asked.body.id]);
    const holder = (await holderOf(`${programme.code}-00001`)).distributor;
    expect(holder).toBe(row.status === 'approved' ? mdsId : ccasId);
    expect(approval.status === 200 ? 'approved' : 'refused').toBe(row.status);
  });
});
