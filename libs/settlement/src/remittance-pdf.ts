/**
 * The remittance statement (relevé de remboursement) of one line: what the place was paid for,
 * cheque by cheque, so that it can check every cent against its own records.
 */
import { formatEuros, formatFrenchDate } from '@app/domain';
import { newPdfDocument } from '@app/documents';

export interface StatementCheque {
  /** Day of the redemption at the place (Paris time), YYYY-MM-DD. */
  date: string;
  placeName: string;
  serviceName: string;
  maskedCode: string;
  amountCents: number;
}

export interface RemittanceStatement {
  reference: string;
  batchReference: string;
  payeeName: string;
  periodText: string;
  iban: string;
  status: string;
  paidOn: string | null;
  bankReference: string | null;
  totalCents: number;
  cheques: StatementCheque[];
}

const A4 = { width: 595.28, height: 841.89 };
const LEFT = 48;
const WIDTH = A4.width - 2 * LEFT;
const COLUMNS = [
  { title: 'Date', width: 62 },
  { title: 'Lieu', width: 130 },
  { title: 'Service', width: 130 },
  { title: 'Chèque', width: 120 },
  { title: 'Montant', width: WIDTH - 442, align: 'right' as const },
];

export function remittanceStatementPdf(statement: RemittanceStatement): Promise<Buffer> {
  const document = newPdfDocument(`Relevé de remboursement ${statement.reference}`, {
    margins: { top: 48, bottom: 48, left: LEFT, right: LEFT },
  });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });

  document.font('bold').fontSize(18).fillColor('#000091').text('Relevé de remboursement — Pass numérique', LEFT, 48, { width: WIDTH });
  document.moveDown(0.5).font('regular').fontSize(11).fillColor('#161616');
  const facts: Array<[string, string]> = [
    ['Bénéficiaire', statement.payeeName],
    ['Période', statement.periodText],
    ['Référence du virement', statement.reference],
    ['Lot', statement.batchReference],
    ['Compte crédité', statement.iban],
    ['Statut', statement.status],
    ['Payé le', statement.paidOn ? formatFrenchDate(statement.paidOn) : '—'],
    ['Référence bancaire', statement.bankReference ?? '—'],
    ['Chèques', String(statement.cheques.length)],
    ['Total', formatEuros(statement.totalCents)],
  ];
  for (const [label, value] of facts) document.font('bold').text(`${label} : `, { continued: true }).font('regular').text(value);
  document.moveDown(1);
  drawHeader(document);
  for (const cheque of statement.cheques) {
    if (document.y > A4.height - 90) {
      document.addPage();
      drawHeader(document);
    }
    drawRow(
      document,
      [
        cheque.date.split('-').reverse().join('/'),
        cheque.placeName,
        cheque.serviceName,
        cheque.maskedCode,
        formatEuros(cheque.amountCents),
      ],
      'regular',
    );
  }
  document.moveDown(0.5);
  drawRow(document, ['', '', '', 'Total', formatEuros(statement.totalCents)], 'bold');
  document.end();
  return done;
}

function drawHeader(document: PDFKit.PDFDocument): void {
  drawRow(
    document,
    COLUMNS.map((column) => column.title),
    'bold',
  );
  document
    .moveTo(LEFT, document.y)
    .lineTo(LEFT + WIDTH, document.y)
    .strokeColor('#929292')
    .stroke();
  document.moveDown(0.2);
}

function drawRow(document: PDFKit.PDFDocument, cells: string[], font: 'regular' | 'bold'): void {
  const top = document.y;
  let x = LEFT;
  let bottom = top;
  document.font(font).fontSize(9).fillColor('#161616');
  cells.forEach((cell, index) => {
    const column = COLUMNS[index];
    document.text(cell, x, top, { width: column.width - 6, align: column.align ?? 'left' });
    bottom = Math.max(bottom, document.y);
    x += column.width;
  });
  document.x = LEFT;
  document.y = bottom + 2;
}
