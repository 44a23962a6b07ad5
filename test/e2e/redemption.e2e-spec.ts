import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { formatEuros, generateChequeCode, hashChequeCode } from '@app/domain';
import { SPEND_CHEQUES_SQL } from '@app/redemption';
import { createOrganisationWithUser } from '../helpers/fixtures';
import {
  handedOutProgramme,
  qrContentOf,
  qualifiedPlaceWithService,
  redeem,
  redemptionFixture,
  type RedemptionFixture,
} from '../helpers/redemption';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('redemption: verify, redeem, undo, history', () => {
  let testApp: TestApp;
  let fixture: RedemptionFixture;
  let codes: string[];
  const verify = (cheque: string, serviceId?: string) =>
    fixture.placeAgent.post('/api/redemptions/verify').send({ cheque, serviceId: serviceId ?? fixture.workshopId });

  beforeAll(async () => {
    testApp = await startTestApp();
    fixture = await redemptionFixture(testApp);
    codes = [...fixture.codes];
  });
  afterAll(async () => {
    await testApp.close();
  });

  const nextCode = (): string => {
    const code = codes.shift();
    if (!code) throw new Error('the fixture ran out of distributed cheques');
    return code;
  };

  it('verifies a typed code and a scanned QR: value, validity and the services it can pay for', async () => {
    const code = nextCode();
    const typed = await verify(code.toLowerCase().replace(/(.{4})/g, '$1 ')).expect(200);
    expect(typed.body).toMatchObject({
      redeemable: true,
      code: 'redeemable',
      cheque: { faceValueCents: 1000, faceValue: formatEuros(1000), maskedCode: expect.stringMatching(/^••••-••••-••••-/) },
      place: { id: fixture.placeId },
    });
    expect(typed.body.services.map((service: { id: string }) => service.id)).toEqual(
      expect.arrayContaining([fixture.workshopId, fixture.supportId, fixture.twoChequeServiceId]),
    );
    const scanned = await verify(await qrContentOf(testApp, code)).expect(200);
    expect(scanned.body.code).toBe('redeemable');
    codes.push(code); // still unused
  });

  it('explains every refusal with a stable code and a French sentence', async () => {
    const code = codes[0];
    // Two neighbouring characters swapped (the check character catches it); they must differ, or
    // the "mistyped" code would be the same code.
    const at = [...code].findIndex(
      (char, index) => /[A-Z0-9]/.test(char) && /[A-Z0-9]/.test(code[index + 1] ?? '') && char !== code[index + 1],
    );
    const swapped = code.slice(0, at) + code[at + 1] + code[at] + code.slice(at + 2);
    expect((await verify(swapped).expect(200)).body).toMatchObject({ redeemable: false, code: 'mistyped_code', cheque: null });
    expect((await verify(generateChequeCode()).expect(200)).body).toMatchObject({ code: 'unknown_code', cheque: null });
    const qr = new URL(await qrContentOf(testApp, code));
    qr.searchParams.set('s', Buffer.alloc(64, 7).toString('base64url'));
    expect((await verify(qr.toString()).expect(200)).body.code).toBe('invalid_signature');

    const other = await handedOutProgramme(testApp, { eligibleServices: ['Aide aux démarches administratives'] });
    const notEligible = await verify(other.codes[0], fixture.workshopId).expect(200);
    expect(notEligible.body).toMatchObject({ code: 'service_not_eligible', redeemable: false });
    expect(notEligible.body.message).toContain('Maîtrise des outils numériques du quotidien');
    expect((await verify(other.codes[0], fixture.supportId).expect(200)).body.code).toBe('redeemable');
    expect((await verify(other.allCodes[15], fixture.supportId).expect(200)).body.code).toBe('not_handed_out');

    const paris = await handedOutProgramme(testApp, { territoryCodes: ['75'], eligibleServices: [] });
    expect((await verify(paris.codes[0]).expect(200)).body.code).toBe('outside_territory');
  });

  it('refuses cheques of an unfunded, cancelled or expired programme', async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    const programme = await funder.post('/api/programmes').send({
      name: 'Commande non payée',
      faceValueCents: 1000,
      chequesPerBooklet: 2,
      bookletCount: 1,
      validFrom: '2026-01-01',
      validUntil: '2027-12-31',
      graceDays: 0,
    });
    await funder.post(`/api/programmes/${programme.body.id}/order`).expect(200);
    const [unfunded]: Array<{ id: string }> = await testApp.dataSource.query('SELECT id FROM cheques WHERE programme_id = $1 LIMIT 1', [
      programme.body.id,
    ]);
    expect(unfunded).toBeDefined();

    const cancelled = await handedOutProgramme(testApp, { eligibleServices: [] });
    const distributor = await loginAs(testApp, DEMO.distributorAgent);
    await distributor
      .post('/api/cheques/cancellations')
      .send({ chequeCodes: [cancelled.codes[0]], reason: 'Chèque perdu' })
      .expect((response) => expect([200, 201]).toContain(response.status));
    expect((await verify(cancelled.codes[0]).expect(200)).body.code).toBe('cancelled');

    // The programme's last day and grace period are over.
    await testApp.dataSource.query(
      "UPDATE programmes SET valid_from = '2024-01-01', valid_until = '2024-12-31', grace_days = 10 WHERE id = $1",
      [cancelled.programmeId],
    );
    const expired = await verify(cancelled.codes[1]).expect(200);
    expect(expired.body).toMatchObject({ code: 'expired', message: 'Ce chèque a expiré le 10 janvier 2025.' });
  });

  it('refuses every cheque at a suspended place, and at a place that is not qualified', async () => {
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    await operator.post(`/api/places/${fixture.placeId}/suspension`).send({ reason: 'Contrôle en cours sur place.' }).expect(200);
    try {
      expect((await verify(codes[0]).expect(200)).body.code).toBe('place_suspended');
      const refused = await redeem(fixture.placeAgent, [codes[0]], fixture.workshopId).expect(409);
      expect(refused.body.details.cheques[0].code).toBe('place_suspended');
    } finally {
      await operator
        .post(`/api/places/${fixture.placeId}/suspension/lift`)
        .send({ reason: 'Contrôle terminé, rien à signaler.' })
        .expect(200);
    }
    await testApp.dataSource.query("UPDATE places SET qualified_until = '2025-01-01' WHERE id = $1", [fixture.placeId]);
    try {
      expect((await verify(codes[0]).expect(200)).body.code).toBe('place_not_qualified');
    } finally {
      await testApp.dataSource.query("UPDATE places SET qualified_until = '2099-01-01' WHERE id = $1", [fixture.placeId]);
    }
  });

  it('redeems for one service: cheques used, redemption recorded with the service version, audited', async () => {
    const code = nextCode();
    const response = await redeem(fixture.placeAgent, [await qrContentOf(testApp, code)], fixture.workshopId).expect(201);
    expect(response.body).toMatchObject({
      placeId: fixture.placeId,
      service: { id: fixture.workshopId, priceInCheques: 1 },
      chequeCount: 1,
      amountCents: 1000,
      amount: formatEuros(1000),
      channel: 'online',
      undoneAt: null,
      cheques: [{ faceValueCents: 1000, maskedCode: expect.stringContaining(code.slice(12, 16)) }],
    });
    const [cheque] = await testApp.dataSource.query('SELECT status FROM cheques WHERE code_hash = $1', [hashChequeCode(code)]);
    expect(cheque.status).toBe('redeemed');
    const audit = await testApp.dataSource.query(
      "SELECT changes FROM audit_events WHERE action = 'redemption.created' AND object_id = $1",
      [response.body.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toMatchObject({ catalogueEntryId: fixture.workshopId, amountCents: 1000, channel: 'online' });

    const again = await verify(code).expect(200);
    expect(again.body.code).toBe('already_used');
    expect(again.body.message).toMatch(/^Ce chèque a déjà été utilisé le \d{1,2} \S+ \d{4}\.$/);
    expect(again.body.message).not.toContain('Médiathèque');
    const twice = await redeem(fixture.placeAgent, [code], fixture.supportId).expect(409);
    expect(twice.body).toMatchObject({ code: 'conflict', details: { code: 'cheques_refused', cheques: [{ code: 'already_used' }] } });
  });

  it('is all or nothing: a 2-cheque service with one bad cheque leaves the good one unused', async () => {
    const good = nextCode();
    const used = await redeem(fixture.placeAgent, [nextCode()], fixture.workshopId).expect(201);
    const [usedCode] = used.body.cheques;
    expect(usedCode).toBeDefined();
    const bad = generateChequeCode();
    const refused = await redeem(fixture.placeAgent, [good, bad], fixture.twoChequeServiceId).expect(409);
    expect(refused.body.details.cheques.map((cheque: { code: string }) => cheque.code)).toEqual(['redeemable', 'unknown_code']);
    const [row] = await testApp.dataSource.query('SELECT status FROM cheques WHERE code_hash = $1', [hashChequeCode(good)]);
    expect(row.status).toBe('distributed');

    const wrongCount = await redeem(fixture.placeAgent, [good], fixture.twoChequeServiceId).expect(400);
    expect(wrongCount.body.details).toEqual([{ field: 'cheques', problems: ['this service costs 2 cheque(s); 1 given'] }]);
    const duplicate = await redeem(fixture.placeAgent, [good, good.toLowerCase()], fixture.twoChequeServiceId).expect(400);
    expect(duplicate.body.details).toEqual([{ field: 'cheques', problems: ['the same cheque is given twice'] }]);

    const both = await redeem(fixture.placeAgent, [good, nextCode()], fixture.twoChequeServiceId).expect(201);
    expect(both.body).toMatchObject({ chequeCount: 2, amountCents: 2000 });
  });

  it('needs an Idempotency-Key; the same key and body replays the answer, another body is refused', async () => {
    const code = nextCode();
    const missing = await fixture.placeAgent
      .post('/api/redemptions')
      .send({ cheques: [code], serviceId: fixture.workshopId })
      .expect(400);
    expect(missing.body.details[0].field).toBe('Idempotency-Key');

    const key = randomUUID();
    const first = await redeem(fixture.placeAgent, [code], fixture.workshopId, key).expect(201);
    const replay = await redeem(fixture.placeAgent, [code], fixture.workshopId, key).expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const rows = await testApp.dataSource.query('SELECT count(*)::int AS n FROM redemptions WHERE id = $1', [first.body.id]);
    expect(rows[0].n).toBe(1);

    const other = await redeem(fixture.placeAgent, [nextCode()], fixture.workshopId, key).expect(422);
    expect(other.body).toMatchObject({ code: 'idempotency_mismatch', details: { code: 'idempotency_key_reused' } });

    // A refusal is an answer too: replayed as it was.
    const unknown = generateChequeCode();
    const refusalKey = randomUUID();
    const refused = await redeem(fixture.placeAgent, [unknown], fixture.workshopId, refusalKey).expect(409);
    const refusedAgain = await redeem(fixture.placeAgent, [unknown], fixture.workshopId, refusalKey).expect(409);
    expect(refusedAgain.body).toEqual(refused.body);
  });

  it('answers 409 while a request with the same key is still in progress', async () => {
    const key = randomUUID();
    const [agent]: Array<{ organisation_id: string }> = await testApp.dataSource.query(
      'SELECT organisation_id FROM users WHERE email = $1',
      [DEMO.placeAgent],
    );
    const holder = new Client({ connectionString: testApp.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`idempotency:${agent.organisation_id}:${key}`]);
      const busy = await redeem(fixture.placeAgent, [codes[0]], fixture.workshopId, key).expect(409);
      expect(busy.body.details).toEqual({ code: 'idempotency_key_in_progress' });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    await redeem(fixture.placeAgent, [nextCode()], fixture.workshopId, key).expect(201);
  });

  it("refuses another organisation's service, and cheques for other roles", async () => {
    const colleague = await loginAs(testApp, DEMO.placeAgent); // same organisation: allowed
    await colleague.post('/api/redemptions/verify').send({ cheque: codes[0], serviceId: fixture.workshopId }).expect(200);
    const other = await createOrganisationWithUser(testApp, 'place');
    const { serviceId: foreignService } = await qualifiedPlaceWithService(testApp, await loginAs(testApp, other.email));
    const notFound = await redeem(fixture.placeAgent, [codes[0]], foreignService).expect(404);
    expect(notFound.body.code).toBe('not_found');
    const funder = await loginAs(testApp, DEMO.funderManager);
    await redeem(funder, [codes[0]], fixture.workshopId).expect(403);
  });

  it('confirms in the database what it kept of a service: a moved place, a revised service, a place that changed hands', async () => {
    // A place of its own, so that moving it does not disturb the other tests.
    const { placeId, serviceId } = await qualifiedPlaceWithService(testApp, fixture.placeAgent);
    const programme = await handedOutProgramme(testApp, { eligibleServices: [] }); // territory: Gironde (33)
    const [first, second, third] = programme.codes;
    await redeem(fixture.placeAgent, [first], serviceId).expect(201); // the service is now kept

    await testApp.dataSource.query("UPDATE places SET code_insee = '75056', code_postal = '75001' WHERE id = $1", [placeId]);
    const moved = await redeem(fixture.placeAgent, [second], serviceId).expect(409);
    expect(moved.body.details.cheques[0].code).toBe('outside_territory');
    await testApp.dataSource.query("UPDATE places SET code_insee = '33063', code_postal = '33000' WHERE id = $1", [placeId]);
    await redeem(fixture.placeAgent, [second], serviceId).expect(201); // back in Gironde, though kept in Paris

    const [{ entry_id: entryId }] = await testApp.dataSource.query('SELECT entry_id FROM catalogue_entries WHERE id = $1', [serviceId]);
    const revised = await fixture.placeAgent
      .put(`/api/places/${placeId}/catalogue/${entryId}`)
      .send({
        name: 'Atelier (2 h)',
        category: 'Aide aux démarches administratives',
        modality: 'individual',
        durationMinutes: 120,
        priceInCheques: 1,
      })
      .expect(200);
    const stale = await redeem(fixture.placeAgent, [third], serviceId).expect(400);
    expect(stale.body.details).toEqual([expect.objectContaining({ field: 'serviceId' })]);
    const usingRevised = await redeem(fixture.placeAgent, [third], revised.body.id).expect(201);
    expect(usingRevised.body.service.name).toBe('Atelier (2 h)');

    const other = await createOrganisationWithUser(testApp, 'place');
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    await operator.put(`/api/places/${placeId}/organisation`).send({ organisationId: other.organisation.id }).expect(200);
    expect((await redeem(fixture.placeAgent, [programme.codes[3]], revised.body.id).expect(404)).body.code).toBe('not_found');
    const statuses: Array<{ status: string }> = await testApp.dataSource.query(
      'SELECT status FROM cheques WHERE code_hash = ANY($1) ORDER BY status',
      [programme.codes.slice(0, 4).map((code) => hashChequeCode(code))],
    );
    expect(statuses.map((row) => row.status)).toEqual(['distributed', 'redeemed', 'redeemed', 'redeemed']);
  });

  it('finds the cheques by their codes even with a plan made for any codes (the statement is prepared)', async () => {
    // A plan made once per connection must not walk a programme's cheques to find the scanned ones.
    const runner = testApp.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SET plan_cache_mode = force_generic_plan');
      await runner.query(`PREPARE spend_cheques AS ${SPEND_CHEQUES_SQL}`);
      const plan: Array<{ 'QUERY PLAN': string }> = await runner.query(
        `EXPLAIN EXECUTE spend_cheques(${Array(18).fill('NULL').join(', ')})`,
      );
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      const found = text.slice(text.indexOf('CTE found'), text.indexOf('CTE candidates'));
      expect(found).toContain('cheques_code_hash_unique');
      expect(text).not.toMatch(/Seq Scan on cheques|cheques_programme_status_idx/);
    } finally {
      await runner.query('DEALLOCATE spend_cheques'); // only ours: the pool's connection keeps the app's own
      await runner.query('RESET plan_cache_mode');
      await runner.release();
    }
  });

  it('undoes a redemption: the cheques can be used again; twice changes nothing; after settlement it is refused', async () => {
    const code = nextCode();
    const redemption = await redeem(fixture.placeAgent, [code], fixture.workshopId).expect(201);
    const undone = await fixture.placeAgent
      .post(`/api/redemptions/${redemption.body.id}/undo`)
      .send({ reason: 'Mauvais service choisi.' })
      .expect(200);
    expect(undone.body).toMatchObject({ undoneAt: expect.any(String), undoReason: 'Mauvais service choisi.' });
    expect((await verify(code).expect(200)).body.code).toBe('redeemable');
    const again = await fixture.placeAgent.post(`/api/redemptions/${redemption.body.id}/undo`).send({}).expect(200);
    expect(again.body.undoneAt).toBe(undone.body.undoneAt);
    const audit = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'redemption.undone' AND object_id = $1",
      [redemption.body.id],
    );
    expect(audit[0].n).toBe(1);

    const redone = await redeem(fixture.placeAgent, [code], fixture.supportId).expect(201);
    // Settlement (its own feature) marks paid cheques "settled"; simulated here on the row.
    await testApp.dataSource.query("UPDATE cheques SET status = 'settled' WHERE code_hash = $1", [hashChequeCode(code)]);
    const refused = await fixture.placeAgent.post(`/api/redemptions/${redone.body.id}/undo`).send({}).expect(409);
    expect(refused.body.details).toEqual({ code: 'redemption_settled' });
  });

  it('lists the place’s redemptions by day and service with totals, and exports them as CSV', async () => {
    const list = await fixture.placeAgent.get('/api/redemptions').expect(200);
    expect(list.body.total).toBeGreaterThan(0);
    const amount = list.body.items.reduce((sum: number, item: { amountCents: number }) => sum + item.amountCents, 0);
    expect(list.body.totals).toMatchObject({ redemptions: list.body.total, amountCents: amount });
    expect(list.body.items.every((item: { undoneAt: string | null }) => item.undoneAt === null)).toBe(true);

    const [sample] = list.body.items;
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(sample.occurredAt));
    const byService = await fixture.placeAgent
      .get(`/api/redemptions?serviceEntryId=${sample.serviceEntryId}&from=${day}&to=${day}`)
      .expect(200);
    expect(byService.body.items.every((item: { serviceEntryId: string }) => item.serviceEntryId === sample.serviceEntryId)).toBe(true);
    const none = await fixture.placeAgent.get('/api/redemptions?from=2020-01-01&to=2020-01-31').expect(200);
    expect(none.body).toMatchObject({ total: 0, totals: { redemptions: 0, cheques: 0, amountCents: 0 } });
    const withUndone = await fixture.placeAgent.get('/api/redemptions?includeUndone=true').expect(200);
    expect(withUndone.body.total).toBeGreaterThan(list.body.total);

    const bad = await fixture.placeAgent.get('/api/redemptions?from=hier').expect(400);
    expect(bad.body.details[0].field).toBe('from');

    const csv = await fixture.placeAgent.get('/api/redemptions/export.csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    // RFC 4180: CRLF after each record.
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('"date","lieu","service","cheques","montant_euros","canal","codes_masques","annule_le","rembourse","id"');
    expect(lines).toHaveLength(list.body.total + 1);

    // The operator sees every place organisation's (the demo has two that redeemed cheques).
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    const [{ n }]: Array<{ n: number }> = await testApp.dataSource.query(
      'SELECT count(*)::int AS n FROM redemptions WHERE undone_at IS NULL',
    );
    expect((await operator.get('/api/redemptions').expect(200)).body.total).toBe(n);
    expect(n).toBeGreaterThan(list.body.total);
  });

  it('records a run of invalid codes from one agent as a security event', async () => {
    for (let attempt = 0; attempt < 10; attempt++) await verify(generateChequeCode()).expect(200);
    const events = await testApp.dataSource.query("SELECT changes FROM audit_events WHERE action = 'security.invalid_cheque_codes'");
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0].changes).toMatchObject({ failures: 10, windowMinutes: 15 });
  });

  it('throttles verifications per agent (120 a minute)', async () => {
    let status = 200;
    for (let attempt = 0; attempt < 130 && status === 200; attempt++) status = (await verify(codes[0])).status;
    expect(status).toBe(429);
    const refused = await verify(codes[0]).expect(429);
    expect(refused.body.code).toBe('too_many_requests');
  });
});
