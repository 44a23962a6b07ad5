/**
 * Checks of the API's OpenAPI document (test/e2e/openapi-document.e2e-spec.ts): operations that
 * miss what a client needs (a description, a security requirement, a success schema, error answers
 * in the Error schema), examples that contradict their schema, and bodies the API really sends
 * checked against the schema it documents. Schemas are checked with Ajv, OpenAPI 3.0's `nullable`
 * included.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

export interface OpenApi {
  openapi: string;
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, Json>>;
  components?: { schemas?: Record<string, Json> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
export const ERROR_REF = '#/components/schemas/Error';

export interface DocumentedOperation {
  /** "GET /api/programmes/{id}" */
  key: string;
  method: string;
  path: string;
  operation: Json;
}

export function documentedOperations(document: OpenApi): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      method,
      path,
      operation: item[method],
    })),
  );
}

type Responses = Record<string, { content?: Record<string, { schema?: Json }> }>;

/**
 * 202 and 204 answers may have no body; every other success describes its body, per media type. A
 * 303 is the success of a route a browser is sent to (an OpenID redirect URI): it answers a Location.
 */
const BODILESS_SUCCESS = new Set(['202', '204', '303']);

/** What each operation lacks of a description, a security requirement, a success schema and error answers. */
export function incompleteOperations(document: OpenApi): Array<{ key: string; missing: string[] }> {
  const incomplete: Array<{ key: string; missing: string[] }> = [];
  for (const { key, operation } of documentedOperations(document)) {
    const missing: string[] = [];
    if (typeof operation.description !== 'string' || operation.description.trim() === '') missing.push('description');
    if (!Array.isArray(operation.security)) missing.push('security requirement');
    const responses = (operation.responses ?? {}) as Responses;
    const successes = Object.entries(responses).filter(([status]) => /^2/.test(status) || status === '303');
    const described = ([status, response]: [string, Responses[string]]): boolean =>
      response.content
        ? Object.keys(response.content).length > 0 && Object.values(response.content).every((media) => media.schema !== undefined)
        : BODILESS_SUCCESS.has(status);
    if (successes.length === 0 || !successes.every(described)) missing.push('success schema');
    const errors = Object.entries(responses).filter(([status]) => /^[45]/.test(status));
    const inErrorShape = ([, response]: [string, Responses[string]]): boolean =>
      Object.values(response.content ?? {}).length > 0 &&
      Object.values(response.content ?? {}).every((media) => (media.schema as Json | undefined)?.$ref === ERROR_REF);
    if (!responses['4XX'] || !responses['5XX'] || !errors.every(inErrorShape)) missing.push('error answers in the Error schema');
    if (missing.length > 0) incomplete.push({ key, missing });
  }
  return incomplete;
}

/**
 * An Ajv that knows the document's component schemas, with `#/components/schemas/X` references
 * and OpenAPI's own annotations (example, xml, externalDocs…). Formats are checked.
 */
export class DocumentSchemas {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApi) {
    this.ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, discriminator: true });
    addFormats(this.ajv);
    // OpenAPI 3.0 formats that JSON Schema leaves open (ajv-formats knows int32, int64, float, double, byte, binary, password).
    this.ajv.addKeyword({ keyword: 'example' });
    this.ajv.addKeyword({ keyword: 'xml' });
    this.ajv.addKeyword({ keyword: 'externalDocs' });
    this.ajv.addKeyword({ keyword: 'x-api-token-scopes' });
    this.ajv.addSchema({ $id: 'components', definitions: mapValues(document.components?.schemas ?? {}, forAjv) });
  }

  /** Errors of `value` against `schema` (a schema of the document), or null when it is valid. */
  check(schema: unknown, value: unknown): ErrorObject[] | null {
    const rewritten = forAjv(schema) as Json;
    const cacheKey = JSON.stringify(rewritten);
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(rewritten);
      this.compiled.set(cacheKey, validate);
    }
    return validate(value) ? null : (validate.errors ?? []);
  }
}

/**
 * A schema of the document as Ajv reads it: `#/components/schemas/X` references into the schema
 * added as "components", and OpenAPI 3.0's `nullable: true` as tools read it, null allowed
 * whatever the subschemas say (Nest writes a nullable DTO property as `allOf: [{ $ref }]`).
 */
function mapValues(object: Record<string, Json>, map: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}

function forAjv(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(forAjv);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Json;
  const schema = Object.fromEntries(
    Object.entries(rest).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string'
        ? [key, inner.replace('#/components/schemas/', 'components#/definitions/')]
        : [key, forAjv(inner)],
    ),
  );
  return nullable === true ? { anyOf: [{ type: 'null' }, schema] } : schema;
}

export interface ExampleProblem {
  /** Where the example is, as a JSON pointer into the document. */
  where: string;
  example: unknown;
  errors: string[];
}

/**
 * Every example of the document checked against the schema it illustrates: a schema's `example`,
 * a parameter's, a media type's (`example` and each of `examples`).
 */
