/**
 * Hostile requests generated from the API's own OpenAPI document with fast-check (see
 * test/e2e/openapi-fuzz.e2e-spec.ts and docs/hostile-input.md): for each operation, requests
 * that are mostly valid (values taken from the schema's examples, enums, formats and the demo's
 * real ids) with one part made hostile, so that they reach deep into the services, plus requests
 * that are hostile as a whole (deep nesting, wrong content types, long parameters).
 */
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, as much as we read of it.

export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema?: SchemaObject }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface Operation {
  /** "GET /api/programmes/{id}" */
  key: string;
  method: string;
  path: string;
  pathParams: ParameterObject[];
  queryParams: ParameterObject[];
  headerParams: ParameterObject[];
  /** Media types of the request body, if the operation has one. */
  bodyTypes: string[];
  bodySchema?: SchemaObject;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const bodyTypes = Object.keys(content);
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        headerParams: parameters.filter((p) => p.in === 'header'),
        bodyTypes,
        bodySchema: bodyTypes.includes('application/json') ? resolve(document, content['application/json'].schema ?? {}) : undefined,
      });
    }
  }
  return operations;
}

/** The schema with its $refs and allOfs replaced by what they point to (our DTOs have no cycles). */
function resolve(document: OpenApiDocument, schema: SchemaObject, depth = 0): SchemaObject {
  if (depth > 8) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(document, document.components?.schemas?.[name] ?? {}, depth + 1);
  }
  let resolved: SchemaObject = { ...schema };
  if (schema.allOf) {
    for (const part of schema.allOf) {
      const inner = resolve(document, part, depth + 1);
      resolved = { ...inner, ...resolved, properties: { ...inner.properties, ...resolved.properties } };
    }
    delete resolved.allOf;
  }
  if (resolved.items) resolved.items = resolve(document, resolved.items, depth + 1);
  if (resolved.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(resolved.properties).map(([name, property]) => [name, resolve(document, property, depth + 1)]),
    );
  }
  return resolved;
}

// ---------------------------------------------------------------------------------------------
// Real values of the demo (ids, serials, cheque codes), so that path parameters name real objects.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHEQUE_CODE = /^[0-9A-Z]{4}(-?[0-9A-Z]{4}){3}-?[0-9A-Z]$/;
const SERIAL = /^[0-9A-Z]{4}-\d{5}$/;

/**
 * Values seen in the API's answers, by pool: "programmes" holds the ids of the items listed by
 * GET /api/programmes, "placeId" every placeId seen, "uuid" every uuid, "serial" and "code"
 * booklet serials and cheque codes.
 */
export class ValuePools {
  private readonly pools = new Map<string, Set<string>>();
  private readonly excluded = new Set<string>();

  /** Never hand out this value (e.g. the fuzzer's own API tokens and sessions). */
  exclude(value: string): void {
    this.excluded.add(value);
    for (const pool of this.pools.values()) pool.delete(value);
  }

  add(pool: string, value: string): void {
    if (this.excluded.has(value)) return;
    this.addUnchecked(pool, value);
  }

  /** Adds the value even if excluded elsewhere (e.g. the spare sessions, which alone may be ended by id). */
  addUnchecked(pool: string, value: string): void {
    let set = this.pools.get(pool);
    if (!set) this.pools.set(pool, (set = new Set()));
    if (set.size < 200) set.add(value);
  }

  get(pool: string): string[] {
    return [...(this.pools.get(pool) ?? [])].sort();
  }

