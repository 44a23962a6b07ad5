/**
 * Real, tiny files for the demo and the tests: a one-page PDF drawn by pdfkit and a PNG written by
 * pngjs, so that uploads (which decode and parse what they receive) accept them as a person's would.
 */
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';

/** A one-page A6 PDF saying `text` (standard font, drawn and read back synchronously). */
export function demoPdf(text: string): Buffer {
  const document = new PDFDocument({ size: 'A6', info: { Title: text, Author: 'Pass numérique (démo)' } });
  document.fontSize(12).text(text);
  document.end();
  // Nothing reads the stream while it is drawn: every chunk waits in its buffer until now.
  const chunks: Buffer[] = [];
  for (let chunk = document.read() as Buffer | null; chunk !== null; chunk = document.read() as Buffer | null) chunks.push(chunk);
  const pdf = Buffer.concat(chunks);
  if (!pdf.subarray(-8).toString('latin1').includes('%%EOF')) throw new Error('the demo PDF was not written in one go');
  return pdf;
}

/** A plain width × height PNG in the platform's blue (an opaque RGBA image). */
export function demoPng(width = 40, height = 20): Buffer {
  const image = new PNG({ width, height });
  for (let pixel = 0; pixel < width * height; pixel++) image.data.set([0x00, 0x00, 0x91, 0xff], pixel * 4);
  return PNG.sync.write(image);
}
