// Tests for the TableSchema validator, against the national "lieux de médiation numérique" schema and small inline schemas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadTableSchema, parseTableSchema, validateRecord, validateTable, type RowProblem, type TableSchema } from './table-schema';

const SCHEMAS = join(__dirname, '..', 'fixtures', 'schemas');
const schema = loadTableSchema(join(SCHEMAS, 'lieux-mediation-numerique.schema.json'));
const exampleText = readFileSync(join(SCHEMAS, 'lieux-mediation-numerique.exemple-valide.csv'), 'utf8');
const exampleRows: Record<string, string>[] = parse(exampleText, { columns: true, bom: true });
const exampleHeader: string[] = parse(exampleText, { bom: true, to_line: 1 })[0];
const example = exampleRows[0]!;
const header = schema.fields.map((field) => field.name);

/** The official example row with some cells changed. */
function row(changes: Record<string, string> = {}): Record<string, string> {
  return { ...example, ...changes };
}

function problem(line: number, field: string, text: string | RegExp): RowProblem {
  return { line, field, problem: typeof text === 'string' ? expect.stringContaining(text) : expect.stringMatching(text) };
}

describe('the national schema and its official example', () => {
  it('loads every field of the schema', () => {
    expect(header).toHaveLength(32);
    expect(header.slice(0, 3)).toEqual(['id', 'pivot', 'nom']);
    expect(schema.primaryKey).toEqual(['id']);
  });

  it('finds the official example fully valid', () => {
    expect(exampleRows).toHaveLength(1);
    expect(exampleHeader).toEqual(header);
    expect(validateTable(schema, exampleHeader, exampleRows)).toEqual([]);
  });
});

describe('crafted invalid rows', () => {
  it.each<[string, Record<string, string>, RowProblem]>([
    ['a 4-digit code_postal', { code_postal: '5110' }, problem(2, 'code_postal', 'does not match the pattern')],
    ['a code_postal with letters', { code_postal: '2A004' }, problem(2, 'code_postal', 'does not match the pattern')],
    [
      'an unknown service',
      { services: 'Aide aux démarches administratives|Cuisine' },
      problem(2, 'services', 'does not match the pattern'),
    ],
    ['a service with a trailing separator', { services: 'Aide aux démarches administratives|' }, problem(2, 'services', 'pattern')],
    ['a missing nom', { nom: '' }, problem(2, 'nom', 'required value is missing')],
    ['a national-format telephone', { telephone: '0180059880' }, problem(2, 'telephone', 'does not match the pattern')],
    ['a telephone with spaces', { telephone: '+33 1 80 05 98 80' }, problem(2, 'telephone', 'pattern')],
    [
      'a presentation_resume of 281 characters',
      { presentation_resume: 'é'.repeat(281) },
      problem(2, 'presentation_resume', 'above maxLength 280'),
    ],
    ['a French date', { date_maj: '02/04/2024' }, problem(2, 'date_maj', 'is not a date')],
    ['a date that does not exist', { date_maj: '2024-02-30' }, problem(2, 'date_maj', 'is not a date')],
    ['a missing date_maj', { date_maj: '' }, problem(2, 'date_maj', 'required value is missing')],
    ['a latitude with a comma', { latitude: '43,52609' }, problem(2, 'latitude', 'is not a number')],
    ['a pivot too short', { pivot: '12345678' }, problem(2, 'pivot', 'pattern')],
    ['a code_insee "20"-prefixed', { code_insee: '20004' }, problem(2, 'code_insee', 'pattern')],
    ['an unknown itinerance', { itinerance: 'Mobile' }, problem(2, 'itinerance', 'pattern')],
  ])('%s', (_, changes, expected) => {
    expect(validateTable(schema, header, [row(changes)])).toEqual([expected]);
  });

  it('counts characters, not UTF-16 units nor bytes: 280 accented characters or emoji are fine', () => {
    expect(validateTable(schema, header, [row({ presentation_resume: 'é'.repeat(280) })])).toEqual([]);
    expect(validateTable(schema, header, [row({ presentation_resume: '😀'.repeat(280) })])).toEqual([]);
  });

  it('leaves optional fields empty', () => {
    const optional = schema.fields.filter((field) => !field.constraints.required && field.name !== 'id').map((field) => field.name);
    expect(optional).toContain('services'); // not required in v1.0.2
    expect(validateTable(schema, header, [row(Object.fromEntries(optional.map((name) => [name, ''])))])).toEqual([]);
  });

  it('reports each problem on its own line, and several problems of one row', () => {
    const rows = [row({ id: 'a' }), row({ id: 'b', nom: '', code_postal: '1' }), row({ id: 'c', telephone: '01' })];
    expect(validateTable(schema, header, rows)).toEqual([
      problem(3, 'nom', 'required'),
      problem(3, 'code_postal', 'pattern'),
      problem(4, 'telephone', 'pattern'),
    ]);
  });

  it('reports a duplicate id on the later line, naming the first', () => {
    const rows = [row({ id: 'lieu-1' }), row({ id: 'lieu-2' }), row({ id: 'lieu-1' })];
    expect(validateTable(schema, header, rows)).toEqual([problem(4, 'id', 'duplicate value "lieu-1" (first on line 2)')]);
  });

  it('reports a missing column once, in the header', () => {
    const withoutNom = header.filter((name) => name !== 'nom');
    const { nom: _, ...rest } = example;
    expect(validateTable(schema, withoutNom, [rest, { ...rest, id: 'structure-2' }])).toEqual([problem(1, 'nom', 'missing column')]);
  });

  it('reports an extra and a duplicate column', () => {
    expect(validateTable(schema, [...header, 'remarque', 'nom'], [])).toEqual([
      problem(1, 'remarque', 'not in the schema'),
      problem(1, 'nom', 'duplicate column'),
    ]);
  });

  it('reports columns out of schema order', () => {
    const swapped = ['pivot', 'id', ...header.slice(2)];
    expect(validateTable(schema, swapped, [example])).toEqual([problem(1, 'pivot', 'schema order expects "id" here')]);
  });

  it('validates a single record without the header or uniqueness', () => {
    expect(validateRecord(schema, row({ nom: '' }), 7)).toEqual([problem(7, 'nom', 'required')]);
  });
});

