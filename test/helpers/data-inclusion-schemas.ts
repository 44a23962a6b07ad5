/**
 * The official data·inclusion v1 JSON schemas (vendored unmodified in test/fixtures, see its README),
 * compiled with Ajv: what data·inclusion itself checks a producer's file against.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const SCHEMAS = resolve(__dirname, '../fixtures/schemas/data-inclusion-v1');

type Kind = 'structure' | 'service';

function loadSchema(kind: Kind): { properties: Record<string, unknown> } & Record<string, unknown> {
  return JSON.parse(readFileSync(`${SCHEMAS}/${kind}.json`, 'utf8'));
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const schemas = { structure: loadSchema('structure'), service: loadSchema('service') };
const validators = { structure: ajv.compile(schemas.structure), service: ajv.compile(schemas.service) };

/**
 * Why an object is not a valid v1 structure or service: the schema's errors, plus any field the
 * schema does not name (it allows them, but a v1 file should only carry v1 fields). Empty when valid.
 */
export function dataInclusionErrors(kind: Kind, value: unknown): string[] {
  const validate = validators[kind];
  const errors = validate(value) ? [] : (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath} ${error.message}`);
  const unknown = Object.keys(value as object).filter((key) => !(key in schemas[kind].properties));
  return [...errors, ...unknown.map((key) => `/${key} is not a v1 ${kind} field`)];
}

/** The values of a v1 vocabulary (`$defs`), e.g. every thématique. */
export function dataInclusionVocabulary(kind: Kind, name: string): string[] {
  return ((schemas[kind].$defs as Record<string, { enum: string[] }>)[name] ?? { enum: [] }).enum;
}
