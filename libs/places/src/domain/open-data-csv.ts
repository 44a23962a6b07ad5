/**
 * The CSV of the open data (places, register): UTF-8 with a BOM so that spreadsheets read the
 * accents, comma-separated, CRLF after each record, every non-empty value quoted with its quotes
 * doubled and an empty one left bare. Written by hand: the same text as csv-stringify with
 * `quoted: true` (open-data-csv.spec.ts holds them to it), without its per-field work, which made
 * most of the time of a 20,000-place export.
 */

const BOM = '\uFEFF';

function csvField(value: string): string {
  if (value === '') return '';
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/** One record and its CRLF. */
export function csvRecord(values: readonly string[]): string {
  let record = '';
  for (let index = 0; index < values.length; index++) record += (index === 0 ? '' : ',') + csvField(values[index]);
  return `${record}\r\n`;
}

/** The whole file: the BOM, the header (the column names), then one record per row, its values in the columns' order. */
export function openDataCsv(columns: readonly string[], rows: Iterable<Readonly<Record<string, string>>>): string {
  const records = [BOM + csvRecord(columns)];
  for (const row of rows) records.push(csvRecord(columns.map((column) => row[column])));
  return records.join('');
}