describe('field types and constraints', () => {
  const inline = (fields: unknown[], extra: Record<string, unknown> = {}): TableSchema => parseTableSchema({ fields, ...extra }, 'inline');
  const check = (s: TableSchema, record: Record<string, string>) => validateRecord(s, record, 2).map((p) => p.problem);

  it('anchors patterns on the whole value', () => {
    const s = inline([{ name: 'code', constraints: { pattern: 'a|b' } }]);
    expect(check(s, { code: 'a' })).toEqual([]);
    expect(check(s, { code: 'ab' })).toEqual(['"ab" does not match the pattern']);
    expect(check(s, { code: 'xa' })).toHaveLength(1);
  });

  it('casts numbers and integers', () => {
    const s = inline([
      { name: 'n', type: 'number', constraints: { minimum: -1.5, maximum: '10' } },
      { name: 'i', type: 'integer', constraints: { minimum: 0 } },
    ]);
    expect(check(s, { n: '1e1', i: '+3' })).toEqual([]);
    expect(check(s, { n: '.5', i: '0' })).toEqual([]);
    expect(check(s, { n: '10.01', i: '-1' })).toEqual(['"10.01" is above maximum 10', '"-1" is below minimum 0']);
    expect(check(s, { n: '1,5', i: '1.0' })).toEqual(['"1,5" is not a number', '"1.0" is not an integer']);
    expect(check(s, { n: '-2', i: 'x' })).toEqual(['"-2" is below minimum -1.5', '"x" is not an integer']);
  });

  it('casts booleans with default or declared values', () => {
    const s = inline([
      { name: 'b', type: 'boolean' },
      { name: 'oui', type: 'boolean', trueValues: ['oui'], falseValues: ['non'] },
    ]);
    expect(check(s, { b: 'TRUE', oui: 'non' })).toEqual([]);
    expect(check(s, { b: 'yes', oui: 'true' })).toEqual([
      '"yes" is not a boolean (true, True, TRUE, 1, false, False, FALSE, 0)',
      '"true" is not a boolean (oui, non)',
    ]);
  });

  it('casts dates and datetimes, with bounds', () => {
    const s = inline([
      { name: 'd', type: 'date', constraints: { minimum: '2024-01-01' } },
      { name: 't', type: 'datetime', constraints: { maximum: '2024-06-01T00:00:00Z' } },
    ]);
    expect(check(s, { d: '2024-02-29', t: '2024-06-01T02:00:00+02:00' })).toEqual([]);
    expect(check(s, { d: '2023-12-31', t: '2024-06-01T00:00:01Z' })).toEqual([
      '"2023-12-31" is below minimum 2024-01-01',
      '"2024-06-01T00:00:01Z" is above maximum 2024-06-01T00:00:00Z',
    ]);
    expect(check(s, { d: '2023-02-29', t: '2024-06-01 00:00:00Z' })).toEqual([
      '"2023-02-29" is not a date (YYYY-MM-DD)',
      '"2024-06-01 00:00:00Z" is not a datetime (YYYY-MM-DDThh:mm:ssZ)',
    ]);
    expect(check(s, { d: '2024-1-05', t: '2024-01-01T24:00:00Z' })).toHaveLength(2);
  });

  it('checks enum, minLength and maxLength', () => {
    const s = inline([
      { name: 'kind', constraints: { enum: ['lieu', 'antenne'] } },
      { name: 'level', type: 'integer', constraints: { enum: [1, '2'] } },
      { name: 'code', constraints: { minLength: 2, maxLength: 3 } },
    ]);
    expect(check(s, { kind: 'lieu', level: '02', code: 'ab' })).toEqual([]);
    expect(check(s, { kind: 'Lieu', level: '3', code: 'a' })).toEqual([
      '"Lieu" is not one of: lieu, antenne',
      '"3" is not one of: 1, 2',
      'length 1 is below minLength 2',
    ]);
    expect(check(s, { kind: 'antenne', level: '1', code: 'abcd' })).toEqual(['length 4 is above maxLength 3']);
  });

  it('treats declared missing values as empty, and the primary key as required', () => {
    const s = inline([{ name: 'id' }, { name: 'x', type: 'integer', constraints: { required: true } }], {
      missingValues: ['', 'NA'],
      primaryKey: 'id',
    });
    expect(check(s, { id: 'NA', x: 'NA' })).toEqual(['required value is missing', 'required value is missing']);
  });

  it('checks a composite primary key across rows, ignoring rows where part of it is missing', () => {
    const s = inline([{ name: 'a' }, { name: 'b' }], { primaryKey: ['a', 'b'] });
    const rows = [
      { a: '1', b: '1' },
      { a: '1', b: '2' },
      { a: '1', b: '1' },
    ];
    expect(validateTable(s, ['a', 'b'], rows)).toEqual([problem(4, 'a,b', 'duplicate value "1,1" (first on line 2)')]);
  });

  it.each<[string, unknown]>([
    ['an unsupported type', { fields: [{ name: 'g', type: 'geopoint' }] }],
    ['an unsupported constraint', { fields: [{ name: 'x', constraints: { exclusiveMinimum: 1 } }] }],
    ['an unsupported date format', { fields: [{ name: 'd', type: 'date', format: '%d/%m/%Y' }] }],
    ['an invalid pattern', { fields: [{ name: 'x', constraints: { pattern: '(' } }] }],
    ['a bound of the wrong type', { fields: [{ name: 'd', type: 'date', constraints: { minimum: 'yesterday' } }] }],
    ['a minimum on a string', { fields: [{ name: 's', constraints: { minimum: 'a' } }] }],
    ['a duplicate field', { fields: [{ name: 'x' }, { name: 'x' }] }],
    ['a primary key that is no field', { fields: [{ name: 'x' }], primaryKey: 'id' }],
    ['no fields', { name: 'empty' }],
  ])('refuses a schema with %s rather than ignore it', (_, json) => {
    expect(() => parseTableSchema(json, 'inline')).toThrow(/^inline: /);
  });
});
