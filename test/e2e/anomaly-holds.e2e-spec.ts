/**
 * Anomaly holds over HTTP on a real PostgreSQL (docs/anomaly-holds.md): no hold on the demo data but
 * the demo's own; a generated history with injected anomalies (≥ 95 % held, no normal redemption
 * held); a held redemption left out of a batch, released and paid by the next one; a rejection
 * refused to its proposer, confirmed by another operator, voided and booked; the ledger check green.
 */
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { AnomalyScanService, DEFAULT_ANOMALY_RULES } from '@app/anomaly-holds';
import { addDays, startOfDayIn, type UserActor } from '@app/domain';
import { RedemptionService } from '@app/redemption';
import { createProgramme, chequeCodes } from '../helpers/programmes';
import { approveAndExport, createBatch, createPayee, databaseNow, type Payee, todayInParis } from '../helpers/settlement';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const ALL_RULES = 'booklet_burst,outside_opening_hours,other_departement,volume_spike';

interface Hold {
  id: string;
  redemptionId: string;
  organisationId: string;
  placeName: string;
  status: string;
  reasons: Array<{ rule: string; text: string }>;
}

describe('anomaly holds', () => {
  let testApp: TestApp;
  let operator: TestAgent;
  let reviewer: TestAgent;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { ANOMALY_HOLD_RULES: ALL_RULES } });
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
  });
  afterAll(async () => testApp?.close());

  async function holdsOf(organisationId: string, status = 'waiting'): Promise<Hold[]> {
    const holds = (await reviewer.get(`/api/anomaly-holds?status=${status}`).expect(200)).body as Hold[];
    return holds.filter((hold) => hold.organisationId === organisationId);
  }

  async function ledgerOk(): Promise<void> {
    const check = (await operator.get('/api/ledger/check').expect(200)).body as { ok: boolean; invariants: unknown[] };
    expect(check).toMatchObject({ ok: true });
  }

  describe('the demo data', () => {
    it('holds the demo’s evening redemption and nothing else, even examined afresh outside any batch', async () => {
      const waiting = (await reviewer.get('/api/anomaly-holds').expect(200)).body as Hold[];
      expect(waiting).toHaveLength(1);
      expect(waiting[0]).toMatchObject({ placeName: 'Médiathèque Flora Tristan', status: 'held' });
      expect(waiting[0].reasons.map((reason) => reason.rule)).toEqual(['outside_opening_hours']);
      expect(waiting[0].reasons[0].text).toMatch(/^Encaissé le \d{2}\/\d{2}\/\d{4} à 21:40, en dehors des horaires d’ouverture du lieu/);

      // Every demo redemption examined again as if no batch had paid any (lines put back afterwards).
      const lines: Array<{ id: string; status: string }> = await testApp.dataSource.query('SELECT id, status FROM settlement_lines');
      await testApp.dataSource.query("DELETE FROM anomaly_scans; UPDATE settlement_lines SET status = 'cancelled'");
      try {
        const pass = await testApp.app.get(AnomalyScanService).scan(0, DEFAULT_ANOMALY_RULES);
        expect(pass.redemptionCount).toBeGreaterThan(150);
        expect(pass.heldCount).toBe(0);
        const [{ holds }]: Array<{ holds: number }> = await testApp.dataSource.query('SELECT count(*)::int AS holds FROM redemption_holds');
        expect(holds).toBe(1);
      } finally {
        await testApp.dataSource.query(
          'UPDATE settlement_lines l SET status = s.status::settlement_line_status FROM unnest($1::uuid[], $2::text[]) AS s(id, status) WHERE l.id = s.id',
          [lines.map((line) => line.id), lines.map((line) => line.status)],
        );
      }
      await ledgerOk();
    });

    it('shows the médiathèque its redemption « en vérification », with the reason, and not « à recevoir »', async () => {
      const place = await loginAs(testApp, DEMO.placeAgent);
      const view = (await place.get('/api/settlement/place-payments').expect(200)).body as {
        underReview: { amountCents: number; redemptions: Array<{ reasons: string[]; amountCents: number }> };
        refused: { redemptions: unknown[] };
      };
      expect(view.underReview.redemptions).toHaveLength(1);
      expect(view.underReview.amountCents).toBe(view.underReview.redemptions[0].amountCents);
      expect(view.underReview.redemptions[0].reasons[0]).toContain('en dehors des horaires d’ouverture');
      expect(view.refused.redemptions).toEqual([]);
    });
  });

  describe('a generated history with injected anomalies', () => {
    let payee: Payee;
    let anomalous: Set<string>;
    let normal: Set<string>;
    let holds: Hold[];

    beforeAll(async () => {
      payee = await createPayee(testApp, 'verified', 'Espace numérique du Lac');
      const funder = await loginAs(testApp, DEMO.funderManager);
      const distributor = await loginAs(testApp, DEMO.distributorAgent);
      const programme = await createProgramme({
        funder,
        operator,
        until: 'active',
        input: { name: 'Historique généré', bookletCount: 40, territoryCodes: [], eligibleServices: [] },
      });
      const [ccas]: Array<{ organisation_id: string }> = await testApp.dataSource.query(
        'SELECT organisation_id FROM users WHERE email = $1',
        [DEMO.distributorAgent],
      );
      await operator
        .post('/api/booklets/allocations')
        .send({ programmeId: programme.id, fromNumber: 1, toNumber: 40, distributorOrganisationId: ccas.organisation_id })
        .expect(201);
      const today = todayInParis();
      for (let number = 1; number <= 40; number += 1) {
        // Booklets 37 to 40 were handed out in Paris: used in Gironde, they are the other-département anomalies.
        await distributor
          .post('/api/hand-outs')
          .send({
            bookletSerial: `${programme.code}-${String(number).padStart(5, '0')}`,
            communeCode: number > 36 ? '75056' : '33063',
            handedOutOn: addDays(today, -100),
          })
          .expect(201);
      }
      const booklets = new Map<number, string[]>();
      for (const cheque of await chequeCodes(testApp, programme.id)) {
        booklets.set(cheque.bookletNumber, [...(booklets.get(cheque.bookletNumber) ?? []), cheque.code]);
      }
      const take = (number: number): string => {
        const code = booklets.get(number)?.shift();
        if (!code) throw new Error(`booklet ${number} is empty`);
        return code;
      };
      const [user]: Array<{ id: string }> = await testApp.dataSource.query('SELECT id FROM users WHERE organisation_id = $1', [
        payee.organisationId,
      ]);
      const actor: UserActor = {
        kind: 'user',
        userId: user.id,
        organisationId: payee.organisationId,
        organisationKind: 'place',
        role: 'place_agent',
        sessionId: 'test',
        requestId: 'test:anomaly-history',
      };
      const redemptions = testApp.app.get(RedemptionService);
      const redeemAt = async (code: string, day: string, time: string): Promise<string> => {
        const [hours, minutes] = time.split(':').map(Number);
        const occurredAt = new Date(startOfDayIn(day).getTime() + (hours * 60 + minutes) * 60_000);
        const answer = await redemptions.redeemOnce(
          actor,
          { organisationId: payee.organisationId, key: randomUUID(), operation: 'redemption', body: { code } },
          { cheques: [code], serviceId: payee.serviceId },
          { occurredAt, channel: 'offline' },
        );
        if (answer.status !== 201) throw new Error(`redemption refused: ${JSON.stringify(answer.body)}`);
        return (answer.body as { id: string }).id;
      };
      const weekday = (day: string): number => new Date(`${day}T12:00:00Z`).getUTCDay();

      // The place (Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00): two people a weekday, one on Saturday morning,
      // ten weeks long, each cheque of a booklet at least a week after the previous one.
      anomalous = new Set();
      normal = new Set();
      const spikeDay = [...Array(10).keys()].map((offset) => addDays(today, -5 - offset)).find((day) => weekday(day) === 3) as string;
      let next = 0;
      const normalBooklet = (): number => (next++ % 30) + 1;
      for (let offset = 72; offset >= 3; offset -= 1) {
        const day = addDays(today, -offset);
        if (weekday(day) === 0 || day === spikeDay) continue;
        normal.add(await redeemAt(take(normalBooklet()), day, '10:15'));
        if (weekday(day) !== 6) normal.add(await redeemAt(take(normalBooklet()), day, '15:30'));
      }
      // Injected: two whole booklets spent within 40 minutes (5 cheques each, more than 4).
      for (const [number, offset] of [
        [31, 40],
        [32, 20],
      ]) {
        let day = addDays(today, -offset);
        while (weekday(day) === 0 || weekday(day) === 6) day = addDays(day, -1);
        for (const time of ['16:00', '16:10', '16:20', '16:30', '16:40']) anomalous.add(await redeemAt(take(number), day, time));
      }
      // Injected: eight redemptions while the place is closed (Sunday afternoon, weekday night, weekday lunch).
      for (const [index, offset] of [60, 53, 46, 39, 32, 25, 18, 11].entries()) {
        let day = addDays(today, -offset);
        while (weekday(day) !== (index % 2 === 0 ? 0 : 2)) day = addDays(day, -1);
        anomalous.add(await redeemAt(take(33 + (index % 2)), day, index % 2 === 0 ? '15:00' : index % 4 === 1 ? '21:30' : '13:05'));
      }
      // Injected: eight cheques of booklets handed out in Paris, at the usual hours.
      for (const [index, offset] of [58, 50, 44, 36, 29, 22, 15, 8].entries()) {
        let day = addDays(today, -offset);
        while (weekday(day) === 0 || weekday(day) === 6) day = addDays(day, -1);
        anomalous.add(await redeemAt(take(37 + (index % 4)), day, '11:00'));
      }
      // Injected: a day of twelve redemptions where two is the usual (the whole day is held).
      for (const [index, time] of [
        '09:00',
        '09:30',
        '10:00',
        '10:30',
        '11:00',
        '11:30',
        '14:00',
        '14:30',
        '15:00',
        '15:30',
        '16:00',
        '16:30',
      ].entries()) {
        anomalous.add(await redeemAt(take(35 + (index % 2)), spikeDay, time));
      }

      await testApp.app.get(AnomalyScanService).scan(0);
      holds = await holdsOf(payee.organisationId);
    });

    it('holds at least 95 % of the injected anomalies and no normal redemption', () => {
      const held = new Set(holds.map((hold) => hold.redemptionId));
      const caught = [...anomalous].filter((id) => held.has(id));
      expect(anomalous.size).toBe(38);
      expect(normal.size).toBeGreaterThan(100);
      expect(caught.length / anomalous.size).toBeGreaterThanOrEqual(0.95);
      expect([...held].filter((id) => normal.has(id))).toEqual([]);
      const rules = new Set(holds.flatMap((hold) => hold.reasons.map((reason) => reason.rule)));
      expect([...rules].sort()).toEqual(['booklet_burst', 'other_departement', 'outside_opening_hours', 'volume_spike']);
    });

    it('leaves held redemptions out of the batch, pays a released one in the next batch, and voids a rejected one with four eyes', async () => {
      const heldCents = holds.length * 1000;
      const batch = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body as { id: string };
      const detail = (await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body as {
        lines: Array<{ organisationId: string; amountCents: number; redemptionCount: number }>;
      };
      const line = detail.lines.find((candidate) => candidate.organisationId === payee.organisationId);
      expect(line).toMatchObject({ amountCents: normal.size * 1000, redemptionCount: normal.size });
      await ledgerOk();

      // Released by the reviewer (one operator is enough); replayed with its key, the same answer.
      const [released, rejected] = holds;
      const key = randomUUID();
      const release = await reviewer
        .post(`/api/anomaly-holds/${released.id}/release`)
        .set('Idempotency-Key', key)
        .send({ note: 'Atelier confirmé par la structure' })
        .expect(200);
      expect(release.body).toMatchObject({ status: 'released', releaseNote: 'Atelier confirmé par la structure' });
      const replay = await reviewer
        .post(`/api/anomaly-holds/${released.id}/release`)
        .set('Idempotency-Key', key)
        .send({ note: 'Atelier confirmé par la structure' })
        .expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      await reviewer
        .post(`/api/anomaly-holds/${released.id}/reject`)
        .set('Idempotency-Key', randomUUID())
        .send({ reason: 'Trop tard' })
        .expect(409);

      // Rejected: proposed by the admin, refused to the admin's own confirmation, confirmed by the reviewer.
      await operator
        .post(`/api/anomaly-holds/${rejected.id}/reject`)
        .set('Idempotency-Key', randomUUID())
        .send({ reason: '  ' })
        .expect(400);
      await operator.post(`/api/anomaly-holds/${rejected.id}/reject`).send({ reason: 'Aucun atelier' }).expect(400);
      const proposed = await operator
        .post(`/api/anomaly-holds/${rejected.id}/reject`)
        .set('Idempotency-Key', randomUUID())
        .send({ reason: 'Aucun atelier ce jour-là' })
        .expect(200);
      expect(proposed.body).toMatchObject({ status: 'rejection_proposed', rejectionReason: 'Aucun atelier ce jour-là' });
      const ownConfirmation = await operator
        .post(`/api/anomaly-holds/${rejected.id}/confirm-rejection`)
        .set('Idempotency-Key', randomUUID())
        .expect(409);
      expect(ownConfirmation.body.details.code).toBe('four_eyes_required');
      const funderBefore = await funderCreditOf(rejected.redemptionId);
      const confirmed = await reviewer
        .post(`/api/anomaly-holds/${rejected.id}/confirm-rejection`)
        .set('Idempotency-Key', randomUUID())
        .expect(200);
      expect(confirmed.body).toMatchObject({ status: 'rejected', redemptionUndone: false });
      const cheques: Array<{ status: string; cancel_reason: string }> = await testApp.dataSource.query(
        'SELECT c.status, c.cancel_reason FROM cheques c JOIN redemption_cheques rc ON rc.cheque_id = c.id WHERE rc.redemption_id = $1',
        [rejected.redemptionId],
      );
      expect(cheques).toEqual([{ status: 'cancelled', cancel_reason: 'Refusé après vérification : Aucun atelier ce jour-là' }]);
      const entries: Array<{ kind: string }> = await testApp.dataSource.query(
        'SELECT kind::text FROM ledger_entries WHERE source = $1 OR source LIKE $2 ORDER BY kind::text',
        [rejected.redemptionId, `hold:${rejected.id}:%`],
      );
      expect(entries.map((entry) => entry.kind)).toEqual(['cheques_cancelled', 'redemption', 'redemption_undone']);
      expect((await funderCreditOf(rejected.redemptionId)) - funderBefore).toBe(1000);
      const audit = (await operator.get(`/api/audit-events?objectType=redemption_hold&objectId=${rejected.id}`).expect(200)).body as {
        items: Array<{ action: string }>;
      };
      expect(audit.items.map((event) => event.action).sort()).toEqual([
        'redemption_hold.flagged',
        'redemption_hold.rejected',
        'redemption_hold.rejection_proposed',
      ]);
      await ledgerOk();

      // The place sees what is still checked and what was refused, with the reason.
      const view = (await payee.agent.get('/api/settlement/place-payments').expect(200)).body as {
        underReview: { amountCents: number };
        refused: { redemptions: Array<{ rejectionReason: string; rejectedOn: string }> };
      };
      expect(view.underReview.amountCents).toBe(heldCents - 2000);
      expect(view.refused.redemptions).toEqual([
        expect.objectContaining({ rejectionReason: 'Aucun atelier ce jour-là', rejectedOn: todayInParis() }),
      ]);

      const csv = (await payee.agent.get('/api/settlement/place-payments.csv').expect(200)).text;
      expect(csv).toContain('"Refusé après vérification"');
      expect(csv).toContain('"Aucun atelier ce jour-là"');
      expect(csv.split('\n').filter((row) => row.startsWith('"En vérification"'))).toHaveLength(holds.length - 2);

      // The next batch pays the released one (its instant was left out of the first line), once.
      await approveAndExport(testApp, operator, batch.id);
      const next = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body as { id: string };
      const nextDetail = (await operator.get(`/api/settlement/batches/${next.id}`).expect(200)).body as {
        lines: Array<{ id: string; organisationId: string; amountCents: number; redemptionCount: number }>;
      };
      const nextLine = nextDetail.lines.find((candidate) => candidate.organisationId === payee.organisationId);
      expect(nextLine).toMatchObject({ amountCents: 1000, redemptionCount: 1 });
      await approveAndExport(testApp, operator, next.id);
      await operator
        .post(`/api/settlement/batches/${next.id}/paid`)
        .set('Idempotency-Key', randomUUID())
        .send({ paidOn: todayInParis(), bankReference: 'VIR-HOLD-1' })
        .expect(200);
      const [{ status }]: Array<{ status: string }> = await testApp.dataSource.query(
        'SELECT c.status FROM cheques c JOIN redemption_cheques rc ON rc.cheque_id = c.id WHERE rc.redemption_id = $1',
        [released.redemptionId],
      );
      expect(status).toBe('settled');
      await ledgerOk();
    });

    it('refuses unknown holds and hostile input with a 4xx', async () => {
      await reviewer.get(`/api/anomaly-holds/${randomUUID()}`).expect(404);
      await reviewer.get('/api/anomaly-holds/not-a-uuid').expect(400);
      await reviewer.get('/api/anomaly-holds?status=everything').expect(400);
      await reviewer.post(`/api/anomaly-holds/${randomUUID()}/release`).set('Idempotency-Key', randomUUID()).send({}).expect(404);
      await payee.agent.get('/api/anomaly-holds').expect(403);
    });
  });

  /** The funders' credit (negative balances of the funder accounts), in cents. */
  async function funderCreditOf(redemptionId: string): Promise<number> {
    const [{ credit }]: Array<{ credit: string }> = await testApp.dataSource.query(
      `SELECT coalesce(-sum(p.amount_cents), 0)::text AS credit FROM ledger_postings p
        WHERE p.account_kind = 'funder' AND p.account_ref IN (
          SELECT pr.funder_organisation_id FROM redemption_cheques rc JOIN programmes pr ON pr.id = rc.programme_id WHERE rc.redemption_id = $1)`,
      [redemptionId],
    );
    return Number(credit);
  }
});
