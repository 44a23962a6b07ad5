import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csvRecord, openDataCsv } from './open-data-csv';

/** What the open data was written with before: csv-stringify, every value quoted, CRLF, BOM first. */
function stringified(columns: string[], rows: Array<Record<string, string>>): string {
  return '\uFEFF' + stringify(rows, { header: true, columns, quoted: true, record_delimiter: '\r\n' });
}

describe('open-data CSV', () => {
  it('quotes every non-empty value, doubles its quotes, leaves an empty one bare and ends each record with CRLF', () => {
    expect(csvRecord(['a', '', 'dit "bonjour"', '1, rue de l’Église', 'ligne\r\nsuivante'])).toBe(
      '"a",,"dit ""bonjour""","1, rue de l’Église","ligne\r\nsuivante"\r\n',
    );
  });

  it('writes a header and no record for no rows', () => {
    expect(openDataCsv(['id', 'nom'], [])).toBe('\uFEFF"id","nom"\r\n');
  });

  it('writes the same text as csv-stringify for any values (quotes, commas, line breaks, empty, unicode)', () => {
    const columns = ['id', 'nom', 'latitude', 'services'];
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('', '"', '""', ',', '\r\n', '\n', '\r', ' ', '=1+2', '\uFEFF', 'é|è'),
      fc.string({ unit: 'grapheme' }),
    );
    const row = fc.record(Object.fromEntries(columns.map((column) => [column, text])) as Record<string, fc.Arbitrary<string>>);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        expect(openDataCsv(columns, rows)).toBe(stringified(columns, rows));
      }),
      { numRuns: 500 },
    );
  });
});
