/**
 * Settlement and ledger routes for integrators' software, over HTTP with bearer tokens: the
 * operator's accounting software reads batches, downloads the SEPA file and CSV and records the
 * bank's answers; a place's reads its own payments; a funder's its payments and balances. Each token
 * can do what its scopes and its organisation's kind allow, and nothing more (four-eyes steps stay
 * with people).
 */
import type TestAgent from 'supertest/lib/agent';
import { handedOutProgramme, redeem } from '../helpers/redemption';
import { approveAndExport, createBatch, createPayee, databaseNow, type Payee, todayInParis } from '../helpers/settlement';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('settlement and ledger with API tokens', () => {
  let testApp: TestApp;
  let operator: TestAgent;
  let payee: Payee;
  let other: Payee;
  let batchId: string;
  let lineId: string;
  let otherLineId: string;

  /** A token of the agent's organisation with these scopes: the Authorization header to send. */
  async function tokenOf(agent: TestAgent, scopes: string[]): Promise<{ Authorization: string }> {
    const created = await agent
      .post('/api/api-tokens')
      .send({ name: `Logiciel ${scopes.join(' ')}`, scopes })
      .expect(201);
    return { Authorization: `Bearer ${created.body.token}` };
  }

  function asToken(bearer: { Authorization: string }) {
    // No Origin: software, not a browser.
    const client = testApp.anonymous();
    return {
      get: (path: string) => client.get(path).unset('Origin').set(bearer),
      post: (path: string, key?: string) => {
        const request = client.post(path).unset('Origin').set(bearer);
        return key ? request.set('Idempotency-Key', key) : request;
      },
    };
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    const { codes } = await handedOutProgramme(testApp, { eligibleServices: [] });
    payee = await createPayee(testApp);
    other = await createPayee(testApp);
    await redeem(payee.agent, [codes[0]], payee.serviceId).expect(201);
    await redeem(payee.agent, [codes[1]], payee.serviceId).expect(201);
    await redeem(other.agent, [codes[2]], other.serviceId).expect(201);
    batchId = (await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201)).body.id;
    await approveAndExport(testApp, operator, batchId);
    const lines = (await operator.get(`/api/settlement/batches/${batchId}`).expect(200)).body.lines as Array<{
      id: string;
      organisationId: string;
    }>;
    lineId = lines.find((line) => line.organisationId === payee.organisationId)!.id;
    otherLineId = lines.find((line) => line.organisationId === other.organisationId)!.id;
  });
  afterAll(() => testApp.close());

  it("lets the operator's accounting software read the batch, download its files and record the bank's answers", async () => {
    const software = asToken(await tokenOf(operator, ['settlement:read', 'settlement:write', 'ledger:read']));
    const batches = await software.get('/api/settlement/batches').expect(200);
    expect(batches.body.map((batch: { id: string }) => batch.id)).toContain(batchId);
    await software.get(`/api/settlement/batches/${batchId}`).expect(200);
    const sepa = await software.get(`/api/settlement/batches/${batchId}/sepa.xml`).expect(200);
    expect(sepa.text).toContain('<CstmrCdtTrfInitn>');
    const csv = await software.get(`/api/settlement/batches/${batchId}/lines.csv`).expect(200);
    expect(csv.text).toContain(payee.organisationName);

    const payment = { paidOn: todayInParis(), bankReference: 'VIR-API-1' };
    const paid = await software.post(`/api/settlement/lines/${lineId}/paid`, `api-paid-${lineId}`).send(payment).expect(200);
    expect(paid.body).toMatchObject({ id: lineId, status: 'paid', bankReference: 'VIR-API-1' });
    const replay = await software.post(`/api/settlement/lines/${lineId}/paid`, `api-paid-${lineId}`).send(payment).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const [line]: Array<{ paid_by: string | null }> = await testApp.dataSource.query('SELECT paid_by FROM settlement_lines WHERE id = $1', [
      lineId,
    ]);
    expect(line.paid_by).toBeNull(); // no person: the token is in the audit trail
    const [audit]: Array<{ actor_type: string }> = await testApp.dataSource.query(
      "SELECT actor_type FROM audit_events WHERE object_type = 'settlement_line' AND object_id = $1 AND action = 'settlement_line.paid'",
      [lineId],
    );
    expect(audit.actor_type).toBe('api_token');

    const rejected = await software
      .post(`/api/settlement/lines/${otherLineId}/reject`, `api-reject-${otherLineId}`)
      .send({ reason: 'AC04 — compte clôturé' })
      .expect(200);
    expect(rejected.body.status).toBe('rejected');
    expect((await software.get('/api/ledger/check').expect(200)).body.ok).toBe(true);
    expect((await software.get('/api/ledger/balances').expect(200)).body.accounts.length).toBeGreaterThan(0);
    await software.get('/api/ledger/entries?account=bank').expect(200);
  });

  it('keeps the four-eyes steps with people: no token builds, approves, exports or cancels a batch', async () => {
    const software = asToken(await tokenOf(operator, ['settlement:read', 'settlement:write', 'ledger:read']));
    const refusals = [
      software.post('/api/settlement/batches', 'api-create').send({}),
      software.post(`/api/settlement/batches/${batchId}/approve`),
      software.post(`/api/settlement/batches/${batchId}/export`),
      software.post(`/api/settlement/batches/${batchId}/cancel`, 'api-cancel').send({ reason: 'x' }),
    ];
    for (const response of await Promise.all(refusals)) {
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ code: 'forbidden', message: 'This route is not open to API tokens', details: null });
    }
  });

  it('refuses what a read-only token lacks, naming the scope', async () => {
    const reader = asToken(await tokenOf(operator, ['settlement:read']));
    await reader.get(`/api/settlement/batches/${batchId}/lines.csv`).expect(200);
    const write = await reader.post(`/api/settlement/batches/${batchId}/paid`, 'api-read-only').send({
      paidOn: todayInParis(),
      bankReference: 'VIR-X',
    });
    expect(write.status).toBe(403);
    expect(write.body).toEqual({
      code: 'scope_missing',
      message: 'The API token lacks the scope settlement:write',
      details: { missing: ['settlement:write'] },
    });
    expect((await reader.get('/api/ledger/balances').expect(403)).body.details).toEqual({ missing: ['ledger:read'] });
    const [{ n }]: Array<{ n: number }> = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE object_id = $1 AND action = 'settlement_batch.lines_paid'",
      [batchId],
    );
    expect(n).toBe(0);
  });

  it("lets a place's software read its own payments and statements only, never the operator's batches", async () => {
    const placeSoftware = asToken(await tokenOf(payee.agent, ['settlement:read']));
    const lines = (await placeSoftware.get('/api/settlement/lines').expect(200)).body as Array<{ id: string; organisationId: string }>;
    expect(lines.map((line) => line.id)).toEqual([lineId]);
    const statement = await placeSoftware.get(`/api/settlement/lines/${lineId}/statement.pdf`).expect(200);
    expect(statement.headers['content-type']).toBe('application/pdf');
    expect((await placeSoftware.get(`/api/settlement/lines/${otherLineId}/statement.pdf`).expect(404)).body.code).toBe('not_found');
    for (const path of ['/api/settlement/batches', `/api/settlement/batches/${batchId}/sepa.xml`, '/api/settlement/funder-payments']) {
      const refused = await placeSoftware.get(path).expect(403);
      expect(refused.body).toEqual({
        code: 'forbidden',
        message: 'This route is not open to the API tokens of a place organisation',
        details: null,
      });
    }
  });

  it("lets a funder's software read its payments to places and its own balances, not the operator's ledger", async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    const funderSoftware = asToken(await tokenOf(funder, ['settlement:read', 'ledger:read']));
    const payments = (await funderSoftware.get('/api/settlement/funder-payments').expect(200)).body as Array<{ organisationId: string }>;
    expect(payments.map((payment) => payment.organisationId)).toContain(payee.organisationId);
    const accounts = (await funderSoftware.get('/api/ledger/balances').expect(200)).body.accounts as Array<{ account: string }>;
    expect(accounts.every((account) => /^(funder|programme_outstanding):/.test(account.account))).toBe(true);
    for (const path of ['/api/ledger/check', '/api/ledger/entries?account=bank', '/api/settlement/batches']) {
      expect((await funderSoftware.get(path).expect(403)).body.code).toBe('forbidden');
    }
  });

  it('gives the scopes only to the organisation kinds that may hold them', async () => {
    const cases: Array<[TestAgent, string, string]> = [
      [payee.agent, 'settlement:write', 'place'],
      [payee.agent, 'ledger:read', 'place'],
      [await loginAs(testApp, DEMO.funderManager), 'settlement:write', 'funder'],
      [await loginAs(testApp, DEMO.distributorAgent), 'settlement:read', 'distributor'],
    ];
    for (const [agent, scope, kind] of cases) {
      const refused = await agent
        .post('/api/api-tokens')
        .send({ name: 'X', scopes: [scope] })
        .expect(400);
      expect(refused.body.details).toEqual([{ field: 'scopes', problems: [`${scope} is not available to a ${kind} organisation`] }]);
    }
  });
});
