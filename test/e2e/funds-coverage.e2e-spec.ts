/**
 * Funds coverage (docs/funds-coverage.md): balances entered with their statement and confirmed by a
 * second operator admin; the ratio against the ledger's liabilities; below 100 % an alert (audit,
 * e-mail to the operator admins) and programme activation refused until a new balance covers it.
 */
import type TestAgent from 'supertest/lib/agent';
import { FundsCoverageService } from '@app/funds-coverage';
import { centsToDecimal, localDate } from '@app/domain';
import { demoPdf, demoPng } from '../../apps/api/src/seed/demo-documents';
import { parse } from 'csv-parse/sync';
import { createProgramme } from '../helpers/programmes';
import { parseTableSchema, validateTable } from '../helpers/table-schema';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const STATEMENT = demoPdf('Relevé du compte cantonné (test)');

describe('funds coverage', () => {
  let testApp: TestApp;
  let admin: TestAgent;
  let treasurer: TestAgent;
  let reviewer: TestAgent;
  let funder: TestAgent;
  let today: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await loginAs(testApp, DEMO.operatorAdmin);
    treasurer = await loginAs(testApp, DEMO.operatorTreasurer);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    funder = await loginAs(testApp, DEMO.funderManager);
    today = localDate(new Date());
  });

  afterAll(async () => {
    await testApp.close();
  });

  const enter = (agent: TestAgent, balanceCents: number, body: Buffer = STATEMENT, contentType = 'application/pdf') =>
    agent
      .post('/api/funds-coverage/balances')
      .query({ balanceCents, balanceOn: today, bankReference: `RELEVE-${balanceCents}`, fileName: 'releve.pdf' })
      .set('content-type', contentType)
      .send(body);

  it('the demo shows a confirmed balance above what the ledger owes, with its parts', async () => {
    const coverage = await reviewer.get('/api/funds-coverage').expect(200);
    const { liabilities } = coverage.body;
    expect(coverage.body.state).toBe('covered');
    expect(coverage.body.ratioBasisPoints).toBeGreaterThanOrEqual(10_000);
    expect(coverage.body.activationAllowed).toBe(true);
    expect(liabilities.totalCents).toBe(liabilities.outstandingCents + liabilities.placePayableCents + liabilities.funderCreditsCents);
    expect(liabilities.outstandingCents).toBe(liabilities.handedOutCents + liabilities.notHandedOutCents);
    expect(liabilities.handedOutCents).toBeGreaterThan(0);
    expect(liabilities.placePayableCents).toBeGreaterThan(0);
    expect(coverage.body.balance).toMatchObject({ source: 'manual', balanceOn: today });
    expect(coverage.body.balance.confirmedByUserId).not.toBe(coverage.body.balance.enteredByUserId);
    expect(coverage.body.days).toEqual([expect.objectContaining({ day: today, state: 'covered' })]);

    // The liabilities are the ledger's balances of the three kinds of accounts.
    const balances = await admin.get('/api/ledger/balances').expect(200);
    const owed = (kind: string) =>
      -balances.body.accounts
        .filter((account: { kind: string }) => account.kind === kind)
        .reduce((sum: number, a: { balanceCents: number }) => sum + a.balanceCents, 0);
    expect(coverage.body.liabilitiesNow).toMatchObject({
      outstandingCents: owed('programme_outstanding'),
      placePayableCents: owed('place_payable'),
      funderCreditsCents: owed('funder'),
    });
  });

  it('refuses a balance without a readable PDF statement, in the future, or from someone not operator admin', async () => {
    const wrongType = await enter(admin, 100, demoPng(), 'image/png').expect(415);
    expect(wrongType.body.code).toBe('unsupported_media_type');
    const damaged = await enter(admin, 100, Buffer.from('%PDF-1.4 not really')).expect(400);
    expect(damaged.body.details).toEqual([{ field: 'statement', problems: [expect.stringContaining('PDF')] }]);
    const future = await admin
      .post('/api/funds-coverage/balances')
      .query({ balanceCents: 100, balanceOn: '2199-01-01' })
      .set('content-type', 'application/pdf')
      .send(STATEMENT)
      .expect(400);
    expect(future.body.details).toEqual([{ field: 'balanceOn', problems: ['must not be in the future'] }]);
    const negative = await admin
      .post('/api/funds-coverage/balances')
      .query({ balanceCents: -5, balanceOn: today })
      .set('content-type', 'application/pdf')
      .send(STATEMENT)
      .expect(400);
    expect(negative.body.details).toEqual([expect.objectContaining({ field: 'balanceCents' })]);
    await enter(reviewer, 100).expect(403);
    await enter(funder, 100).expect(403);
    await funder.get('/api/funds-coverage').expect(403);
  });

  it('below 100 %: four eyes, an alert once, activation refused; a new covering balance lifts the block', async () => {
    const owed = (await admin.get('/api/funds-coverage').expect(200)).body.liabilitiesNow.totalCents as number;
    const low = await enter(admin, Math.floor(owed / 2)).expect(201);
    expect(low.body).toMatchObject({ source: 'manual', confirmedAt: null, statementFileName: 'releve.pdf' });
    // Not counted until confirmed, and never by the one who entered it.
    expect((await admin.get('/api/funds-coverage').expect(200)).body).toMatchObject({
      state: 'covered',
      awaitingConfirmation: [expect.objectContaining({ id: low.body.id })],
    });
    const sameEyes = await admin.post(`/api/funds-coverage/balances/${low.body.id}/confirm`).expect(409);
    expect(sameEyes.body.details).toEqual({ code: 'four_eyes_required' });
    await reviewer.post(`/api/funds-coverage/balances/${low.body.id}/confirm`).expect(403);

    const confirmed = await treasurer.post(`/api/funds-coverage/balances/${low.body.id}/confirm`).expect(200);
    expect(confirmed.body.confirmedAt).not.toBeNull();
    await treasurer.post(`/api/funds-coverage/balances/${low.body.id}/confirm`).expect(200); // a replay answers the same
    const below = (await admin.get('/api/funds-coverage').expect(200)).body;
    expect(below).toMatchObject({ state: 'below', activationAllowed: false, balance: { id: low.body.id } });
    expect(below.ratioBasisPoints).toBeLessThan(10_000);
    expect(below.days[0]).toMatchObject({ day: today, state: 'below' });

    // The alert: audited and e-mailed to both operator admins, once however often it is computed that day.
    await testApp.app.get(FundsCoverageService).recordToday();
    const mails: Array<{ recipient: string; subject: string }> = await testApp.dataSource.query(
      "SELECT recipient, subject FROM outbox_messages WHERE kind = 'funds_coverage_below' ORDER BY recipient",
    );
    expect(mails.map((mail) => mail.recipient)).toEqual([DEMO.operatorAdmin, DEMO.operatorTreasurer]);
    expect(mails[0].subject).toMatch(/^Couverture des fonds sous 100 % : \d+,\d\d %$/);
    const audit = await admin.get('/api/audit-events').query({ action: 'funds_coverage.below_liabilities' }).expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ objectId: today, changes: expect.objectContaining({ balanceCents: Math.floor(owed / 2) }) }),
    ]);

    // No new programme while below.
    const programme = await createProgramme({ funder, operator: admin, until: 'funded' });
    const refused = await admin.post(`/api/programmes/${programme.id}/activate`).expect(409);
    expect(refused.body.details).toMatchObject({ code: 'funds_coverage_below_liabilities', balanceCents: Math.floor(owed / 2) });
    expect((await admin.get(`/api/programmes/${programme.id}`).expect(200)).body.status).toBe('funded');

    // The account is topped up: a new statement, confirmed, covers what is owed now (the new programme's money included).
    const owedNow = (await admin.get('/api/funds-coverage').expect(200)).body.liabilitiesNow.totalCents as number;
    const topped = await enter(admin, owedNow + 10_000).expect(201);
    await treasurer.post(`/api/funds-coverage/balances/${topped.body.id}/confirm`).expect(200);
    expect((await admin.get('/api/funds-coverage').expect(200)).body).toMatchObject({ state: 'covered', activationAllowed: true });
    await admin.post(`/api/programmes/${programme.id}/activate`).expect(200);

    const statement = await reviewer.get(`/api/funds-coverage/balances/${topped.body.id}/statement`).expect(200);
    expect(statement.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(statement.body as Buffer).equals(STATEMENT)).toBe(true);
  });

  it('the ledger check re-reads the ledger at each stored day’s instant and catches a stored figure that differs', async () => {
    await testApp.app.get(FundsCoverageService).recordToday();
    const check = async () =>
      (
        (await admin.get('/api/ledger/check').expect(200)).body.invariants as Array<{
          invariant: string;
          ok: boolean;
          offenders: unknown[];
        }>
      ).find((result) => result.invariant === 'coverage_liabilities');
    expect(await check()).toMatchObject({ ok: true, offenders: [] });
    await testApp.dataSource.query('UPDATE coverage_days SET place_payable_cents = place_payable_cents + 1 WHERE day = $1', [today]);
    expect(await check()).toMatchObject({ ok: false, offenders: [expect.objectContaining({ day: today })] });
    // Computed again, the day is right again (and the check after this file stays green).
    await testApp.app.get(FundsCoverageService).recordToday();
    expect(await check()).toMatchObject({ ok: true });
  });

  it('publishes each month’s figure in the open data: CSV valid against its TableSchema, JSON, no person named', async () => {
    const schemaResponse = await testApp.anonymous().get('/api/open-data/funds-coverage.schema.json').expect(200);
    const schema = parseTableSchema(JSON.parse(schemaResponse.text), 'funds-coverage.schema.json');
    const csv = await testApp.anonymous().get('/api/open-data/funds-coverage.csv').expect(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines]: string[][] = parse(csv.text.slice(1));
    const rows = lines.map((line) => Object.fromEntries(header.map((name, index) => [name, line[index]])));
    expect(validateTable(schema, header, rows)).toEqual([]);
    const current = (await admin.get('/api/funds-coverage').expect(200)).body;
    expect(rows).toEqual([
      {
        mois: today.slice(0, 7),
        jour: today,
        mois_termine: 'false',
        taux_couverture_pourcent: (Math.floor(current.ratioBasisPoints) / 100).toFixed(2),
        solde_confirme_euros: centsToDecimal(current.balance.balanceCents),
        sommes_dues_euros: centsToDecimal(current.liabilities.totalCents),
        etat: 'couvert',
      },
    ]);
    const json = await testApp.anonymous().get('/api/open-data/funds-coverage.json').expect(200);
    expect(json.body.data).toHaveLength(1);
    expect(json.text).not.toMatch(/@|operateur|user/i);
    await testApp.anonymous().get('/api/open-data/funds-coverage.json').set('If-None-Match', json.headers.etag).expect(304);
  });

  it('every audit event of a balance names who entered and who confirmed it', async () => {
    const entered = await admin.get('/api/audit-events').query({ action: 'funds_coverage.balance_entered' }).expect(200);
    const confirmed = await admin.get('/api/audit-events').query({ action: 'funds_coverage.balance_confirmed' }).expect(200);
    expect(entered.body.items.length).toBeGreaterThanOrEqual(3);
    expect(confirmed.body.items.length).toBe(entered.body.items.length);
  });

  it('a wrong balance is withdrawn before confirmation, with a reason; one with no recorded enterer cannot be confirmed by one person', async () => {
    const wrong = await enter(admin, 123).expect(201);
    await admin.post(`/api/funds-coverage/balances/${wrong.body.id}/withdraw`).send({ reason: ' ' }).expect(400);
    await reviewer.post(`/api/funds-coverage/balances/${wrong.body.id}/withdraw`).send({ reason: 'Montant mal saisi' }).expect(403);
    const withdrawn = await admin
      .post(`/api/funds-coverage/balances/${wrong.body.id}/withdraw`)
      .send({ reason: 'Montant mal saisi' })
      .expect(200);
    expect(withdrawn.body).toMatchObject({ withdrawalReason: 'Montant mal saisi', confirmedAt: null });
    expect(withdrawn.body.withdrawnAt).not.toBeNull();
    await admin.post(`/api/funds-coverage/balances/${wrong.body.id}/withdraw`).send({ reason: 'Montant mal saisi' }).expect(200);
    const refused = await treasurer.post(`/api/funds-coverage/balances/${wrong.body.id}/confirm`).expect(409);
    expect(refused.body.details).toEqual({ code: 'balance_withdrawn' });
    const coverage = (await admin.get('/api/funds-coverage').expect(200)).body as {
      awaitingConfirmation: Array<{ id: string }>;
      balance: { id: string };
    };
    expect(coverage.awaitingConfirmation.map((balance) => balance.id)).not.toContain(wrong.body.id);
    const confirmedWithdrawal = await admin
      .post(`/api/funds-coverage/balances/${coverage.balance.id}/withdraw`)
      .send({ reason: 'Erreur' })
      .expect(409);
    expect(confirmedWithdrawal.body.details).toEqual({ code: 'balance_confirmed' });
    const audit = await admin.get('/api/audit-events').query({ objectType: 'coverage_balance', objectId: wrong.body.id }).expect(200);
    expect(audit.body.items.map((event: { action: string }) => event.action).sort()).toEqual([
      'funds_coverage.balance_entered',
      'funds_coverage.balance_withdrawn',
    ]);

    // A balance whose enterer is not recorded (written by hand in the database, or by an older version): nobody alone confirms it.
    const orphan = await enter(admin, 456).expect(201);
    await testApp.dataSource.query('UPDATE coverage_balances SET entered_by_user_id = NULL WHERE id = $1', [orphan.body.id]);
    const alone = await treasurer.post(`/api/funds-coverage/balances/${orphan.body.id}/confirm`).expect(409);
    expect(alone.body.details).toEqual({ code: 'balance_enterer_unknown' });
    await admin.post(`/api/funds-coverage/balances/${orphan.body.id}/withdraw`).send({ reason: 'Saisie sans auteur connu' }).expect(200);
  });
});
