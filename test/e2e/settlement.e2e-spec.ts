/**
 * Settlement batches over HTTP on a real PostgreSQL: build, four eyes, carried-over payees, export
 * (SEPA file checked by xmllint against the pain.001.001.03 schema, CSV, remittance statement read
 * back with pdftotext), the bank's answers, rejection into the next batch, and the undo guard.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type TestAgent from 'supertest/lib/agent';
import { addDays, expectedPaymentDay, isTarget2BusinessDay } from '@app/domain';
import { demoCutOffs } from '../../apps/api/src/seed/demo-settlement';
import { balancesOf } from '../helpers/ledger';
import { binaryBody } from '../helpers/pdf';
import { handedOutProgramme, redeem } from '../helpers/redemption';
import {
  approveAndExport,
  createBatch,
  createPayee,
  databaseNow,
  type Payee,
  submitBankDetails,
  todayInParis,
  verifyBankDetails,
} from '../helpers/settlement';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const SCHEMA = resolve(__dirname, '../fixtures/schemas/pain.001.001.03.xsd');

describe('settlement batches', () => {
  let testApp: TestApp;
  let operator: TestAgent;
  let reviewer: TestAgent;
  let codes: string[];
  let programmeId: string;
  const folder = mkdtempSync(join(tmpdir(), 'settlement-'));

  beforeAll(async () => {
    // Each payee verified and each batch approved signs an operator in again: many sign-ins, none a failure, so no login limit applies.
    testApp = await startTestApp();
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    const first = await handedOutProgramme(testApp, { eligibleServices: [] });
    programmeId = first.programmeId;
    codes = [...first.codes];
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function nextCode(): string {
    const code = codes.shift();
    if (!code) throw new Error('no cheque left');
    return code;
  }

  async function redeemAt(payee: Payee, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) ids.push((await redeem(payee.agent, [nextCode()], payee.serviceId).expect(201)).body.id);
    return ids;
  }

  async function chequeStatusesOf(redemptionIds: string[]): Promise<string[]> {
    const rows: Array<{ status: string }> = await testApp.dataSource.query(
      'SELECT c.status FROM cheques c JOIN redemption_cheques rc ON rc.cheque_id = c.id WHERE rc.redemption_id = ANY($1) ORDER BY c.id',
      [redemptionIds],
    );
    return rows.map((row) => row.status);
  }

  interface Line {
    id: string;
    organisationId: string;
    reference: string;
  }

  function lineOf(batch: { lines: Line[] }, payee: Payee): Line {
    const line = batch.lines.find((candidate) => candidate.organisationId === payee.organisationId);
    if (!line) throw new Error(`no line for ${payee.organisationName}`);
    return line;
  }

  it('seeds the médiathèque paid weekly over the last month (one transfer returned, re-paid), a cancelled batch and a draft; delays within the goal', async () => {
    const batches = (await operator.get('/api/settlement/batches').expect(200)).body as Array<{
      cutOff: string;
      status: string;
      month: string | null;
    }>;
    // The three weekly cut-offs before the latest: exported, then settled by the bank's statements.
    const weeks = demoCutOffs(new Date()).slice(0, 3);
    for (const cutOff of weeks) {
      expect(batches).toContainEqual(expect.objectContaining({ cutOff: cutOff.toISOString(), month: null, status: 'paid' }));
    }
    expect(batches).toContainEqual(expect.objectContaining({ month: null, status: 'draft' }));
    expect(batches).toContainEqual(
      expect.objectContaining({ month: null, status: 'cancelled', cancellationReason: expect.stringContaining('à refaire') }),
    );
    const place = await loginAs(testApp, DEMO.placeAgent);
    const lines = (await place.get('/api/settlement/lines').expect(200)).body as Array<{
      status: string;
      amountCents: number;
      cutOff: string;
      paidOn: string | null;
    }>;
    expect(lines.map((line) => line.status).sort()).toEqual(['cancelled', 'paid', 'paid', 'pending', 'rejected']);
    // Each week booked the next business day after its cut-off; the returned one re-paid with the third week.
    const [first, returned, third] = weeks.map((cutOff) => lines.find((line) => line.cutOff === cutOff.toISOString())!);
    expect(first).toMatchObject({ status: 'paid', paidOn: expectedPaymentDay(weeks[0]) });
    expect(returned.status).toBe('rejected');
    expect(third).toMatchObject({ status: 'paid', paidOn: expectedPaymentDay(weeks[2]) });
    expect(third.amountCents).toBeGreaterThan(returned.amountCents);

    // The goal of issue 19 on the demo: median ≤ 7 days, p95 ≤ 12 days, for the médiathèque and overall.
    const own = (await place.get('/api/settlement/place-payments').expect(200)).body;
    const delays = (await operator.get('/api/settlement/payment-delays').expect(200)).body;
    for (const figures of [own.delay, delays.overall]) {
      expect(figures.redemptionCount).toBeGreaterThanOrEqual(8);
      expect(figures.medianDays).toBeLessThanOrEqual(7);
      expect(figures.p95Days).toBeLessThanOrEqual(12);
    }
    // The centre social's « Mes remboursements »: money to receive and in progress, never nothing.
    const centreSocial = await loginAs(testApp, 'mediatrice@centre-social.example');
    const payments = (await centreSocial.get('/api/settlement/place-payments').expect(200)).body;
    expect(payments.toReceive.amountCents).toBeGreaterThan(0);
    expect(payments.inProgress.amountCents).toBeGreaterThan(0);
    expect((await operator.get('/api/ledger/check').expect(200)).body.ok).toBe(true);
  });

  it('builds, approves with four eyes, exports a valid SEPA file, CSV and statements, and records the payment', async () => {
    const paid = await createPayee(testApp, 'verified', 'Lieu « Chartrons » & Cie');
    const missing = await createPayee(testApp, 'none');
    const unverified = await createPayee(testApp, 'submitted');
    const paidRedemptions = await redeemAt(paid, 3);
    await redeemAt(missing, 1);
    await redeemAt(unverified, 2);
    const undone = await redeemAt(paid, 1);
    await paid.agent.post(`/api/redemptions/${undone[0]}/undo`).send({}).expect(200);

    const cutOff = await databaseNow(testApp);
    const created = await createBatch(operator, { cutOff }).expect(201);
    expect(created.body).toMatchObject({ status: 'draft', month: null, cutOff, reference: expect.stringMatching(/^RB-\d{4}-\d{5}$/) });
    // The same cut-off again (another operator, another key): the same batch, not a second one.
    const again = await createBatch(operator, { cutOff }).expect(200);
    expect(again.body.id).toBe(created.body.id);

    const batch = (await operator.get(`/api/settlement/batches/${created.body.id}`).expect(200)).body;
    const line = lineOf(batch, paid);
    expect(line).toMatchObject({
      payeeName: paid.organisationName,
      amountCents: 3000,
      redemptionCount: 3,
      chequeCount: 3,
      status: 'pending',
      reference: `${created.body.reference}-${String(batch.lines.indexOf(line) + 1).padStart(4, '0')}`,
      iban: expect.stringMatching(/^FR76 •/),
    });
    expect(batch.carryOvers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organisationId: missing.organisationId, reason: 'bank_details_missing', amountCents: 1000 }),
        expect.objectContaining({ organisationId: unverified.organisationId, reason: 'bank_details_unverified', amountCents: 2000 }),
      ]),
    );
    expect(batch.carriedOverCents).toBeGreaterThanOrEqual(3000);

    // Four eyes: its creator cannot approve it; nothing goes to the bank before approval.
    const byCreator = await operator.post(`/api/settlement/batches/${batch.id}/approve`).expect(409);
    expect(byCreator.body.details).toEqual({ code: 'four_eyes_required' });
    expect((await operator.post(`/api/settlement/batches/${batch.id}/export`).expect(409)).body.details).toMatchObject({
      code: 'batch_not_approved',
    });
    expect((await operator.get(`/api/settlement/batches/${batch.id}/sepa.xml`).expect(409)).body.details).toMatchObject({
      code: 'batch_not_exported',
    });
    const approved = await reviewer.post(`/api/settlement/batches/${batch.id}/approve`).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: expect.any(String) });
    expect((await reviewer.post(`/api/settlement/batches/${batch.id}/approve`).expect(200)).body.approvedAt).toBe(approved.body.approvedAt);
    await operator.post(`/api/settlement/batches/${batch.id}/export`).expect(200);

    const sepa = await operator.get(`/api/settlement/batches/${batch.id}/sepa.xml`).expect(200);
    expect(sepa.headers['content-type']).toMatch(/^application\/xml/);
    const xml = sepa.text;
    writeFileSync(join(folder, 'batch.xml'), xml);
    execFileSync('xmllint', ['--noout', '--schema', SCHEMA, join(folder, 'batch.xml')], { stdio: 'pipe' });
    expect(xml).toContain(`<MsgId>${batch.reference}</MsgId>`);
    expect(xml).toContain(`<NbOfTxs>${batch.lines.length}</NbOfTxs>`);
    expect(xml).toContain(`<EndToEndId>${line.reference}</EndToEndId>`);
    expect(xml).toContain(`<Nm>${paid.organisationName}</Nm>`);
    expect(xml).toContain('<IBAN>FR7630006000011234567890189</IBAN>');
    expect(xml).toMatch(new RegExp(`<Ustrd>Pass numerique ${line.reference} jusqu'au \\d{4}-\\d{2}-\\d{2} `));
    // Made when the batch was exported, in Paris time with its offset; executed on a day the banks are open, from that day on.
    const exportedAt = (await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body.exportedAt as string;
    const createdAt = /<CreDtTm>([^<]+)<\/CreDtTm>/.exec(xml)?.[1] ?? '';
    expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    expect(Date.parse(createdAt)).toBe(Math.floor(Date.parse(exportedAt) / 1000) * 1000);
    const executionDay = /<ReqdExctnDt>([^<]+)<\/ReqdExctnDt>/.exec(xml)?.[1] ?? '';
    expect(isTarget2BusinessDay(executionDay)).toBe(true);
    expect(executionDay >= createdAt.slice(0, 10)).toBe(true);

    const csv = await operator.get(`/api/settlement/batches/${batch.id}/lines.csv`).expect(200);
    expect(csv.text.startsWith('\uFEFF"reference","beneficiaire"')).toBe(true);
    expect(csv.text).toContain(`"${line.reference}","${paid.organisationName}","${paid.organisationId}","30.00","3","3"`);

    // The place reads its statement: every cheque with its place, service, masked code and amount.
    const statement = await paid.agent.get(`/api/settlement/lines/${line.id}/statement.pdf`).buffer(true).parse(binaryBody).expect(200);
    writeFileSync(join(folder, 'statement.pdf'), statement.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', join(folder, 'statement.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Relevé de remboursement');
    expect(text).toContain(paid.organisationName);
    expect(text).toContain(line.reference);
    expect(text).toContain('Lieu « Chartrons » & Cie');
    expect(text).toContain('Atelier');
    const masked: Array<{ masked_code: string }> = await testApp.dataSource.query(
      'SELECT masked_code FROM redemption_cheques WHERE redemption_id = ANY($1)',
      [paidRedemptions],
    );
    for (const { masked_code } of masked) expect(text).toContain(masked_code);
    expect(text).toMatch(/Total\s+30,00\s€/);

    // The payee's cheques cannot be taken back any more.
    const refused = await paid.agent.post(`/api/redemptions/${paidRedemptions[0]}/undo`).send({}).expect(409);
    expect(refused.body.details).toEqual({ code: 'redemption_settled' });

    // The bank paid: every pending line, cheques settled; the same key replays the same answer.
    const payment = { paidOn: todayInParis(), bankReference: 'VIR-20260605-1' };
    const key = 'pay-batch-1';
    const settled = await operator.post(`/api/settlement/batches/${batch.id}/paid`).set('Idempotency-Key', key).send(payment).expect(200);
    expect(settled.body).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    const replay = await operator.post(`/api/settlement/batches/${batch.id}/paid`).set('Idempotency-Key', key).send(payment).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(settled.body);
    expect(await chequeStatusesOf(paidRedemptions)).toEqual(['settled', 'settled', 'settled']);
    const audit: Array<{ action: string }> = await testApp.dataSource.query(
      "SELECT action FROM audit_events WHERE object_id = $1 AND object_type = 'settlement_batch' ORDER BY occurred_at",
      [batch.id],
    );
    expect(audit.map((row) => row.action)).toEqual([
      'settlement_batch.created',
      'settlement_batch.approved',
      'settlement_batch.exported',
      'settlement_batch.lines_paid',
      'settlement_batch.paid',
    ]);

    // Who sees what: the payee its own line, another place nothing, the funder its programme's money.
    const own = (await paid.agent.get('/api/settlement/lines').expect(200)).body;
    expect(own).toEqual([
      expect.objectContaining({ id: line.id, status: 'paid', paidOn: payment.paidOn, bankReference: 'VIR-20260605-1' }),
    ]);
    expect((await missing.agent.get('/api/settlement/lines').expect(200)).body).toEqual([]);
    await missing.agent.get(`/api/settlement/lines/${line.id}/statement.pdf`).expect(404);
    await paid.agent.get('/api/settlement/batches').expect(403);
    const funder = await loginAs(testApp, DEMO.funderManager);
    const payments = (await funder.get('/api/settlement/funder-payments').expect(200)).body;
    expect(payments).toContainEqual(
      expect.objectContaining({ programmeId, organisationId: paid.organisationId, chequeCount: 3, amountCents: 3000 }),
    );
  });

  it('carries over a payee without verified details and pays it in a later batch once verified', async () => {
    const late = await createPayee(testApp, 'none');
    const [redemptionId] = await redeemAt(late, 1);
    const first = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    const firstBatch = (await operator.get(`/api/settlement/batches/${first.id}`).expect(200)).body;
    expect(firstBatch.carryOvers).toContainEqual(
      expect.objectContaining({ organisationId: late.organisationId, reason: 'bank_details_missing', reasonText: expect.any(String) }),
    );
    expect(firstBatch.lines.some((line: { organisationId: string }) => line.organisationId === late.organisationId)).toBe(false);
    // Not in a line: it may still be undone… but it is kept here and paid next time.
    await verifyBankDetails(testApp, late.organisationId, await submitBankDetails(late.agent, late.organisationName));
    const second = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    const secondBatch = (await operator.get(`/api/settlement/batches/${second.id}`).expect(200)).body;
    expect(lineOf(secondBatch, late)).toMatchObject({ amountCents: 1000, redemptionCount: 1 });
    expect(secondBatch.carryOvers.some((carry: { organisationId: string }) => carry.organisationId === late.organisationId)).toBe(false);
    const refused = await late.agent.post(`/api/redemptions/${redemptionId}/undo`).send({}).expect(409);
    expect(refused.body.details).toEqual({ code: 'redemption_settled' });
  });

  it('builds an earlier cut-off after a later one: what a live line covers is not paid again, the rest before that cut-off is', async () => {
    codes.push(...(await handedOutProgramme(testApp, { eligibleServices: [] })).codes);
    const paid = await createPayee(testApp);
    const late = await createPayee(testApp, 'none');
    await redeemAt(paid, 1);
    await redeemAt(late, 1);
    const earlier = await databaseNow(testApp);
    await redeemAt(paid, 2);
    await redeemAt(late, 2);
    const later = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    const laterBatch = (await operator.get(`/api/settlement/batches/${later.id}`).expect(200)).body;
    expect(lineOf(laterBatch, paid)).toMatchObject({ amountCents: 3000, redemptionCount: 3, chequeCount: 3 });
    expect(laterBatch.carryOvers).toContainEqual(expect.objectContaining({ organisationId: late.organisationId, amountCents: 3000 }));
    await verifyBankDetails(testApp, late.organisationId, await submitBankDetails(late.agent, late.organisationName));

    // The later batch's line reaches past this cut-off: its redemptions before it are already in that line.
    const before = (await createBatch(operator, { cutOff: earlier }).expect(201)).body;
    const beforeBatch = (await operator.get(`/api/settlement/batches/${before.id}`).expect(200)).body;
    expect(beforeBatch.lines.some((line: Line) => line.organisationId === paid.organisationId)).toBe(false);
    expect(lineOf(beforeBatch, late)).toMatchObject({ amountCents: 1000, redemptionCount: 1, chequeCount: 1 });
    const now = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    const nowBatch = (await operator.get(`/api/settlement/batches/${now.id}`).expect(200)).body;
    expect(nowBatch.lines.some((line: Line) => line.organisationId === paid.organisationId)).toBe(false);
    expect(lineOf(nowBatch, late)).toMatchObject({ amountCents: 2000, redemptionCount: 2, chequeCount: 2 });
    expect((await operator.get('/api/ledger/check').expect(200)).body.ok).toBe(true);
  });

  it('puts a line the bank rejected (after paying it) back as payable, into the next batch', async () => {
    const payee = await createPayee(testApp);
    const redemptions = await redeemAt(payee, 2);
    const batch = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    await approveAndExport(testApp, operator, batch.id);
    const line = lineOf((await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body, payee);
    const payment = { paidOn: todayInParis(), bankReference: 'VIR-42' };
    await operator.post(`/api/settlement/lines/${line.id}/paid`).set('Idempotency-Key', `paid-${line.id}`).send(payment).expect(200);
    expect(await chequeStatusesOf(redemptions)).toEqual(['settled', 'settled']);
    const again = await operator
      .post(`/api/settlement/lines/${line.id}/paid`)
      .set('Idempotency-Key', `paid-again-${line.id}`)
      .send(payment)
      .expect(200);
    expect(again.body.status).toBe('paid');

    const rejected = await operator
      .post(`/api/settlement/lines/${line.id}/reject`)
      .set('Idempotency-Key', `reject-${line.id}`)
      .send({ reason: 'AC04 — compte clôturé' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'AC04 — compte clôturé' });
    expect(await chequeStatusesOf(redemptions)).toEqual(['redeemed', 'redeemed']);
    const never = await operator
      .post(`/api/settlement/lines/${line.id}/paid`)
      .set('Idempotency-Key', `paid-late-${line.id}`)
      .send(payment)
      .expect(409);
    expect(never.body.details).toEqual({ code: 'line_rejected' });

    const next = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    const nextLine = lineOf((await operator.get(`/api/settlement/batches/${next.id}`).expect(200)).body, payee);
    expect(nextLine).toMatchObject({ amountCents: 2000, redemptionCount: 2, status: 'pending' });
    // Each redemption is in exactly one line the bank has not rejected.
    const [{ n }]: Array<{ n: number }> = await testApp.dataSource.query(
      `SELECT count(*)::int AS n FROM settlement_lines l JOIN redemptions r ON r.organisation_id = l.organisation_id AND l.covered @> r.recorded_at
        WHERE r.id = ANY($1) AND l.status IN ('pending', 'paid')`,
      [redemptions],
    );
    expect(n).toBe(2);
  });

  it('cancels a batch before its export: its lines free their redemptions for the next batch, nothing is booked', async () => {
    codes.push(...(await handedOutProgramme(testApp, { eligibleServices: [] })).codes);
    const payee = await createPayee(testApp);
    const [kept, undone] = await redeemAt(payee, 2);
    const cutOff = await databaseNow(testApp);
    const batch = (await createBatch(operator, { cutOff }).expect(201)).body;
    const line = lineOf((await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body, payee);
    await reviewer.post(`/api/settlement/batches/${batch.id}/approve`).expect(200);
    const ledgerBefore = await balancesOf(operator);
    const cancel = (key: string | null, body: object, agent: TestAgent = operator) => {
      const request = agent.post(`/api/settlement/batches/${batch.id}/cancel`);
      return (key === null ? request : request.set('Idempotency-Key', key)).send(body);
    };

    // Bad input names its field; a place may not cancel; nothing changed.
    expect((await cancel(null, { reason: 'x' }).expect(400)).body.details[0].field).toBe('Idempotency-Key');
    expect((await cancel('cancel-empty', { reason: '  ' }).expect(400)).body.details).toEqual([
      { field: 'reason', problems: ['must not be empty'] },
    ]);
    await cancel('cancel-place', { reason: 'x' }, payee.agent).expect(403);
    expect((await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body.status).toBe('approved');

    // An approved batch not yet exported can be cancelled; the same key replays the same answer.
    const reason = 'IBAN à revérifier avant l’envoi';
    const cancelled = await cancel('cancel-1', { reason }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: reason, cancelledBy: expect.any(String) });
    const replay = await cancel('cancel-1', { reason }).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(cancelled.body);
    // Another key: already cancelled, nothing changes (same time, same reason).
    expect((await cancel('cancel-2', { reason: 'autre' }).expect(200)).body).toEqual(cancelled.body);
    const view = (await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body;
    expect(lineOf(view, payee)).toMatchObject({ id: line.id, status: 'cancelled' });
    expect(view.lines.every((candidate: { status: string }) => candidate.status === 'cancelled')).toBe(true);

    // A cancelled batch moves no further, and the bank's answers are refused.
    for (const step of ['approve', 'export']) {
      const refused = await operator.post(`/api/settlement/batches/${batch.id}/${step}`).expect(409);
      expect(refused.body.details).toEqual({ code: 'batch_cancelled', status: 'cancelled' });
    }
    const payment = { paidOn: todayInParis(), bankReference: 'VIR-X' };
    const paidRefused = await operator.post(`/api/settlement/lines/${line.id}/paid`).set('Idempotency-Key', 'paid-cancelled').send(payment);
    expect(paidRefused.status).toBe(409);
    expect(paidRefused.body.details).toMatchObject({ code: 'batch_cancelled' });

    // Nothing was booked for the batch, so nothing is unbooked; its cheques are still redeemed.
    expect(await balancesOf(operator)).toEqual(ledgerBefore);
    expect(await chequeStatusesOf([kept, undone])).toEqual(['redeemed', 'redeemed']);
    // Its redemptions are payable again: one can even be undone now, and the same cut-off builds a new batch with the rest.
    await payee.agent.post(`/api/redemptions/${undone}/undo`).send({}).expect(200);
    const rebuilt = (await createBatch(operator, { cutOff }).expect(201)).body;
    expect(rebuilt.id).not.toBe(batch.id);
    const rebuiltLine = lineOf((await operator.get(`/api/settlement/batches/${rebuilt.id}`).expect(200)).body, payee);
    expect(rebuiltLine).toMatchObject({ amountCents: 1000, redemptionCount: 1, status: 'pending' });
    expect((await operator.get('/api/ledger/check').expect(200)).body.ok).toBe(true);

    const audit: Array<{ action: string; changes: Record<string, unknown> }> = await testApp.dataSource.query(
      "SELECT action, changes FROM audit_events WHERE object_id = $1 AND object_type = 'settlement_batch' ORDER BY occurred_at",
      [batch.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['settlement_batch.created', 'settlement_batch.approved', 'settlement_batch.cancelled']);
    expect(audit[2].changes).toMatchObject({ from: 'approved', to: 'cancelled', reason, lineIds: expect.arrayContaining([line.id]) });

    // Once exported, the transfers may be at the bank: no cancellation, answer the lines instead.
    await approveAndExport(testApp, operator, rebuilt.id);
    const late = await operator
      .post(`/api/settlement/batches/${rebuilt.id}/cancel`)
      .set('Idempotency-Key', 'cancel-exported')
      .send({ reason })
      .expect(409);
    expect(late.body.details).toEqual({ code: 'batch_already_exported', status: 'exported' });
  });

  it('writes every name in the Latin letters banks read, one valid file for places named in any script (xmllint)', async () => {
    const cyrillicAndChinese = await createPayee(testApp, 'verified', 'Centre social du Port', 'Центр социальный 中心');
    const scandinavian = await createPayee(testApp, 'verified', 'Øre numérique', 'Øre');
    const ordinary = await createPayee(testApp, 'verified', 'Tiers-lieu des Capucins');
    for (const payee of [cyrillicAndChinese, scandinavian, ordinary]) await redeemAt(payee, 1);
    const batch = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    await approveAndExport(testApp, operator, batch.id);
    const xml = (await operator.get(`/api/settlement/batches/${batch.id}/sepa.xml`).expect(200)).text;
    writeFileSync(join(folder, 'scripts.xml'), xml);
    execFileSync('xmllint', ['--noout', '--schema', SCHEMA, join(folder, 'scripts.xml')], { stdio: 'pipe' });
    expect(xml).toContain("<Cdtr><Nm>Tsentr sotsial'nyy ZhongXin</Nm></Cdtr>");
    expect(xml).toContain('<Cdtr><Nm>Ore</Nm></Cdtr>');
    expect(xml).toContain(`<Cdtr><Nm>${ordinary.organisationName}</Nm></Cdtr>`);
    expect(xml).not.toMatch(/<Nm><\/Nm>/);
    // What the operator and the place read is still the name as entered.
    const view = (await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body;
    expect(view.lines).toContainEqual(
      expect.objectContaining({ organisationId: cyrillicAndChinese.organisationId, accountHolder: 'Центр социальный 中心' }),
    );
  });

  it('refuses a payment day before the export or after today (Paris days), for the batch and for a line', async () => {
    const payee = await createPayee(testApp);
    await redeemAt(payee, 1);
    const batch = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    await approveAndExport(testApp, operator, batch.id);
    const line = lineOf((await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body, payee);
    const today = todayInParis();
    const pay = (url: string, paidOn: string) =>
      operator.post(url).set('Idempotency-Key', `${url}-${paidOn}`).send({ paidOn, bankReference: 'VIR-DATE' });
    for (const url of [`/api/settlement/batches/${batch.id}/paid`, `/api/settlement/lines/${line.id}/paid`]) {
      const early = await pay(url, addDays(today, -1)).expect(400);
      expect(early.body).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'paidOn', problems: [`must not be before the day the batch was exported (${today})`] }],
      });
      const future = await pay(url, addDays(today, 1)).expect(400);
      expect(future.body.details).toEqual([{ field: 'paidOn', problems: [`must not be after today (${today}, Paris time)`] }]);
    }
    // Nothing was recorded by the refusals; the export day itself is accepted.
    expect((await operator.get(`/api/settlement/batches/${batch.id}`).expect(200)).body.status).toBe('exported');
    const paid = await pay(`/api/settlement/lines/${line.id}/paid`, today).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidOn: today });
  });

  it('undoes redemptions while a batch is built: each ends either undone or in the line, never both nor neither', async () => {
    codes.push(...(await handedOutProgramme(testApp, { eligibleServices: [] })).codes);
    const payee = await createPayee(testApp);
    const redemptions = await redeemAt(payee, 12);
    const cutOff = await databaseNow(testApp);
    const [built, ...undos] = await Promise.all([
      createBatch(operator, { cutOff }),
      ...redemptions.map((id) => payee.agent.post(`/api/redemptions/${id}/undo`).send({})),
    ]);
    expect(built.status).toBe(201);
    const refused = redemptions.filter((_id, index) => undos[index].status === 409);
    for (const [index, undo] of undos.entries()) {
      expect({ index, status: undo.status, code: undo.body.details?.code }).toEqual(
        undo.status === 409 ? { index, status: 409, code: 'redemption_settled' } : { index, status: 200, code: undefined },
      );
    }
    const batch = (await operator.get(`/api/settlement/batches/${built.body.id}`).expect(200)).body;
    const line = batch.lines.find((candidate: Line) => candidate.organisationId === payee.organisationId);
    expect(line?.redemptionCount ?? 0).toBe(refused.length);
    expect(line?.amountCents ?? 0).toBe(refused.length * 1000);
    const undone: Array<{ id: string }> = await testApp.dataSource.query(
      'SELECT id FROM redemptions WHERE id = ANY($1) AND undone_at IS NOT NULL',
      [redemptions],
    );
    expect(undone.length).toBe(redemptions.length - refused.length);
    expect((await operator.get('/api/ledger/check').expect(200)).body.ok).toBe(true);
  });

  it('refuses bad input with the field named, and an empty batch with a stable code', async () => {
    const bad = await createBatch(operator, { month: '2026-13' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'month', problems: ['must be a month as YYYY-MM'] }]);
    const future = await createBatch(operator, { cutOff: '2199-01-01T00:00:00Z' }).expect(400);
    expect(future.body.details).toEqual([
      { field: 'cutOff', problems: ['must not end in the future: only what has been recorded can be paid'] },
    ]);
    const noKey = await operator.post('/api/settlement/batches').send({}).expect(400);
    expect(noKey.body.details[0].field).toBe('Idempotency-Key');
    const empty = await createBatch(operator, { cutOff: '2020-01-01T00:00:00Z' }).expect(409);
    expect(empty.body.details).toMatchObject({ code: 'nothing_to_settle' });
    const payment = await operator
      .post('/api/settlement/lines/00000000-0000-4000-8000-000000000000/paid')
      .set('Idempotency-Key', 'x-1')
      .send({ paidOn: 'hier', bankReference: '' })
      .expect(400);
    expect(payment.body.details).toEqual(
      expect.arrayContaining([
        { field: 'paidOn', problems: ['must be a date as YYYY-MM-DD'] },
        { field: 'bankReference', problems: ['must not be empty'] },
      ]),
    );
    // A day that does not exist, or an instant PostgreSQL cannot hold, is a 400 too (issue 18).
    const impossible = await operator
      .post('/api/settlement/lines/00000000-0000-4000-8000-000000000000/paid')
      .set('Idempotency-Key', 'x-2')
      .send({ paidOn: '2026-00-10', bankReference: 'VIR-1' })
      .expect(400);
    expect(impossible.body.details).toEqual([{ field: 'paidOn', problems: ['must be a real day from 1900-01-01 to 2200-12-31'] }]);
    const far = await createBatch(operator, { cutOff: '1899-12-31T23:00:00Z' }).expect(400);
    expect(far.body.details).toEqual([{ field: 'cutOff', problems: ['must be a real date or instant from 1900-01-01 to 2200-12-31'] }]);
  });
});
