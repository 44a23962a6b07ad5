/**
 * Funder statements as PDF (French, A4): the order statement once a programme is funded, and the
 * closing statement with the credit note (« avoir ») after its end. Amounts come from the ledger.
 */
import { formatEuros, formatFrenchDate, type IsoDate } from '@app/domain';
import { newPdfDocument } from '@app/documents';

export interface StatementProgramme {
  name: string;
  code: string;
  funderName: string;
  faceValueCents: number;
  chequeCount: number;
  validFrom: IsoDate;
  validUntil: IsoDate;
  graceDays: number;
}

export interface OrderStatement {
  faceValueTotalCents: number;
  feeCents: number;
  feeBasisPoints: number;
  receivedCents: number;
  receivedOn: IsoDate;
  reference: string;
}

export interface ClosingStatement {
  lines: Array<{ label: string; cheques: number; amountCents: number }>;
  refundableCents: number;
  refunds: Array<{ paidOn: IsoDate; bankReference: string; amountCents: number }>;
  issuedOn: IsoDate;
}

const LEFT = 56;
const WIDTH = 595.28 - 2 * LEFT;

export function orderStatementPdf(programme: StatementProgramme, order: OrderStatement, issuedOn: IsoDate): Promise<Buffer> {
  return render(`Relevé de commande — ${programme.name}`, (document) => {
    header(document, 'Relevé de commande', programme, issuedOn);
    table(document, [
      ['Nombre de chèques', String(programme.chequeCount)],
      ['Valeur faciale d’un chèque', formatEuros(programme.faceValueCents)],
      ['Valeur faciale totale', formatEuros(order.faceValueTotalCents)],
      [`Frais de l’opérateur (${(order.feeBasisPoints / 100).toLocaleString('fr-FR')} %)`, formatEuros(order.feeCents)],
      ['Total dû', formatEuros(order.faceValueTotalCents + order.feeCents)],
      ['Montant reçu', formatEuros(order.receivedCents)],
      ['Date de réception', formatFrenchDate(order.receivedOn)],
      ['Référence du virement', order.reference],
    ]);
    const overpaid = order.receivedCents - order.faceValueTotalCents - order.feeCents;
    if (overpaid > 0) paragraph(document, `Le trop-perçu de ${formatEuros(overpaid)} vous est dû ; il figurera sur le relevé de clôture.`);
    paragraph(
      document,
      `Les chèques sont utilisables du ${formatFrenchDate(programme.validFrom)} au ${formatFrenchDate(programme.validUntil)} ` +
        `(et ${programme.graceDays} jours de plus pour les lieux). La valeur des chèques non utilisés vous sera rendue sous forme d’avoir.`,
    );
  });
}

export function closingStatementPdf(programme: StatementProgramme, closing: ClosingStatement): Promise<Buffer> {
  return render(`Relevé de clôture — ${programme.name}`, (document) => {
    header(document, 'Relevé de clôture', programme, closing.issuedOn);
    table(
      document,
      [['', 'Chèques', 'Montant'], ...closing.lines.map((line) => [line.label, String(line.cheques), formatEuros(line.amountCents)])],
      true,
    );
    const refunded = closing.refunds.reduce((sum, refund) => sum + refund.amountCents, 0);
    document.moveDown(1).font('bold').fontSize(13).fillColor('#161616').text('Avoir', LEFT, undefined, { width: WIDTH });
    table(document, [
      ['Avoir total (chèques expirés, annulés et trop-perçu)', formatEuros(closing.refundableCents + refunded)],
      ['Remboursements déjà effectués', formatEuros(refunded)],
      ['Reste à rembourser', formatEuros(closing.refundableCents)],
    ]);
    if (closing.refunds.length > 0) {
      document.moveDown(1).font('bold').fontSize(13).text('Remboursements', LEFT, undefined, { width: WIDTH });
      table(
        document,
        closing.refunds.map((refund) => [`${formatFrenchDate(refund.paidOn)} — ${refund.bankReference}`, formatEuros(refund.amountCents)]),
      );
    }
  });
}

function header(document: PDFKit.PDFDocument, title: string, programme: StatementProgramme, issuedOn: IsoDate): void {
  document.font('bold').fontSize(22).fillColor('#000091').text(title, LEFT, 60, { width: WIDTH });
  document
    .moveDown(0.5)
    .font('regular')
    .fontSize(11)
    .fillColor('#161616')
    .text(`Programme : ${programme.name} (${programme.code})`, { width: WIDTH })
    .text(`Financeur : ${programme.funderName}`, { width: WIDTH })
    .text(`Établi le ${formatFrenchDate(issuedOn)} par l’opérateur du Pass numérique`, { width: WIDTH })
    .moveDown(1);
}

function table(document: PDFKit.PDFDocument, rows: string[][], headed = false): void {
  const columns = rows[0].length;
  const first = columns === 3 ? WIDTH * 0.6 : WIDTH * 0.7;
  const widths = columns === 3 ? [first, WIDTH * 0.15, WIDTH * 0.25] : [first, WIDTH - first];
  rows.forEach((row, index) => {
    const y = document.y;
    const bold = headed && index === 0;
    let x = LEFT;
    let height = 0;
    row.forEach((cell, column) => {
      document
        .font(bold ? 'bold' : 'regular')
        .fontSize(11)
        .fillColor('#161616')
        .text(cell, x, y, { width: widths[column] - 6, align: column === 0 ? 'left' : 'right' });
      height = Math.max(height, document.y - y);
      x += widths[column];
    });
    document
      .moveTo(LEFT, y + height + 2)
      .lineTo(LEFT + WIDTH, y + height + 2)
      .lineWidth(0.3)
      .strokeColor('#929292')
      .stroke();
    document.y = y + height + 6;
  });
  document.x = LEFT;
}

function paragraph(document: PDFKit.PDFDocument, text: string): void {
  document.moveDown(1).font('regular').fontSize(10).fillColor('#3a3a3a').text(text, LEFT, undefined, { width: WIDTH });
}

/** Statements are a page or two: drawn into memory, then sent. */
function render(title: string, draw: (document: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const document = newPdfDocument(title, { margin: LEFT });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    draw(document);
    document.end();
  });
}
