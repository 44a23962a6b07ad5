/** Independent Frictionless TableSchema validator, used by tests to check our CSV exports against official schemas. */
import { readFileSync } from 'node:fs';

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const STRING_FORMATS = ['default', 'email', 'uri', 'uuid'] as const;
type StringFormat = (typeof STRING_FORMATS)[number];

export type FieldConstraints = {
  required?: boolean;
  unique?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: (string | number | boolean)[];
  minimum?: string | number;
  maximum?: string | number;
};

export type TableSchemaField = {
  name: string;
  type: FieldType;
  format: string;
  constraints: FieldConstraints;
  trueValues: string[];
  falseValues: string[];
};

export type TableSchema = { fields: TableSchemaField[]; missingValues: string[]; primaryKey: string[] };

export type RowProblem = { line: number; field: string; problem: string };

const CONSTRAINT_KEYS = ['required', 'unique', 'pattern', 'minLength', 'maxLength', 'enum', 'minimum', 'maximum'] as const;
const UNSUPPORTED_FIELD_KEYS = ['decimalChar', 'groupChar', 'bareNumber'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Checks a parsed schema and fills in the spec's defaults; throws on anything this validator does not support. */
export function parseTableSchema(json: unknown, source = 'schema'): TableSchema {
  const fail = (message: string): never => {
    throw new Error(`${source}: ${message}`);
  };
  if (!isObject(json) || !Array.isArray(json.fields)) return fail('no "fields" array');
  const missingValues = json.missingValues ?? [''];
  if (!isStringArray(missingValues)) return fail('"missingValues" must be an array of strings');

  const fields = json.fields.map((raw: unknown, index): TableSchemaField => {
    if (!isObject(raw) || typeof raw.name !== 'string' || raw.name === '') return fail(`field ${index + 1} has no name`);
    const name = raw.name;
    const type = raw.type ?? 'string';
    if (!FIELD_TYPES.includes(type as FieldType)) return fail(`field "${name}": unsupported type ${JSON.stringify(type)}`);
    const format = raw.format ?? 'default';
    if (typeof format !== 'string') return fail(`field "${name}": format must be a string`);
    if (type === 'string' ? !STRING_FORMATS.includes(format as StringFormat) : format !== 'default') {
      fail(`field "${name}": unsupported format "${format}" for type ${type as string}`);
    }
    for (const key of UNSUPPORTED_FIELD_KEYS) if (key in raw) fail(`field "${name}": "${key}" is not supported`);
    const constraints = raw.constraints ?? {};
    if (!isObject(constraints)) return fail(`field "${name}": constraints must be an object`);
    for (const key of Object.keys(constraints)) {
      if (!(CONSTRAINT_KEYS as readonly string[]).includes(key)) fail(`field "${name}": unsupported constraint "${key}"`);
    }
    if (constraints.pattern !== undefined) {
      if (typeof constraints.pattern !== 'string') fail(`field "${name}": pattern must be a string`);
      try {
        anchored(constraints.pattern as string);
      } catch (error) {
        fail(`field "${name}": invalid pattern (${(error as Error).message})`);
      }
    }
    const trueValues = raw.trueValues ?? ['true', 'True', 'TRUE', '1'];
    const falseValues = raw.falseValues ?? ['false', 'False', 'FALSE', '0'];
    if (!isStringArray(trueValues) || !isStringArray(falseValues)) return fail(`field "${name}": trueValues/falseValues must be strings`);
    const field: TableSchemaField = {
      name,
      type: type as FieldType,
      format,
      constraints: constraints as FieldConstraints,
      trueValues,
      falseValues,
    };
    checkBounds(field, fail);
    return field;
  });

  const names = fields.map((field) => field.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) fail(`field "${duplicate}" is declared twice`);
  const primaryKey = json.primaryKey === undefined ? [] : typeof json.primaryKey === 'string' ? [json.primaryKey] : json.primaryKey;
  if (!isStringArray(primaryKey)) return fail('"primaryKey" must be a field name or an array of them');
  for (const key of primaryKey) if (!names.includes(key)) fail(`primary key "${key}" is not a field`);
  return { fields, missingValues, primaryKey };
}

export function loadTableSchema(path: string): TableSchema {
  return parseTableSchema(JSON.parse(readFileSync(path, 'utf8')), path);
}

const patterns = new Map<string, RegExp>();

/** TableSchema patterns (XML Schema style) must match the whole value. */
function anchored(pattern: string): RegExp {
  let regexp = patterns.get(pattern);
  if (!regexp) {
    regexp = new RegExp(`^(?:${pattern})$`, 'u');
    patterns.set(pattern, regexp);
  }
  return regexp;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A value cast to its field type: numbers and datetimes compare as numbers, dates as ISO strings. */
type Cast = { ok: true; value: Scalar } | { ok: false; problem: string };

function show(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

function cast(field: TableSchemaField, raw: string): Cast {
  const bad = (what: string): Cast => ({ ok: false, problem: `${show(raw)} is not ${what}` });
  switch (field.type) {
    case 'string':
      switch (field.format as StringFormat) {
        case 'default':
          return { ok: true, value: raw };
        case 'email':
          return EMAIL.test(raw) ? { ok: true, value: raw } : bad('an email address');
        case 'uri':
          return URL.canParse(raw) ? { ok: true, value: raw } : bad('a URI');
        case 'uuid':
          return UUID.test(raw) ? { ok: true, value: raw } : bad('a UUID');
      }
      return bad(`a string of format ${field.format}`);
    case 'number':
      if (raw === 'NaN') return { ok: true, value: NaN };
      if (raw === 'INF' || raw === '-INF') return { ok: true, value: raw === 'INF' ? Infinity : -Infinity };
      return NUMBER.test(raw) ? { ok: true, value: Number(raw) } : bad('a number');
    case 'integer':
      return INTEGER.test(raw) ? { ok: true, value: Number(raw) } : bad('an integer');
    case 'boolean':
      if (field.trueValues.includes(raw)) return { ok: true, value: true };
      if (field.falseValues.includes(raw)) return { ok: true, value: false };
      return bad(`a boolean (${[...field.trueValues, ...field.falseValues].join(', ')})`);
    case 'date': {
      const match = DATE.exec(raw);
      return match && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
        ? { ok: true, value: raw }
        : bad('a date (YYYY-MM-DD)');
    }
    case 'datetime': {
      const match = DATETIME.exec(raw);
      if (!match) return bad('a datetime (YYYY-MM-DDThh:mm:ssZ)');
      const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
      const [offsetHours, offsetMinutes] = [match[8] ?? '0', match[9] ?? '0'].map(Number);
      const valid =
        isCalendarDate(year, month, day) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
      // Without an offset the time is read as UTC, as the spec's default format says.
      return valid ? { ok: true, value: Date.parse(match[7] ? raw : `${raw}Z`) } : bad('a datetime (YYYY-MM-DDThh:mm:ssZ)');
    }
  }
}

type Scalar = string | number | boolean;

/** A schema bound (enum member, minimum, maximum) as a typed value: strings are cast like cells. */
function castBound(field: TableSchemaField, bound: Scalar): Scalar {
  if (typeof bound !== 'string') return bound;
  const result = cast(field, bound);
  if (!result.ok) throw new Error(`field "${field.name}": bound ${result.problem}`);
  return result.value;
}

/** Typed values compare as numbers (number, integer, datetime) or ISO strings (date). */
function ordered(type: FieldType): 'number' | 'string' | null {
  switch (type) {
    case 'number':
    case 'integer':
    case 'datetime':
      return 'number';
    case 'date':
      return 'string';
    case 'string':
    case 'boolean':
      return null;
  }
}

function checkBounds(field: TableSchemaField, fail: (message: string) => never): void {
  const { minLength, maxLength, minimum, maximum } = field.constraints;
  const where = `field "${field.name}"`;
  if ((minLength !== undefined || maxLength !== undefined) && field.type !== 'string')
    fail(`${where}: minLength/maxLength only apply to strings here`);
  if ((minLength !== undefined && !Number.isInteger(minLength)) || (maxLength !== undefined && !Number.isInteger(maxLength))) {
    fail(`${where}: minLength/maxLength must be integers`);
  }
  const enumeration: unknown = field.constraints.enum;
  const bounds = [...(Array.isArray(enumeration) ? enumeration : enumeration === undefined ? [] : fail(`${where}: enum must be an array`))];
  for (const bound of [minimum, maximum]) {
    if (bound === undefined) continue;
    if (ordered(field.type) === null) fail(`${where}: minimum/maximum do not apply to ${field.type}`);
    bounds.push(bound);
  }
  for (const bound of bounds) {
    if (!['string', 'number', 'boolean'].includes(typeof bound)) fail(`${where}: bound ${JSON.stringify(bound)} is not a scalar`);
    try {
      castBound(field, bound as Scalar);
    } catch (error) {
      fail((error as Error).message);
    }
  }
}

function compare(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function isMissing(schema: TableSchema, value: string | undefined): value is undefined {
  return value === undefined || schema.missingValues.includes(value);
}

function isRequired(schema: TableSchema, field: TableSchemaField): boolean {
  return field.constraints.required === true || schema.primaryKey.includes(field.name);
}

/** Problems of one row (`line` is its number in the file, header = 1), field by field in schema order. */
export function validateRecord(schema: TableSchema, record: Record<string, string>, line: number): RowProblem[] {
  return schema.fields.flatMap((field) => validateCell(schema, field, record[field.name], line));
}

function validateCell(schema: TableSchema, field: TableSchemaField, raw: string | undefined, line: number): RowProblem[] {
  const at = (problem: string): RowProblem => ({ line, field: field.name, problem });
  if (isMissing(schema, raw)) return isRequired(schema, field) ? [at('required value is missing')] : [];
  const typed = cast(field, raw);
  if (!typed.ok) return [at(typed.problem)];
  const { pattern, minLength, maxLength, minimum, maximum } = field.constraints;
  const problems: RowProblem[] = [];
  if (pattern !== undefined && !anchored(pattern).test(raw)) problems.push(at(`${show(raw)} does not match the pattern`));
  // Lengths count characters (code points), as Frictionless does; they apply to strings.
  const length = [...raw].length;
  if (field.type === 'string' && minLength !== undefined && length < minLength)
    problems.push(at(`length ${length} is below minLength ${minLength}`));
  if (field.type === 'string' && maxLength !== undefined && length > maxLength)
    problems.push(at(`length ${length} is above maxLength ${maxLength}`));
  const allowed = field.constraints.enum;
  if (allowed !== undefined && !allowed.some((member) => compare(castBound(field, member), typed.value) === 0)) {
    problems.push(at(`${show(raw)} is not one of: ${allowed.join(', ')}`));
  }
  if (minimum !== undefined && compare(typed.value, castBound(field, minimum)) < 0)
    problems.push(at(`${show(raw)} is below minimum ${minimum}`));
  if (maximum !== undefined && compare(typed.value, castBound(field, maximum)) > 0)
    problems.push(at(`${show(raw)} is above maximum ${maximum}`));
  return problems;
}

/** The header must hold every schema field, once, in schema order, and nothing else. */
function validateHeader(schema: TableSchema, header: string[]): RowProblem[] {
  const names = schema.fields.map((field) => field.name);
  const problems: RowProblem[] = [];
  header.forEach((column, index) => {
    if (!names.includes(column)) problems.push({ line: 1, field: column, problem: 'column is not in the schema' });
    else if (header.indexOf(column) !== index) problems.push({ line: 1, field: column, problem: 'duplicate column' });
  });
  for (const name of names) if (!header.includes(name)) problems.push({ line: 1, field: name, problem: 'missing column' });
  const present = header.filter((column, index) => names.includes(column) && header.indexOf(column) === index);
  const expected = names.filter((name) => present.includes(name));
  const misplaced = present.findIndex((column, index) => column !== expected[index]);
  if (misplaced >= 0) {
    problems.push({
      line: 1,
      field: present[misplaced]!,
      problem: `column out of order: schema order expects "${expected[misplaced]}" here`,
    });
  }
  return problems;
}

/** Unique keys: fields with a `unique` constraint, and the primary key (possibly several fields). */
function uniqueKeys(schema: TableSchema): string[][] {
  const keys = schema.fields.filter((field) => field.constraints.unique === true).map((field) => [field.name]);
  const primary = schema.primaryKey;
  const alreadyChecked = primary.length === 1 && keys.some(([name]) => name === primary[0]);
  return primary.length > 0 && !alreadyChecked ? [...keys, primary] : keys;
}

function validateUniqueness(schema: TableSchema, rows: Record<string, string>[], key: string[]): RowProblem[] {
  const firstLine = new Map<string, number>();
  const problems: RowProblem[] = [];
  rows.forEach((row, index) => {
    const values = key.map((name) => row[name]);
    if (values.some((value) => isMissing(schema, value))) return; // missing values are never duplicates
    const id = JSON.stringify(values);
    const line = index + 2;
    const first = firstLine.get(id);
    if (first === undefined) firstLine.set(id, line);
    else problems.push({ line, field: key.join(','), problem: `duplicate value ${show(values.join(','))} (first on line ${first})` });
  });
  return problems;
}

/** Problems of a whole table: header (line 1), then rows (line 2 onwards, one record a line), then uniqueness. */
export function validateTable(schema: TableSchema, header: string[], rows: Record<string, string>[]): RowProblem[] {
  const inHeader = new Set(header);
  // A missing column is reported once, in the header, rather than again in every row.
  const present: TableSchema = { ...schema, fields: schema.fields.filter((field) => inHeader.has(field.name)) };
  return [
    ...validateHeader(schema, header),
    ...rows.flatMap((row, index) => validateRecord(present, row, index + 2)),
    ...uniqueKeys(schema)
      .filter((key) => key.every((name) => inHeader.has(name)))
      .flatMap((key) => validateUniqueness(schema, rows, key)),
  ];
}
