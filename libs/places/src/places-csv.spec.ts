import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { NATIONAL_SCHEMA_COLUMNS, type NationalSchemaRow } from '@app/domain';
import { type CsvPlaceRow, PlacesCsv } from './places-csv';

function nationalRow(id: string, nom: string): NationalSchemaRow {
  const row = Object.fromEntries(NATIONAL_SCHEMA_COLUMNS.map((column) => [column, ''])) as NationalSchemaRow;
  return { ...row, id, nom, commune: 'Bègles', services: 'Aide aux démarches administratives|Accès internet et matériel informatique' };
}

/** The file as the open data wrote it with csv-stringify. */
function expected(rows: NationalSchemaRow[]): string {
  return '\uFEFF' + stringify(rows, { header: true, columns: [...NATIONAL_SCHEMA_COLUMNS], quoted: true, record_delimiter: '\r\n' });
}

const read = (chunk: number, version: string, row: NationalSchemaRow): CsvPlaceRow => ({ chunk, version, id: row.id, row });
const kept = (chunk: number, version: string, id: string): CsvPlaceRow => ({ chunk, version, id, row: null });

describe('the places CSV kept in chunks', () => {
  const a = nationalRow('a', 'Médiathèque "A"');
  const b = nationalRow('b', 'Centre social, B');
  const c = nationalRow('c', 'Tiers-lieu C');

  it('writes the records in the order of the rows, whatever their chunks', () => {
    const csv = PlacesCsv.fromRows([read(5, '1', a), read(0, '3', b), read(5, '1', c)]);
    expect(csv.bytes.toString('utf8')).toBe(expected([a, b, c]));
    expect(csv.versions()).toEqual(['3', null, null, null, null, '1']);
  });

  it('takes the records of a chunk whose version did not move from the kept file, and those of a moved chunk from the rows', () => {
    const first = PlacesCsv.fromRows([read(5, '1', a), read(0, '3', b), read(5, '1', c)]);
    const renamed = { ...b, nom: 'Centre social « B »' };
    const d = nationalRow('ab', 'Nouveau lieu');
    const next = PlacesCsv.fromRows([kept(5, '1', 'a'), read(7, '1', d), read(0, '4', renamed), kept(5, '1', 'c')], first);
    expect(next.bytes.toString('utf8')).toBe(expected([a, d, renamed, c]));
    expect(next.versions()).toEqual(['4', null, null, null, null, '1', null, '1']);
    // A place gone from the rows (its qualification lapsed) leaves the file; the header stays with no place at all.
    expect(PlacesCsv.fromRows([kept(5, '1', 'c')], next).bytes.toString('utf8')).toBe(expected([c]));
    expect(PlacesCsv.fromRows([], next).bytes.toString('utf8')).toBe(expected([]));
  });

  it('refuses a kept place it has no record of rather than leave it out', () => {
    expect(() => PlacesCsv.fromRows([kept(5, '1', 'a')])).toThrow('no record kept for place a');
  });

  it('writes excel-fr (semicolons, decimal comma in the coordinates) and never mixes formats', () => {
    const placed = { ...a, latitude: '44.8378', longitude: '-0.5792', telephone: '+33556000000', complement_adresse: '=HYPERLINK("x")' };
    const csv = PlacesCsv.fromRows([read(5, '1', placed)], undefined, 'excel-fr');
    const [header, record]: string[][] = parse(csv.bytes, { bom: true, delimiter: ';' });
    expect(header).toEqual([...NATIONAL_SCHEMA_COLUMNS]);
    const written = Object.fromEntries(header.map((column, index) => [column, record[index]]));
    expect(written).toMatchObject({ nom: 'Médiathèque "A"', latitude: '44,8378', longitude: '-0,5792', telephone: '+33556000000' });
    expect(written.complement_adresse).toBe('\'=HYPERLINK("x")');
    expect(() => PlacesCsv.fromRows([kept(5, '1', 'a')], csv)).toThrow('cannot make a rfc4180 file');
  });
});
