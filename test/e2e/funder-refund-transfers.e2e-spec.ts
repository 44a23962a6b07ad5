/**
 * Funder refunds by SEPA transfer, over HTTP on a real PostgreSQL: a funded programme closes with a
 * credit note; its funder's bank details go through the operator's verification (the places' flow);
 * the job prepares the transfer (due 30 days after the close), a second operator approves it, the
 * export gives a pain.001 valid against the ISO XSD (xmllint); a pain.002 rejection (AC04) sends the
 * details back to « à vérifier » with the reason in French; verified again, a new transfer is paid and a
 * camt.054 books it at the bank's date in the ledger, on the funder's accounts and closing statement.
 * The typed refund still works beside it. The ledger check runs after this file.
 */
import type TestAgent from 'supertest/lib/agent';
import { addDays, startOfDayIn } from '@app/domain';
import { FunderRefundTransfersService } from '@app/ledger/programme-accounts';
import { ExpiryService } from '@app/vouchers';
import { assertValidAgainst, importBankFile, pain002, validCamt054 } from '../helpers/bank-files';
import { addUser, createOrganisationWithUser } from '../helpers/fixtures';
import { binaryBody, pdfText } from '../helpers/pdf';
import { organisationOf } from '../helpers/ledger';
import { createProgramme } from '../helpers/programmes';
import { submitBankDetails, todayInParis, verifyBankDetails } from '../helpers/settlement';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

interface Transfer {
  id: string;
  reference: string;
  programmeId: string;
  amountCents: number;
  status: string;
  closedOn: string;
  dueOn: string;
  preparedByPerson: boolean;
  paidOn: string | null;
  bankReference: string | null;
  rejectionReason: string | null;
}

