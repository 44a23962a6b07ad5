/** A PDF document with the platform's embedded fonts (DejaVu: accents and € print everywhere). */
import PDFDocument from 'pdfkit';

const FONT_DIR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');

/** Fonts registered as 'regular', 'bold' and 'mono'. */
export function newPdfDocument(title: string, options: PDFKit.PDFDocumentOptions = {}): PDFKit.PDFDocument {
  const document = new PDFDocument({ size: 'A4', ...options, info: { Title: title, Author: 'Pass numérique', ...options.info } });
  document.registerFont('regular', `${FONT_DIR}DejaVuSans.ttf`);
  document.registerFont('bold', `${FONT_DIR}DejaVuSans-Bold.ttf`);
  document.registerFont('mono', `${FONT_DIR}DejaVuSansMono-Bold.ttf`);
  document.font('regular');
  return document;
}