  /** Everything in an answer: `list` names the pool of the ids of its top-level items. */
  harvest(list: string, body: unknown, depth = 0, parentKey = list): void {
    if (depth > 6 || body === null || typeof body !== 'object') return;
    if (Array.isArray(body)) {
      for (const item of body.slice(0, 60)) this.harvest(list, item, depth + 1, parentKey);
      return;
    }
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') {
        if (UUID.test(value)) {
          this.add('uuid', value);
          this.add(key === 'id' ? parentKey : key, value);
        }
        if (SERIAL.test(value)) this.add('serial', value);
        else if (CHEQUE_CODE.test(value)) this.add('code', value);
      } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        for (const v of value as string[]) if (CHEQUE_CODE.test(v) && !SERIAL.test(v)) this.add('code', v);
      } else {
        // Items of a page ({ items: [...] }) belong to the list; other nested arrays to their key.
        this.harvest(list, value, depth + 1, key === 'items' ? parentKey : key);
      }
    }
  }

  /** Pools to draw a path parameter from: the segment before it ("programmes/{id}"), then its own name. */
  candidatesFor(path: string, name: string): string[] {
    const segments = path.split('/');
    const index = segments.indexOf(`{${name}}`);
    const before = index > 0 ? segments[index - 1] : '';
    const byName: Record<string, string[]> = {
      serial: this.get('serial'),
      code: this.get('code'),
      organisationId: this.get('organisations'),
      entryId: [...this.get('entryId'), ...this.get('entries')],
      evidenceId: [...this.get('evidence'), ...this.get('evidenceId')],
    };
    const own = byName[name] ?? [];
    const fromSegment = name === 'id' ? this.get(before) : [];
    const plural = name.endsWith('Id') ? this.get(`${name.slice(0, -2)}s`) : [];
    return [...new Set([...own, ...fromSegment, ...plural, ...this.get(name)])];
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

/** A marker replaced, once serialised, by text JSON.stringify cannot produce (deep nesting). */
const DEEP_ARRAYS = '\u0001deep-arrays\u0001';
const DEEP_OBJECTS = '\u0001deep-objects\u0001';
const NESTING = 5_000;

export interface Labelled<T> {
  label: string;
  value: T;
}

const labelled = <T>(label: string, value: T): Labelled<T> => ({ label, value });

/** Dates PostgreSQL or JavaScript cannot hold, or that do not exist. */
export const HOSTILE_DATES = [
  '-271821-04-20',
  '+275760-09-13',
  '0000-01-01',
  '0001-01-01',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '9999-12-31',
  '9999-12-31T23:59:59Z',
  '99999-01-01',
  '1900-01-01T00:00:00+25:00',
  '-000001-01-01T00:00:00Z',
  '2026-11-23T25:61:00Z',
  '1969-12-31T23:59:59.999999999Z',
];

const HOSTILE_NUMBERS = [-1, 0, -2147483649, 2147483648, 2 ** 53 + 2, 1e21, 1e308, -1e308, 0.5, -0.000001, 1e-320];

/** A string field made hostile. */
export const hostileString: fc.Arbitrary<Labelled<unknown>> = fc.oneof(
  fc.constant(labelled('NUL byte', 'a\u0000b')),
  fc.constant(labelled('lone surrogate', 'a\ud800b')),
  fc.constant(labelled('lone low surrogate', '\udfff')),
  fc.constant(labelled('5,000 characters', 'x'.repeat(5_000))),
  fc.constant(labelled('60,000 characters', 'é'.repeat(60_000))),
  fc.constant(labelled('empty string', '')),
  fc.constant(labelled('spaces only', '   ')),
  fc.constant(labelled('control characters', '\u0007\u001b[31m\r\n\u2028')),
  fc.constantFrom(...HOSTILE_DATES).map((date) => labelled(`date ${date}`, date)),
  fc.constant(labelled('non-uuid id', '00000000-0000-0000-0000-00000000000g')),
  fc.constant(labelled('SQL-looking', "' OR 1=1 --")),
  fc.constant(labelled('percent escapes', '%00%ff%')),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => labelled('random unicode', s)),
);

