import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csvFile, CsvWriter } from './csv-writer';
import { readsAsFormula } from './spreadsheet-formula';

const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$/;

/** Any text, with formula triggers, quotes, separators and line breaks more often than chance would give them. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.tuple(fc.constantFrom(...FORMULA_TRIGGERS, '"', ';', ',', '\n', "'", ' '), fc.string()).map(([first, rest]) => first + rest),
  fc.constantFrom('', '"', '""', ',', ';', '\r\n', '\n', '\r', '=1+2', '@SUM(A1)', '+33180059880', '-12.5', '\uFEFF', 'é|è'),
);

describe('the CSV writer', () => {
  it('quotes every non-empty value, doubles its quotes, leaves an empty one bare and ends each record with CRLF', () => {
    expect(new CsvWriter(['a', 'b', 'c', 'd', 'e']).record(['a', '', 'dit "bonjour"', '1, rue de l’Église', 'ligne\r\nsuivante'])).toBe(
      '"a",,"dit ""bonjour""","1, rue de l’Église","ligne\r\nsuivante"\r\n',
    );
  });

  it('writes the BOM and a header, and no record for no rows', () => {
    expect(csvFile(['id', 'nom'], [])).toBe('\uFEFF"id","nom"\r\n');
  });

  it('writes numbers, booleans and absent values', () => {
    expect(new CsvWriter(['a', 'b', 'c', 'd', 'e']).record([12, -0.5, true, null, undefined])).toBe('"12","-0.5","true",,\r\n');
  });

  it('neutralises would-be formulas with an apostrophe, numbers excepted', () => {
    expect(new CsvWriter(['nom', 'telephone', 'montant', 'note']).record(['=HYPERLINK("x")', '+33180059880', '-12.50', '- atelier'])).toBe(
      '"\'=HYPERLINK(""x"")","+33180059880","-12.50","\'- atelier"\r\n',
    );
  });

  it('excel-fr: semicolons, a decimal comma in decimal columns only, the BOM', () => {
    const columns = [{ name: 'nom' }, { name: 'latitude', decimal: true }, { name: 'montant', decimal: true }, 'version'];
    const text = csvFile(columns, [['Lieu; « un »', '44.8378', -12.5, '1.2']], 'excel-fr');
    expect(text).toBe('\uFEFF"nom";"latitude";"montant";"version"\r\n"Lieu; « un »";"44,8378";"-12,5";"1.2"\r\n');
    expect(csvFile(columns, [['Lieu', '< 5', '', '1.2']], 'excel-fr')).toContain('"Lieu";"< 5";;"1.2"');
    expect(csvFile(columns, [['Lieu', '44.8378', '12.50', '1.2']])).toContain('"Lieu","44.8378","12.50","1.2"');
  });

  it('writes the same text as csv-stringify for any text a spreadsheet would not run', () => {
    const columns = ['id', 'nom', 'latitude', 'services'];
    const ordinaryText = anyText.filter((text) => !readsAsFormula(text));
    const row = fc.record(Object.fromEntries(columns.map((column) => [column, ordinaryText])) as Record<string, fc.Arbitrary<string>>);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        const expected = '\uFEFF' + stringify(rows, { header: true, columns, quoted: true, record_delimiter: '\r\n' });
        expect(
          csvFile(
            columns,
            rows.map((values) => columns.map((column) => values[column])),
          ),
        ).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  for (const format of ['rfc4180', 'excel-fr'] as const) {
    it(`${format}: read back by csv-parse, no cell begins with a formula trigger unless it is a number; other text comes back unchanged`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(anyText, { minLength: 3, maxLength: 3 }), { maxLength: 6 }), (rows) => {
          const text = csvFile(['a', 'b', 'c'], rows, format);
          const [header, ...parsed] = parse(text, {
            bom: true,
            delimiter: format === 'excel-fr' ? ';' : ',',
            relax_quotes: false,
          }) as string[][];
          expect(header).toEqual(['a', 'b', 'c']);
          expect(parsed).toHaveLength(rows.length);
          parsed.forEach((cells, r) =>
            cells.forEach((cell, c) => {
              const written = rows[r][c];
              if (FORMULA_TRIGGERS.includes(cell[0])) expect(cell).toMatch(PLAIN_NUMBER);
              expect(cell).toBe(readsAsFormula(written) ? `'${written}` : written);
            }),
          );
        }),
        { numRuns: 500 },
      );
    });
  }
});
