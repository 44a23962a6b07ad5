/**
 * The OpenAPI document is complete and true (issue 17): every operation has a description, a
 * security requirement, a success schema and its errors in the Error schema; every example
 * is valid against its schema; the servers are PUBLIC_URL; and what the API really sends
 * (status, media type, body) matches what the document says.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { ERROR_CODES } from '@app/domain';
import {
  DocumentSchemas,
  documentedOperations,
  ERROR_REF,
  incompleteOperations,
  invalidExamples,
  type OpenApi,
} from '../helpers/openapi-document';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('OpenAPI document', () => {
  let testApp: TestApp;
  let document: OpenApi;

  beforeAll(async () => {
    testApp = await startTestApp();
    document = (await testApp.anonymous().get('/api/openapi.json').expect(200)).body as OpenApi;
  });
  afterAll(() => testApp.close());

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
});
