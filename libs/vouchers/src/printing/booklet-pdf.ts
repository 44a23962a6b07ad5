/**
 * Drawing of printable booklets with pdfkit: per booklet a cover, then its cheques eight to an A4
 * page (2 × 4, A7 each) with cut marks. QR codes are drawn as vector squares (crisp at any print
 * resolution); DejaVu fonts are embedded so accents and € print everywhere.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatChequeCode, formatEuros, formatFrenchDate } from '@app/domain';

const FONT_DIR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');
const A4 = { width: 595.28, height: 841.89 };
const COLUMNS = 2;
const ROWS = 4;
const CHEQUE = { width: A4.width / COLUMNS, height: A4.height / ROWS };
const PADDING = 16;

export interface PrintableProgramme {
  name: string;
  faceValueCents: number;
  chequesPerBooklet: number;
  validFrom: string;
  validUntil: string;
  coverTitle: string | null;
  coverText: string | null;
  mapUrl: string;
  /** PNG or JPEG bytes of the funder's logo, if any. */
  logo?: Buffer | null;
}

export interface PrintableCheque {
  position: number;
  code: string;
  qrUrl: string;
}

export interface PrintableBooklet {
  serial: string;
  cheques: PrintableCheque[];
}

export function newBookletDocument(programme: PrintableProgramme): PDFKit.PDFDocument {
  const document = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: `Chèques — ${programme.name}`, Author: 'Pass numérique' },
  });
  return registerPdfFonts(document);
}

/** The embedded DejaVu fonts (accents and € everywhere) as 'regular', 'bold' and 'mono': every PDF of the platform uses them. */
export function registerPdfFonts(document: PDFKit.PDFDocument): PDFKit.PDFDocument {
  document.registerFont('regular', `${FONT_DIR}DejaVuSans.ttf`);
  document.registerFont('bold', `${FONT_DIR}DejaVuSans-Bold.ttf`);
  document.registerFont('mono', `${FONT_DIR}DejaVuSansMono-Bold.ttf`);
  return document;
}

export function drawBooklet(document: PDFKit.PDFDocument, programme: PrintableProgramme, booklet: PrintableBooklet): void {
  drawCover(document, programme, booklet);
  booklet.cheques.forEach((cheque, index) => {
    const slot = index % (COLUMNS * ROWS);
    if (slot === 0) {
      document.addPage();
      drawCutMarks(document);
    }
    const x = (slot % COLUMNS) * CHEQUE.width;
    const y = Math.floor(slot / COLUMNS) * CHEQUE.height;
    drawCheque(document, programme, booklet, cheque, x, y);
  });
  forgetTextLayouts(document);
}

/**
 * pdfkit caches the layout of every word it has drawn, for the document's life; each cheque code is
 * a new word, so a 100,000-cheque PDF would keep ~1 GB of layouts. Dropping the cache per booklet
 * keeps memory flat (measured by `npm run bench`).
 */
function forgetTextLayouts(document: PDFKit.PDFDocument): void {
  const fonts = (document as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })._fontFamilies ?? {};
  for (const font of Object.values(fonts)) if (font.layoutCache) font.layoutCache = Object.create(null) as object;
}

// The logo is embedded once per document and referenced from every cover (not copied a thousand times).
// pdfkit's openImage() is public but missing from its type definitions.
type OpenedImage = Parameters<PDFKit.PDFDocument['image']>[0];
const openedLogos = new WeakMap<PDFKit.PDFDocument, OpenedImage>();

function openedLogo(document: PDFKit.PDFDocument, logo: Buffer): OpenedImage {
  let image = openedLogos.get(document);
  if (!image) {
    image = (document as unknown as { openImage(source: Buffer): OpenedImage }).openImage(logo);
    openedLogos.set(document, image);
  }
  return image;
}

function drawCover(document: PDFKit.PDFDocument, programme: PrintableProgramme, booklet: PrintableBooklet): void {
  document.addPage();
  const left = 56;
  const width = A4.width - 2 * left;
  const total = formatEuros(programme.faceValueCents * programme.chequesPerBooklet);
  let top = 70;
  if (programme.logo) {
    document.image(openedLogo(document, programme.logo), left, top, { fit: [160, 80] });
    top += 96;
  }
  document
    .font('bold')
    .fontSize(26)
    .fillColor('#000091')
    .text(programme.coverTitle ?? 'Votre Pass numérique', left, top, { width });
  if (programme.coverText) document.moveDown(0.5).font('regular').fontSize(13).fillColor('#161616').text(programme.coverText, { width });
  document
    .moveDown(1)
    .font('bold')
    .fontSize(15)
    .fillColor('#161616')
    .text(programme.name, { width })
    .font('regular')
    .fontSize(13)
    .text(`Carnet de ${programme.chequesPerBooklet} chèques de ${formatEuros(programme.faceValueCents)}, soit ${total}.`, { width })
    .text(`Valable du ${formatFrenchDate(programme.validFrom)} au ${formatFrenchDate(programme.validUntil)}.`, { width });

  document.moveDown(1.5).font('bold').fontSize(15).text('Comment utiliser vos chèques ?', { width });
  const steps = [
    `Trouvez un lieu de médiation numérique près de chez vous : ${programme.mapUrl} (ou scannez un chèque avec l’appareil photo de votre téléphone).`,
    'Allez-y avec ce carnet : une personne vous accompagne pour apprendre ou pour faire vos démarches en ligne.',
    'Donnez le nombre de chèques demandé pour le service choisi (souvent un chèque par séance).',
    'Les chèques sont gratuits pour vous. Ils ne peuvent pas être échangés contre de l’argent.',
  ];
  document.font('regular').fontSize(12);
  steps.forEach((step, index) => document.moveDown(0.4).text(`${index + 1}. ${step}`, { width, indent: 0 }));

  const qrSize = 90;
  const qrTop = A4.height - 70 - qrSize;
  drawQr(document, booklet.serial, left, qrTop, qrSize);
  document
    .font('regular')
    .fontSize(11)
    .text('Numéro du carnet (à scanner par la structure qui vous le remet) :', left + qrSize + 16, qrTop + 20, {
      width: width - qrSize - 16,
    })
    .font('mono')
    .fontSize(16)
    .text(booklet.serial, left + qrSize + 16, qrTop + 52);
}