/** A value of the wrong type, or a number out of any sane range. */
export const hostileValue: fc.Arbitrary<Labelled<unknown>> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS).map((n) => labelled(`number ${n}`, n)) },
  { weight: 1, arbitrary: fc.integer().map((n) => labelled('integer', n)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Labelled<unknown>>(
      labelled('null', null),
      labelled('true', true),
      labelled('empty object', {}),
      labelled('empty array', []),
      labelled('array of strings', ['a', 'b']),
      labelled('object', { $gt: '' }),
      labelled('prototype key', JSON.parse('{"__proto__":{"admin":true}}')),
      labelled('string number', '12'),
      labelled(
        '10,000-item array',
        Array.from({ length: 10_000 }, () => 1),
      ),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(labelled('5,000 nested arrays', DEEP_ARRAYS), labelled('5,000 nested objects', DEEP_OBJECTS)) },
);

/** A path parameter made hostile, as it goes in the URL (already percent-encoded where needed). */
const hostilePathSegment: fc.Arbitrary<Labelled<string>> = fc.constantFrom(
  labelled('non-uuid id', 'not-a-uuid'),
  labelled('nearly a uuid', '00000000-0000-0000-0000-00000000000g'),
  labelled('nil uuid', '00000000-0000-0000-0000-000000000000'),
  labelled('NUL byte', 'a%00b'),
  labelled('lone surrogate', '%ED%A0%80'),
  labelled('invalid UTF-8', '%ff'),
  labelled('5,000 characters', 'x'.repeat(5_000)),
  labelled('negative number', '-1'),
  labelled('huge number', '99999999999999999999999'),
  labelled('date', '-271821-04-20'),
  labelled('dot dot', '..'),
  labelled('encoded slash', 'a%2Fb'),
  labelled('spaces', '%20%20'),
);

// ---------------------------------------------------------------------------------------------
// Valid-looking values from the schema.

const VALID_DATE = fc.constantFrom('2026-11-01', '2026-12-31', '2027-06-15', '2025-01-01');
const VALID_INSTANT = fc.constantFrom('2026-11-23T09:15:00.000Z', '2026-12-01T00:00:00Z', '2027-01-15T12:00:00+01:00');

/** Values that look right for this field: its example, enum, format, or what its name suggests. */
export function validValue(schema: SchemaObject, name: string, pools: ValuePools, depth = 0): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const type = schema.type ?? (schema.properties ? 'object' : typeof schema.example === 'number' ? 'number' : 'string');
  switch (type) {
    case 'object': {
      if (depth > 4 || !schema.properties) return fc.constant({});
      const required = new Set(schema.required ?? []);
      const fields = Object.fromEntries(
        Object.entries(schema.properties).map(([key, property]) => [key, validValue(property, key, pools, depth + 1)]),
      );
      return fc.record(fields, { requiredKeys: Object.keys(fields).filter((key) => required.has(key)) });
    }
    case 'array': {
      if (Array.isArray(schema.example) && schema.example.length > 0) {
        return fc.oneof(fc.constant(schema.example), fc.array(validValue(schema.items ?? {}, name, pools, depth + 1), { maxLength: 3 }));
      }
      return fc.array(validValue(schema.items ?? {}, name, pools, depth + 1), { minLength: 1, maxLength: 3 });
    }
    case 'number':
    case 'integer': {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? Math.max(min + 100, typeof schema.example === 'number' ? schema.example * 2 : 100);
      const options: fc.Arbitrary<unknown>[] = [fc.integer({ min: Math.ceil(min), max: Math.floor(max) })];
      if (typeof schema.example === 'number') options.push(fc.constant(schema.example));
      if (typeof schema.default === 'number') options.push(fc.constant(schema.default));
      return fc.oneof(...options);
    }
    case 'boolean':
      return fc.boolean();
    default:
      return validString(schema, name, pools);
  }
}

function validString(schema: SchemaObject, name: string, pools: ValuePools): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  const lower = name.toLowerCase();
  if (schema.format === 'date-time' || lower.endsWith('at') || lower === 'at') options.push(VALID_INSTANT);
  if (['from', 'to', 'receivedon', 'handedouton', 'paidon', 'executionday'].includes(lower) || lower.endsWith('on')) {
    options.push(VALID_DATE, VALID_INSTANT);
  }
  if (schema.format === 'uuid' || lower === 'id' || lower.endsWith('id')) {
    const known = [...pools.get(name), ...pools.get(`${name.replace(/Id$/, '')}s`)];
    options.push(known.length > 0 ? fc.constantFrom(...known) : fc.uuid(), fc.uuid());
    const any = pools.get('uuid');
    if (any.length > 0) options.push(fc.constantFrom(...any));
  }
  if (lower.includes('serial'))
    options.push(pools.get('serial').length > 0 ? fc.constantFrom(...pools.get('serial')) : fc.constant('ZZZZ-00001'));
  if (lower.includes('cheque') || lower === 'code') {
    const codes = pools.get('code');
    if (codes.length > 0) options.push(fc.constantFrom(...codes));
  }
  if (typeof schema.example === 'string') options.push(fc.constant(schema.example));
  if (options.length === 0) options.push(fc.string({ minLength: 1, maxLength: 20 }));
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------
// Requests.

