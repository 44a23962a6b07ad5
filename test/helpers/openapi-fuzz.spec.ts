import fc from 'fast-check';
import {
  encodeComponent,
  type FuzzOutcome,
  type OpenApiDocument,
  operationsOf,
  problemOf,
  requestsFor,
  serialise,
  ValuePools,
} from './openapi-fuzz';

const DOCUMENT: OpenApiDocument = {
  paths: {
    '/api/things/{id}': {
      patch: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingDto' } } } },
      },
    },
  },
  components: {
    schemas: {
      ThingDto: {
        type: 'object',
        properties: { name: { type: 'string', example: 'Atelier' }, size: { type: 'number', minimum: 1, maximum: 5 } },
        required: ['name'],
      },
    },
  },
};

const outcome = (status: number, text: string, contentType = 'application/json; charset=utf-8'): FuzzOutcome => ({
  request: { operation: 'GET /api/x', actor: 'anonymous', method: 'GET', url: '/api/x', headers: {}, mutation: 'valid-looking' },
  status,
  contentType,
  text,
});

describe('OpenAPI fuzz helpers', () => {
  it('flags 5xx and 4xx outside { code, message, details }, and nothing else', () => {
    expect(problemOf(outcome(200, 'whatever', 'application/pdf'))).toBeNull();
    expect(problemOf(outcome(404, '{"code":"not_found","message":"No such route","details":null}'))).toBeNull();
    expect(problemOf(outcome(500, '{"code":"internal_error","message":"x","details":null}'))).toBe('500');
    expect(problemOf(outcome(404, '{"code":"not_found","message":"No such route"}'))).toBe('404 without details');
    expect(problemOf(outcome(431, '{"error":"Too Large","message":"x","statusCode":431}'))).toBe('431 without code, details');
    expect(problemOf(outcome(400, 'Bad Request', 'text/plain'))).toBe('400 not JSON (text/plain)');
    expect(problemOf(outcome(400, '{"code":', 'application/json'))).toBe('400 unparsable JSON');
  });

  it('percent-encodes lone surrogates as their (invalid) UTF-8 bytes, like a hostile client would', () => {
    expect(encodeComponent('a\ud800b')).toBe('a%ED%A0%80b');
    expect(encodeComponent('é/\u0000')).toBe('%C3%A9%2F%00');
    expect(encodeComponent('😀')).toBe(encodeURIComponent('😀'));
  });

  it('expands the deep-nesting markers to 5,000 levels', () => {
    const requests = fc.sample(
      requestsFor(operationsOf(DOCUMENT)[0], { pools: new ValuePools(), actors: { admitted: [], all: [{ name: 'a', headers: {} }] } }),
      {
        seed: 1,
        numRuns: 400,
      },
    );
    const deep = requests.find((r) => r.mutation.includes('5,000 nested arrays'));
    expect(String(deep?.body)).toContain('['.repeat(5_000));
    expect(serialise({ a: 1 })).toBe('{"a":1}');
  });

  it('generates the same requests from the same seed, each with at most one hostile part', () => {
    const [operation] = operationsOf(DOCUMENT);
    expect(operation).toMatchObject({ key: 'PATCH /api/things/{id}', bodyTypes: ['application/json'] });
    const pools = new ValuePools();
    pools.add('things', '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f');
    const arbitrary = requestsFor(operation, { pools, actors: { admitted: [], all: [{ name: 'a', headers: {} }] } });
    const first = fc.sample(arbitrary, { seed: 7, numRuns: 200 });
    expect(fc.sample(arbitrary, { seed: 7, numRuns: 200 })).toEqual(first);
    for (const request of first) expect(request.mutation.split('; ')).toHaveLength(1);
    // Real ids are used for path parameters, and valid bodies carry the schema's example.
    expect(first.some((r) => r.url.startsWith('/api/things/3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f'))).toBe(true);
    expect(first.some((r) => r.mutation === 'valid-looking' && String(r.body).includes('"name":"Atelier"'))).toBe(true);
    expect(first.some((r) => r.mutation.startsWith('query from: date'))).toBe(true);
  });

  it('never hands out an excluded value (the fuzzer’s own tokens and sessions)', () => {
    const pools = new ValuePools();
    pools.exclude('3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f');
    pools.harvest('api-tokens', [{ id: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f' }, { id: '9c1d7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a' }]);
    expect(pools.get('api-tokens')).toEqual(['9c1d7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a']);
    expect(pools.candidatesFor('/api/api-tokens/{id}', 'id')).toEqual(['9c1d7c1e-2d4b-4a6c-9a53-1f0f3f5e9b1a']);
  });
});
