/** A printable A4 summary of a programme's dashboard (pdfkit, the platform's embedded DejaVu fonts). */
import {
  type Dashboard,
  type DashboardMeasure,
  formatEuros,
  formatFrenchDate,
  METROPOLITAN_TIME_ZONE,
  type ReportCell,
  type ReportColumn,
} from '@app/domain';
import { newPdfDocument } from '@app/documents';
import { MEASURE_LABELS, peoplePeriodText } from './dashboard.service';
import { isHidden } from './report-table';

const MARGIN = 48;
const WIDTH = 595.28 - 2 * MARGIN;

export function programmeSummaryPdf(dashboard: Dashboard, programmeName: string, tableIds: string[]): Promise<Buffer> {
  const document = newPdfDocument(`Synthèse — ${programmeName}`, { margin: MARGIN });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });

  const period = `${dashboard.scope.from ? `du ${formatFrenchDate(dashboard.scope.from)} ` : 'depuis le début '}au ${formatFrenchDate(dashboard.scope.to)}`;
  document.font('bold').fontSize(18).fillColor('#000091').text(`Synthèse du programme « ${programmeName} »`);
  document.moveDown(0.3).font('regular').fontSize(10).fillColor('#161616').text(`Période : ${period}.`);
  if (dashboard.refreshedAt) {
    document.text(`Chiffres arrêtés le ${new Date(dashboard.refreshedAt).toLocaleString('fr-FR', { timeZone: METROPOLITAN_TIME_ZONE })}.`);
  }

  heading(document, 'Chèques');
  grid(
    document,
    ['', 'Chèques', 'Montant'],
    (Object.keys(MEASURE_LABELS) as DashboardMeasure[]).map((measure) => [
      MEASURE_LABELS[measure],
      dashboard.totals[measure].cheques.toLocaleString('fr-FR'),
      formatEuros(dashboard.totals[measure].amountCents),
    ]),
  );
  const rate =
    dashboard.rateOfUse.rate === null
      ? 'sans objet'
      : `${(dashboard.rateOfUse.rate * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
  document
    .moveDown(0.5)
    .font('regular')
    .fontSize(10)
    .text(`Taux d'utilisation des chèques remis dans la période : ${rate}.`)
    .text(
      `Délai médian entre la remise et la première utilisation : ${
        dashboard.medianDaysToFirstUse === null ? 'sans objet' : `${dashboard.medianDaysToFirstUse.toLocaleString('fr-FR')} jours`
      }.`,
    )
    .text(
      dashboard.peoplePeriod
        ? `Personnes ayant reçu des chèques ${peoplePeriodText(dashboard.peoplePeriod)} (mois entiers et terminés) : ${dashboard.people.toLocaleString('fr-FR')}.`
        : 'Personnes ayant reçu des chèques : aucun mois entier de la période n’est terminé.',
    );

  for (const alert of dashboard.alerts) {
    document
      .moveDown(0.5)
      .font('bold')
      .fillColor('#b34000')
      .text(
        `Fin du programme dans ${alert.daysLeft} jours (${formatFrenchDate(alert.validUntil)}) : ${alert.bookletsNotHandedOut} carnets à remettre, ${alert.chequesHandedOutUnused} chèques remis non utilisés.`,
      )
      .fillColor('#161616');
  }

  heading(document, 'Par mois');
  grid(
    document,
    ['Mois', 'Chèques remis', 'Chèques utilisés', 'Montant utilisé'],
    dashboard.series.month.map((point) => [
      new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${point.period}T00:00:00Z`)),
      point.handedOut.toLocaleString('fr-FR'),
      point.redeemed.toLocaleString('fr-FR'),
      formatEuros(point.redeemedAmountCents),
    ]),
  );

  for (const table of dashboard.tables.filter((candidate) => tableIds.includes(candidate.id))) {
    heading(document, table.title);
    const rows = [...table.rows.slice(0, 25), ...(table.total ? [table.total] : [])];
    grid(
      document,
      table.columns.map((column) => column.label),
      rows.map((row) => table.columns.map((column) => cellText(column, row[column.key]))),
    );
    if (table.rows.length > 25)
      document
        .font('regular')
        .fontSize(8)
        .text(`… et ${table.rows.length - 25} lignes de plus (voir l'export CSV).`);
    if (table.note) document.moveDown(0.3).font('regular').fontSize(8).text(table.note, { width: WIDTH });
  }
  document.end();
  return done;
}

export function cellText(column: ReportColumn, cell: ReportCell | undefined): string {
  if (cell === undefined || cell === null) return '';
  if (isHidden(cell)) return cell.hidden;
  if (column.kind === 'amount' && typeof cell === 'number') return formatEuros(cell);
  if (typeof cell === 'number') return cell.toLocaleString('fr-FR');
  return cell;
}

function heading(document: PDFKit.PDFDocument, text: string): void {
  if (document.y > 700) document.addPage();
  document.moveDown(1).font('bold').fontSize(12).fillColor('#000091').text(text, MARGIN).fillColor('#161616');
  document.moveDown(0.3);
}

/** A simple table: the first column wide, the others equal; a new page when the bottom is near. */
function grid(document: PDFKit.PDFDocument, header: string[], rows: string[][]): void {
  const first = header.length > 4 ? WIDTH * 0.28 : WIDTH * 0.4;
  const other = (WIDTH - first) / Math.max(1, header.length - 1);
  const x = (index: number): number => MARGIN + (index === 0 ? 0 : first + (index - 1) * other);
  const fontSize = header.length > 6 ? 6.5 : 9;
  const line = (cells: string[], bold: boolean): void => {
    if (document.y > 780) document.addPage();
    const y = document.y;
    document.font(bold ? 'bold' : 'regular').fontSize(fontSize);
    let bottom = y;
    cells.forEach((cell, index) => {
      document.text(cell, x(index), y, { width: (index === 0 ? first : other) - 4, align: index === 0 ? 'left' : 'right' });
      bottom = Math.max(bottom, document.y);
    });
    document.y = bottom + 2;
    document.x = MARGIN;
  };
  line(header, true);
  for (const row of rows) line(row, false);
}