export interface FuzzRequest {
  operation: string;
  actor: string;
  method: string;
  /** Path and query, percent-encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What was made hostile. */
  mutation: string;
}

/** Encodes like encodeURIComponent, except that lone surrogates become their (invalid) UTF-8 bytes. */
export function encodeComponent(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** JSON with the deep-nesting markers expanded. */
export function serialise(value: unknown): string {
  return JSON.stringify(value)
    .replace(JSON.stringify(DEEP_ARRAYS), '['.repeat(NESTING) + ']'.repeat(NESTING))
    .replace(JSON.stringify(DEEP_OBJECTS), '{"a":'.repeat(NESTING) + '1' + '}'.repeat(NESTING));
}

const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** Bodies that are not what the route expects, with the content type they claim. */
const wrongBody: fc.Arbitrary<Labelled<{ type: string; body: string | Buffer }>> = fc.constantFrom(
  labelled('5,000 nested arrays', { type: 'application/json', body: '['.repeat(NESTING) + ']'.repeat(NESTING) }),
  labelled('5,000 nested objects', { type: 'application/json', body: '{"a":'.repeat(NESTING) + '1' + '}'.repeat(NESTING) }),
  labelled('JSON array body', { type: 'application/json', body: '[1,2,3]' }),
  labelled('JSON string body', { type: 'application/json', body: '"text"' }),
  labelled('JSON null body', { type: 'application/json', body: 'null' }),
  labelled('JSON number body', { type: 'application/json', body: '1e400' }),
  labelled('malformed JSON', { type: 'application/json', body: '{"a": ' }),
  labelled('empty JSON body', { type: 'application/json', body: '' }),
  labelled('NUL in JSON key', { type: 'application/json', body: '{"\\u0000":1}' }),
  labelled('text/plain body', { type: 'text/plain', body: 'hello' }),
  labelled('form body', { type: 'application/x-www-form-urlencoded', body: 'name=x&kind=place' }),
  labelled('CSV body', { type: 'text/csv', body: 'a,b\n1,2\n' }),
  labelled('PNG body', { type: 'image/png', body: Buffer.concat([PNG_HEADER, Buffer.alloc(64, 7)]) }),
  labelled('PDF body', { type: 'application/pdf', body: '%PDF-1.4\n<html></html>' }),
  labelled('XML body', { type: 'application/xml', body: '<a/>' }),
  labelled('JSON with charset latin1', { type: 'application/json; charset=latin1', body: '{}' }),
);

/** Bodies for the upload routes (PNG, JPEG, PDF, CSV): of the right kind, or not. */
const fileBody = (types: string[], hostile: boolean): fc.Arbitrary<Labelled<{ type: string; body: string | Buffer }>> =>
  hostile
    ? fc.oneof(
        fc.constantFrom(
          labelled('empty file', { type: types[0], body: Buffer.alloc(0) }),
          labelled('file of another type', { type: types[types.length - 1], body: 'not that at all' }),
          labelled('JSON instead of a file', { type: 'application/json', body: '{"a":1}' }),
        ),
        wrongBody,
      )
    : fc.constantFrom(
        ...types.map((type) => {
          if (type === 'text/csv') return labelled('', { type, body: 'pivot,nom\n21330063500017,x\n' });
          if (type === 'application/pdf') return labelled('', { type, body: '%PDF-1.4\n%%EOF\n' });
          if (type === 'image/jpeg') return labelled('', { type, body: Buffer.from('ffd8ffe000104a464946', 'hex') });
          return labelled('', { type, body: Buffer.concat([PNG_HEADER, Buffer.alloc(32, 1)]) });
        }),
      );

export interface Actor {
  name: string;
  headers: Record<string, string>;
}

export interface GeneratorOptions {
  pools: ValuePools;
  /** Most requests come from the actors the operation admits, the others from anyone. */
  actors: { admitted: Actor[]; all: Actor[] };
}

/** A hostile value fit for this field: impossible dates for a date, out-of-range numbers for a number, anything for the rest. */
export function hostileFor(schema: SchemaObject, name: string): fc.Arbitrary<Labelled<unknown>> {
  const lower = name.toLowerCase();
  const dateLike = schema.format === 'date-time' || ['from', 'to', 'at', 'cutoff'].includes(lower) || /(on|at|date|day)$/.test(lower);
  if (dateLike) {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_DATES).map((date) => labelled(`date ${date}`, date)) },
      { weight: 1, arbitrary: hostileValue },
    );
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS).map((n) => labelled(`number ${n}`, n)) },
      { weight: 1, arbitrary: hostileValue },
    );
  }
  return hostileValue;
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'path' | 'query' | 'header'; index: number; value: Labelled<unknown> }
  | { kind: 'body'; value: BodyChoice }
  | { kind: 'extra'; value: Labelled<string> };

