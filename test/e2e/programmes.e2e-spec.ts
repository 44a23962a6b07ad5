import { formatChequeCode, generateChequeCode, hashChequeCode, publicKeyFromRaw, verifyChequeSignature } from '@app/domain';
import { createOrganisationWithUser } from '../helpers/fixtures';
import { chequeCodes, createProgramme, PROGRAMME_INPUT } from '../helpers/programmes';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';
import type TestAgent from 'supertest/lib/agent';
import { demoPng } from '../../apps/api/src/seed/demo-documents';

describe('programmes and cheques', () => {
  let testApp: TestApp;
  let funder: TestAgent;
  let operator: TestAgent;

  beforeAll(async () => {
    testApp = await startTestApp();
    funder = await loginAs(testApp, DEMO.funderManager);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
  });
  afterAll(() => testApp.close());

  it('a funder creates a draft with its order amounts; the rules are checked field by field', async () => {
    const created = await funder.post('/api/programmes').send(PROGRAMME_INPUT).expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      name: 'Pass numérique Gironde 2027',
      territoryCodes: ['33'],
      order: {
        chequeCount: 30,
        faceValueTotalCents: 30_000,
        operatorFeeBasisPoints: 0,
        operatorFeeCents: 0,
        totalDueCents: 30_000,
        totalDue: '300,00\u202f€',
      },
      funding: null,
    });
    expect(created.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
    const { name, faceValueCents, bookletCount, validFrom, validUntil } = PROGRAMME_INPUT;
    const minimal = await funder.post('/api/programmes').send({ name, faceValueCents, bookletCount, validFrom, validUntil }).expect(201);
    expect(minimal.body).toMatchObject({
      chequesPerBooklet: 10,
      graceDays: 31,
      territoryCodes: [],
      eligibleServices: [],
      coverTitle: null,
    });

    const bad = await funder
      .post('/api/programmes')
      .send({ ...PROGRAMME_INPUT, validFrom: '2027-06-01', validUntil: '2027-01-01', territoryCodes: ['33', '20', 'Bordeaux'] })
      .expect(400);
    expect(bad.body.details).toEqual([
      { field: 'validUntil', problems: ['must not be before validFrom'] },
      {
        field: 'territoryCodes',
        problems: ['"20" is not an INSEE département or commune code', '"Bordeaux" is not an INSEE département or commune code'],
      },
    ]);
    const types = await funder
      .post('/api/programmes')
      .send({ ...PROGRAMME_INPUT, faceValueCents: 10.5, eligibleServices: ['Cours de cuisine'], bookletCount: 0 })
      .expect(400);
    expect(types.body.details.map((problem: { field: string }) => problem.field).sort()).toEqual([
      'bookletCount',
      'eligibleServices',
      'faceValueCents',
    ]);
  });

  it('only a funder manager creates; viewers and the operator read', async () => {
    const viewer = await loginAs(testApp, DEMO.funderViewer);
    await viewer.post('/api/programmes').send(PROGRAMME_INPUT).expect(403);
    await operator.post('/api/programmes').send(PROGRAMME_INPUT).expect(403);
    const distributor = await loginAs(testApp, DEMO.distributorAgent);
    await distributor.get('/api/programmes').expect(403);
    const { id } = await createProgramme({ funder, operator, until: 'draft' });
    await viewer.get(`/api/programmes/${id}`).expect(200);
    const all = await operator.get('/api/programmes').expect(200);
    expect(all.body.map((programme: { id: string }) => programme.id)).toContain(id);
  });

  it('goes draft → ordered → funded → active, issuing every cheque at the order, each transition audited', async () => {
    const draft = await createProgramme({ funder, operator, until: 'draft' });
    const edited = await funder.patch(`/api/programmes/${draft.id}`).send({ bookletCount: 2, chequesPerBooklet: 5 }).expect(200);
    expect(edited.body.order).toMatchObject({ chequeCount: 10, totalDueCents: 10_000 });

    const ordered = await funder.post(`/api/programmes/${draft.id}/order`).expect(200);
    expect(ordered.body).toMatchObject({ status: 'ordered' });
    const frozen = await funder.patch(`/api/programmes/${draft.id}`).send({ bookletCount: 9 }).expect(409);
    expect(frozen.body).toEqual({
      code: 'invalid_transition',
      message: 'only a draft can be edited (this programme is ordered)',
      details: { code: 'programme_not_draft', status: 'ordered' },
    });
    const reordered = await funder.post(`/api/programmes/${draft.id}/order`).expect(409);
    expect(reordered.body.details).toEqual({ code: 'programme_not_draft', status: 'ordered', transition: 'order' });
    const counts = await testApp.dataSource.query(
      `SELECT (SELECT count(*)::int FROM booklets WHERE programme_id = $1) AS booklets,
              (SELECT count(*)::int FROM cheques WHERE programme_id = $1 AND status = 'issued') AS cheques,
              (SELECT array_agg(serial ORDER BY number) FROM booklets WHERE programme_id = $1) AS serials`,
      [draft.id],
    );
    expect(counts[0]).toEqual({ booklets: 2, cheques: 10, serials: [`${draft.code}-00001`, `${draft.code}-00002`] });

    const short = await operator
      .post(`/api/programmes/${draft.id}/funding`)
      .send({ amountCents: 9_999, receivedOn: '2026-11-20', reference: 'VIR-1' })
      .expect(409);
    expect(short.body).toMatchObject({
      code: 'conflict',
      message: 'The amount received (9999 cents) is less than the total due (10000 cents)',
    });
    expect(short.body.details).toEqual({
      code: 'funding_below_total_due',
      totalDueCents: 10_000,
      fields: [{ field: 'amountCents', problems: ['must be at least the total due, 10000 cents'] }],
    });
    await funder
      .post(`/api/programmes/${draft.id}/funding`)
      .send({ amountCents: 10_000, receivedOn: '2026-11-20', reference: 'VIR-1' })
      .expect(403);
    const early = await funder.post(`/api/programmes/${draft.id}/activate`).expect(409);
    expect(early.body.details).toEqual({ code: 'programme_not_activatable', status: 'ordered', transition: 'activate' });
    const unfundedClose = await operator.post(`/api/programmes/${draft.id}/close`).expect(409);
    expect(unfundedClose.body.details).toEqual({ code: 'programme_not_closable', status: 'ordered', transition: 'close' });
    const funded = await operator
      .post(`/api/programmes/${draft.id}/funding`)
      .send({ amountCents: 10_000, receivedOn: '2026-11-20', reference: 'VIR-1' })
      .expect(200);
    expect(funded.body).toMatchObject({ status: 'funded', funding: { amountCents: 10_000, receivedOn: '2026-11-20', reference: 'VIR-1' } });
    const again = await operator
      .post(`/api/programmes/${draft.id}/funding`)
      .send({ amountCents: 10_000, receivedOn: '2026-11-20', reference: 'VIR-1' })
      .expect(409);
    expect(again.body).toEqual({
      code: 'invalid_transition',
      message: 'only an ordered programme can be funded (this programme is funded)',
      details: { code: 'programme_not_ordered', status: 'funded', transition: 'fund' },
    });
    await funder.post(`/api/programmes/${draft.id}/activate`).expect(200);

    const audit = await testApp.dataSource.query(
      "SELECT action FROM audit_events WHERE object_type = 'programme' AND object_id = $1 ORDER BY id",
      [draft.id],
    );
    expect(audit.map((row: { action: string }) => row.action)).toEqual([
      'programme.created',
      'programme.updated',
      'programme.ordered',
      'programme.funded',
      'programme.activated',
    ]);
  });

  it('edits a draft field by field: what is not sent stays, null clears the cover texts', async () => {
    const draft = await createProgramme({ funder, operator, until: 'draft', input: { graceDays: 10, chequesPerBooklet: 4 } });
    const renamed = await funder.patch(`/api/programmes/${draft.id}`).send({ name: 'Pass numérique Gironde 2028' }).expect(200);
    expect(renamed.body).toMatchObject({
      name: 'Pass numérique Gironde 2028',
      graceDays: 10,
      chequesPerBooklet: 4,
      territoryCodes: ['33'],
      eligibleServices: ['Aide aux démarches administratives'],
      coverTitle: 'Votre Pass numérique',
    });
    const cleared = await funder.patch(`/api/programmes/${draft.id}`).send({ coverTitle: null, coverText: null }).expect(200);
    expect(cleared.body).toMatchObject({ coverTitle: null, coverText: null, graceDays: 10 });
    const bad = await funder.patch(`/api/programmes/${draft.id}`).send({ validUntil: '2025-01-01' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'validUntil', problems: ['must not be before validFrom'] }]);
  });

  it('serves the cover logo to those who may see the programme', async () => {
    const draft = await createProgramme({ funder, operator, until: 'draft' });
    await funder.get(`/api/programmes/${draft.id}/logo`).expect(404);
    const png = demoPng();
    await funder.put(`/api/programmes/${draft.id}/logo`).set('Content-Type', 'image/png').send(png).expect(200);
    const served = await funder.get(`/api/programmes/${draft.id}/logo`).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('private, no-cache');
    expect(Buffer.compare(served.body as Buffer, png)).toBe(0);
    await (await loginAs(testApp, DEMO.funderViewer)).get(`/api/programmes/${draft.id}/logo`).expect(200);
    await operator.get(`/api/programmes/${draft.id}/logo`).expect(200);
    await (await loginAs(testApp, DEMO.distributorAgent)).get(`/api/programmes/${draft.id}/logo`).expect(403);
    const otherFunder = await createOrganisationWithUser(testApp, 'funder', 'funder_manager');
    const other = await (await loginAs(testApp, otherFunder.email)).get(`/api/programmes/${draft.id}/logo`).expect(404);
    expect(other.body).toEqual({ code: 'not_found', message: 'programme not found', details: null });
  });

  it('stores codes only hashed and encrypted, each signed with the published key', async () => {
    const programme = await createProgramme({ funder, operator, until: 'ordered' });
    const [first] = await chequeCodes(testApp, programme.id);
    const row = (await testApp.dataSource.query('SELECT * FROM cheques WHERE id = $1', [first.id]))[0];
    const stored = JSON.stringify(Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : value)));
    expect(stored).not.toContain(first.code);
    expect(Buffer.compare(row.code_hash, hashChequeCode(first.code))).toBe(0);

    const keys = await testApp.anonymous().get('/api/keys').expect(200);
    expect(keys.body.keys).toHaveLength(1);
    const published = keys.body.keys[0];
    expect(published).toMatchObject({ alg: 'EdDSA', crv: 'Ed25519', kid: row.signing_key_id });
    const publicKey = publicKeyFromRaw(published.publicKey);
    expect(publicKey.asymmetricKeyType).toBe('ed25519');
    expect(verifyChequeSignature(publicKey, { code: first.code, programmeId: programme.id }, row.signature.toString('base64url'))).toBe(
      true,
    );
  });

  describe('public check', () => {
    it('says why a cheque cannot be used, at each step of its life', async () => {
      const programme = await createProgramme({ funder, operator, until: 'ordered' });
      const [cheque] = await chequeCodes(testApp, programme.id);
      const check = async (): Promise<{
        verdict: { code: string; usable: boolean; message: string };
        cheque: Record<string, unknown> | null;
      }> =>
        (
          await testApp
            .anonymous()
            .get(`/api/cheques/${encodeURIComponent(formatChequeCode(cheque.code))}/status`)
            .expect(200)
        ).body;

      expect((await check()).verdict).toMatchObject({ code: 'not_funded', usable: false });
      await operator
        .post(`/api/programmes/${programme.id}/funding`)
        .send({ amountCents: programme.order.totalDueCents, receivedOn: '2026-11-20', reference: 'V' })
        .expect(200);
      await operator.post(`/api/programmes/${programme.id}/activate`).expect(200);
      const notHandedOut = await check();
      expect(notHandedOut.verdict).toMatchObject({ code: 'not_handed_out', usable: false });
      expect(notHandedOut.cheque).toEqual({
        faceValueCents: 1000,
        faceValue: '10,00\u202f€',
        validFrom: '2026-01-01',
        validUntil: '2027-12-31',
        redeemableUntil: '2028-01-31', // 31 days of grace: the date places accept it until, said with the printed one
        programmeName: 'Pass numérique Gironde 2027',
        territoryCodes: ['33'],
        mapPath: '/carte?territoire=33',
      });

      // Hand-out through the distribution API comes with the distribution step; its effect is this status.
      await testApp.dataSource.query("UPDATE cheques SET status = 'distributed', distributed_at = now() WHERE id = $1", [cheque.id]);
      expect((await check()).verdict).toMatchObject({
        code: 'valid',
        usable: true,
        message:
          "Ce chèque est valable jusqu'au 31 décembre 2027 ; délai de grâce : les lieux l'acceptent encore jusqu'au 31 janvier 2028. Présentez-le dans un lieu de médiation numérique qualifié.",
      });

      await operator
        .post('/api/cheques/cancellations')
        .send({ chequeCodes: [cheque.code], reason: 'Chèque volé' })
        .expect(200);
      expect((await check()).verdict.code).toBe('cancelled');
    });

    it('tells a typo from an unknown code, before any lookup', async () => {
      const code = generateChequeCode();
      const typo = code.slice(0, 3) + (code[3] === 'A' ? 'B' : 'A') + code.slice(4);
      const mistyped = await testApp.anonymous().get(`/api/cheques/${typo}/status`).expect(200);
      expect(mistyped.body).toEqual({
        verdict: { code: 'mistyped_code', usable: false, message: expect.stringContaining('erreur de saisie') },
        cheque: null,
      });
      const unknown = await testApp.anonymous().get(`/api/cheques/${code}/status`).expect(200);
      expect(unknown.body.verdict.code).toBe('unknown_code');
      const garbage = await testApp.anonymous().get('/api/cheques/%F0%9F%98%80/status').expect(200);
      expect(garbage.body.verdict.code).toBe('unknown_code');
    });

    // Last in this file: it uses up this address's quota of checks.
    it('is throttled per address', async () => {
      const code = generateChequeCode();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 62; attempt++) statuses.push((await testApp.anonymous().get(`/api/cheques/${code}/status`)).status);
      expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    });
  });
});
