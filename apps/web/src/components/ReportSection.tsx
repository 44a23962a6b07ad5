/** One table of a dashboard (funder's, operator's, a distributor's funnel), drawn as the API answers it (libs/reporting/src/report-table.ts). */
import type { ReportCell, ReportTable } from '../api';
import { formatDay, formatEuros, formatMonth } from '../labels';
import { BarChart, type BarSeries } from './BarChart';
import { DataTable } from './DataTable';

const HANDED_OUT: BarSeries = { name: 'Chèques remis', colour: '#000091' };
const REDEEMED: BarSeries = { name: 'Chèques utilisés', colour: '#b34000' };
const BOOKLETS_HANDED_OUT: BarSeries = { name: 'Carnets remis', colour: '#000091' };
const BOOKLETS_USED: BarSeries = { name: 'Premier chèque utilisé', colour: '#b34000' };
const BOOKLETS_FULLY_USED: BarSeries = { name: 'Carnets entièrement utilisés', colour: '#18753c' };
const FUNNEL_FUNNEL = [BOOKLETS_HANDED_OUT, BOOKLETS_USED, BOOKLETS_FULLY_USED];
const FUNNEL_KEYS = ['handedOut', 'firstUsed', 'fullyUsed'];

/** Tables drawn as a chart too: which columns make the bars. */
const CHARTS: Record<string, { series: BarSeries[]; keys: string[] }> = {
  mois: { series: [HANDED_OUT, REDEEMED], keys: ['handedOut', 'redeemed'] },
  lieux: { series: [REDEEMED], keys: ['cheques'] },
  services: { series: [REDEEMED], keys: ['cheques'] },
  distributeurs: { series: [HANDED_OUT, REDEEMED], keys: ['handedOut', 'redeemed'] },
  'departements-lieux': { series: [REDEEMED], keys: ['cheques'] },
  entonnoir: { series: [{ name: 'Carnets', colour: '#000091' }], keys: ['booklets'] },
  'entonnoir-programmes': { series: FUNNEL_FUNNEL, keys: FUNNEL_KEYS },
  'entonnoir-distributeurs': { series: FUNNEL_FUNNEL, keys: FUNNEL_KEYS },
  'entonnoir-communes': { series: FUNNEL_FUNNEL, keys: FUNNEL_KEYS },
  'entonnoir-ages': { series: FUNNEL_FUNNEL, keys: FUNNEL_KEYS },
};

function cellText(kind: ReportTable['columns'][number]['kind'], cell: ReportCell | undefined): string {
  if (cell === undefined || cell === null) return kind === 'rate' || kind === 'days' ? '—' : '';
  if (typeof cell === 'object') return cell.hidden;
  if (kind === 'amount' && typeof cell === 'number') return formatEuros(cell);
  if (kind === 'rate' && typeof cell === 'number') return `${(cell * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
  if (kind === 'days' && typeof cell === 'number') return `${cell.toLocaleString('fr-FR')} j`;
  if (typeof cell === 'number') return cell.toLocaleString('fr-FR');
  // Periods come as ISO text (kept so in the CSV): in words on the screen.
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(cell)) return formatMonth(cell);
  if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) return formatDay(cell);
  return cell;
}

function numberOf(cell: ReportCell | undefined): number | null {
  return typeof cell === 'number' ? cell : null;
}

/** A dashboard table: its title and note, a chart where one helps, the table, and its CSV in two formats. */
export function ReportSection({ table, csvUrl }: { table: ReportTable; csvUrl: (format?: 'excel-fr') => string }) {
  const chart = CHARTS[table.id];
  const headingId = `tableau-${table.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{table.title}</h2>
      {table.note ? <p className="muted">{table.note}</p> : null}
      {table.rows.length === 0 ? (
        <p>Rien dans cette période.</p>
      ) : (
        <>
          {chart ? (
            <BarChart
              title={table.title}
              series={chart.series}
              groups={table.rows
                .slice(0, 15)
                .map((row) => ({ label: cellText('text', row.label), values: chart.keys.map((key) => numberOf(row[key])) }))}
              format={(value) => value.toLocaleString('fr-FR')}
            />
          ) : null}
          <DataTable caption={`Tableau : ${table.title}`} captionHidden wide={table.columns.length > 5}>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column.key} scope="col">
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {table.columns.map((column, c) =>
                    c === 0 ? (
                      <th key={column.key} scope="row">
                        {cellText(column.kind, row[column.key])}
                      </th>
                    ) : (
                      <td key={column.key} className={column.kind === 'text' ? undefined : 'nowrap'}>
                        {cellText(column.kind, row[column.key])}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
            {table.total ? (
              <tfoot>
                <tr>
                  {table.columns.map((column, c) =>
                    c === 0 ? (
                      <th key={column.key} scope="row">
                        {cellText(column.kind, table.total![column.key])}
                      </th>
                    ) : (
                      <td key={column.key} className="nowrap">
                        {cellText(column.kind, table.total![column.key])}
                      </td>
                    ),
                  )}
                </tr>
              </tfoot>
            ) : null}
          </DataTable>
        </>
      )}
      <p>
        <a href={csvUrl()} download>
          Télécharger ce tableau (CSV)
          <span className="visually-hidden"> : {table.title}</span>
        </a>
        {' · '}
        <a href={csvUrl('excel-fr')} download>
          Version pour Excel en français
          <span className="visually-hidden"> : {table.title}</span>
        </a>
      </p>
    </section>
  );
}
