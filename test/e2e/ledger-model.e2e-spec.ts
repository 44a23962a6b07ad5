/**
 * The ledger against a model, on the real application and PostgreSQL. fast-check draws sequences of
 * fund / hand out / redeem / undo / expire / build a batch / approve / export / cancel / pay /
 * bank-reject, and the weekly cadence: the week moves on (its cut-off is that instant), the week's batch
 * is built after its cut-off with what was recorded before it while redemptions go on, a bank statement (camt.053) pays some lines of an
 * exported batch and returns the others (AC04: the payee's details go back to « à vérifier », later
 * batches carry it over), the operator verifies the details again and the returned amounts are paid
 * in a later batch. Each step goes through the HTTP API as the people would do it (the expiry job through
 * its service, once the programme's validity is moved into the past), and after every step the
 * balances, the cheque statuses and the settlement lines and batches are compared with a plain model,
 * and the ledger check must pass.
 *
 * The runs share one database: each starts by building a batch of whatever earlier runs left due,
 * so that nothing is due when it starts, and compares the shared accounts (bank, fees, funder, the
 * two payees) by their change since it started.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type TestAgent from 'supertest/lib/agent';
import { LedgerService, describeLedgerCheck } from '@app/ledger';
import { ExpiryService } from '@app/vouchers';
import { importBankFile, validCamt053 } from '../helpers/bank-files';
import { balancesOf, organisationOf } from '../helpers/ledger';
import { chequeCodes, createProgramme } from '../helpers/programmes';
import { redeem } from '../helpers/redemption';
import { createBatch, createPayee, databaseNow, type Payee, todayInParis, verifyBankDetails } from '../helpers/settlement';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

type ChequeStatus = 'issued' | 'distributed' | 'redeemed' | 'settled' | 'expired';
type LineStatus = 'pending' | 'paid' | 'rejected' | 'cancelled';
type BatchStatus = 'draft' | 'approved' | 'exported' | 'paid' | 'cancelled';

interface ModelProgramme {
  id: string;
  code: string;
  faceValueCents: number;
  closed: boolean;
  handedOut: boolean[];
  cheques: Array<{ code: string; booklet: number; status: ChequeStatus }>;
}

interface ModelRedemption {
  id: string;
  payee: number;
  programme: number;
  cheque: number;
  amountCents: number;
  undone: boolean;
  /** The week it was recorded in: after that week's cut-off. */
  week: number;
}

interface ModelLine {
  id: string;
  batch: number;
  payee: number;
  status: LineStatus;
  redemptions: number[];
}

interface Model {
  programmes: ModelProgramme[];
  redemptions: ModelRedemption[];
  lines: ModelLine[];
  batches: Array<{ id: string; status: BatchStatus }>;
  /** The week of the run: redemptions are recorded after its cut-off. */
  week: number;
  /** Each week's cut-off: the instant it began (the run's start for week 0). */
  cutOffs: string[];
  /** The weeks whose batch has been built. */
  weeksBuilt: number[];
  /** Per payee: its bank details verified (a returned transfer sends them back to « à vérifier »). */
  verified: boolean[];
  /** Changes since the run started, in cents. */
  bank: number;
  fees: number;
  funder: number;
}

interface Real {
  /** Balances when the run started. */
  start: Record<string, number>;
}

const BOOKLETS = 2;
const CHEQUES_PER_BOOKLET = 2;
const LIVE_LINE: LineStatus[] = ['pending', 'paid'];
const WEEKS_PER_RUN = 6;