function drawCheque(
  document: PDFKit.PDFDocument,
  programme: PrintableProgramme,
  booklet: PrintableBooklet,
  cheque: PrintableCheque,
  x: number,
  y: number,
): void {
  const inner = { x: x + PADDING, y: y + PADDING, width: CHEQUE.width - 2 * PADDING, height: CHEQUE.height - 2 * PADDING };
  const qrSize = 104;
  const textWidth = inner.width - qrSize - 8;
  document.font('bold').fontSize(8.5).fillColor('#000091').text('PASS NUMÉRIQUE', inner.x, inner.y, { width: textWidth, lineBreak: false });
  document
    .font('regular')
    .fontSize(8)
    .fillColor('#161616')
    .text(`${cheque.position} / ${programme.chequesPerBooklet}`, inner.x + inner.width - 40, inner.y, {
      width: 40,
      align: 'right',
      lineBreak: false,
    });
  document
    .font('regular')
    .fontSize(8)
    .text(programme.name, inner.x, inner.y + 12, { width: textWidth, height: 20, ellipsis: true });
  document
    .font('bold')
    .fontSize(24)
    .text(formatEuros(programme.faceValueCents), inner.x, inner.y + 36, { width: textWidth, lineBreak: false });
  document
    .font('regular')
    .fontSize(8)
    .text(`Valable jusqu’au ${formatFrenchDate(programme.validUntil)}`, inner.x, inner.y + 68, { width: textWidth });
  document
    .font('regular')
    .fontSize(7)
    .text('Code du chèque :', inner.x, inner.y + 90, { width: textWidth });
  document
    .font('mono')
    .fontSize(10.5)
    .text(formatChequeCode(cheque.code), inner.x, inner.y + 100, { width: textWidth + 30, lineBreak: false });
  drawQr(document, cheque.qrUrl, inner.x + inner.width - qrSize, inner.y + 16, qrSize);
  document
    .font('regular')
    .fontSize(6.5)
    .text('Ne peut être échangé contre de l’argent. Utilisable une seule fois.', inner.x, inner.y + inner.height - 24, {
      width: inner.width,
    })
    .text(`Carnet ${booklet.serial}`, inner.x, inner.y + inner.height - 14, { width: inner.width, lineBreak: false });
}

/**
 * QR as filled squares (runs of dark modules merged per row), with its quiet zone left blank.
 * The rectangles are written as raw PDF operators: thousands of pdfkit rect() calls per page
 * would cost more than computing the QR itself.
 */
function drawQr(document: PDFKit.PDFDocument, content: string, x: number, y: number, size: number): void {
  // One byte-mode segment: the library's segment optimiser (a shortest-path search) would save a
  // few bits on the upper-case code at a large cost per cheque.
  const qr = QRCode.create([{ data: Buffer.from(content, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const module = size / (count + 8);
  const left = x + 4 * module;
  const top = y + 4 * module;
  const operators: string[] = [];
  for (let row = 0; row < count; row++) {
    let runStart = -1;
    for (let column = 0; column <= count; column++) {
      const dark = column < count && qr.modules.get(row, column) === 1;
      if (dark && runStart < 0) runStart = column;
      if (!dark && runStart >= 0) {
        operators.push(
          `${round(left + runStart * module)} ${round(top + row * module)} ${round((column - runStart) * module)} ${round(module)} re`,
        );
        runStart = -1;
      }
    }
  }
  document.save().fillColor('#000000');
  document.addContent(operators.join('\n'));
  document.fill().restore();
}

/** Two decimals are a hundredth of a point: far below what a printer resolves. */
function round(points: number): number {
  return Math.round(points * 100) / 100;
}

function drawCutMarks(document: PDFKit.PDFDocument): void {
  const tick = 8;
  document.save().lineWidth(0.4).strokeColor('#777777');
  for (let column = 1; column < COLUMNS; column++) {
    const x = column * CHEQUE.width;
    document
      .moveTo(x, 0)
      .lineTo(x, tick)
      .moveTo(x, A4.height - tick)
      .lineTo(x, A4.height);
  }
  for (let row = 1; row < ROWS; row++) {
    const y = row * CHEQUE.height;
    document
      .moveTo(0, y)
      .lineTo(tick, y)
      .moveTo(A4.width - tick, y)
      .lineTo(A4.width, y);
    for (let column = 1; column < COLUMNS; column++) {
      const x = column * CHEQUE.width;
      document
        .moveTo(x - tick / 2, y)
        .lineTo(x + tick / 2, y)
        .moveTo(x, y - tick / 2)
        .lineTo(x, y + tick / 2);
    }
  }
  document.stroke().restore();
}
