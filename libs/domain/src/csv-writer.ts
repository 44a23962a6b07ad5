/**
 * The platform's one CSV writer: every CSV it serves (open data, dashboards, redemptions,
 * settlement lines, import reports) is written here, so that no cell a spreadsheet would run as a
 * formula leaves it (spreadsheet-formula.ts) and each format has one definition.
 *
 * Both formats: UTF-8 with a byte-order mark (spreadsheets then read the accents), CRLF after each
 * record, every non-empty value quoted with its quotes doubled, an empty one left bare.
 * - `rfc4180`, the default and the open data's: comma-separated, decimal point.
 * - `excel-fr`, for French spreadsheet software, which opens it without an import wizard:
 *   semicolon-separated, decimal comma in the columns of decimal numbers. Dates stay ISO 8601
 *   (YYYY-MM-DD), which French Excel and LibreOffice read as dates.
 *
 * Written by hand rather than with csv-stringify: the same text as csv-stringify with `quoted:
 * true` (csv-writer.spec.ts holds them to it), without its per-field work, which made most of the
 * time of a 20,000-place export.
 */
import { spreadsheetSafeText } from './spreadsheet-formula';

export const CSV_FORMATS = ['rfc4180', 'excel-fr'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

export function isCsvFormat(value: unknown): value is CsvFormat {
  return (CSV_FORMATS as readonly unknown[]).includes(value);
}

/** The problem of a `format` that is not one of them (a query parameter of the CSV routes). */
export const CSV_FORMAT_PROBLEM = `must be one of ${CSV_FORMATS.join(', ')}`;

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvColumn {
  name: string;
  /** Holds decimal numbers written with a point (`44.8378`, `12.50`): excel-fr writes them with a comma. */
  decimal?: boolean;
}

/**
 * Changes whenever the text written for the same data changes (1: formulas neutralised), so that
 * entity tags of CSV files include it: a copy a client kept from before is then stale.
 */
export const CSV_WRITER_REVISION = 1;

const BOM = '\uFEFF';
const SEPARATORS: Record<CsvFormat, string> = { rfc4180: ',', 'excel-fr': ';' };
const POINT_DECIMAL = /^[+-]?\d+\.\d+$/;

export class CsvWriter {
  private readonly separator: string;
  private readonly decimalComma: readonly boolean[];
  private readonly names: readonly string[];

  constructor(columns: ReadonlyArray<string | CsvColumn>, format: CsvFormat = 'rfc4180') {
    this.separator = SEPARATORS[format];
    this.names = columns.map((column) => (typeof column === 'string' ? column : column.name));
    this.decimalComma = columns.map((column) => format === 'excel-fr' && typeof column !== 'string' && column.decimal === true);
  }

  /** The start of the file: the BOM and the header (the column names). */
  header(): string {
    return BOM + this.line(this.names, false);
  }

  /** One record and its CRLF, its cells in the columns' order. */
  record(cells: readonly CsvCell[]): string {
    return this.line(cells, true);
  }

  /** The whole file: the header, then one record per row. */
  file(rows: Iterable<readonly CsvCell[]>): string {
    const records = [this.header()];
    for (const row of rows) records.push(this.record(row));
    return records.join('');
  }

  private line(cells: readonly CsvCell[], withDecimals: boolean): string {
    let line = '';
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index];
      let text = cell === null || cell === undefined ? '' : String(cell);
      if (withDecimals && this.decimalComma[index] && POINT_DECIMAL.test(text)) text = text.replace('.', ',');
      line += (index === 0 ? '' : this.separator) + field(text);
    }
    return `${line}\r\n`;
  }
}

function field(text: string): string {
  if (text === '') return '';
  const safe = spreadsheetSafeText(text);
  return `"${safe.includes('"') ? safe.replaceAll('"', '""') : safe}"`;
}

/** A whole CSV file of these columns and rows, in this format. */
export function csvFile(
  columns: ReadonlyArray<string | CsvColumn>,
  rows: Iterable<readonly CsvCell[]>,
  format: CsvFormat = 'rfc4180',
): string {
  return new CsvWriter(columns, format).file(rows);
}