/**
 * A fast-check arbitrary of requests to one operation: valid-looking parts (real ids, the
 * schema's examples and enums) with at most one of them made hostile, so that most requests
 * get past the validation of the others.
 */
export function requestsFor(operation: Operation, options: GeneratorOptions): fc.Arbitrary<FuzzRequest> {
  const { pools } = options;
  const { pathParams, queryParams, headerParams } = operation;
  const pathValid = (param: ParameterObject): fc.Arbitrary<string> => {
    const known = pools.candidatesFor(operation.path, param.name);
    const valid: fc.Arbitrary<string>[] = [fc.uuid()];
    if (param.schema?.type === 'number') valid.push(fc.integer({ min: 1, max: 3 }).map(String));
    if (param.name === 'tableId') valid.push(fc.constantFrom('programmes', 'places', 'territories', 'services'));
    if (known.length === 0) return fc.oneof(...valid);
    return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...known).map(encodeComponent) }, { weight: 1, arbitrary: fc.oneof(...valid) });
  };
  const queryValid = (param: ParameterObject): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: param.required ? 1 : 3, arbitrary: fc.constant(undefined) },
      { weight: 5, arbitrary: validValue(param.schema ?? {}, param.name, pools) },
    );
  const headerValid = (param: ParameterObject): fc.Arbitrary<string | undefined> =>
    fc.oneof(
      { weight: param.required ? 1 : 4, arbitrary: fc.constant(undefined) },
      { weight: 5, arbitrary: fc.uuid().map((id) => (param.name.startsWith('If-') ? `"${id}"` : id)) },
    );
  const headerHostile = fc.constantFrom(
    labelled('2,000 characters', 'k'.repeat(2_000)),
    labelled('latin-1', 'clé-é'),
    labelled(`date ${HOSTILE_DATES[0]}`, HOSTILE_DATES[0]),
    labelled('empty', ''),
    labelled('20,000 characters', 'k'.repeat(20_000)),
  );
  const body = bodyFor(operation, pools);
  const indexOf = (n: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: n - 1 });

  const mutations: fc.WeightedArbitrary<Mutation>[] = [
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 1,
      arbitrary: fc.constant({ kind: 'extra' as const, value: labelled('unknown query parameter, 5,000 characters', 'y'.repeat(5_000)) }),
    },
  ];
  if (pathParams.length > 0) {
    mutations.push({
      weight: 2,
      arbitrary: fc
        .tuple(indexOf(pathParams.length), hostilePathSegment)
        .map(([index, value]) => ({ kind: 'path' as const, index, value })),
    });
  }
  if (queryParams.length > 0) {
    mutations.push({
      weight: 4,
      arbitrary: indexOf(queryParams.length).chain((index) =>
        hostileFor(queryParams[index].schema ?? {}, queryParams[index].name).map((value) => ({ kind: 'query' as const, index, value })),
      ),
    });
  }
  if (headerParams.length > 0) {
    mutations.push({
      weight: 1,
      arbitrary: fc.tuple(indexOf(headerParams.length), headerHostile).map(([index, value]) => ({ kind: 'header' as const, index, value })),
    });
  }
  if (body.hostile) {
    mutations.push({ weight: operation.bodySchema ? 8 : 2, arbitrary: body.hostile.map((value) => ({ kind: 'body' as const, value })) });
  }
  const admitted = options.actors.admitted.length > 0 ? options.actors.admitted : options.actors.all;

  return fc
    .record({
      actor: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...admitted) },
        { weight: 1, arbitrary: fc.constantFrom(...options.actors.all) },
      ),
      path: fc.tuple(...pathParams.map(pathValid)),
      query: fc.tuple(...queryParams.map(queryValid)),
      headers: fc.tuple(...headerParams.map(headerValid)),
      body: body.valid,
      mutation: fc.oneof(...mutations),
    })
    .map(({ actor, path, query, headers, body: validBody, mutation }) => {
      const label = (kind: string, name: string, value: Labelled<unknown>): string => `${kind} ${name}: ${value.label}`;
      let url = operation.path;
      pathParams.forEach((param, i) => {
        const value = mutation.kind === 'path' && mutation.index === i ? String(mutation.value.value) : path[i];
        url = url.replace(`{${param.name}}`, value);
      });
      const pairs: string[] = [];
      queryParams.forEach((param, i) => {
        const value = mutation.kind === 'query' && mutation.index === i ? mutation.value.value : query[i];
        if (value === undefined) return;
        for (const v of (Array.isArray(value) ? value : [value]).slice(0, 4)) {
          const text = typeof v === 'string' ? v : v !== null && typeof v === 'object' ? serialise(v) : String(v);
          pairs.push(`${encodeComponent(param.name)}=${encodeComponent(text)}`);
        }
      });
      if (mutation.kind === 'extra') pairs.push(`zz=${mutation.value.value}`);
      if (pairs.length > 0) url += `?${pairs.join('&')}`;
      const requestHeaders: Record<string, string> = { ...actor.headers };
      headerParams.forEach((param, i) => {
        const value = mutation.kind === 'header' && mutation.index === i ? String(mutation.value.value) : headers[i];
        if (value !== undefined) requestHeaders[param.name] = value;
      });
      const chosenBody = mutation.kind === 'body' ? mutation.value : validBody;
      let payload: string | Buffer | undefined;
      if (chosenBody) {
        requestHeaders['Content-Type'] = chosenBody.value.type;
        payload = chosenBody.value.body;
      }
      let description = 'valid-looking';
      if (mutation.kind === 'path') description = label('path', pathParams[mutation.index].name, mutation.value);
      if (mutation.kind === 'query') description = label('query', queryParams[mutation.index].name, mutation.value);
      if (mutation.kind === 'header') description = label('header', headerParams[mutation.index].name, mutation.value);
      if (mutation.kind === 'extra') description = mutation.value.label;
      if (mutation.kind === 'body') description = mutation.value?.label ?? 'no body';
      return {
        operation: operation.key,
        actor: actor.name,
        method: operation.method,
        url,
        headers: requestHeaders,
        body: payload,
        mutation: description,
      };
    });
}

