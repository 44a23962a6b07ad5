/**
 * The OpenAPI document is complete and true (issue 17): every operation has a description, a
 * security requirement, a success schema and its errors in the Error schema; every example
 * is valid against its schema; the servers are PUBLIC_URL; and what the API really sends
 * (status, media type, body) matches what the document says.
 */
import { randomUUID } from 'node:crypto';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type Test from 'supertest/lib/test';
import { ERROR_CODES } from '@app/domain';
import { ValuePools } from '../helpers/openapi-fuzz';
import {
  DocumentSchemas,
  documentedOperations,
  ERROR_REF,
  incompleteOperations,
  invalidExamples,
  documentedMediaType,
  isJsonMediaType,
  type OpenApi,
  undocumentedAnswer,
} from '../helpers/openapi-document';
import { distributedCodes, qrContentOf, redeem, redemptionFixture } from '../helpers/redemption';
import { proconnectEnv, startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

/** The body as bytes, whatever its media type (PDF, CSV, JSON). */
function raw(test: Test): Test {
  return test.buffer(true).parse((response, callback) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => callback(null, Buffer.concat(chunks)));
  });
}

/** Path parameters no list names: the dashboards' tables (the funnel's is on both), the referential's versions. */
const KNOWN_VALUES: Record<string, string[]> = { tableId: ['entonnoir'], version: ['1'] };

/** GET operations that no demo role gets a 200 from, and why. */
const NEVER_OK: Record<string, string> = {
  'GET /api/auth/password-reset/{token}': 'the token is only e-mailed',
  'GET /api/invitations/{token}': 'the token is only e-mailed',
  'GET /api/auth/proconnect/callback': 'a redirect URI: it answers 303 (test/e2e/proconnect.e2e-spec.ts)',
  'GET /api/redemptions/{id}/la-coop': 'a link to La Coop: it answers 303 (test/e2e/la-coop.e2e-spec.ts)',
  'GET /api/programmes/{id}/logo': 'no demo programme has a logo',
  'GET /api/place-imports/{id}': 'the demo has no place import',
  'GET /api/place-imports/{id}/report.csv': 'the demo has no place import',
};

/** URLs of the demo for the routes whose parameters no list gives (a closed programme, an exported batch…). */
async function demoUrls(testApp: TestApp): Promise<Record<string, string>> {
  const one = async (sql: string): Promise<Record<string, string>> =>
    ((await testApp.dataSource.query(sql)) as Array<Record<string, string>>)[0];
  const programme = (await one("SELECT id FROM programmes WHERE name = 'Pass numérique Gironde (démo)'")).id;
  // A booklet the demo CCAS handed out whole, its cheques unused: what a reissue would carry.
  const handedOut = (await one(`SELECT serial FROM booklets WHERE programme_id = '${programme}' AND number = 3`)).serial;
  const closed = (await one("SELECT id FROM programmes WHERE status = 'closed' LIMIT 1")).id;
  const exported = (await one("SELECT id FROM settlement_batches WHERE status IN ('exported', 'paid') LIMIT 1")).id;
  const refundTransfer = (await one("SELECT id FROM funder_refund_transfers WHERE status IN ('exported', 'paid') LIMIT 1")).id;
  const code = (await distributedCodes(testApp, programme))[0];
  const proof = await one('SELECT id, organisation_id FROM bank_details WHERE proof_file_name IS NOT NULL LIMIT 1');
  const evidence = await one('SELECT id, application_id FROM qualification_evidence LIMIT 1');
  const place = await one("SELECT id FROM places WHERE nom = 'Médiathèque Flora Tristan'");
  const balance = (await one('SELECT id FROM coverage_balances LIMIT 1')).id;
  return {
    'GET /api/funds-coverage/balances/{id}/statement': `/api/funds-coverage/balances/${balance}/statement`,
    'GET /api/cheques/{code}/status': `/api/cheques/${code}/status`,
    'GET /api/cheques/{code}/feedback': `/api/cheques/${code}/feedback`,
    'GET /api/organisations/{organisationId}/bank-details/{id}/proof': `/api/organisations/${proof.organisation_id}/bank-details/${proof.id}/proof`,
    'GET /api/qualification/applications/{id}/evidence/{evidenceId}': `/api/qualification/applications/${evidence.application_id}/evidence/${evidence.id}`,
    'GET /api/redemptions/offline-bundle': `/api/redemptions/offline-bundle?placeId=${place.id}`,
    'GET /api/ledger/entries': '/api/ledger/entries?account=bank',
    'GET /api/programmes/{id}/booklets.pdf': `/api/programmes/${programme}/booklets.pdf?from=1&to=1`,
    'GET /api/programmes/{id}/statements/order.pdf': `/api/programmes/${programme}/statements/order.pdf`,
    'GET /api/programmes/{id}/statements/closing.pdf': `/api/programmes/${closed}/statements/closing.pdf`,
    'GET /api/reporting/programmes/{id}/summary.pdf': `/api/reporting/programmes/${programme}/summary.pdf`,
    'GET /api/settlement/batches/{id}/sepa.xml': `/api/settlement/batches/${exported}/sepa.xml`,
    'GET /api/booklets/{serial}/reissue': `/api/booklets/${handedOut}/reissue`,
    'GET /api/stock/transfer-destinations': `/api/stock/transfer-destinations?programmeId=${programme}`,
    'GET /api/funder-refund-transfers/{id}/sepa.xml': `/api/funder-refund-transfers/${refundTransfer}/sepa.xml`,
    'GET /api/communes': '/api/communes?q=M%C3%A9rignac',
    'GET /api/communes/{code}': '/api/communes/33281',
    'GET /api/nearest-places': '/api/nearest-places?commune=33281',
    'GET /api/where-to-use.pdf': '/api/where-to-use.pdf?commune=33281&format=A5',
  };
}

