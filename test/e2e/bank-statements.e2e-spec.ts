/**
 * Bank files in, reconciliation automatic, over HTTP on a real PostgreSQL: camt.053 and camt.054
 * generated valid against their official XSDs (xmllint) and pain.002, imported by the operator and by
 * an integrator's token. Paid lines are booked at the bank's date; a rejection (AC04) flips its line,
 * sends the place's bank details back to « à vérifier » and notifies it; the amount is paid again in
 * the batch after the details are verified again; unmatched entries wait for a person; the same file
 * twice changes nothing. The ledger check runs after this file (test/helpers/check-ledger-after-file.ts).
 */
import type TestAgent from 'supertest/lib/agent';
import { addDays, startOfDayIn } from '@app/domain';
import { importBankFile, pain002, validCamt053, validCamt054 } from '../helpers/bank-files';
import { handedOutProgramme, redeem } from '../helpers/redemption';
import {
  approveAndExport,
  createBatch,
  createPayee,
  databaseNow,
  type Payee,
  todayInParis,
  verifyBankDetails,
} from '../helpers/settlement';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('bank statements', () => {
  let testApp: TestApp;
  let operator: TestAgent;
  let codes: string[];

  beforeAll(async () => {
    testApp = await startTestApp();
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    codes = [...(await handedOutProgramme(testApp, { eligibleServices: [] })).codes];
  });
  afterAll(async () => {
    await testApp?.close();
  });

  async function redeemAt(payee: Payee, count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      const code = codes.shift();
      if (!code) throw new Error('no cheque left');
      await redeem(payee.agent, [code], payee.serviceId).expect(201);
    }
  }

  interface Line {
    id: string;
    organisationId: string;
    reference: string;
    amountCents: number;
    status: string;
    paidOn: string | null;
    rejectionReason: string | null;
    cutOff: string;
    bankReference: string | null;
    rejectedAt: string | null;
  }

  /** A batch of everything payable now, approved and exported `daysAgo` days ago (so the bank may have booked it since). */
  async function exportedBatch(daysAgo: number): Promise<{ id: string; reference: string; lines: Line[] }> {
    const created = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    await approveAndExport(testApp, operator, created.id);
    await testApp.dataSource.query(`UPDATE settlement_batches SET exported_at = exported_at - make_interval(days => $2) WHERE id = $1`, [
      created.id,
      daysAgo,
    ]);
    return (await operator.get(`/api/settlement/batches/${created.id}`).expect(200)).body;
  }

  function lineOf(batch: { lines: Line[] }, payee: Payee): Line {
    const line = batch.lines.find((candidate) => candidate.organisationId === payee.organisationId);
    if (!line) throw new Error('no line for this payee');
    return line;
  }

  async function lineNow(batchId: string, payee: Payee): Promise<Line> {
    return lineOf((await operator.get(`/api/settlement/batches/${batchId}`).expect(200)).body, payee);
  }

  async function bankDetailsStatus(payee: Payee): Promise<string> {
    const [row]: Array<{ status: string }> = await testApp.dataSource.query(
      'SELECT status FROM bank_details WHERE organisation_id = $1 AND superseded_at IS NULL',
      [payee.organisationId],
    );
    return row.status;
  }

  /** Everything an import could change, to compare before and after a second import. */
  async function snapshot(): Promise<unknown> {
    return testApp.dataSource.query(
      `SELECT (SELECT count(*) FROM ledger_entries)::int AS ledger, (SELECT count(*) FROM audit_events)::int AS audit,
              (SELECT count(*) FROM bank_statement_entries)::int AS entries, (SELECT count(*) FROM outbox_messages)::int AS mails,
              (SELECT string_agg(id::text || status::text, ',' ORDER BY id) FROM settlement_lines) AS lines,
              (SELECT string_agg(id::text || status::text, ',' ORDER BY id) FROM bank_details) AS details`,
    );
  }

  const today = todayInParis();
  const twoDaysAgo = addDays(today, -2);

  it('seeds a demo: weekly statements book the médiathèque’s transfers, one returned (AC04), its RIB verified again, re-paid; two entries to look at', async () => {
    const place = await loginAs(testApp, DEMO.placeAgent);
    const lines = (await place.get('/api/settlement/lines').expect(200)).body as Line[];
    const rejected = lines.find((line) => line.status === 'rejected');
    expect(rejected?.rejectionReason).toMatch(/^AC04 — Compte clôturé\./);
    // Re-paid with the next week's redemptions, in a later batch, booked by that week's statement.
    const repaid = lines.find((line) => line.status === 'paid' && line.cutOff > rejected!.cutOff);
    expect(repaid?.amountCents).toBeGreaterThan(rejected!.amountCents);
    expect(repaid?.bankReference).toMatch(/^BQ-/);
    const files = (await operator.get('/api/bank-statements').expect(200)).body as Array<{ applied: number; unmatched: number }>;
    // The médiathèque's statements, and the notification of the Département's refund (demo-funder-refunds.ts).
    expect(files.map((file) => [file.applied, file.unmatched]).sort()).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 2],
    ]);
    const unmatched = (await operator.get('/api/bank-statements/unmatched').expect(200)).body as Array<{ information: string }>;
    expect(unmatched.map((entry) => entry.information).sort()).toEqual([
      'Frais de tenue de compte',
      'VIR DEPARTEMENT DE LA GIRONDE ABONDEMENT PASS NUMERIQUE',
    ]);
  });

  it('pain.002 then camt.054: a rejected line (AC04) flips with its details, the paid one is booked at the bank’s date', async () => {
    const paid = await createPayee(testApp);
    const rejected = await createPayee(testApp);
    await redeemAt(paid, 2);
    await redeemAt(rejected, 1);
    const batch = await exportedBatch(3);
    const paidLine = lineOf(batch, paid);
    const rejectedLine = lineOf(batch, rejected);

    const report = pain002({
      messageId: `PSR-${batch.reference}`,
      originalMessageId: batch.reference,
      transactions: [
        { endToEndId: rejectedLine.reference, amountCents: rejectedLine.amountCents, status: 'RJCT', reasonCode: 'AC04' },
        { endToEndId: paidLine.reference, amountCents: paidLine.amountCents, status: 'ACCP' },
      ],
    });
    const first = await importBankFile(operator, report, 'pain002.xml').expect(200);
    expect(first.body).toMatchObject({
      kind: 'pain.002',
      entryCount: 1,
      ignoredCount: 1,
      applied: 1,
      unmatched: 0,
      alreadyImported: false,
    });
    expect(await lineNow(batch.id, rejected)).toMatchObject({
      status: 'rejected',
      rejectionReason: expect.stringMatching(/^AC04 — Compte clôturé\. La structure doit vérifier son RIB/),
    });
    expect(await lineNow(batch.id, paid)).toMatchObject({ status: 'pending' });
    expect(await bankDetailsStatus(rejected)).toBe('submitted');
    expect(await bankDetailsStatus(paid)).toBe('verified');
    const notified: Array<{ kind: string }> = await testApp.dataSource.query(
      `SELECT m.kind FROM outbox_messages m JOIN users u ON u.email = m.recipient WHERE u.organisation_id = $1 AND m.kind = 'transfer_rejected'`,
      [rejected.organisationId],
    );
    expect(notified.length).toBeGreaterThan(0);

    const notification = validCamt054({
      messageId: `NTF-${batch.reference}`,
      answers: [
        {
          endToEndId: paidLine.reference,
          amountCents: paidLine.amountCents,
          outcome: 'paid',
          bookingDate: twoDaysAgo,
          bankReference: `BQ-${paidLine.reference}`,
        },
        {
          endToEndId: null,
          amountCents: 1250,
          outcome: 'paid',
          bookingDate: twoDaysAgo,
          bankReference: `FRAIS-${batch.reference}`,
          information: 'Frais de tenue de compte',
        },
      ],
    });
    const second = await importBankFile(operator, notification, 'camt054.xml').expect(200);
    expect(second.body).toMatchObject({ kind: 'camt.054', entryCount: 2, applied: 1, unmatched: 1 });
    expect(await lineNow(batch.id, paid)).toMatchObject({ status: 'paid', paidOn: twoDaysAgo });
    const [booked]: Array<{ occurred_at: Date }> = await testApp.dataSource.query(
      "SELECT occurred_at FROM ledger_entries WHERE kind = 'settlement_paid' AND source = $1",
      [paidLine.id],
    );
    expect(booked.occurred_at.toISOString()).toBe(startOfDayIn(twoDaysAgo).toISOString());

    const unmatched = (await operator.get('/api/bank-statements/unmatched').expect(200)).body;
    expect(unmatched).toContainEqual(
      expect.objectContaining({
        amountCents: 1250,
        bookingDate: twoDaysAgo,
        bankReference: `FRAIS-${batch.reference}`,
        endToEndId: null,
        information: 'Frais de tenue de compte',
        problem: expect.stringMatching(/^Aucune référence de bout en bout/),
        status: 'unmatched',
      }),
    );

    // The same file again, and the same notification in the day's statement: nothing changes.
    const before = await snapshot();
    expect((await importBankFile(operator, notification).expect(200)).body).toMatchObject({ id: second.body.id, alreadyImported: true });
    expect((await importBankFile(operator, report).expect(200)).body).toMatchObject({ id: first.body.id, alreadyImported: true });
    expect(await snapshot()).toEqual(before);
  });

  it('camt.053: paid then returned (AC04) flips that line only; re-paid in the next batch once the details are verified again; same file twice changes nothing', async () => {
    const kept = await createPayee(testApp);
    const returned = await createPayee(testApp);
    await redeemAt(kept, 1);
    await redeemAt(returned, 3);
    const batch = await exportedBatch(4);
    const keptLine = lineOf(batch, kept);
    const returnedLine = lineOf(batch, returned);
    const threeDaysAgo = addDays(today, -3);

    const statement = validCamt053({
      messageId: `STMT-${batch.reference}`,
      answers: [
        {
          endToEndId: keptLine.reference,
          amountCents: keptLine.amountCents,
          outcome: 'paid',
          bookingDate: threeDaysAgo,
          bankReference: `BQ-${keptLine.reference}`,
        },
        {
          endToEndId: returnedLine.reference,
          amountCents: returnedLine.amountCents,
          outcome: 'paid',
          bookingDate: threeDaysAgo,
          bankReference: `BQ-${returnedLine.reference}`,
        },
        {
          endToEndId: returnedLine.reference,
          amountCents: returnedLine.amountCents,
          outcome: 'returned',
          bookingDate: twoDaysAgo,
          bankReference: `RET-${returnedLine.reference}`,
          reasonCode: 'AC04',
        },
        { endToEndId: 'VIR-INCONNU-77', amountCents: 4200, outcome: 'returned', bookingDate: twoDaysAgo, bankReference: 'RET-INCONNU-77' },
        // A return dated before the transfer was even sent cannot be booked: a person looks at it.
        {
          endToEndId: keptLine.reference,
          amountCents: keptLine.amountCents,
          outcome: 'returned',
          bookingDate: addDays(threeDaysAgo, -2),
          bankReference: 'RET-AVANT-ENVOI',
          reasonCode: 'AM04',
        },
        // Another amount under a known reference is never booked: a person looks at it.
        {
          endToEndId: keptLine.reference,
          amountCents: keptLine.amountCents + 1,
          outcome: 'paid',
          bookingDate: twoDaysAgo,
          bankReference: 'BQ-ECART',
        },
      ],
    });
    const imported = await importBankFile(operator, statement, 'camt053.xml').expect(200);
    expect(imported.body).toMatchObject({ kind: 'camt.053', entryCount: 6, applied: 3, unmatched: 3, alreadyImported: false });
    const early = (await operator.get('/api/bank-statements/unmatched').expect(200)).body.find(
      (entry: { bankReference: string }) => entry.bankReference === 'RET-AVANT-ENVOI',
    );
    expect(early.problem).toMatch(/^La plateforme refuse cette réponse de la banque/);
    expect(await lineNow(batch.id, kept)).toMatchObject({ status: 'paid', paidOn: threeDaysAgo });
    expect(await lineNow(batch.id, returned)).toMatchObject({ status: 'rejected', rejectionReason: expect.stringMatching(/^AC04 — /) });
    expect(await bankDetailsStatus(returned)).toBe('submitted');
    expect(await bankDetailsStatus(kept)).toBe('verified');
    // The payment and its return are each booked at the bank's own date, not at the import.
    const kinds: Array<{ kind: string; occurred_at: Date }> = await testApp.dataSource.query(
      "SELECT kind, occurred_at FROM ledger_entries WHERE source = $1 AND kind IN ('settlement_paid', 'settlement_rejected') ORDER BY id",
      [returnedLine.id],
    );
    expect(kinds.map((row) => [row.kind, row.occurred_at.toISOString()])).toEqual([
      ['settlement_paid', startOfDayIn(threeDaysAgo).toISOString()],
      ['settlement_rejected', startOfDayIn(twoDaysAgo).toISOString()],
    ]);
    expect((await lineNow(batch.id, returned)).rejectedAt).toBe(startOfDayIn(twoDaysAgo).toISOString());
    expect((await operator.get('/api/ledger/check').expect(200)).body.ok).toBe(true);

    const before = await snapshot();
    expect((await importBankFile(operator, statement).expect(200)).body).toMatchObject({ id: imported.body.id, alreadyImported: true });
    expect(await snapshot()).toEqual(before);

    // Not paid again while the details wait for verification: carried over.
    const waiting = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body;
    const waitingView = (await operator.get(`/api/settlement/batches/${waiting.id}`).expect(200)).body;
    expect(waitingView.lines.some((line: Line) => line.organisationId === returned.organisationId)).toBe(false);
    expect(waitingView.carryOvers).toContainEqual(
      expect.objectContaining({
        organisationId: returned.organisationId,
        reason: 'bank_details_unverified',
        amountCents: returnedLine.amountCents,
      }),
    );
    await operator
      .post(`/api/settlement/batches/${waiting.id}/cancel`)
      .set('Idempotency-Key', `cancel-${waiting.id}`)
      .send({ reason: 'RIB à revérifier' })
      .expect(200);

    // Verified again: the next batch pays it.
    await verifyBankDetails(testApp, returned.organisationId, returned.bankDetailsId as string);
    const next = await exportedBatch(1);
    const repaid = lineOf(next, returned);
    expect(repaid).toMatchObject({ amountCents: returnedLine.amountCents, status: 'pending' });
    const repayment = validCamt053({
      messageId: `STMT-${next.reference}`,
      answers: [
        {
          endToEndId: repaid.reference,
          amountCents: repaid.amountCents,
          outcome: 'paid',
          bookingDate: today,
          bankReference: `BQ-${repaid.reference}`,
        },
      ],
    });
    expect((await importBankFile(operator, repayment).expect(200)).body).toMatchObject({ applied: 1, unmatched: 0 });
    expect(await lineNow(next.id, returned)).toMatchObject({ status: 'paid', paidOn: today });
  });

  it('two imports of one unfinished file at once: one applies each entry, the other passes it by; nothing is marked unmatched', async () => {
    const payee = await createPayee(testApp);
    await redeemAt(payee, 1);
    const batch = await exportedBatch(2);
    const line = lineOf(batch, payee);
    const statement = validCamt053({
      messageId: `RACE-${batch.reference}`,
      answers: [
        { endToEndId: line.reference, amountCents: line.amountCents, outcome: 'paid', bookingDate: twoDaysAgo, bankReference: `BQ-RACE` },
      ],
    });
    // The batch held by another transaction: the first import to reach the entry waits inside markLine.
    const holder = testApp.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT id FROM settlement_batches WHERE id = $1 FOR UPDATE', [batch.id]);
      const imports = [importBankFile(operator, statement, 'a.xml'), importBankFile(operator, statement, 'b.xml')].map((request) =>
        request.then((answer) => answer),
      );
      // The import that does not hold the entry answers while the other waits: it neither applied nor gave up the entry.
      const first = await Promise.race(imports);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ applied: 0, unmatched: 0 });
      const [entry]: Array<{ status: string }> = await testApp.dataSource.query(
        'SELECT status FROM bank_statement_entries WHERE bank_reference = $1',
        ['BQ-RACE'],
      );
      expect(entry.status).toBe('pending');
      await holder.commitTransaction();
      const answers = await Promise.all(imports);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const [entry]: Array<{ status: string; completed: boolean }> = await testApp.dataSource.query(
      `SELECT e.status, f.completed_at IS NOT NULL AS completed FROM bank_statement_entries e JOIN bank_statement_files f ON f.id = e.file_id
        WHERE e.bank_reference = 'BQ-RACE'`,
    );
    expect(entry).toEqual({ status: 'applied', completed: true });
    expect(await lineNow(batch.id, payee)).toMatchObject({ status: 'paid', paidOn: twoDaysAgo });
    const [booked]: Array<{ n: number }> = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM ledger_entries WHERE kind = 'settlement_paid' AND source = $1",
      [line.id],
    );
    expect(booked.n).toBe(1);
  });

  it('an entry grouping several transfers: booked when each transfer’s amount adds up to it, else left for a person with the reason', async () => {
    codes.push(...(await handedOutProgramme(testApp, { eligibleServices: [] })).codes);
    const payees = [await createPayee(testApp), await createPayee(testApp), await createPayee(testApp), await createPayee(testApp)];
    for (const payee of payees) await redeemAt(payee, 1);
    const batch = await exportedBatch(2);
    const [a, b, c, d] = payees.map((payee) => lineOf(batch, payee));
    const answer = (line: Line) => ({
      endToEndId: line.reference,
      amountCents: line.amountCents,
      outcome: 'paid' as const,
      bookingDate: twoDaysAgo,
      bankReference: `BQ-GRP-${line.reference}`,
    });
    const statement = validCamt053({
      messageId: `GRP-${batch.reference}`,
      answers: [
        { grouped: [answer(a), answer(b)], transferAmounts: 'AmtDtls' },
        { grouped: [answer(c), answer(d)], transferAmounts: 'none' },
      ],
    });
    expect((await importBankFile(operator, statement).expect(200)).body).toMatchObject({ entryCount: 4, applied: 2, unmatched: 2 });
    expect(await lineNow(batch.id, payees[0])).toMatchObject({ status: 'paid', paidOn: twoDaysAgo });
    expect(await lineNow(batch.id, payees[1])).toMatchObject({ status: 'paid', paidOn: twoDaysAgo });
    expect(await lineNow(batch.id, payees[2])).toMatchObject({ status: 'pending' });
    const unmatched = (await operator.get('/api/bank-statements/unmatched').expect(200)).body as Array<{
      endToEndId: string;
      problem: string;
    }>;
    expect(unmatched.filter((entry) => entry.endToEndId === c.reference || entry.endToEndId === d.reference)).toEqual([
      expect.objectContaining({ problem: expect.stringMatching(/^L’écriture groupe 2 virements sans donner le montant de chacun/) }),
      expect.objectContaining({ problem: expect.stringMatching(/^L’écriture groupe 2 virements sans donner le montant de chacun/) }),
    ]);
  });

  it('lists unmatched entries for a person, who marks one handled with a note (audited); a reconciled entry cannot be', async () => {
    const unmatched: Array<{ id: string; bankReference: string }> = (await operator.get('/api/bank-statements/unmatched').expect(200)).body;
    const entry = unmatched.find((candidate) => candidate.bankReference === 'RET-INCONNU-77');
    if (!entry) throw new Error('the unknown return is not listed');
    const note = 'Retour d’un virement manuel, rapproché dans la comptabilité';
    const handled = await operator.post(`/api/bank-statements/entries/${entry.id}/handled`).send({ note }).expect(200);
    expect(handled.body).toMatchObject({ status: 'handled', handledNote: note, handledAt: expect.any(String) });
    expect(
      (await operator.post(`/api/bank-statements/entries/${entry.id}/handled`).send({ note: 'encore' }).expect(200)).body.handledNote,
    ).toBe(note);
    const left = (await operator.get('/api/bank-statements/unmatched').expect(200)).body as Array<{ id: string }>;
    expect(left.some((candidate) => candidate.id === entry.id)).toBe(false);
    const all = (await operator.get('/api/bank-statements/unmatched?handled=true').expect(200)).body as Array<{ id: string }>;
    expect(all.some((candidate) => candidate.id === entry.id)).toBe(true);
    const [audit]: Array<{ n: number }> = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'bank_statement_entry.handled' AND object_id = $1",
      [entry.id],
    );
    expect(audit.n).toBe(1);

    const [applied]: Array<{ id: string }> = await testApp.dataSource.query(
      "SELECT id FROM bank_statement_entries WHERE status = 'applied' LIMIT 1",
    );
    const refused = await operator.post(`/api/bank-statements/entries/${applied.id}/handled`).send({ note }).expect(409);
    expect(refused.body.details).toEqual({ code: 'entry_reconciled' });
    await operator.post(`/api/bank-statements/entries/${entry.id}/handled`).send({ note: '=HYPERLINK("x")' }).expect(400);
  });

  it('is open to the operator and to an integrator’s settlement:write token, and to no one else; files come as XML, of bounded size, without DTD', async () => {
    const reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    expect((await reviewer.get('/api/bank-statements').expect(200)).body.length).toBeGreaterThanOrEqual(4);
    await importBankFile(reviewer, validCamt053({ messageId: 'REV', answers: [] })).expect(403);
    const place = await createPayee(testApp);
    await place.agent.get('/api/bank-statements/unmatched').expect(403);
    await importBankFile(place.agent, validCamt053({ messageId: 'PLACE', answers: [] })).expect(403);

    const token = (
      await operator
        .post('/api/api-tokens')
        .send({ name: 'Logiciel comptable', scopes: ['settlement:write'] })
        .expect(201)
    ).body.token;
    const file = validCamt053({ messageId: 'TOKEN-1', answers: [] });
    // No Origin: software, not a browser.
    const answer = await testApp
      .anonymous()
      .post('/api/bank-statements')
      .unset('Origin')
      .set('Authorization', `Bearer ${token}`)
      .set('content-type', 'application/xml')
      .send(file)
      .expect(200);
    expect(answer.body).toMatchObject({ kind: 'camt.053', entryCount: 0, alreadyImported: false });

    const bomb =
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Document>&b;</Document>';
    expect((await importBankFile(operator, bomb).expect(400)).body).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'file' }],
    });
    await operator.post('/api/bank-statements').send({ file: 'x' }).expect(415);
    await operator
      .post('/api/bank-statements')
      .set('content-type', 'application/xml')
      .send('x'.repeat(26 * 1024 * 1024))
      .expect(413);
  });
});
