/**
 * Drawing of printable booklets with pdfkit: per booklet a cover, then its cheques eight to an A4
 * page (2 × 4, A7 each) with cut marks. QR codes are drawn as vector squares (crisp at any print
 * resolution); DejaVu fonts are embedded so accents and € print everywhere.
 */
import QRCode from 'qrcode';
import { formatChequeCode, formatEuros, formatFrenchDate } from '@app/domain';
import { newPdfDocument } from '@app/documents';
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
  return newPdfDocument(`Chèques — ${programme.name}`, { margin: 0, autoFirstPage: false });
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
 * a new word, so a 100,000-cheque PDF would keep ~1 GB of layouts. Dropping the cache every
 * LAYOUT_CACHE_BOOKLETS booklets keeps memory flat (measured by `npm run bench`) while the words
 * every cheque repeats are laid out once per batch rather than once per booklet.
 */
const LAYOUT_CACHE_BOOKLETS = 25;
const bookletsSinceLayoutReset = new WeakMap<PDFKit.PDFDocument, number>();

function forgetTextLayouts(document: PDFKit.PDFDocument): void {
  const drawn = (bookletsSinceLayoutReset.get(document) ?? 0) + 1;
  bookletsSinceLayoutReset.set(document, drawn % LAYOUT_CACHE_BOOKLETS);
  if (drawn < LAYOUT_CACHE_BOOKLETS) return;
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
 * QR as filled rectangles, with its quiet zone left blank. Written as raw PDF operators in module
 * units under one scaling matrix: small integers are quick to write and to compress, where
 * thousands of pdfkit rect() calls (or decimal coordinates) per page would cost more than the QR.
 */
function drawQr(document: PDFKit.PDFDocument, content: string, x: number, y: number, size: number): void {
  // One byte-mode segment: the library's segment optimiser (a shortest-path search) would save a
  // few bits on the upper-case code at a large cost per cheque.
  const qr = QRCode.create([{ data: Buffer.from(content, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const module = size / (qr.modules.size + 8);
  document.save().fillColor('#000000');
  document.addContent(
    `${round4(module)} 0 0 ${round4(module)} ${round4(x + 4 * module)} ${round4(y + 4 * module)} cm\n${qrRectangles(qr.modules.size, qr.modules.data).join('\n')}`,
  );
  document.fill().restore();
}

/**
 * `x y width height re` operators (in modules) covering the dark modules of a size × size matrix
 * (row-major, 1 = dark) exactly: runs of dark modules in a row, stacked while the rows below repeat
 * the same run.
 */
export function qrRectangles(size: number, modules: ArrayLike<number>): string[] {
  const operators: string[] = [];
  // Per column where a run starts: the length of the open rectangle's run (0: none) and its first row.
  let openLength = new Uint16Array(size);
  let openTop = new Uint16Array(size);
  let nextLength = new Uint16Array(size);
  let nextTop = new Uint16Array(size);
  for (let row = 0; row <= size; row++) {
    nextLength.fill(0);
    if (row < size) {
      let runStart = -1;
      for (let column = 0; column <= size; column++) {
        const dark = column < size && modules[row * size + column] === 1;
        if (dark && runStart < 0) runStart = column;
        if (!dark && runStart >= 0) {
          const length = column - runStart;
          nextLength[runStart] = length;
          nextTop[runStart] = openLength[runStart] === length ? openTop[runStart] : row;
          runStart = -1;
        }
      }
    }
    for (let column = 0; column < size; column++) {
      const length = openLength[column];
      // A rectangle ends where the row below does not repeat its run.
      if (length > 0 && nextLength[column] !== length) operators.push(`${column} ${openTop[column]} ${length} ${row - openTop[column]} re`);
    }
    [openLength, nextLength] = [nextLength, openLength];
    [openTop, nextTop] = [nextTop, openTop];
  }
  return operators;
}

function round4(points: number): number {
  return Math.round(points * 10_000) / 10_000;
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
