/**
 * The settlement cadence: the job builds the batch of the latest weekly cut-off once, run twice or
 * at once; four eyes on a batch the job built (approver ≠ exporter); « Mes remboursements » in its
 * four parts with totals, for the place and for the operator, as JSON, CSV and PDF; the payment delay
 * on every page that shows it, and monthly in the open data (valid against its TableSchema, under secrecy).
 */
import { parse } from 'csv-parse/sync';
import type TestAgent from 'supertest/lib/agent';
import {
  addMonths,
  DEFAULT_SETTLEMENT_SCHEDULE,
  departementOfCommune,
  firstDayOfMonth,
  type IsoDate,
  expectedPaymentDay,
  latestCutOff,
  nextCutOff,
  REJECTED_TRANSFER_ADVICE,
} from '@app/domain';
import { SettlementJobService } from '@app/settlement';
import { binaryBody, pdfText } from '../helpers/pdf';
import { handedOutProgramme, redeem } from '../helpers/redemption';
import { approveAndExport, createBatch, createPayee, databaseNow, type Payee, todayInParis } from '../helpers/settlement';
import { parseTableSchema, validateTable } from '../helpers/table-schema';
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
    // A weekly cut-off five or six weeks ago (the demo's batches have the four latest: demo-settlement.ts).
    cutOff = latestCutOff(DEFAULT_SETTLEMENT_SCHEDULE, new Date(Date.now() - 35 * DAY_MS));
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

  it('the open data gives the monthly payment delay, valid against its TableSchema, delays only from K payments over three places', async () => {
    // Three places paid six months ago for two redemptions each, 3, 5 and 8 days after them; a month nobody else was paid in.
    const fresh = [...(await handedOutProgramme(testApp, { eligibleServices: [] })).codes];
    const payees = [await createPayee(testApp), await createPayee(testApp), await createPayee(testApp)];
    for (const place of payees)
      for (let index = 0; index < 2; index += 1) await redeem(place.agent, [fresh.shift() as string], place.serviceId).expect(201);
    const batch = await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201);
    await approveAndExport(testApp, operator, batch.body.id);
    await operator
      .post(`/api/settlement/batches/${batch.body.id}/paid`)
      .set('Idempotency-Key', `open-delays-${batch.body.id}`)
      .send({ paidOn: todayInParis(), bankReference: 'VIR-DELAIS' })
      .expect(200);
    const paidOn = `${addMonths(firstDayOfMonth(todayInParis() as IsoDate), -6).slice(0, 7)}-15`;
    for (const [index, place] of payees.entries()) {
      await testApp.dataSource.query('UPDATE settlement_lines SET paid_on = $2::date WHERE organisation_id = $1', [
        place.organisationId,
        paidOn,
      ]);
      await testApp.dataSource.query(
        `UPDATE redemptions SET occurred_at = ($2::date - $3::int)::timestamp AT TIME ZONE 'Europe/Paris' + interval '10 hours' WHERE organisation_id = $1`,
        [place.organisationId, paidOn, [3, 5, 8][index]],
      );
    }
    await operator.post('/api/reporting/refresh').expect(200);

    const schemaResponse = await testApp.anonymous().get('/api/open-data/payment-delays.schema.json').expect(200);
    const schema = parseTableSchema(JSON.parse(schemaResponse.text), 'payment-delays.schema.json');
    const csv = await testApp.anonymous().get('/api/open-data/payment-delays.csv').expect(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines]: string[][] = parse(csv.text.slice(1));
    const rows = lines.map((line) => Object.fromEntries(header.map((name, index) => [name, line[index]])));
    expect(validateTable(schema, header, rows)).toEqual([]);

    // Independently: every paid redemption booked in a month over, its place, département and days.
    const paid: Array<{ place_id: string; code_insee: string | null; month: string; days: number }> = await testApp.dataSource.query(
      `SELECT r.place_id, p.code_insee, to_char(l.paid_on, 'YYYY-MM') AS month,
              l.paid_on - (r.occurred_at AT TIME ZONE 'Europe/Paris')::date AS days
         FROM settlement_lines l JOIN redemptions r ON r.organisation_id = l.organisation_id AND r.undone_at IS NULL AND l.covered @> r.recorded_at
         JOIN places p ON p.id = r.place_id
        WHERE l.status = 'paid' AND l.paid_on < date_trunc('month', now() AT TIME ZONE 'Europe/Paris')::date`,
    );
    const K = 5;
    const cells = new Map<string, typeof paid>();
    for (const item of paid) {
      const departement = item.code_insee ? departementOfCommune(item.code_insee) : 'inconnu';
      for (const key of [`${item.month}/FR`, `${item.month}/${departement}`]) cells.set(key, [...(cells.get(key) ?? []), item]);
    }
    expect(rows.map((row) => `${row.mois}/${row.code_territoire}`).sort()).toEqual([...cells.keys()].sort());
    for (const row of rows) {
      const cell = cells.get(`${row.mois}/${row.code_territoire}`)!;
      const perPlace = [...new Set(cell.map((item) => item.place_id))].map(
        (place) => cell.filter((item) => item.place_id === place).length,
      );
      const days = cell.map((item) => item.days).sort((a, b) => a - b);
      if (row.encaissements_payes === 'secret') expect(row.lieux_payes).toBe('');
      else expect([Number(row.encaissements_payes), Number(row.lieux_payes)]).toEqual([cell.length, perPlace.length]);
      const publishable =
        row.encaissements_payes !== 'secret' && cell.length >= K && perPlace.length >= 3 && Math.max(...perPlace) <= 0.85 * cell.length;
      expect(row.secret_statistique).toBe(String(!publishable));
      expect([row.delai_median_jours, row.delai_95_jours]).toEqual(
        publishable ? [String(days[Math.ceil(0.5 * days.length) - 1]), String(days[Math.ceil(0.95 * days.length) - 1])] : ['', ''],
      );
    }
    // The three places' month: six redemptions, 3, 3, 5, 5, 8, 8 days: median 5, p95 8, for France and their département.
    const month = paidOn.slice(0, 7);
    const departement = departementOfCommune(
      (await testApp.dataSource.query('SELECT code_insee FROM places WHERE id = $1', [payees[0].placeId]))[0].code_insee,
    );
    expect(rows.filter((row) => row.mois === month)).toEqual([
      expect.objectContaining({
        niveau_territoire: 'france',
        code_territoire: 'FR',
        encaissements_payes: '6',
        lieux_payes: '3',
        delai_median_jours: '5',
        delai_95_jours: '8',
      }),
      expect.objectContaining({
        niveau_territoire: 'departement',
        code_territoire: departement,
        delai_median_jours: '5',
        delai_95_jours: '8',
      }),
    ]);
    // The third place paid a month earlier: four payments left, under K, their count and delays hidden.
    const earlier = `${addMonths(`${month}-01` as IsoDate, -1).slice(0, 7)}-28`;
    await testApp.dataSource.query('UPDATE settlement_lines SET paid_on = $2::date WHERE organisation_id = $1', [
      payees[2].organisationId,
      earlier,
    ]);
    const fewer = parse((await testApp.anonymous().get('/api/open-data/payment-delays.csv').expect(200)).text.slice(1)) as string[][];
    expect(fewer.find((line) => line[0] === month && line[1] === 'france')?.slice(3)).toEqual(['secret', '', '', '', 'true']);

    const json = await testApp.anonymous().get('/api/open-data/payment-delays.json').expect(200);
    expect(json.body.licence.name).toBe('Licence Ouverte / Open Licence version 2.0');
    expect(json.body.schema).toMatch(/\/api\/open-data\/payment-delays\.schema\.json$/);
  });
});
