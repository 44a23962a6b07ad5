/** A pdfkit document with the platform's embedded DejaVu fonts ('regular', 'bold', 'mono'): accents and € print everywhere. */
import PDFDocument from 'pdfkit';

const FONT_DIR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');

export function newPdfDocument(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const document = new PDFDocument(options);
  document.registerFont('regular', `${FONT_DIR}DejaVuSans.ttf`);
  document.registerFont('bold', `${FONT_DIR}DejaVuSans-Bold.ttf`);
  document.registerFont('mono', `${FONT_DIR}DejaVuSansMono-Bold.ttf`);
  return document;
}
