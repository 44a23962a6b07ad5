/**
 * The tables of a dashboard, in one shape the API answers, the web app draws (table and chart) and
 * the CSV export writes. A hidden cell carries no value at all: only the label « secret ».
 */
import {
  centsToDecimal,
  type CsvCell,
  csvFile,
  type CsvFormat,
  isSecret,
  type PublishedCount,
  type PublishedTable,
  type ReportCell,
  type ReportColumn,
  type ReportRow,
  type ReportTable,
  SECRET,
  shownTotal,
} from '@app/domain';

/** Columns as the tables of figures name them. */
export const textColumn = (key: string, label: string): ReportColumn => ({ key, label, kind: 'text' });
export const countColumn = (key: string, label: string): ReportColumn => ({ key, label, kind: 'count' });
export const amountColumn = (key: string, label = 'Montant (€)'): ReportColumn => ({ key, label, kind: 'amount' });

/**
 * A table of figures about cheques (no small cell to hide): its columns, its rows and, when asked,
 * a total row adding up every count and amount column.
 */
export function figuresTable(table: Omit<ReportTable, 'aboutPeople' | 'total'> & { withTotal?: boolean }): ReportTable {
  const { withTotal, ...rest } = table;
  if (!withTotal) return { ...rest, aboutPeople: false };
  const summed = table.columns.filter((column) => column.kind === 'count' || column.kind === 'amount');
  const total: ReportRow = { label: 'Total' };
  for (const column of summed) total[column.key] = table.rows.reduce((sum, row) => sum + Number(row[column.key] ?? 0), 0);
  return { ...rest, aboutPeople: false, total };
}

export function isHidden(cell: ReportCell): cell is { hidden: string } {
  return typeof cell === 'object' && cell !== null;
}

/** A figure of people as the tables show it: its value, or { hidden: "secret" }. */
export function peopleCell(figure: PublishedCount): ReportCell {
  return isSecret(figure) ? { hidden: SECRET } : figure;
}

/**
 * A two-way table of people (rows × columns) published with its margins: the last column and the
 * last row are the totals, hidden like any cell when they must be.
 */
export function twoWayPeopleTable(options: {
  id: string;
  title: string;
  rowLabel: string;
  rows: Array<{ key: string; label: string }>;
  columns: Array<{ key: string; label: string }>;
  published: PublishedTable;
  threshold: number;
  note?: string;
}): ReportTable {
  const { published } = options;
  return {
    id: options.id,
    title: options.title,
    aboutPeople: true,
    note: options.note,
    columns: [
      { key: 'label', label: options.rowLabel, kind: 'text' },
      ...options.columns.map((column) => ({ key: column.key, label: column.label, kind: 'count' as const })),
      { key: 'total', label: 'Total', kind: 'count' },
    ],
    rows: options.rows.map((row, r) => ({
      label: row.label,
      ...Object.fromEntries(options.columns.map((column, c) => [column.key, peopleCell(published.cells[r][c] ?? 0)])),
      total: peopleCell(published.rowTotals[r]),
    })),
    total: {
      label: 'Total',
      ...Object.fromEntries(options.columns.map((column, c) => [column.key, peopleCell(published.columnTotals[c])])),
      total: peopleCell(shownTotal(published.grandTotal, options.threshold)),
    },
  };
}

/** The table as CSV (csv-writer.ts): amounts in euros, hidden cells as their label, the total row last. */
export function tableCsv(table: ReportTable, format: CsvFormat = 'rfc4180'): string {
  const cellOf = (column: ReportColumn, cell: ReportCell | undefined): CsvCell => {
    if (cell === undefined || cell === null) return '';
    if (isHidden(cell)) return cell.hidden;
    if (column.kind === 'amount' && typeof cell === 'number') return centsToDecimal(cell);
    return cell;
  };
  const rows = [...table.rows, ...(table.total ? [table.total] : [])];
  return csvFile(
    table.columns.map((column) => ({ name: column.label, decimal: column.kind !== 'text' })),
    rows.map((row) => table.columns.map((column) => cellOf(column, row[column.key]))),
    format,
  );
}