type BodyChoice = Labelled<{ type: string; body: string | Buffer }> | null;

/** Valid-looking bodies, and hostile ones (null: the operation takes no body and is sent none). */
function bodyFor(operation: Operation, pools: ValuePools): { valid: fc.Arbitrary<BodyChoice>; hostile: fc.Arbitrary<BodyChoice> | null } {
  if (operation.bodySchema) {
    const schema = operation.bodySchema;
    const valid = validValue(schema, '', pools) as fc.Arbitrary<Record<string, unknown>>;
    const fields = Object.keys(schema.properties ?? {});
    const json = (label: string, value: unknown): BodyChoice => labelled(label, { type: 'application/json', body: serialise(value) });
    const options: fc.WeightedArbitrary<BodyChoice>[] = [
      { weight: 3, arbitrary: wrongBody },
      { weight: 1, arbitrary: valid.map((value) => json('unknown field', { ...value, unexpected: 1 })) },
    ];
    if (fields.length > 0) {
      options.push({
        weight: 8,
        arbitrary: fc
          .constantFrom(...fields)
          .chain((field) => fc.tuple(valid, fc.constant(field), hostileFor(schema.properties?.[field] ?? {}, field)))
          .map(([value, field, hostile]) => json(`body ${field}: ${hostile.label}`, { ...value, [field]: hostile.value })),
      });
      // One field inside an array of objects (e.g. answers[0].text, items[0].cheques).
      const nested = fields.filter((field) => schema.properties?.[field]?.items?.properties);
      if (nested.length > 0) {
        options.push({
          weight: 3,
          arbitrary: fc
            .tuple(valid, fc.constantFrom(...nested))
            .chain(([value, field]) => {
              const itemSchema = schema.properties?.[field]?.items ?? {};
              return fc
                .constantFrom(...Object.keys(itemSchema.properties ?? {}))
                .chain((inner) =>
                  fc.tuple(
                    fc.constant(value),
                    fc.constant(field),
                    fc.constant(inner),
                    validValue(itemSchema, field, pools),
                    hostileFor(itemSchema.properties?.[inner] ?? {}, inner),
                  ),
                );
            })
            .map(([value, field, inner, item, hostile]) =>
              json(`body ${field}[0].${inner}: ${hostile.label}`, {
                ...value,
                [field]: [{ ...(item as Record<string, unknown>), [inner]: hostile.value }],
              }),
            ),
        });
      }
    }
    return { valid: valid.map((value) => json('', value)), hostile: fc.oneof(...options) };
  }
  if (operation.bodyTypes.length > 0) return { valid: fileBody(operation.bodyTypes, false), hostile: fileBody(operation.bodyTypes, true) };
  // No body documented: none, or one anyway (not on GET).
  return { valid: fc.constant(null), hostile: operation.method === 'GET' ? null : wrongBody };
}

