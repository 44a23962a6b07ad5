/**
 * The ledger end to end: the backfill of an existing database, a programme's life booked by the
 * services (funding with fee and over-payment, cancellation before and after funding, redemptions
 * and an undo, expiry, refunds), balances and entries, settlement payments, the triggers, the check
 * (endpoint and CLI) catching a corruption, and the funder statements read back with pdftotext.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type TestAgent from 'supertest/lib/agent';
import { LedgerService } from '@app/ledger';
import { ExpiryService } from '@app/vouchers';
import { balancesOf, organisationOf } from '../helpers/ledger';
import { binaryBody, describeWithPoppler, pdfText } from '../helpers/pdf';
import { chequeCodes, createProgramme } from '../helpers/programmes';
import { redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const CHECK_CLI = join(__dirname, '../../dist/apps/api/src/cli/ledger-check.js');

describe('ledger', () => {
  let testApp: TestApp;
  let operator: TestAgent;
  let funder: TestAgent;
  let distributor: TestAgent;
  let fixture: RedemptionFixture;
  let funderId: string;
  let placeOrganisationId: string;
  let distributorId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { OPERATOR_FEE_BASIS_POINTS: '250' } });
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    funder = await loginAs(testApp, DEMO.funderManager);
    distributor = await loginAs(testApp, DEMO.distributorAgent);
    fixture = await redemptionFixture(testApp);
    funderId = await organisationOf(testApp, DEMO.funderManager);
    placeOrganisationId = await organisationOf(testApp, DEMO.placeAgent);
    distributorId = await organisationOf(testApp, DEMO.distributorAgent);
  });
  afterAll(() => testApp.close());

  const allocate = (programmeId: string, from: number, to: number) =>
    operator
      .post('/api/booklets/allocations')
      .send({ programmeId, fromNumber: from, toNumber: to, distributorOrganisationId: distributorId })
      .expect(201);

  it('backfills an existing database: after the migration, the balances are what the services had booked', async () => {
    // Data the old way would have left: the demo (redemptions, one undone), plus a past programme with a cancelled cheque and expired ones.
    const past = await createProgramme({
      funder,
      operator,
      until: 'active',
      input: { validFrom: '2024-01-01', validUntil: '2024-12-31', graceDays: 10, bookletCount: 1 },
    });
    await allocate(past.id, 1, 1);
    await distributor
      .post('/api/hand-outs')
      .send({ bookletSerial: `${past.code}-00001` })
      .expect(201);
    const [first] = await chequeCodes(testApp, past.id);
    await distributor
      .post('/api/cheques/cancellations')
      .send({ chequeCodes: [first.code], reason: 'Perdu' })
      .expect(200);
    await testApp.app.get(ExpiryService).expireDue();
    const booked = await balancesOf(operator);
    expect(booked[`programme_outstanding:${past.id}`]).toBe(0); // nothing left outstanding: 1 cancelled, 9 expired
    // Refunds are facts of a table the ledger brought (funder_refunds): a database from before it has none,
    // so the demo's refund by transfer goes with the ledger's tables and the backfill books everything else.
    const refunds: Array<{ account: string; cents: string }> = await testApp.dataSource.query(
      `SELECT CASE WHEN p.account_ref IS NULL THEN p.account_kind::text ELSE p.account_kind || ':' || p.account_ref END AS account,
              sum(p.amount_cents)::text AS cents
         FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id WHERE e.kind = 'refund_paid' GROUP BY 1`,
    );
    for (const { account, cents } of refunds) booked[account] -= Number(cents);

    // Back to the schema before the ledger, then up again: the backfill books it all from the facts.
    // (the migrations after it are undone first, and run again with it)
    const names = testApp.dataSource.migrations.map((migration) => migration.name!);
    const ledgerAt = names.findIndex((name) => name.startsWith('Ledger'));
    expect(ledgerAt).toBeGreaterThan(0);
    for (let undo = names.length - ledgerAt; undo > 0; undo--) await testApp.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await testApp.dataSource.query("SELECT to_regclass('ledger_postings') AS t")).toEqual([{ t: null }]);
    await testApp.dataSource.runMigrations({ transaction: 'each' });

    expect(await balancesOf(operator)).toEqual(booked);
    const check = await operator.get('/api/ledger/check').expect(200);
    expect(check.body).toMatchObject({ ok: true });
    expect(check.body.invariants.map((result: { invariant: string }) => result.invariant)).toEqual([
      'postings_sum_to_zero',
      'entries_balanced',
      'programme_outstanding',
      'place_payable',
      'funder_not_in_debit',
      'redeemed_cheques_booked',
      'redemptions_settled_at_most_once',
      'settlement_lines_match_redemptions',
      'settlement_lines_booked',
      'held_redemptions_unpaid',
      'coverage_liabilities',
    ]);
  });

  describe('a programme from funding to its credit note', () => {
    let programme: { id: string; code: string; order: { totalDueCents: number } };
    let beforeFunding: Date;

    it('books the funding: bank, outstanding for every cheque, fee, over-payment and cheques cancelled before it', async () => {
      programme = await createProgramme({ funder, operator, until: 'ordered', input: { eligibleServices: [], bookletCount: 3 } });
      expect(programme.order.totalDueCents).toBe(30_750); // 30 × 10 € + 2.5 %
      await operator.post(`/api/booklets/${programme.code}-00003/cancel`).send({ reason: 'Carton volé' }).expect(200);
      await operator.get(`/api/programmes/${programme.id}/statements/order.pdf`).expect(409, {
        code: 'conflict',
        message: 'This statement is not available: the programme is not funded yet',
        details: { code: 'order_statement_not_available', reason: 'the programme is not funded yet', availableFrom: null },
      });
      beforeFunding = new Date();
      await operator
        .post(`/api/programmes/${programme.id}/funding`)
        .send({ amountCents: 31_000, receivedOn: '2026-11-20', reference: 'VIR-2026-11-777' })
        .expect(200);

      const accounts = await funder.get(`/api/programmes/${programme.id}/accounts`).expect(200);
      expect(accounts.body).toMatchObject({
        faceValueCents: 30_000,
        receivedCents: 31_000,
        feeCents: 750,
        cancelledCents: 10_000,
        outstandingCents: 20_000,
        refundableCents: 10_250, // the cancelled booklet and the over-payment
        refundedCents: 0,
        orderStatementAvailable: true,
        closingStatementAvailable: false,
        closingAvailableFrom: '2028-02-01',
        refunds: [],
      });
      const now = await balancesOf(operator);
      expect(now[`programme_outstanding:${programme.id}`]).toBe(-20_000);
      expect((await balancesOf(operator, beforeFunding))[`programme_outstanding:${programme.id}`]).toBeUndefined();
    });

    it('books redemptions as payable to the place organisation, an undo as the exact reverse', async () => {
      await operator.post(`/api/programmes/${programme.id}/activate`).expect(200);
      await allocate(programme.id, 1, 1);
      await distributor
        .post('/api/hand-outs')
        .send({ bookletSerial: `${programme.code}-00001` })
        .expect(201);
      const codes = (await chequeCodes(testApp, programme.id)).filter((cheque) => cheque.bookletNumber === 1).map((c) => c.code);
      const before = await balancesOf(operator);
      const kept = await redeem(fixture.placeAgent, [codes[0]], fixture.workshopId).expect(201);
      const undone = await redeem(fixture.placeAgent, [codes[1]], fixture.workshopId).expect(201);
      await fixture.placeAgent.post(`/api/redemptions/${undone.body.id}/undo`).send({ reason: 'Mauvais service' }).expect(200);
      const after = await balancesOf(operator);
      expect(after[`place_payable:${placeOrganisationId}`] - before[`place_payable:${placeOrganisationId}`]).toBe(-1000);
      expect(after[`programme_outstanding:${programme.id}`]).toBe(-19_000);

      const entries = await operator
        .get('/api/ledger/entries')
        .query({ account: `programme_outstanding:${programme.id}`, pageSize: 2 })
        .expect(200);
      expect(entries.body).toMatchObject({ page: 1, pageSize: 2, total: 5, totalPages: 3 });
      expect(entries.body.items).toEqual([
        expect.objectContaining({ kind: 'redemption_undone', source: undone.body.id, amountCents: -1000, memo: 'Mauvais service' }),
        expect.objectContaining({ kind: 'redemption', source: undone.body.id, amountCents: 1000 }),
      ]);
      const older = await operator
        .get('/api/ledger/entries')
        .query({ account: `programme_outstanding:${programme.id}`, pageSize: 2, page: 3 })
        .expect(200);
      expect(older.body.items).toEqual([
        expect.objectContaining({ kind: 'programme_funded', amountCents: -30_000, memo: 'VIR-2026-11-777' }),
      ]);
      expect(kept.body.id).toBeDefined();
    });

    it('shows each caller the balances it may see', async () => {
      const mine = await funder.get('/api/ledger/balances').expect(200);
      const kinds = new Set(mine.body.accounts.map((account: { kind: string }) => account.kind));
      expect([...kinds].sort()).toEqual(['funder', 'programme_outstanding']);
      expect(mine.body.accounts).toEqual(
        expect.arrayContaining([
          // What the demo and this test released to the funder: the reissued booklet's 10 cancelled cheques (100 €) and the
          // demo's 200 € refund by transfer (gone with the ledger's tables in the backfill above) included.
          expect.objectContaining({ account: `funder:${funderId}`, name: 'Département de la Gironde (démo)', balanceCents: -100_250 }),
          expect.objectContaining({ account: `programme_outstanding:${programme.id}`, balanceCents: -19_000 }),
        ]),
      );
      const everything = await balancesOf(operator);
      expect(Object.values(everything).reduce((sum, cents) => sum + cents, 0)).toBe(0);
      expect(everything.operator_fees).toBeLessThanOrEqual(-750);
      await fixture.placeAgent.get('/api/ledger/balances').expect(403);
      await funder.get('/api/ledger/entries').query({ account: 'bank' }).expect(403);
      await funder.get('/api/ledger/check').expect(403);
      const bad = await operator.get('/api/ledger/entries').query({ account: 'funder:not-a-uuid' }).expect(400);
      expect(bad.body.details).toEqual([{ field: 'account', problems: [expect.stringContaining('must be "bank"')] }]);
      const badDate = await operator.get('/api/ledger/balances').query({ at: 'yesterday' }).expect(400);
      expect(badDate.body.details).toEqual([{ field: 'at', problems: ['must be an ISO 8601 date or instant'] }]);
      // Instants PostgreSQL cannot hold, and pages it cannot offset by, are 400s too (issue 18).
      const farDate = await operator.get('/api/ledger/balances').query({ at: '-271821-04-20' }).expect(400);
      expect(farDate.body.details).toEqual([{ field: 'at', problems: ['must be a real date or instant from 1900-01-01 to 2200-12-31'] }]);
      const farPage = await operator.get('/api/ledger/entries').query({ account: 'bank', page: '1e+308' }).expect(400);
      expect(farPage.body.details).toEqual([{ field: 'page', problems: ['must not be greater than 1000000'] }]);
    });

    it('records refunds once per Idempotency-Key, never beyond what is refundable, audited', async () => {
      const url = `/api/programmes/${programme.id}/refunds`;
      const body = { amountCents: 5_000, paidOn: '2026-11-21', bankReference: 'VIR-REMB-1' };
      const missing = await operator.post(url).send(body).expect(400);
      expect(missing.body.details[0].field).toBe('Idempotency-Key');
      const tooMuch = await operator
        .post(url)
        .set('Idempotency-Key', 'refund-too-much')
        .send({ ...body, amountCents: 10_251 })
        .expect(409);
      expect(tooMuch.body.details).toMatchObject({ code: 'refund_exceeds_refundable', refundableCents: 10_250 });
      const future = await operator
        .post(url)
        .set('Idempotency-Key', 'refund-future')
        .send({ ...body, paidOn: '2199-01-01' })
        .expect(400);
      expect(future.body.details).toEqual([{ field: 'paidOn', problems: ['must be a valid date, today or before'] }]);
      const invalid = await operator.post(url).set('Idempotency-Key', 'refund-bad').send({ amountCents: 1.5, paidOn: 'hier' }).expect(400);
      expect(invalid.body.details.map((problem: { field: string }) => problem.field).sort()).toEqual([
        'amountCents',
        'bankReference',
        'paidOn',
      ]);
      await funder.post(url).set('Idempotency-Key', 'refund-funder').send(body).expect(403);

      const paid = await operator.post(url).set('Idempotency-Key', 'refund-1').send(body).expect(201);
      expect(paid.body).toMatchObject({ programmeId: programme.id, amountCents: 5_000, paidOn: '2026-11-21', bankReference: 'VIR-REMB-1' });
      const replay = await operator.post(url).set('Idempotency-Key', 'refund-1').send(body).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(paid.body);
      await operator
        .post(url)
        .set('Idempotency-Key', 'refund-1')
        .send({ ...body, amountCents: 4_000 })
        .expect(422);

      const accounts = await funder.get(`/api/programmes/${programme.id}/accounts`).expect(200);
      expect(accounts.body).toMatchObject({ refundableCents: 5_250, refundedCents: 5_000, refunds: [paid.body] });
      const audit = await operator.get('/api/audit-events').query({ action: 'programme.refund_paid', objectId: programme.id }).expect(200);
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          changes: { refundId: paid.body.id, amountCents: 5_000, paidOn: '2026-11-21', bankReference: 'VIR-REMB-1' },
        }),
      ]);
    });

    describeWithPoppler('statements', () => {
      it('gives the order statement once funded', async () => {
        const response = await funder
          .get(`/api/programmes/${programme.id}/statements/order.pdf`)
          .buffer(true)
          .parse(binaryBody)
          .expect(200)
          .expect('content-type', 'application/pdf');
        expect(response.headers['content-disposition']).toBe(`attachment; filename="releve-commande-${programme.code}.pdf"`);
        const text = pdfText(response.body);
        for (const line of [
          /Relevé de commande/,
          /Financeur : Département de la Gironde \(démo\)/,
          /Nombre de chèques\s+30/,
          /Valeur faciale totale\s+300,00 €/,
          /Frais de l’opérateur \(2,5 %\)\s+7,50 €/,
          /Total dû\s+307,50 €/,
          /Montant reçu\s+310,00 €/,
          /Date de réception\s+20 novembre 2026/,
          /Référence du virement\s+VIR-2026-11-777/,
          /trop-perçu de 2,50 €/,
        ])
          expect(text).toMatch(line);
      });

      it('gives the closing statement after the last day and grace, once the cheques have expired', async () => {
        const early = await funder.get(`/api/programmes/${programme.id}/statements/closing.pdf`).expect(409);
        expect(early.body.details).toEqual({
          code: 'closing_statement_not_available',
          reason: 'places may redeem its cheques until 2028-01-31',
          availableFrom: '2028-02-01',
        });
        // Its validity moved into the past: places can no longer redeem, the expiry job closes it.
        await testApp.dataSource.query(
          "UPDATE programmes SET valid_from = '2024-01-01', valid_until = '2024-12-31', grace_days = 10 WHERE id = $1",
          [programme.id],
        );
        const waiting = await funder.get(`/api/programmes/${programme.id}/statements/closing.pdf`).expect(409);
        expect(waiting.body.details.reason).toMatch(/have not expired yet/);
        await testApp.app.get(ExpiryService).expireDue();

        const response = await funder
          .get(`/api/programmes/${programme.id}/statements/closing.pdf`)
          .buffer(true)
          .parse(binaryBody)
          .expect(200);
        const text = pdfText(response.body);
        for (const line of [
          /Relevé de clôture/,
          /Chèques émis\s+30\s+300,00 €/,
          /Utilisés dans les lieux\s+1\s+10,00 €/,
          /Expirés\s+19\s+190,00 €/,
          /Annulés \(perte, vol\)\s+10\s+100,00 €/,
          /Avoir total \(chèques expirés, annulés et trop-perçu\)\s+292,50 €/,
          /Remboursements déjà effectués\s+50,00 €/,
          /Reste à rembourser\s+242,50 €/,
          /21 novembre 2026 — VIR-REMB-1\s+50,00 €/,
        ])
          expect(text).toMatch(line);
        const accounts = await funder.get(`/api/programmes/${programme.id}/accounts`).expect(200);
        expect(accounts.body).toMatchObject({
          closingStatementAvailable: true,
          outstandingCents: 0,
          expiredCents: 19_000,
          refundableCents: 24_250,
        });
      });

      it('expires at the next run a cheque whose redemption is undone after the programme closed, for the funder', async () => {
        const [{ id }]: Array<{ id: string }> = await testApp.dataSource.query(
          `SELECT r.id FROM redemptions r JOIN redemption_cheques rc ON rc.redemption_id = r.id
            WHERE rc.programme_id = $1 AND r.undone_at IS NULL`,
          [programme.id],
        );
        await operator.post(`/api/redemptions/${id}/undo`).send({ reason: 'Chèque scanné par erreur' }).expect(200);
        const undone = await funder.get(`/api/programmes/${programme.id}/accounts`).expect(200);
        expect(undone.body).toMatchObject({ outstandingCents: 1_000, closingStatementAvailable: false });

        await testApp.app.get(ExpiryService).expireDue();
        const expired = await funder.get(`/api/programmes/${programme.id}/accounts`).expect(200);
        expect(expired.body).toMatchObject({
          closingStatementAvailable: true,
          outstandingCents: 0,
          expiredCents: 20_000,
          refundableCents: 25_250,
        });
        const [{ status }]: Array<{ status: string }> = await testApp.dataSource.query(
          'SELECT c.status FROM cheques c JOIN redemption_cheques rc ON rc.cheque_id = c.id WHERE rc.redemption_id = $1',
          [id],
        );
        expect(status).toBe('expired');
      });
    });
  });

  it('books settlement payments (payable → bank) and bank rejections, once per line', async () => {
    const ledger = testApp.app.get(LedgerService);
    const payment = { lineId: 'line-e2e-1', payeeOrganisationId: placeOrganisationId, amountCents: 1_000, paidAt: new Date() };
    const before = await balancesOf(operator);
    const paid = await testApp.dataSource.transaction((manager) => ledger.recordSettlementPaid(manager, payment));
    const again = await testApp.dataSource.transaction((manager) => ledger.recordSettlementPaid(manager, payment));
    expect([paid, again]).toEqual([1, 0]);
    const afterPaid = await balancesOf(operator);
    expect(afterPaid.bank - before.bank).toBe(-1_000);
    expect(afterPaid[`place_payable:${placeOrganisationId}`] - before[`place_payable:${placeOrganisationId}`]).toBe(1_000);
    expect(await testApp.dataSource.transaction((manager) => ledger.recordSettlementRejected(manager, payment))).toBe(1);
    expect(await balancesOf(operator)).toEqual(before);
    const entries: Array<{ kind: string }> = await testApp.dataSource.query(
      "SELECT kind FROM ledger_entries WHERE source = 'line-e2e-1' ORDER BY id",
    );
    expect(entries.map((entry) => entry.kind)).toEqual(['settlement_paid', 'settlement_rejected']);
  });

  it('refuses to change or delete postings and entries, and an entry that does not balance', async () => {
    await expect(testApp.dataSource.query('UPDATE ledger_postings SET amount_cents = amount_cents + 1')).rejects.toThrow(
      'ledger_postings is append-only: UPDATE refused',
    );
    await expect(testApp.dataSource.query('DELETE FROM ledger_entries')).rejects.toThrow('ledger_entries is append-only: DELETE refused');
    await expect(testApp.dataSource.query('TRUNCATE ledger_postings, ledger_entries')).rejects.toThrow('append-only: TRUNCATE refused');
    await expect(
      testApp.dataSource.query(
        `WITH e AS (INSERT INTO ledger_entries (kind, source, occurred_at) VALUES ('refund_paid', 'forged', now()) RETURNING id)
         INSERT INTO ledger_postings (entry_id, account_kind, amount_cents) SELECT id, 'bank', 500 FROM e`,
      ),
    ).rejects.toThrow(/ledger entry \d+ does not balance: its postings sum to 500 cents/);
  });

  it('names what is wrong when the facts and the ledger disagree (endpoint and CLI)', async () => {
    const [cheque]: Array<{ id: string; programme_id: string }> = await testApp.dataSource.query(
      "SELECT id, programme_id FROM cheques WHERE programme_id = $1 AND status = 'distributed' ORDER BY id LIMIT 1",
      [fixture.programmeId],
    );
    // A cheque cancelled behind the services' back: no entry releases its value.
    await testApp.dataSource.query("UPDATE cheques SET status = 'cancelled' WHERE id = $1", [cheque.id]);
    try {
      const check = await operator.get('/api/ledger/check').expect(200);
      expect(check.body.ok).toBe(false);
      const failed = check.body.invariants.filter((result: { ok: boolean }) => !result.ok);
      expect(failed).toEqual([
        expect.objectContaining({
          invariant: 'programme_outstanding',
          offenderCount: 1,
          offenders: [{ programme_id: cheque.programme_id, expected_cents: expect.any(String), booked_cents: expect.any(String) }],
        }),
      ]);
      const { expected_cents, booked_cents } = failed[0].offenders[0];
      expect(Number(booked_cents) - Number(expected_cents)).toBe(1_000);
      if (existsSync(CHECK_CLI)) {
        const cli = runCheckCli(testApp.databaseUrl);
        expect(cli.status).toBe(1);
        expect(cli.stderr).toContain('FAIL programme_outstanding');
        expect(cli.stderr).toContain(cheque.programme_id);
      }
    } finally {
      await testApp.dataSource.query("UPDATE cheques SET status = 'distributed' WHERE id = $1", [cheque.id]);
    }
    expect((await operator.get('/api/ledger/check').expect(200)).body.ok).toBe(true);
    if (existsSync(CHECK_CLI)) {
      const cli = runCheckCli(testApp.databaseUrl);
      expect(cli.stdout).toContain('ledger check: OK');
      expect(cli.status).toBe(0);
    }
  });
});

function runCheckCli(databaseUrl: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CHECK_CLI], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