describe('the ledger against a model, on the real services', () => {
  let testApp: TestApp;
  let operator: TestAgent;
  let reviewer: TestAgent;
  let funder: TestAgent;
  let distributor: TestAgent;
  let distributorOrganisationId: string;
  let funderOrganisationId: string;
  let payees: Payee[];

  beforeAll(async () => {
    testApp = await startTestApp();
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    funder = await loginAs(testApp, DEMO.funderManager);
    distributor = await loginAs(testApp, DEMO.distributorAgent);
    distributorOrganisationId = await organisationOf(testApp, DEMO.distributorAgent);
    funderOrganisationId = await organisationOf(testApp, DEMO.funderManager);
    payees = [await createPayee(testApp), await createPayee(testApp)];
    // What the seed left for the expiry job, expired now rather than in the middle of a run.
    await testApp.app.get(ExpiryService).expireDue();
  });
  afterAll(() => testApp?.close());

  // ------------------------------------------------------------------ the model's rules

  const liveLineOf = (model: Model, redemption: number): ModelLine | undefined =>
    model.lines.find((line) => LIVE_LINE.includes(line.status) && line.redemptions.includes(redemption));

  /** Redemptions due to a payee: live and in no live line. */
  const dueOf = (model: Model, payee: number): number[] =>
    model.redemptions.flatMap((r, index) => (r.payee === payee && !r.undone && !liveLineOf(model, index) ? [index] : []));

  /** What a batch cut at the start of week `week` pays a payee: its due redemptions recorded in the weeks before. */
  const dueBefore = (model: Model, payee: number, week: number): number[] =>
    dueOf(model, payee).filter((index) => model.redemptions[index].week < week);

  /**
   * A batch just built (by hand or by the job): one line per payee of ours with something due and its
   * details verified, a carry-over for those due but not verified. Recorded in the model.
   */
  async function expectBuilt(model: Model, batchId: string, due: number[][]): Promise<void> {
    const batch = (await operator.get(`/api/settlement/batches/${batchId}`).expect(200)).body as {
      lines: Array<{ id: string; organisationId: string }>;
      carryOvers: Array<{ organisationId: string; reason: string }>;
    };
    const ours = new Set(payees.map((payee) => payee.organisationId));
    const expectedIn = (verified: boolean) =>
      payees.flatMap((payee, index) => (due[index].length > 0 && model.verified[index] === verified ? [payee.organisationId] : [])).sort();
    expect(
      batch.carryOvers
        .filter((carry) => ours.has(carry.organisationId))
        .map((carry) => carry.organisationId)
        .sort(),
    ).toEqual(expectedIn(false));
    const batchIndex = model.batches.push({ id: batchId, status: 'draft' }) - 1;
    expect(batch.lines.map((line) => line.organisationId).sort()).toEqual(expectedIn(true));
    for (const line of batch.lines) {
      const payee = payees.findIndex((candidate) => candidate.organisationId === line.organisationId);
      model.lines.push({ id: line.id, batch: batchIndex, payee, status: 'pending', redemptions: due[payee] });
    }
  }

  const setCheques = (model: Model, line: ModelLine, status: ChequeStatus): void => {
    for (const index of line.redemptions) {
      const r = model.redemptions[index];
      model.programmes[r.programme].cheques[r.cheque].status = status;
    }
  };

  const lineAmount = (model: Model, line: ModelLine): number =>
    line.redemptions.reduce((sum, index) => sum + model.redemptions[index].amountCents, 0);

  /** An exported batch whose lines all have the bank's answer is paid. */
  const closeIfAnswered = (model: Model, batch: number): void => {
    const lines = model.lines.filter((line) => line.batch === batch);
    if (model.batches[batch].status === 'exported' && lines.every((line) => line.status !== 'pending')) {
      model.batches[batch].status = 'paid';
    }
  };

  // ------------------------------------------------------------------ the comparison after every step

  async function verify(model: Model, real: Real): Promise<void> {
    const report = await testApp.app.get(LedgerService).check();
    if (!report.ok) throw new Error(describeLedgerCheck(report));

    const balances = await balancesOf(operator);
    const change = (account: string): number => (balances[account] ?? 0) - (real.start[account] ?? 0);
    const expected: Record<string, number> = {
      bank: model.bank,
      operator_fees: model.fees,
      [`funder:${funderOrganisationId}`]: model.funder,
    };
    const actual: Record<string, number> = {
      bank: change('bank'),
      operator_fees: change('operator_fees'),
      [`funder:${funderOrganisationId}`]: change(`funder:${funderOrganisationId}`),
    };
    for (const programme of model.programmes) {
      const key = `programme_outstanding:${programme.id}`;
      const live = programme.cheques.filter((cheque) => cheque.status === 'issued' || cheque.status === 'distributed').length;
      expected[key] = 0 - live * programme.faceValueCents;
      actual[key] = change(key);
    }
    payees.forEach((payee, index) => {
      const key = `place_payable:${payee.organisationId}`;
      const unpaid = model.redemptions
        .map((r, position) => ({ r, position }))
        .filter(({ r, position }) => r.payee === index && !r.undone && liveLineOf(model, position)?.status !== 'paid')
        .reduce((sum, { r }) => sum + r.amountCents, 0);
      expected[key] = 0 - unpaid;
      actual[key] = change(key);
    });
    expect(actual).toEqual(expected);

    const programmeIds = model.programmes.map((programme) => programme.id);
    const cheques: Array<{ programme_id: string; status: ChequeStatus; n: number }> = await testApp.dataSource.query(
      `SELECT programme_id, status::text AS status, count(*)::int AS n FROM cheques WHERE programme_id = ANY($1)
        GROUP BY programme_id, status ORDER BY programme_id, status::text`,
      [programmeIds],
    );
    const modelCheques = model.programmes
      .flatMap((programme) => {
        const counts = new Map<ChequeStatus, number>();
        for (const cheque of programme.cheques) counts.set(cheque.status, (counts.get(cheque.status) ?? 0) + 1);
        return [...counts].map(([status, n]) => ({ programme_id: programme.id, status, n }));
      })
      .sort((a, b) => a.programme_id.localeCompare(b.programme_id) || a.status.localeCompare(b.status));
    expect(cheques).toEqual(modelCheques);

    const lines: Array<{ id: string; status: LineStatus; amount_cents: string; organisation_id: string }> = await testApp.dataSource.query(
      'SELECT id, status::text AS status, amount_cents::text, organisation_id FROM settlement_lines WHERE id = ANY($1) ORDER BY id',
      [model.lines.map((line) => line.id)],
    );
    expect(lines).toEqual(
      model.lines
        .map((line) => ({
          id: line.id,
          status: line.status,
          amount_cents: String(lineAmount(model, line)),
          organisation_id: payees[line.payee].organisationId,
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );
    const batches: Array<{ id: string; status: BatchStatus }> = await testApp.dataSource.query(
      'SELECT id, status::text AS status FROM settlement_batches WHERE id = ANY($1) ORDER BY id',
      [model.batches.map((batch) => batch.id)],
    );
    expect(batches).toEqual([...model.batches].sort((a, b) => a.id.localeCompare(b.id)));
  }

  // ------------------------------------------------------------------ the steps

  /** A step: applicable when `check` says so; `pick` chooses among the candidates (modulo their number). */
  function step(name: string, check: (model: Model) => boolean, run: (model: Model) => Promise<void>): fc.AsyncCommand<Model, Real> {
    return {
      check,
      run: async (model, real) => {
        await run(model);
        await verify(model, real);
      },
      toString: () => name,
    };
  }

  function nth<T>(items: T[], pick: number): T {
    return items[pick % items.length];
  }

  /** A funder orders a programme of 2 booklets of 2 cheques, the operator records its funding and activates it. */
  async function fundProgramme(model: Model, faceValueCents: number): Promise<void> {
    const programme = await createProgramme({
      funder,
      operator,
      until: 'active',
      input: {
        name: 'Programme du modèle',
        faceValueCents,
        chequesPerBooklet: CHEQUES_PER_BOOKLET,
        bookletCount: BOOKLETS,
        eligibleServices: [],
      },
    });
    model.bank += programme.order.totalDueCents;
    model.fees -= programme.order.totalDueCents - faceValueCents * BOOKLETS * CHEQUES_PER_BOOKLET;
    model.programmes.push({
      id: programme.id,
      code: programme.code,
      faceValueCents,
      closed: false,
      handedOut: Array.from({ length: BOOKLETS }, () => false),
      cheques: (await chequeCodes(testApp, programme.id)).map((cheque) => ({
        code: cheque.code,
        booklet: cheque.bookletNumber,
        status: 'issued' as const,
      })),
    });
  }

  /** The operator allocates a booklet to the distributor, who hands it out to a person. */
  async function handOutBooklet(model: Model, p: number, booklet: number): Promise<void> {
    const programme = model.programmes[p];
    await operator
      .post('/api/booklets/allocations')
      .send({ programmeId: programme.id, fromNumber: booklet, toNumber: booklet, distributorOrganisationId })
      .expect(201);
    await distributor
      .post('/api/hand-outs')
      .send({ bookletSerial: `${programme.code}-${String(booklet).padStart(5, '0')}` })
      .expect(201);
    programme.handedOut[booklet - 1] = true;
    for (const cheque of programme.cheques) if (cheque.booklet === booklet) cheque.status = 'distributed';
  }

  const fund = fc.constantFrom(500, 1000, 2000).map((faceValueCents) =>
    step(
      `fund(${faceValueCents})`,
      (model) => model.programmes.length < 4,
      (model) => fundProgramme(model, faceValueCents),
    ),
  );

  const bookletsToHandOut = (model: Model) =>
    model.programmes.flatMap((programme, p) =>
      programme.closed ? [] : programme.handedOut.flatMap((done, b) => (done ? [] : [{ p, booklet: b + 1 }])),
    );
  const handOutCommand = (pick: number) =>
    step(
      'handOut',
      (model) => bookletsToHandOut(model).length > 0,
      async (model) => {
        const { p, booklet } = nth(bookletsToHandOut(model), pick);
        await handOutBooklet(model, p, booklet);
      },
    );
  const handOut = fc.nat().map(handOutCommand);

  const usableCheques = (model: Model) =>
    model.programmes.flatMap((programme, p) =>
      programme.closed ? [] : programme.cheques.flatMap((cheque, c) => (cheque.status === 'distributed' ? [{ p, c }] : [])),
    );
  const redeemCommand = (payee: number, pick: number) =>
    step(
      `redeem(payee ${payee})`,
      (model) => usableCheques(model).length > 0,
      async (model) => {
        const { p, c } = nth(usableCheques(model), pick);
        const programme = model.programmes[p];
        const response = await redeem(payees[payee].agent, [programme.cheques[c].code], payees[payee].serviceId).expect(201);
        programme.cheques[c].status = 'redeemed';
        model.redemptions.push({
          id: response.body.id,
          payee,
          programme: p,
          cheque: c,
          amountCents: programme.faceValueCents,
          undone: false,
          week: model.week,
        });
      },
    );
  const redeemStep = fc.record({ payee: fc.nat(1), pick: fc.nat() }).map(({ payee, pick }) => redeemCommand(payee, pick));

  const liveRedemptions = (model: Model) => model.redemptions.flatMap((r, index) => (r.undone ? [] : [index]));
  const undo = fc.nat().map((pick) =>
    step(
      'undo',
      (model) => liveRedemptions(model).length > 0,
      async (model) => {
        const index = nth(liveRedemptions(model), pick);
        const redemption = model.redemptions[index];
        const response = await payees[redemption.payee].agent.post(`/api/redemptions/${redemption.id}/undo`).send({});
        if (liveLineOf(model, index)) {
          // In a live line (waiting for the bank or paid): it can no longer be taken back.
          expect({ status: response.status, details: response.body.details }).toEqual({
            status: 409,
            details: { code: 'redemption_settled' },
          });
          return;
        }
        expect(response.status).toBe(200);
        redemption.undone = true;
        // Back in the person's hands, even if its programme has closed since (then until the next expiry run).
        model.programmes[redemption.programme].cheques[redemption.cheque].status = 'distributed';
      },
    ),
  );

  const openProgrammes = (model: Model) => model.programmes.flatMap((programme, p) => (programme.closed ? [] : [p]));
  const expire = fc.nat().map((pick) =>
    step(
      'expire',
      (model) => openProgrammes(model).length > 0,
      async (model) => {
        const programme = model.programmes[nth(openProgrammes(model), pick)];
        // Its last day and grace period are over: the expiry job expires its unused cheques and closes it.
        await testApp.dataSource.query(
          "UPDATE programmes SET valid_from = '2024-01-01', valid_until = '2024-12-31', grace_days = 10 WHERE id = $1",
          [programme.id],
        );
        await testApp.app.get(ExpiryService).expireDue();
        programme.closed = true;
        // The run also expires what undone redemptions gave back in programmes closed before.
        for (const closed of model.programmes.filter((each) => each.closed)) {
          for (const cheque of closed.cheques) {
            if (cheque.status === 'issued' || cheque.status === 'distributed') {
              cheque.status = 'expired';
              model.funder -= closed.faceValueCents;
            }
          }
        }
      },
    ),
  );

  const buildCommand = step(
    'buildBatch',
    // Only when something is due to a payee of ours whose details are verified (the demo's payees
    // without verified bank details are carried over by every batch, which would otherwise be built
    // without a line of ours).
    (model) => payees.some((_payee, index) => model.verified[index] && dueOf(model, index).length > 0),
    async (model) => {
      const due = payees.map((_payee, index) => dueOf(model, index));
      const response = await createBatch(operator, { cutOff: await databaseNow(testApp) });
      expect(response.status).toBe(201);
      await expectBuilt(model, response.body.id, due);
    },
  );
  const build = fc.constant(buildCommand);

  /** The week ends: its cut-off is now (the database's clock, which records redemptions). */
  const nextWeekCommand = step(
    'nextWeek',
    (model) => model.week < WEEKS_PER_RUN - 1,
    async (model) => {
      model.cutOffs.push(await databaseNow(testApp));
      model.week += 1;
    },
  );
  const nextWeek = fc.constant(nextWeekCommand);

  /** The batch of the week's cut-off, built after it (redemptions of this week keep coming): what was recorded before. */
  const weeklyBatchCommand = step(
    'weeklyBatch',
    (model) =>
      !model.weeksBuilt.includes(model.week) &&
      payees.some((_payee, index) => model.verified[index] && dueBefore(model, index, model.week).length > 0),
    async (model) => {
      const due = payees.map((_payee, index) => dueBefore(model, index, model.week));
      const response = await createBatch(operator, { cutOff: model.cutOffs[model.week] });
      expect(response.status).toBe(201);
      expect(response.body.cutOff).toBe(model.cutOffs[model.week]);
      model.weeksBuilt.push(model.week);
      await expectBuilt(model, response.body.id, due);
    },
  );
  const weeklyBatch = fc.constant(weeklyBatchCommand);

  const batchesIn = (model: Model, statuses: BatchStatus[]) =>
    model.batches.flatMap((batch, index) => (statuses.includes(batch.status) ? [index] : []));
  /** Four eyes: the reviewer approves a draft, the admin exports an approved batch. */
  const moveCommand = (action: 'approve' | 'export', from: BatchStatus, to: BatchStatus, agent: () => TestAgent, pick = 0) =>
    step(
      action,
      (model) => batchesIn(model, [from]).length > 0,
      async (model) => {
        const batch = model.batches[nth(batchesIn(model, [from]), pick)];
        await agent().post(`/api/settlement/batches/${batch.id}/${action}`).expect(200);
        batch.status = to;
      },
    );
  const moveBatch = (action: 'approve' | 'export', from: BatchStatus, to: BatchStatus, agent: () => TestAgent) =>
    fc.nat().map((pick) => moveCommand(action, from, to, agent, pick));
  const approve = moveBatch('approve', 'draft', 'approved', () => reviewer);
  const exportStep = moveBatch('export', 'approved', 'exported', () => operator);
  const cancel = fc.nat().map((pick) =>
    step(
      'cancel',
      (model) => batchesIn(model, ['draft', 'approved']).length > 0,
      async (model) => {
        const index = nth(batchesIn(model, ['draft', 'approved']), pick);
        await operator
          .post(`/api/settlement/batches/${model.batches[index].id}/cancel`)
          .set('Idempotency-Key', randomUUID())
          .send({ reason: 'Modèle : lot à refaire' })
          .expect(200);
        model.batches[index].status = 'cancelled';
        for (const line of model.lines) if (line.batch === index) line.status = 'cancelled';
      },
    ),
  );

  const answerable = (model: Model, statuses: LineStatus[]) =>
    model.lines.filter((line) => statuses.includes(line.status) && ['exported', 'paid'].includes(model.batches[line.batch].status));
  const pay = fc.nat().map((pick) =>
    step(
      'pay',
      (model) => answerable(model, ['pending']).length > 0,
      async (model) => {
        const line = nth(answerable(model, ['pending']), pick);
        await operator
          .post(`/api/settlement/lines/${line.id}/paid`)
          .set('Idempotency-Key', randomUUID())
          .send({ paidOn: todayInParis(), bankReference: 'VIR-MODELE' })
          .expect(200);
        line.status = 'paid';
        setCheques(model, line, 'settled');
        model.bank -= lineAmount(model, line);
        closeIfAnswered(model, line.batch);
      },
    ),
  );
  const reject = fc.nat().map((pick) =>
    step(
      'bankReject',
      (model) => answerable(model, ['pending', 'paid']).length > 0,
      async (model) => {
        const line = nth(answerable(model, ['pending', 'paid']), pick);
        await operator
          .post(`/api/settlement/lines/${line.id}/reject`)
          .set('Idempotency-Key', randomUUID())
          .send({ reason: 'AC04 — compte clôturé' })
          .expect(200);
        if (line.status === 'paid') {
          setCheques(model, line, 'redeemed');
          model.bank += lineAmount(model, line);
        }
        line.status = 'rejected';
        closeIfAnswered(model, line.batch);
      },
    ),
  );

  /** The bank's statement for an exported batch: its pending lines paid, but those drawn returned (AC04). */
  const exportedWithPending = (model: Model) =>
    model.batches.flatMap((batch, index) =>
      batch.status === 'exported' && model.lines.some((line) => line.batch === index && line.status === 'pending') ? [index] : [],
    );
  const bankStatementCommand = (pick: number, returned: boolean[]) =>
    step(
      `bankStatement(returned ${returned.join('/')})`,
      (model) => exportedWithPending(model).length > 0,
      async (model) => {
        const batchIndex = nth(exportedWithPending(model), pick);
        const view = (await operator.get(`/api/settlement/batches/${model.batches[batchIndex].id}`).expect(200)).body as {
          lines: Array<{ id: string; reference: string }>;
        };
        const pending = model.lines.filter((line) => line.batch === batchIndex && line.status === 'pending');
        const today = todayInParis();
        const answers = pending.map((line, index) => {
          const reference = view.lines.find((candidate) => candidate.id === line.id)!.reference;
          const back = returned[index % returned.length];
          return {
            endToEndId: reference,
            amountCents: lineAmount(model, line),
            outcome: back ? ('returned' as const) : ('paid' as const),
            bookingDate: today,
            bankReference: `${back ? 'RET' : 'BQ'}-${reference}`,
            ...(back ? { reasonCode: 'AC04' } : {}),
          };
        });
        const imported = await importBankFile(operator, validCamt053({ messageId: `MODELE-${randomUUID()}`.slice(0, 35), answers })).expect(
          200,
        );
        expect(imported.body).toMatchObject({ applied: pending.length, unmatched: 0 });
        pending.forEach((line, index) => {
          if (returned[index % returned.length]) {
            line.status = 'rejected';
            // The details the transfer used are no longer trusted: « à vérifier ».
            model.verified[line.payee] = false;
          } else {
            line.status = 'paid';
            setCheques(model, line, 'settled');
            model.bank -= lineAmount(model, line);
          }
        });
        closeIfAnswered(model, batchIndex);
      },
    );
  const bankStatement = fc
    .record({ pick: fc.nat(), returned: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }) })
    .map(({ pick, returned }) => bankStatementCommand(pick, returned));

  const unverified = (model: Model) => model.verified.flatMap((verified, index) => (verified ? [] : [index]));
  const verifyAgainCommand = (pick: number) =>
    step(
      'verifyAgain',
      (model) => unverified(model).length > 0,
      async (model) => {
        const payee = nth(unverified(model), pick);
        await verifyBankDetails(testApp, payees[payee].organisationId, payees[payee].bankDetailsId!);
        model.verified[payee] = true;
      },
    );
  const verifyAgain = fc.nat().map(verifyAgainCommand);

  /** A run's start: nothing of ours due, every detail verified, a programme in people's hands. */
  async function setupRun(): Promise<{ model: Model; real: Real }> {
    // Details an earlier run's statement returned are verified again, then whatever earlier runs left
    // due goes into a batch of its own: nothing is due when this run starts.
    for (const payee of payees) {
      const [details]: Array<{ status: string }> = await testApp.dataSource.query('SELECT status FROM bank_details WHERE id = $1', [
        payee.bankDetailsId,
      ]);
      if (details.status !== 'verified') await verifyBankDetails(testApp, payee.organisationId, payee.bankDetailsId!);
    }
    await createBatch(operator, { cutOff: await databaseNow(testApp) });
    // And what earlier runs' undos gave back in closed programmes expires now, not in this run's steps.
    await testApp.app.get(ExpiryService).expireDue();
    const model: Model = {
      programmes: [],
      redemptions: [],
      lines: [],
      batches: [],
      week: 0,
      cutOffs: [await databaseNow(testApp)],
      weeksBuilt: [],
      verified: payees.map(() => true),
      bank: 0,
      fees: 0,
      funder: 0,
    };
    const real = { start: await balancesOf(operator) };
    // A programme in people's hands from the start, so that the first steps have cheques to use.
    await fundProgramme(model, 1000);
    await handOutBooklet(model, 0, 1);
    return { model, real };
  }

  it('keeps balances, cheques and settlement equal to the model, and the ledger check green, after every step', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Redeeming and the settlement steps are drawn more often (approve, export and the bank's answer most): each needs the one before it.
        fc.commands(
          [
            ...[fund, handOut, undo, expire, cancel, reject, verifyAgain, nextWeek],
            ...[redeemStep, redeemStep, redeemStep, build, build, weeklyBatch, weeklyBatch, pay, pay],
            ...[approve, exportStep, bankStatement].flatMap((command) => [command, command, command, command]),
          ],
          {
            // Steps not applicable when drawn are skipped: a run executes up to about 30 of the 60.
            maxCommands: 60,
            size: 'max',
          },
        ),
        async (commands) => {
          await fc.asyncModelRun(setupRun, commands);
        },
      ),
      // No shrinking: the runs share the database, so a shorter replay does not start from the same state.
      { numRuns: 25, endOnFailure: true },
    );
  });

  it('a scripted weekly story: a partly returned weekly batch, its payee carried over, verified again and re-paid later', async () => {
    const approveCommand = moveCommand('approve', 'draft', 'approved', () => reviewer);
    const exportCommand = moveCommand('export', 'approved', 'exported', () => operator);
    let model: Model | undefined;
    const setup = async (): Promise<{ model: Model; real: Real }> => {
      const started = await setupRun();
      model = started.model;
      return started;
    };
    await fc.asyncModelRun(setup, [
      // Week 0: both payees redeem; the week ends and its batch pays both.
      redeemCommand(0, 0),
      redeemCommand(1, 0),
      nextWeekCommand,
      weeklyBatchCommand,
      approveCommand,
      exportCommand,
      // The bank pays one line and returns the other (AC04): that payee is « à vérifier ».
      bankStatementCommand(0, [false, true]),
      // Week 1: both redeem again; the next week's batch pays the verified one and carries the other over.
      handOutCommand(0),
      redeemCommand(0, 0),
      redeemCommand(1, 0),
      nextWeekCommand,
      weeklyBatchCommand,
      // Verified again: a later batch pays what was returned with what came since.
      verifyAgainCommand(0),
      buildCommand,
      approveCommand,
      approveCommand,
      exportCommand,
      exportCommand,
      bankStatementCommand(0, [false, false]),
      bankStatementCommand(0, [false, false]),
    ]);
    // Every step above ran (one not applicable would have been skipped): four lines, one returned, the rest paid.
    const lines = model!.lines;
    expect(model!.batches.map((batch) => batch.status)).toEqual(['paid', 'paid', 'paid']);
    expect(lines.map((line) => line.status).sort()).toEqual(['paid', 'paid', 'paid', 'rejected']);
    const returned = lines.find((line) => line.status === 'rejected')!;
    const repaid = lines.find((line) => line.batch === 2)!;
    expect(repaid.payee).toBe(returned.payee);
    expect(repaid.redemptions).toEqual(expect.arrayContaining(returned.redemptions));
    expect(repaid.redemptions.length).toBe(returned.redemptions.length + 1);
  });
});
