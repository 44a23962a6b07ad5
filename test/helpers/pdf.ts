/** PDFs in tests: keep a binary response whole, read a PDF's text with poppler's pdftotext. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Response } from 'superagent';

export const POPPLER = existsSync('/usr/bin/pdftoppm');
if (!POPPLER && process.env.CI) throw new Error('pdftoppm (Debian poppler-utils) is required on CI');
export const describeWithPoppler = POPPLER ? describe : describe.skip;

/** supertest: keep a binary response (the PDF) as one Buffer. */
export function binaryBody(response: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream; // at parse time, the raw HTTP response
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The text of a PDF, laid out as on the page, spaces (including narrow no-break ones) made plain. */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf })
    .toString()
    .replace(/[\u202f\u00a0]/g, ' ');
}