// ---------------------------------------------------------------------------------------------
// Answers.

export interface FuzzOutcome {
  request: FuzzRequest;
  status: number;
  contentType: string;
  text: string;
}

/** What is wrong with this answer (5xx, or a 4xx not in the documented shape), or null. */
export function problemOf(outcome: FuzzOutcome): string | null {
  if (outcome.status >= 500) return `${outcome.status}`;
  if (outcome.status < 400) return null;
  if (!/^application\/json\b/.test(outcome.contentType)) return `${outcome.status} not JSON (${outcome.contentType || 'no content type'})`;
  let body: unknown;
  try {
    body = JSON.parse(outcome.text);
  } catch {
    return `${outcome.status} unparsable JSON`;
  }
  const shape = body as { code?: unknown; message?: unknown } | null;
  const missing: string[] = [];
  if (typeof shape?.code !== 'string') missing.push('code');
  if (typeof shape?.message !== 'string') missing.push('message');
  if (shape === null || typeof shape !== 'object' || !('details' in shape)) missing.push('details');
  return missing.length > 0 ? `${outcome.status} without ${missing.join(', ')}` : null;
}

/** Failures grouped by operation, one line each: method, path, actor, status, body (truncated). */
export function describeFailures(failures: Array<{ outcome: FuzzOutcome; problem: string }>, limitPerOperation = 6): string {
  const byOperation = new Map<string, Array<{ outcome: FuzzOutcome; problem: string }>>();
  for (const failure of failures) {
    const list = byOperation.get(failure.outcome.request.operation) ?? [];
    list.push(failure);
    byOperation.set(failure.outcome.request.operation, list);
  }
  const counts = new Map<string, number>();
  for (const { problem } of failures) counts.set(problem, (counts.get(problem) ?? 0) + 1);
  const lines: string[] = [
    `By problem: ${[...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([problem, count]) => `${problem} ×${count}`)
      .join('; ')}`,
  ];
  for (const [operation, unsorted] of [...byOperation.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    // 5xx first: they matter most.
    const list = [...unsorted].sort((a, b) => Number(b.outcome.status >= 500) - Number(a.outcome.status >= 500));
    const problems = [...new Set(list.map((f) => f.problem))].join(', ');
    lines.push(`${operation}: ${list.length} failure(s) [${problems}]`);
    for (const { outcome, problem } of list.slice(0, limitPerOperation)) {
      const { request } = outcome;
      lines.push(
        `  ${request.method} ${truncate(request.url, 160)} as ${request.actor} (${request.mutation}) → ${problem}: ${truncate(outcome.text, 200)}`,
      );
    }
    if (list.length > limitPerOperation) lines.push(`  … and ${list.length - limitPerOperation} more`);
  }
  return lines.join('\n');
}

export function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length)}… (${flat.length} chars)` : flat;
}