export function invalidExamples(document: OpenApi): ExampleProblem[] {
  const schemas = new DocumentSchemas(document);
  const problems: ExampleProblem[] = [];
  const check = (where: string, schema: unknown, example: unknown): void => {
    let errors: ErrorObject[] | null;
    try {
      errors = schemas.check(schema, example);
    } catch (error) {
      problems.push({ where, example, errors: [`the schema does not compile: ${(error as Error).message}`] });
      return;
    }
    if (errors) problems.push({ where, example, errors: errors.map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`) });
  };
  const walkSchema = (where: string, schema: unknown): void => {
    if (schema === null || typeof schema !== 'object') return;
    if (Array.isArray(schema)) {
      schema.forEach((inner, index) => walkSchema(`${where}/${index}`, inner));
      return;
    }
    const object = schema as Json;
    if ('example' in object) check(`${where}/example`, object, object.example);
    for (const key of ['properties', 'patternProperties']) {
      for (const [name, inner] of Object.entries((object[key] as Json | undefined) ?? {})) walkSchema(`${where}/${key}/${name}`, inner);
    }
    for (const key of ['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf']) {
      if (object[key] !== undefined) walkSchema(`${where}/${key}`, object[key]);
    }
  };
  const walkMedia = (where: string, content: unknown): void => {
    for (const [type, media] of Object.entries((content as Record<string, Json> | undefined) ?? {})) {
      const at = `${where}/content/${type.replace(/\//g, '~1')}`;
      walkExamplesOf(at, media, media.schema);
      walkSchema(`${at}/schema`, media.schema);
    }
  };
  const walkExamplesOf = (where: string, holder: Json, schema: unknown): void => {
    if (schema === undefined) return;
    if ('example' in holder) check(`${where}/example`, schema, holder.example);
    for (const [name, example] of Object.entries((holder.examples as Record<string, Json> | undefined) ?? {})) {
      if ('value' in example) check(`${where}/examples/${name}`, schema, example.value);
    }
  };

  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) walkSchema(`#/components/schemas/${name}`, schema);
  for (const { method, path, operation } of documentedOperations(document)) {
    const at = `#/paths/${path.replace(/\//g, '~1')}/${method}`;
    ((operation.parameters as Json[] | undefined) ?? []).forEach((parameter, index) => {
      walkExamplesOf(`${at}/parameters/${index}`, parameter, parameter.schema);
      walkSchema(`${at}/parameters/${index}/schema`, parameter.schema);
    });
    if (operation.requestBody) walkMedia(`${at}/requestBody`, (operation.requestBody as Json).content);
    for (const [status, response] of Object.entries((operation.responses as Record<string, Json> | undefined) ?? {})) {
      walkMedia(`${at}/responses/${status}`, response.content);
    }
  }
  return problems;
}

/** JSON media types: application/json and the +json family (geo+json, schema+json, ld+json…). */
export function isJsonMediaType(mediaType: string): boolean {
  return /^application\/(?:[\w.-]+\+)?json$/.test(mediaType);
}

/** The first media type an operation documents for its 200 answer ("" when none). */
export function documentedMediaType(document: OpenApi, key: string): string {
  const operation = documentedOperations(document).find((candidate) => candidate.key === key)?.operation;
  return Object.keys(((operation?.responses ?? {}) as Responses)['200']?.content ?? {})[0] ?? '';
}

/**
 * How an answer the API sent contradicts its operation's documentation, or null: its status must
 * be documented, its media type too, and a JSON body must be valid against the documented schema.
 */
export function undocumentedAnswer(
  document: OpenApi,
  schemas: DocumentSchemas,
  answer: { key: string; status: number; contentType: string; body: Buffer },
): string | null {
  const operation = documentedOperations(document).find((candidate) => candidate.key === answer.key)?.operation;
  if (!operation) return `${answer.key} is not in the document`;
  const responses = (operation.responses ?? {}) as Responses;
  const response = responses[String(answer.status)] ?? responses[`${String(answer.status)[0]}XX`];
  if (!response) return `${answer.key} answered ${answer.status}, which it does not document`;
  const mediaType = answer.contentType.split(';')[0].trim();
  if (!response.content) return answer.body.length === 0 ? null : `${answer.key} ${answer.status}: a body where none is documented`;
  const media = response.content[mediaType];
  if (!media) return `${answer.key} ${answer.status}: served as ${mediaType}, documented as ${Object.keys(response.content).join(', ')}`;
  if (!isJsonMediaType(mediaType)) return null;
  const errors = schemas.check(media.schema, JSON.parse(answer.body.toString('utf8')));
  if (!errors) return null;
  const listed = errors.slice(0, 5).map((error) => `${error.instancePath || '(root)'} ${error.message ?? error.keyword}`);
  return `${answer.key} ${answer.status}: the body does not match its schema: ${listed.join('; ')}`;
}
