import { randomUUID } from 'node:crypto';
import { generateChequeCode, hashChequeCode } from '@app/domain';
import { handedOutProgramme, qrContentOf, redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('redemption offline, and beneficiaries’ feedback', () => {
  let testApp: TestApp;
  let fixture: RedemptionFixture;

  beforeAll(async () => {
    testApp = await startTestApp();
    fixture = await redemptionFixture(testApp);
  });
  afterAll(async () => {
    await testApp.close();
  });

  describe('offline bundle and sync', () => {
    it('gives a place what it needs to check cheques alone: keys, cancelled cheques, catalogue, programmes, limits', async () => {
      const cancelled = await handedOutProgramme(testApp, { eligibleServices: [] });
      const distributor = await loginAs(testApp, DEMO.distributorAgent);
      await distributor
        .post('/api/cheques/cancellations')
        .send({ chequeCodes: [cancelled.codes[0]], reason: 'Carnet perdu' })
        .expect(200);

      const missingPlace = await fixture.placeAgent.get('/api/redemptions/offline-bundle').expect(400);
      expect(missingPlace.body.details[0].field).toBe('placeId');
      const bundle = await fixture.placeAgent.get(`/api/redemptions/offline-bundle?placeId=${fixture.placeId}`).expect(200);
      const keys = await testApp.anonymous().get('/api/keys').expect(200);
      expect(bundle.body.keys).toEqual(keys.body.keys);
      expect(bundle.body.place).toMatchObject({ id: fixture.placeId, communeCode: '33063', departement: '33', suspended: false });
      expect(bundle.body.catalogue.map((entry: { id: string }) => entry.id)).toEqual(expect.arrayContaining([fixture.workshopId]));
      expect(bundle.body.programmes.map((programme: { id: string }) => programme.id)).toEqual(
        expect.arrayContaining([fixture.programmeId, cancelled.programmeId]),
      );
      expect(bundle.body.cancelledCheques).toContain(hashChequeCode(cancelled.codes[0]).toString('hex'));
      expect(bundle.body.maxQueuedCheques).toBe(20);
      const hours = (Date.parse(bundle.body.validUntil) - Date.parse(bundle.body.generatedAt)) / 3_600_000;
      expect(hours).toBe(24);
    });

    it('syncs a queue: accepted, conflict when already used meanwhile, refused with the reason; retrying changes nothing', async () => {
      const [fresh, usedMeanwhile] = fixture.codes.slice(0, 2);
      await redeem(fixture.placeAgent, [usedMeanwhile], fixture.supportId).expect(201);
      const scannedAt = new Date(Date.now() - 3_600_000).toISOString();
      const items = [
        { id: randomUUID(), cheques: [await qrContentOf(testApp, fresh)], serviceId: fixture.workshopId, scannedAt },
        { id: randomUUID(), cheques: [usedMeanwhile], serviceId: fixture.workshopId, scannedAt },
        { id: randomUUID(), cheques: [generateChequeCode()], serviceId: fixture.workshopId, scannedAt },
        { id: randomUUID(), cheques: [fixture.codes[2]], serviceId: fixture.workshopId, scannedAt: '2020-01-01T10:00:00Z' },
      ];
      const sync = await fixture.placeAgent.post('/api/redemptions/sync').send({ items }).expect(200);
      const [accepted, conflict, refused, tooOld] = sync.body.results;
      expect(accepted).toMatchObject({ id: items[0].id, status: 'accepted', redemption: { channel: 'offline', occurredAt: scannedAt } });
      expect(conflict).toMatchObject({ status: 'conflict', code: 'already_used' });
      expect(conflict.cheques[0].message).toMatch(/^Ce chèque a déjà été utilisé le /);
      expect(refused).toMatchObject({ status: 'refused', code: 'unknown_code' });
      expect(tooOld).toMatchObject({ status: 'refused', code: 'invalid_scan_time' });

      const again = await fixture.placeAgent.post('/api/redemptions/sync').send({ items }).expect(200);
      expect(again.body.results[0]).toMatchObject({ status: 'accepted', replayed: true, redemption: { id: accepted.redemption.id } });
      const [count] = await testApp.dataSource.query(
        `SELECT count(*)::int AS n FROM redemption_cheques rc JOIN cheques c ON c.id = rc.cheque_id WHERE c.code_hash = $1 AND rc.released_at IS NULL`,
        [hashChequeCode(fresh)],
      );
      expect(count.n).toBe(1);
    });

    it('takes a long queue in one request, beyond the 100 kB of ordinary JSON bodies', async () => {
      const scannedAt = new Date().toISOString();
      // 400 items of unknown QR codes of about 300 characters: about 180 kB.
      const items = Array.from({ length: 400 }, () => ({
        id: randomUUID(),
        cheques: [`${testApp.publicUrl}/c/${generateChequeCode()}#${'x'.repeat(250)}`],
        serviceId: fixture.workshopId,
        scannedAt,
      }));
      const body = JSON.stringify({ items });
      expect(Buffer.byteLength(body)).toBeGreaterThan(100 * 1024);
      const sync = await fixture.placeAgent.post('/api/redemptions/sync').set('Content-Type', 'application/json').send(body).expect(200);
      expect(sync.body.results).toHaveLength(400);
      expect(sync.body.results.every((result: { status: string }) => result.status === 'refused')).toBe(true);
    });

    it('refuses a malformed queue with the field named', async () => {
      const bad = await fixture.placeAgent
        .post('/api/redemptions/sync')
        .send({ items: [{ id: 'x', cheques: [], serviceId: fixture.workshopId, scannedAt: 'hier' }] })
        .expect(400);
      const fields = bad.body.details.map((problem: { field: string }) => problem.field);
      expect(fields).toEqual(expect.arrayContaining(['items.0.id', 'items.0.cheques', 'items.0.scannedAt']));
      const id = randomUUID();
      const duplicate = await fixture.placeAgent
        .post('/api/redemptions/sync')
        .send({
          items: [0, 1].map(() => ({
            id,
            cheques: [fixture.codes[3]],
            serviceId: fixture.workshopId,
            scannedAt: new Date().toISOString(),
          })),
        })
        .expect(400);
      expect(duplicate.body.details).toEqual([{ field: 'items', problems: ['each item needs its own id'] }]);
    });
  });

  describe('feedback', () => {
    it('invites the holder of a used cheque to rate the help once; nothing before use, nothing twice', async () => {
      const code = fixture.codes[5];
      const before = await testApp.anonymous().get(`/api/cheques/${code}/feedback`).expect(200);
      expect(before.body).toEqual({ invited: false, given: false });
      const tooEarly = await testApp.anonymous().post(`/api/cheques/${code}/feedback`).send(answer(5)).expect(409);
      expect(tooEarly.body.details).toEqual({ code: 'cheque_not_used' });

      await redeem(fixture.placeAgent, [code], fixture.workshopId).expect(201);
      expect((await testApp.anonymous().get(`/api/cheques/${code}/feedback`).expect(200)).body).toEqual({ invited: true, given: false });
      await testApp.anonymous().post(`/api/cheques/${code}/feedback`).send(answer(4)).expect(201);
      const twice = await testApp.anonymous().post(`/api/cheques/${code}/feedback`).send(answer(1)).expect(409);
      expect(twice.body.details).toEqual({ code: 'feedback_already_given' });
      expect((await testApp.anonymous().get(`/api/cheques/${code}/feedback`).expect(200)).body).toEqual({ invited: false, given: true });

      const [stored] = await testApp.dataSource.query('SELECT * FROM cheque_feedback');
      expect(Object.keys(stored).sort()).toEqual(['cheque_id', 'given_on', 'id', 'learned', 'place_id', 'rating', 'solved', 'will_return']);

      const invalid = await testApp.anonymous().post(`/api/cheques/${code}/feedback`).send({ rating: 9, learned: 'oui' }).expect(400);
      expect(invalid.body.details.map((problem: { field: string }) => problem.field)).toEqual(
        expect.arrayContaining(['rating', 'learned', 'solved', 'willReturn']),
      );
      await testApp.anonymous().get(`/api/cheques/${generateChequeCode()}/feedback`).expect(404);
    });

    it('shows a place’s ratings only from 5 answers on', async () => {
      // A demo place without any redemption yet.
      const [place]: Array<{ id: string }> = await testApp.dataSource.query(
        "SELECT id FROM places WHERE nom = 'Espace de vie sociale du Grand Parc'",
      );
      const [service]: Array<{ id: string }> = await testApp.dataSource.query(
        "SELECT id FROM catalogue_entries WHERE place_id = $1 AND modality = 'collective_workshop' AND retired_at IS NULL",
        [place.id],
      );
      const ratingsPath = `/api/places/${place.id}/ratings`;
      const ratings = [4, 5, 5, 3, 3];
      for (const [index, code] of fixture.codes.slice(6, 11).entries()) {
        await redeem(fixture.placeAgent, [code], service.id).expect(201);
        await testApp
          .anonymous()
          .post(`/api/cheques/${code}/feedback`)
          .send({ ...answer(ratings[index]), solved: index === 0 })
          .expect(201);
        if (index === 3) {
          const few = await testApp.anonymous().get(ratingsPath).expect(200);
          expect(few.body).toMatchObject({ answers: 4, shown: false, minimumAnswers: 5, averageRating: null, distribution: null });
          expect((await fixture.placeAgent.get(ratingsPath).expect(200)).body.averageRating).toBeNull();
        }
      }
      const enough = await testApp.anonymous().get(ratingsPath).expect(200);
      // Ratings 4, 5, 5, 3, 3: average 4, one "solved" in five.
      expect(enough.body).toMatchObject({
        answers: 5,
        shown: true,
        averageRating: 4,
        distribution: [0, 0, 2, 1, 2],
        solvedShare: 0.2,
        learnedShare: 1,
      });
    });
  });
});

function answer(rating: number): { rating: number; learned: boolean; solved: boolean; willReturn: boolean } {
  return { rating, learned: true, solved: false, willReturn: true };
}