describe('funder refunds by transfer', () => {
  let testApp: TestApp;
  let admin: TestAgent;
  let reviewer: TestAgent;
  let funder: TestAgent;
  let funderOrganisationId: string;
  let programme: { id: string; code: string };
  const today = todayInParis();

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loginAs(testApp, DEMO.operatorAdmin);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    const organisation = await createOrganisationWithUser(testApp, 'funder');
    funderOrganisationId = organisation.organisation.id;
    funder = await loginAs(testApp, organisation.email, organisation.password);
    // Funded, never handed out, then past its validity: the expiry job closes it, its whole value is the credit note.
    programme = await createProgramme({ funder, operator: admin, until: 'funded', input: { eligibleServices: [], bookletCount: 1 } });
    await testApp.dataSource.query(
      "UPDATE programmes SET valid_from = '2024-01-01', valid_until = '2024-12-31', grace_days = 10 WHERE id = $1",
      [programme.id],
    );
    await testApp.app.get(ExpiryService).expireDue();
  });
  afterAll(async () => {
    await testApp?.close();
  });

  /** The job's run, and how many transfers of this file's programme it prepared (the demo's closed programme is the job's too). */
  async function job(): Promise<number> {
    const count = async (): Promise<number> =>
      (await testApp.dataSource.query('SELECT count(*)::int AS n FROM funder_refund_transfers WHERE programme_id = $1', [programme.id]))[0]
        .n;
    const before = await count();
    await testApp.app.get(FunderRefundTransfersService).prepareDue();
    return (await count()) - before;
  }

  async function transferOf(id: string): Promise<Transfer> {
    const list = (await admin.get('/api/funder-refund-transfers').expect(200)).body as { transfers: Transfer[] };
    const found = list.transfers.find((transfer) => transfer.id === id);
    if (!found) throw new Error('transfer not listed');
    return found;
  }

  async function detailsStatus(): Promise<string> {
    const [row]: Array<{ status: string }> = await testApp.dataSource.query(
      'SELECT status FROM bank_details WHERE organisation_id = $1 AND superseded_at IS NULL',
      [funderOrganisationId],
    );
    return row.status;
  }

  /** Approved by the reviewer, exported by the admin (the job prepared it: two people), `daysAgo` days ago. */
  async function approveAndExport(transfer: Transfer, daysAgo: number): Promise<void> {
    await reviewer.post(`/api/funder-refund-transfers/${transfer.id}/approve`).expect(200);
    await admin.post(`/api/funder-refund-transfers/${transfer.id}/export`).expect(200);
    await testApp.dataSource.query(
      'UPDATE funder_refund_transfers SET exported_at = exported_at - make_interval(days => $2) WHERE id = $1',
      [transfer.id, daysAgo],
    );
  }

  let refundable: number;
  let first: Transfer;

  it('lists the closed programme to refund with its deadline; the job waits for the funder’s verified bank details', async () => {
    const list = (await admin.get('/api/funder-refund-transfers').expect(200)).body;
    const due = list.toPrepare.find((candidate: { programmeId: string }) => candidate.programmeId === programme.id);
    expect(due).toMatchObject({ funderBankDetails: 'missing', closedOn: today, dueOn: addDays(today, 30), overdue: false });
    refundable = due.refundableCents;
    expect(refundable).toBeGreaterThan(0);
    await admin.post(`/api/programmes/${programme.id}/refund-transfer`).expect(409);
    expect(await job()).toBe(0);

    // The funder enters its account like a place does; the operator verifies it in the same queue.
    const detailsId = await submitBankDetails(funder, 'Departement test');
    expect((await admin.get('/api/bank-details/pending').expect(200)).body.map((details: { id: string }) => details.id)).toContain(
      detailsId,
    );
    await verifyBankDetails(testApp, funderOrganisationId, detailsId);
    expect(await job()).toBe(1);
    expect(await job()).toBe(0);

    const listed = (await admin.get('/api/funder-refund-transfers').expect(200)).body;
    expect(listed.toPrepare.some((candidate: { programmeId: string }) => candidate.programmeId === programme.id)).toBe(false);
    first = listed.transfers.find((transfer: Transfer) => transfer.programmeId === programme.id);
    expect(first).toMatchObject({
      status: 'prepared',
      amountCents: refundable,
      reference: expect.stringMatching(/^RF-\d{4}-\d{5}$/),
      dueOn: addDays(today, 30),
      preparedByPerson: false,
    });
    // Preparing again by hand answers the open transfer.
    expect((await admin.post(`/api/programmes/${programme.id}/refund-transfer`).expect(200)).body.id).toBe(first.id);
  });

  it('four eyes; no SEPA file before the export; the typed refund cannot take the money the transfer holds', async () => {
    await admin.get(`/api/funder-refund-transfers/${first.id}/sepa.xml`).expect(409);
    await admin
      .post(`/api/programmes/${programme.id}/refunds`)
      .set('Idempotency-Key', `typed-${first.id}`)
      .send({ amountCents: 1, paidOn: today, bankReference: 'VIR-MAIN' })
      .expect(409)
      .expect((answer) => expect(answer.body.details.code).toBe('refund_exceeds_refundable'));
    await admin.post(`/api/funder-refund-transfers/${first.id}/export`).expect(409);
    await admin.post(`/api/funder-refund-transfers/${first.id}/approve`).expect(200);
    // Prepared by the job and approved by the admin: the admin does not export it too.
    const refused = await admin.post(`/api/funder-refund-transfers/${first.id}/export`).expect(409);
    expect(refused.body.details.code).toBe('four_eyes_required');
    await funder.get('/api/funder-refund-transfers').expect(403);
    await funder.post(`/api/funder-refund-transfers/${first.id}/approve`).expect(403);
  });

  it('a pain.002 rejection (AC04): the reason in French, the funder’s details back to « à vérifier », the programme to refund again', async () => {
    // A second administrator exports what the first approved.
    const other = await addUser(testApp, await organisationOf(testApp, DEMO.operatorAdmin), 'operator_admin');
    await (await loginAs(testApp, other.email, other.password)).post(`/api/funder-refund-transfers/${first.id}/export`).expect(200);
    await testApp.dataSource.query("UPDATE funder_refund_transfers SET exported_at = exported_at - interval '1 day' WHERE id = $1", [
      first.id,
    ]);
    const report = pain002({
      messageId: `PSR-${first.reference}`,
      originalMessageId: first.reference,
      transactions: [{ endToEndId: first.reference, amountCents: refundable, status: 'RJCT', reasonCode: 'AC04' }],
    });
    expect((await importBankFile(admin, report, 'pain002.xml').expect(200)).body).toMatchObject({ applied: 1, unmatched: 0 });
    expect(await transferOf(first.id)).toMatchObject({
      status: 'rejected',
      rejectionReason: expect.stringMatching(/^AC04 — Compte clôturé\./),
    });
    expect(await detailsStatus()).toBe('submitted');
    // The funder's people are told (essential: refused money), in the transaction of the answer.
    const mails: Array<{ kind: string; subject: string }> = await testApp.dataSource.query(
      `SELECT m.kind, m.subject FROM outbox_messages m JOIN users u ON u.email = m.recipient
        WHERE u.organisation_id = $1 AND m.kind IN ('refund_transfer_rejected', 'bank_details_verified') ORDER BY m.kind`,
      [funderOrganisationId],
    );
    expect(mails).toEqual([
      { kind: 'bank_details_verified', subject: 'Coordonnées bancaires vérifiées' },
      { kind: 'refund_transfer_rejected', subject: expect.stringMatching(/^Remboursement de .* rejeté par la banque$/) },
    ]);
    const list = (await admin.get('/api/funder-refund-transfers').expect(200)).body;
    expect(list.toPrepare).toContainEqual(expect.objectContaining({ programmeId: programme.id, funderBankDetails: 'submitted' }));
    expect((await funder.get(`/api/programmes/${programme.id}/accounts`).expect(200)).body).toMatchObject({
      refundableCents: refundable,
      refundTransfers: [expect.objectContaining({ id: first.id, status: 'rejected' })],
    });
  });

  it('verified again: a new transfer, its pain.001 valid against the ISO XSD, booked by a camt.054 at the bank’s date; the same file twice changes nothing', async () => {
    const [details]: Array<{ id: string }> = await testApp.dataSource.query(
      'SELECT id FROM bank_details WHERE organisation_id = $1 AND superseded_at IS NULL',
      [funderOrganisationId],
    );
    await verifyBankDetails(testApp, funderOrganisationId, details.id);
    // The job of two processes and two clicks at once: one transfer (programme lock, unique open transfer).
    const service = testApp.app.get(FunderRefundTransfersService);
    const raced = await Promise.all([
      service.prepareDue(),
      service.prepareDue(),
      admin.post(`/api/programmes/${programme.id}/refund-transfer`),
      admin.post(`/api/programmes/${programme.id}/refund-transfer`),
    ]);
    expect([raced[2].status, raced[3].status]).toEqual([200, 200]);
    expect(raced[2].body.id).toBe(raced[3].body.id);
    const [open]: Array<{ n: number }> = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM funder_refund_transfers WHERE programme_id = $1 AND status = 'prepared'",
      [programme.id],
    );
    expect(open.n).toBe(1);
    const list = (await admin.get('/api/funder-refund-transfers').expect(200)).body;
    const next: Transfer = list.transfers.find(
      (transfer: Transfer) => transfer.programmeId === programme.id && transfer.status === 'prepared',
    );
    expect(next.reference).not.toBe(first.reference);
    await approveAndExport(next, 3);

    const sepa = await admin.get(`/api/funder-refund-transfers/${next.id}/sepa.xml`).expect(200);
    expect(sepa.headers['content-type']).toMatch(/^application\/xml/);
    assertValidAgainst('pain.001.001.03.xsd', sepa.text);
    expect(sepa.text).toContain(`<EndToEndId>${next.reference}</EndToEndId>`);
    expect(sepa.text).toContain('<IBAN>FR7630006000011234567890189</IBAN>');
    expect(sepa.text).toMatch(new RegExp(`<CtrlSum>${(refundable / 100).toFixed(2)}</CtrlSum>`));

    const twoDaysAgo = addDays(today, -2);
    const notification = validCamt054({
      messageId: `NTF-${next.reference}`,
      answers: [
        {
          endToEndId: next.reference,
          amountCents: refundable,
          outcome: 'paid',
          bookingDate: twoDaysAgo,
          bankReference: `BQ-${next.reference}`,
        },
      ],
    });
    const imported = await importBankFile(admin, notification, 'camt054.xml').expect(200);
    expect(imported.body).toMatchObject({ applied: 1, unmatched: 0 });
    expect(await transferOf(next.id)).toMatchObject({ status: 'paid', paidOn: twoDaysAgo, bankReference: `BQ-${next.reference}` });
    const [booked]: Array<{ occurred_at: Date; memo: string }> = await testApp.dataSource.query(
      `SELECT e.occurred_at, e.memo FROM ledger_entries e JOIN funder_refunds r ON r.id::text = e.source
        WHERE e.kind = 'refund_paid' AND r.refund_transfer_id = $1`,
      [next.id],
    );
    expect(booked.occurred_at.toISOString()).toBe(startOfDayIn(twoDaysAgo).toISOString());
    const accounts = (await funder.get(`/api/programmes/${programme.id}/accounts`).expect(200)).body;
    expect(accounts).toMatchObject({
      refundableCents: 0,
      refundedCents: refundable,
      refunds: [expect.objectContaining({ amountCents: refundable, paidOn: twoDaysAgo, bankReference: `BQ-${next.reference}` })],
    });
    const pdf = await funder.get(`/api/programmes/${programme.id}/statements/closing.pdf`).buffer(true).parse(binaryBody).expect(200);
    expect(pdfText(pdf.body)).toMatch(new RegExp(`BQ-${next.reference}`));

    const before = await testApp.dataSource.query(
      "SELECT (SELECT count(*) FROM ledger_entries)::int AS ledger, (SELECT count(*) FROM funder_refunds)::int AS refunds, (SELECT string_agg(status::text, ',' ORDER BY id) FROM funder_refund_transfers) AS transfers",
    );
    expect((await importBankFile(admin, notification).expect(200)).body.alreadyImported).toBe(true);
    expect(
      await testApp.dataSource.query(
        "SELECT (SELECT count(*) FROM ledger_entries)::int AS ledger, (SELECT count(*) FROM funder_refunds)::int AS refunds, (SELECT string_agg(status::text, ',' ORDER BY id) FROM funder_refund_transfers) AS transfers",
      ),
    ).toEqual(before);
    expect(await job()).toBe(0);
    expect((await admin.get('/api/ledger/check').expect(200)).body.ok).toBe(true);
    const [audit]: Array<{ n: number }> = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE object_id = $1 AND action LIKE 'funder_refund_transfer.%'",
      [next.id],
    );
    expect(audit.n).toBe(4); // prepared, approved, exported, paid
  });
});
