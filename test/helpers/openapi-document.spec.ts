/** The document checks find what they are meant to find (test/helpers/openapi-document.ts). */
import { DocumentSchemas, ERROR_REF, incompleteOperations, invalidExamples, type OpenApi, undocumentedAnswer } from './openapi-document';

const errors = { content: { 'application/json': { schema: { $ref: ERROR_REF } } } };

function documentWith(operation: Record<string, unknown>, schemas: Record<string, Record<string, unknown>> = {}): OpenApi {
  return {
    openapi: '3.0.3',
    paths: { '/api/things': { get: operation } },
    components: { schemas: { Error: { type: 'object' }, ...schemas } },
  };
}

const complete = {
  description: 'Lists the things.',
  security: [],
  responses: {
    '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
    '4XX': { description: 'refused', ...errors },
    '5XX': { description: 'failed', ...errors },
  },
};
const thing = {
  Thing: { type: 'object', required: ['day'], properties: { day: { type: 'string', format: 'date', example: '2026-11-23' } } },
};

describe('incompleteOperations', () => {
  it('passes a complete operation, with an explicit empty security for a public one', () => {
    expect(incompleteOperations(documentWith(complete, thing))).toEqual([]);
  });

  it('names what each operation lacks', () => {
    const { description: _description, security: _security, ...bare } = complete;
    const lacking = {
      ...bare,
      responses: { '200': { description: 'ok' }, '409': { description: 'refused' }, '4XX': complete.responses['4XX'] },
    };
    expect(incompleteOperations(documentWith(lacking, thing))).toEqual([
      {
        key: 'GET /api/things',
        missing: ['description', 'security requirement', 'success schema', 'error answers in the Error schema'],
      },
    ]);
  });

  it('accepts a 204 without a body (a 200 without one is lacking, above)', () => {
    const { '200': _ok, ...others } = complete.responses;
    const noContent = { ...complete, responses: { ...others, '204': { description: 'done' } } };
    expect(incompleteOperations(documentWith(noContent))).toEqual([]);
  });
});

describe('invalidExamples', () => {
  it('finds an example that contradicts its schema, anywhere in the document', () => {
    const wrong = { Thing: { type: 'object', properties: { day: { type: 'string', format: 'date', example: '2026-11-23T10:00:00Z' } } } };
    const withParameter = {
      ...complete,
      parameters: [{ name: 'size', in: 'query', schema: { type: 'integer', minimum: 1 }, example: 0 }],
    };
    expect(invalidExamples(documentWith(withParameter, wrong)).map(({ where }) => where)).toEqual([
      '#/components/schemas/Thing/properties/day/example',
      '#/paths/~1api~1things/get/parameters/0/example',
    ]);
  });

  it('reads nullable as allowing null', () => {
    const nullable = { Thing: { type: 'object', properties: { day: { type: 'string', nullable: true, example: null } } } };
    expect(invalidExamples(documentWith(complete, nullable))).toEqual([]);
  });
});

describe('undocumentedAnswer', () => {
  const document = documentWith(complete, thing);
  const schemas = new DocumentSchemas(document);
  const answer = (status: number, contentType: string, body: unknown) =>
    undocumentedAnswer(document, schemas, { key: 'GET /api/things', status, contentType, body: Buffer.from(JSON.stringify(body)) });

  it('accepts what the document says', () => {
    expect(answer(200, 'application/json; charset=utf-8', { day: '2026-11-23' })).toBeNull();
    expect(answer(404, 'application/json', { code: 'not_found' })).toBeNull();
  });

  it('names a body, a media type or a status the document does not describe', () => {
    expect(answer(200, 'application/json', { day: 'tomorrow' })).toBe(
      'GET /api/things 200: the body does not match its schema: /day must match format "date"',
    );
    expect(answer(200, 'text/csv', 'day')).toBe('GET /api/things 200: served as text/csv, documented as application/json');
    expect(answer(201, 'application/json', {})).toBe('GET /api/things answered 201, which it does not document');
  });
});
