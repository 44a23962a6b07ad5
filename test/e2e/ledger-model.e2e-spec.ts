/**
 * The ledger against a model, on the real application and PostgreSQL. fast-check draws sequences of
 * fund / hand out / redeem / undo / expire / build a batch / approve / export / cancel / pay /
 * bank-reject; each step goes through the HTTP API as the people would do it (the expiry job through
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
import { balancesOf, organisationOf } from '../helpers/ledger';
import { chequeCodes, createProgramme } from '../helpers/programmes';
import { redeem } from '../helpers/redemption';
import { createBatch, createPayee, databaseNow, type Payee, todayInParis } from '../helpers/settlement';
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
  const handOut = fc.nat().map((pick) =>
    step(
      'handOut',
      (model) => bookletsToHandOut(model).length > 0,
      async (model) => {
        const { p, booklet } = nth(bookletsToHandOut(model), pick);
        await handOutBooklet(model, p, booklet);
      },
    ),
  );

  const usableCheques = (model: Model) =>
    model.programmes.flatMap((programme, p) =>
      programme.closed ? [] : programme.cheques.flatMap((cheque, c) => (cheque.status === 'distributed' ? [{ p, c }] : [])),
    );
  const redeemStep = fc.record({ payee: fc.nat(1), pick: fc.nat() }).map(({ payee, pick }) =>
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
        });
      },
    ),
  );

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

  const build = fc.constant(
    step(
      'buildBatch',
      // Only when something is due to our payees (the demo's payees without verified bank details are
      // carried over by every batch, which would otherwise be built without a line of ours).
      (model) => payees.some((_payee, index) => dueOf(model, index).length > 0),
      async (model) => {
        const due = payees.map((_payee, index) => dueOf(model, index));
        const response = await createBatch(operator, { cutOff: await databaseNow(testApp) });
        expect(response.status).toBe(201);
        const batch = (await operator.get(`/api/settlement/batches/${response.body.id}`).expect(200)).body as {
          lines: Array<{ id: string; organisationId: string }>;
          carryOvers: Array<{ organisationId: string }>;
        };
        const ours = new Set(payees.map((payee) => payee.organisationId));
        expect(batch.carryOvers.filter((carry) => ours.has(carry.organisationId))).toEqual([]);
        const batchIndex = model.batches.push({ id: response.body.id, status: 'draft' }) - 1;
        expect(batch.lines.map((line) => line.organisationId).sort()).toEqual(
          payees.flatMap((payee, index) => (due[index].length > 0 ? [payee.organisationId] : [])).sort(),
        );
        for (const line of batch.lines) {
          const payee = payees.findIndex((candidate) => candidate.organisationId === line.organisationId);
          model.lines.push({ id: line.id, batch: batchIndex, payee, status: 'pending', redemptions: due[payee] });
        }
      },
    ),
  );

  const batchesIn = (model: Model, statuses: BatchStatus[]) =>
    model.batches.flatMap((batch, index) => (statuses.includes(batch.status) ? [index] : []));
  /** Four eyes: the reviewer approves a draft, the admin exports an approved batch. */
  const moveBatch = (action: 'approve' | 'export', from: BatchStatus, to: BatchStatus, agent: () => TestAgent) =>
    fc.nat().map((pick) =>
      step(
        action,
        (model) => batchesIn(model, [from]).length > 0,
        async (model) => {
          const batch = model.batches[nth(batchesIn(model, [from]), pick)];
          await agent().post(`/api/settlement/batches/${batch.id}/${action}`).expect(200);
          batch.status = to;
        },
      ),
    );
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

  it('keeps balances, cheques and settlement equal to the model, and the ledger check green, after every step', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Redeeming and the settlement steps are drawn more often: each needs the one before it.
        fc.commands(
          [
            ...[fund, handOut, undo, expire, cancel],
            ...[redeemStep, build, approve, exportStep, reject].flatMap((command) => [command, command, command]),
            ...[pay, pay, pay, pay],
          ],
          {
            // Steps not applicable when drawn are skipped: a run executes up to about 20 of the 40.
            maxCommands: 40,
            size: 'max',
          },
        ),
        async (commands) => {
          const setup = async (): Promise<{ model: Model; real: Real }> => {
            // Whatever earlier runs left due goes into a batch of its own: nothing is due when this run starts.
            await createBatch(operator, { cutOff: await databaseNow(testApp) });
            // And what earlier runs' undos gave back in closed programmes expires now, not in this run's steps.
            await testApp.app.get(ExpiryService).expireDue();
            const model: Model = { programmes: [], redemptions: [], lines: [], batches: [], bank: 0, fees: 0, funder: 0 };
            const real = { start: await balancesOf(operator) };
            // A programme in people's hands from the start, so that the first steps have cheques to use.
            await fundProgramme(model, 1000);
            await handOutBooklet(model, 0, 1);
            return { model, real };
          };
          await fc.asyncModelRun(setup, commands);
        },
      ),
      // No shrinking: the runs share the database, so a shorter replay does not start from the same state.
      { numRuns: 25, endOnFailure: true },
    );
  });
});
