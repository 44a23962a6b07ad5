/**
 * The settlement cadence: the job builds the batch of the latest weekly cut-off once, run twice or
 * at once; four eyes on a batch the job built (approver ≠ exporter); « Mes remboursements » in its
 * four parts with totals, for the place and for the operator, as JSON, CSV and PDF.
 */
import type TestAgent from 'supertest/lib/agent';
import {
  DEFAULT_SETTLEMENT_SCHEDULE,
  departementOfCommune,
  expectedPaymentDay,
  latestCutOff,
  localDate,
  nextCutOff,
  REJECTED_TRANSFER_ADVICE,
} from '@app/domain';
import { SettlementJobService } from '@app/settlement';
import { binaryBody, pdfText } from '../helpers/pdf';
import { handedOutProgramme, redeem } from '../helpers/redemption';
import { createPayee, type Payee, todayInParis } from '../helpers/settlement';
import { DEMO, loginAs, startTestApp, TestClock, type TestApp } from '../helpers/test-app';

const DAY_MS = 86_400_000;

describe('settlement cadence and « Mes remboursements »', () => {
  const clock = new TestClock();
  let testApp: TestApp;
  let operator: TestAgent;
  let payee: Payee;
  let codes: string[];
  let cutOff: Date;
  let batchId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    codes = [...(await handedOutProgramme(testApp, { eligibleServices: [] })).codes];
    payee = await createPayee(testApp);
    // A weekly cut-off two or three weeks ago, never the 1st of a month (the demo's monthly batch has that one).
    let past = new Date(Date.now() - 14 * DAY_MS);
    while (localDate(latestCutOff(DEFAULT_SETTLEMENT_SCHEDULE, past)).endsWith('-01')) past = new Date(past.getTime() - 7 * DAY_MS);
    cutOff = latestCutOff(DEFAULT_SETTLEMENT_SCHEDULE, past);
    for (let index = 0; index < 3; index += 1) await redeem(payee.agent, [codes.shift() as string], payee.serviceId).expect(201);
    // As if redeemed three days before that cut-off.
    await testApp.dataSource.query(
      `UPDATE redemptions SET recorded_at = $2::timestamptz - interval '3 days', occurred_at = $2::timestamptz - interval '3 days'
        WHERE organisation_id = $1`,
      [payee.organisationId, cutOff],
    );
  });
  afterAll(async () => {
    clock.reset();
    await testApp?.close();
  });

  async function runJobAt(instant: Date, times: number) {
    const job = testApp.app.get(SettlementJobService);
    clock.set(instant);
    try {
      return await Promise.all(Array.from({ length: times }, () => job.runDue()));
    } finally {
      clock.reset();
    }
  }

  it('builds the latest cut-off’s batch once, run at once by several callers then again', async () => {
    const instant = new Date(cutOff.getTime() + 3 * 3_600_000);
    const concurrent = await runJobAt(instant, 3);
    expect(concurrent.filter((run) => run.created)).toHaveLength(1);
    expect(new Set(concurrent.map((run) => run.batch?.id)).size).toBe(1);
    expect(concurrent.every((run) => run.cutOff === cutOff.toISOString())).toBe(true);
    const [again] = await runJobAt(new Date(instant.getTime() + DAY_MS), 1);
    expect(again).toMatchObject({ created: false, batch: { id: concurrent[0].batch?.id } });
    const batches: Array<{ id: string; created_by: string | null; status: string }> = await testApp.dataSource.query(
      'SELECT id, created_by, status FROM settlement_batches WHERE cut_off = $1',
      [cutOff],
    );
    expect(batches).toEqual([{ id: concurrent[0].batch?.id, created_by: null, status: 'draft' }]);
    batchId = batches[0].id;
    const audit: Array<{ actor_type: string }> = await testApp.dataSource.query(
      "SELECT actor_type FROM audit_events WHERE object_id = $1 AND action = 'settlement_batch.created'",
      [batchId],
    );
    expect(audit).toEqual([{ actor_type: 'system' }]);
    const batch = (await operator.get(`/api/settlement/batches/${batchId}`).expect(200)).body;
    expect(batch.createdBy).toBeNull();
    expect(batch.lines.map((line: { organisationId: string }) => line.organisationId)).toEqual([payee.organisationId]);
  });

  it('a place sees à recevoir and en cours (to approve) with totals and dates', async () => {
    await redeem(payee.agent, [codes.shift() as string], payee.serviceId).expect(201);
    const view = (await payee.agent.get('/api/settlement/place-payments').expect(200)).body;
    const now = new Date();
    expect(view).toMatchObject({
      organisationId: payee.organisationId,
      schedule: { cadence: 'weekly', cutOffWeekday: 'monday' },
      bankDetailsVerified: true,
      toReceive: {
        amountCents: 1_000,
        chequeCount: 1,
        groups: [
          {
            cutOff: nextCutOff(DEFAULT_SETTLEMENT_SCHEDULE, now).toISOString(),
            expectedOn: expectedPaymentDay(nextCutOff(DEFAULT_SETTLEMENT_SCHEDULE, now)),
            amountCents: 1_000,
          },
        ],
      },
      inProgress: { amountCents: 3_000, lines: [{ stage: 'to_approve', sentToBankOn: null, amountCents: 3_000, chequeCount: 3 }] },
      paid: { amountCents: 0, lines: [] },
      rejected: { amountCents: 0, lines: [] },
      delay: { redemptionCount: 0, medianDays: null, p95Days: null },
    });
    expect(view.inProgress.lines[0].stageText).toBe('Virement préparé, à approuver par l’opérateur');
  });

  it('four eyes on a batch the job built: its approver may not export it', async () => {
    await operator.post(`/api/settlement/batches/${batchId}/approve`).expect(200);
    const refused = await operator.post(`/api/settlement/batches/${batchId}/export`).expect(409);
    expect(refused.body.details.code).toBe('four_eyes_required');
    const view = (await payee.agent.get('/api/settlement/place-payments').expect(200)).body;
    // Approved is not at the bank.
    expect(view.inProgress.lines[0]).toMatchObject({ stage: 'approved', sentToBankOn: null });
  });

  it('sent to the bank only once exported, then paid with its delay, then rejected with what to do', async () => {
    // Another admin exports it (the approver may not).
    const [{ id: secondAdmin }]: Array<{ id: string }> = await testApp.dataSource.query(
      "SELECT id FROM users WHERE email = 'relecteur@operateur.example'",
    );
    await testApp.dataSource.query("UPDATE users SET role = 'operator_admin' WHERE id = $1", [secondAdmin]);
    const exporter = await loginAs(testApp, DEMO.operatorReviewer);
    await exporter.post(`/api/settlement/batches/${batchId}/export`).expect(200);
    await testApp.dataSource.query("UPDATE users SET role = 'operator_reviewer' WHERE id = $1", [secondAdmin]);
    const today = todayInParis();
    let view = (await payee.agent.get('/api/settlement/place-payments').expect(200)).body;
    expect(view.inProgress.lines[0]).toMatchObject({
      stage: 'sent_to_bank',
      sentToBankOn: today,
      stageText: `Envoyé à la banque le ${today.split('-').reverse().join('/')}`,
    });

    const lineId = view.inProgress.lines[0].id;
    await operator
      .post(`/api/settlement/lines/${lineId}/paid`)
      .set('Idempotency-Key', `cadence-paid-${lineId}`)
      .send({ paidOn: today, bankReference: 'VIR-CADENCE-1' })
      .expect(200);
    view = (await payee.agent.get('/api/settlement/place-payments').expect(200)).body;
    const [{ days }]: Array<{ days: number }> = await testApp.dataSource.query(
      "SELECT ($1::date - ($2::timestamptz AT TIME ZONE 'Europe/Paris')::date) AS days",
      [today, new Date(cutOff.getTime() - 3 * DAY_MS)],
    );
    expect(view).toMatchObject({
      inProgress: { amountCents: 0, lines: [] },
      paid: { amountCents: 3_000, lines: [{ id: lineId, paidOn: today, bankReference: 'VIR-CADENCE-1' }] },
      delay: { redemptionCount: 3, medianDays: days, p95Days: days },
    });

    // The operator's view of the same place is the same.
    const asOperator = (await operator.get(`/api/settlement/place-payments?organisationId=${payee.organisationId}`).expect(200)).body;
    expect(asOperator).toEqual(view);
    // The operator's figures over every place and per département include these three.
    const delays = (await operator.get('/api/settlement/payment-delays').expect(200)).body;
    expect(delays.overall.redemptionCount).toBeGreaterThanOrEqual(3);
    const [{ departement }]: Array<{ departement: string }> = await testApp.dataSource
      .query('SELECT code_insee AS departement FROM places WHERE id = $1', [payee.placeId])
      .then((rows: Array<{ departement: string }>) => rows.map((row) => ({ departement: departementOfCommune(row.departement) })));
    expect(delays.departements).toContainEqual(expect.objectContaining({ departement }));
    expect(delays.departements.reduce((sum: number, row: { redemptionCount: number }) => sum + row.redemptionCount, 0)).toBe(
      delays.overall.redemptionCount,
    );
    await payee.agent.get('/api/settlement/payment-delays').expect(403);

    // The place's own page: the same measure for the redemptions made there, for its managers and the operator.
    const ownPlace = (await payee.agent.get(`/api/settlement/places/${payee.placeId}/payment-delay`).expect(200)).body;
    expect(ownPlace).toEqual({ redemptionCount: 3, medianDays: days, p95Days: days });
    expect((await operator.get(`/api/settlement/places/${payee.placeId}/payment-delay`).expect(200)).body).toEqual(ownPlace);
    const [{ id: demoPlaceId }]: Array<{ id: string }> = await testApp.dataSource.query(
      `SELECT id FROM places WHERE organisation_id <> $1 AND organisation_id IS NOT NULL LIMIT 1`,
      [payee.organisationId],
    );
    await payee.agent.get(`/api/settlement/places/${demoPlaceId}/payment-delay`).expect(404);
    expect((await payee.agent.get('/api/settlement/places/pas-un-lieu/payment-delay').expect(400)).body).toHaveProperty('code');

    // The operator's dashboard reads the same computation: over the whole period, the same figures.
    const dashboard = (await operator.get('/api/reporting/dashboard').expect(200)).body;
    expect(dashboard.paymentDelay).toEqual(delays.overall);
    const table = dashboard.tables.find((candidate: { id: string }) => candidate.id === 'delais-paiement');
    expect(table.total).toEqual({
      label: 'Ensemble',
      redemptions: delays.overall.redemptionCount,
      median: delays.overall.medianDays,
      p95: delays.overall.p95Days,
    });
    expect(table.rows).toContainEqual({
      label: departement,
      redemptions: expect.any(Number),
      median: expect.any(Number),
      p95: expect.any(Number),
    });
    // A period before these redemptions: none of them.
    const before = (await operator.get('/api/reporting/dashboard?to=2000-01-01').expect(200)).body;
    expect(before.paymentDelay).toEqual({ redemptionCount: 0, medianDays: null, p95Days: null });
    // A funder's dashboard does not carry it.
    const funder = await loginAs(testApp, DEMO.funderManager);
    const funderDashboard = (await funder.get('/api/reporting/dashboard').expect(200)).body;
    expect(funderDashboard.paymentDelay).toBeNull();
    expect(funderDashboard.tables.map((candidate: { id: string }) => candidate.id)).not.toContain('delais-paiement');
    const missing = await operator.get('/api/settlement/place-payments').expect(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'organisationId' })]);

    await operator
      .post(`/api/settlement/lines/${lineId}/reject`)
      .set('Idempotency-Key', `cadence-reject-${lineId}`)
      .send({ reason: 'Compte clôturé (AC04)' })
      .expect(200);
    view = (await payee.agent.get('/api/settlement/place-payments').expect(200)).body;
    expect(view).toMatchObject({
      toReceive: { amountCents: 4_000, chequeCount: 4 },
      paid: { amountCents: 0, lines: [] },
      rejected: {
        amountCents: 3_000,
        lines: [{ id: lineId, rejectedOn: today, rejectionReason: 'Compte clôturé (AC04)', advice: REJECTED_TRANSFER_ADVICE }],
      },
    });
  });

  it('CSV (one row per amount) and PDF of the same view', async () => {
    const csv = await payee.agent.get('/api/settlement/place-payments.csv?format=excel-fr').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('"partie";"date";"reference";"montant_euros";"cheques";"statut";"reference_bancaire";"motif_rejet"');
    expect(rows.filter((row) => row.startsWith('"Rejeté"'))).toEqual([expect.stringContaining('"30,00";"3";"Rejeté par la banque"')]);
    expect(rows.filter((row) => row.startsWith('"À recevoir"')).length).toBeGreaterThan(0);
    const pdf = await payee.agent.get('/api/settlement/place-payments.pdf').buffer(true).parse(binaryBody).expect(200);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Mes remboursements');
    expect(text).toContain('À recevoir');
    expect(text).toContain('Rejeté');
    expect(text).toContain('Compte clôturé (AC04)');
    const funder = await loginAs(testApp, DEMO.funderManager);
    await funder.get('/api/settlement/place-payments').expect(403);
  });
});