describe('OpenAPI document', () => {
  let testApp: TestApp;
  let document: OpenApi;
  let oidcProvider: TestOidcProvider;

  beforeAll(async () => {
    // ProConnect on, so that its routes answer what they document rather than 404.
    oidcProvider = await startOidcProvider({
      redirectUri: 'http://127.0.0.1/api/auth/proconnect/callback',
      postLogoutRedirectUri: 'http://127.0.0.1/connexion',
      accounts: {},
    });
    testApp = await startTestApp({ env: proconnectEnv(oidcProvider) });
    document = (await testApp.anonymous().get('/api/openapi.json').expect(200)).body as OpenApi;
  });
  afterAll(async () => {
    await testApp.close();
    await oidcProvider.close();
  });

  it('is valid OpenAPI 3.0 with one operation id per operation', async () => {
    await SwaggerParser.validate(structuredClone(document) as never);
    expect(document.openapi).toBe('3.0.3');
    const ids = documentedOperations(document).map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has no operation without a description, security requirement, success schema or error answers', () => {
    const incomplete = incompleteOperations(document);
    const report = incomplete.map(({ key, missing }) => `${key}: ${missing.join(', ')}`).join('\n');
    expect(`${incomplete.length} of ${documentedOperations(document).length} operations incomplete\n${report}`).toBe(
      `0 of ${documentedOperations(document).length} operations incomplete\n`,
    );
  });

  it('has only examples that are valid against their schema', () => {
    const problems = invalidExamples(document);
    const report = problems.map(({ where, example, errors }) => `${where}: ${JSON.stringify(example)}: ${errors.join('; ')}`).join('\n');
    expect(`${problems.length} invalid example(s)\n${report}`).toBe('0 invalid example(s)\n');
  });

  it('names this deployment as its server and describes the error shape with every code', () => {
    expect(document.servers).toEqual([{ url: testApp.publicUrl, description: 'This deployment (PUBLIC_URL)' }]);
    const error = document.components?.schemas?.Error as { required: string[]; properties: { code: { enum: string[] } } };
    expect(error.required).toEqual(['code', 'message', 'details']);
    expect(error.properties.code.enum).toEqual([...ERROR_CODES]);
  });

  it('derives security from the access decorators: public, session only, or session or API token with scopes', () => {
    const operation = (key: string) => documentedOperations(document).find((candidate) => candidate.key === key)?.operation ?? {};
    expect(operation('GET /api/places').security).toEqual([]);
    expect(operation('POST /api/auth/login').security).toEqual([]);
    expect(operation('POST /api/programmes').security).toEqual([{ session: [] }]);
    expect(operation('GET /api/settlement/batches').security).toEqual([{ session: [] }, { apiToken: [] }]);
    expect(operation('GET /api/settlement/batches')['x-api-token-scopes']).toEqual(['settlement:read']);
    expect(operation('GET /api/settlement/batches').description).toContain(
      '**Access:** signed-in people with the role `operator_admin`, `operator_reviewer` (session cookie), or an API token of an organisation of kind `operator` with the scope `settlement:read`.',
    );
    expect(operation('POST /api/programmes').responses).toMatchObject({
      '401': { content: { 'application/json': { schema: { $ref: ERROR_REF } } } },
      '403': { content: { 'application/json': { schema: { $ref: ERROR_REF } } } },
    });
    expect(operation('GET /api/health').responses).not.toHaveProperty('401');
  });

  it('answers with the media types and bodies it documents, for every GET as every demo role', async () => {
    const actors: Array<{ name: string; agent: TestAgent }> = [{ name: 'anonymous', agent: testApp.anonymous() }];
    for (const [name, email] of Object.entries(DEMO)) actors.push({ name, agent: await loginAs(testApp, email) });
    const schemas = new DocumentSchemas(document);
    const pools = new ValuePools();
    const problems: string[] = [];
    const answered = new Set<string>();
    const urls = await demoUrls(testApp);
    const gets = documentedOperations(document).filter(({ method }) => method === 'get');
    // Lists first, so that the detail routes get the ids they show.
    const ordered = [...gets.filter(({ path }) => !path.includes('{')), ...gets.filter(({ path }) => path.includes('{'))];
    for (const { key, path } of ordered) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const { name, agent } of actors) {
        let url = urls[key] ?? path;
        for (const parameter of names) {
          const value = [...(KNOWN_VALUES[parameter] ?? []), ...pools.candidatesFor(path, parameter)][0];
          if (value) url = url.replace(`{${parameter}}`, encodeURIComponent(value));
        }
        if (url.includes('{')) continue;
        // Files and text have one shape: one 200 of them is enough (JSON bodies differ by role).
        if (answered.has(key) && !isJsonMediaType(documentedMediaType(document, key))) continue;
        const response = (await raw(agent.get(url))) as Response & { body: Buffer };
        if (response.status >= 500) problems.push(`${key} as ${name}: ${response.status}`);
        const problem = undocumentedAnswer(document, schemas, {
          key,
          status: response.status,
          contentType: String(response.headers['content-type'] ?? ''),
          body: response.body,
        });
        if (problem) problems.push(`${problem} (as ${name}, ${url})`);
        if (response.status !== 200) continue;
        answered.add(key);
        const mediaType = String(response.headers['content-type']).split(';')[0];
        if (isJsonMediaType(mediaType)) {
          const list =
            path
              .split('/')
              .filter((segment) => segment && !segment.startsWith('{'))
              .pop() ?? '';
          pools.harvest(list, JSON.parse(response.body.toString('utf8')));
        }
      }
    }
    const unchecked = gets.filter(({ key }) => !answered.has(key) && !NEVER_OK[key]).map(({ key }) => key);
    expect({ problems, unchecked }).toEqual({ problems: [], unchecked: [] });
  });

  it('answers redemptions, offline syncs, undos and ratings with the bodies it documents', async () => {
    const schemas = new DocumentSchemas(document);
    const fixture = await redemptionFixture(testApp);
    const agent = fixture.placeAgent;
    const check = (key: string, response: Response): string | null =>
      undocumentedAnswer(document, schemas, {
        key,
        status: response.status,
        contentType: String(response.headers['content-type'] ?? ''),
        body: Buffer.from(response.text ?? ''),
      });
    const [first, second, third] = fixture.codes;
    const verified = await agent
      .post('/api/redemptions/verify')
      .send({ cheque: await qrContentOf(testApp, first), serviceId: fixture.workshopId });
    const redeemed = await redeem(agent, [await qrContentOf(testApp, first)], fixture.workshopId);
    const refused = await redeem(agent, [await qrContentOf(testApp, first)], fixture.workshopId);
    const synced = await agent.post('/api/redemptions/sync').send({
      items: [{ id: randomUUID(), cheques: [second], serviceId: fixture.supportId, scannedAt: new Date().toISOString() }],
    });
    const undone = await agent.post(`/api/redemptions/${redeemed.body.id}/undo`).send({ reason: 'Mauvais service sélectionné.' });
    const feedback = await testApp
      .anonymous()
      .post(`/api/cheques/${third}/feedback`)
      .send({ rating: 4, learned: true, solved: false, willReturn: true });
    expect([verified.status, redeemed.status, refused.status, synced.status, undone.status]).toEqual([200, 201, 409, 200, 200]);
    expect(synced.body.results[0].status).toBe('accepted');
    const problems = [
      check('POST /api/redemptions/verify', verified),
      check('POST /api/redemptions', redeemed),
      check('POST /api/redemptions', refused),
      check('POST /api/redemptions/sync', synced),
      check('POST /api/redemptions/{id}/undo', undone),
      check('POST /api/cheques/{code}/feedback', feedback),
    ].filter(Boolean);
    expect(problems).toEqual([]);
  });
});
