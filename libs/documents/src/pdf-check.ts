/**
 * A PDF is accepted only if pdf-lib parses it into a document with pages: "%PDF-" followed by
 * HTML (or anything else) has no cross-reference, no catalogue, no page tree. Encrypted files
 * are parsed too (many bank statements carry an owner password); their page tree is not encrypted.
 */
import { PDFDocument } from 'pdf-lib';

export type PdfCheck = { ok: true; pages: number } | { ok: false; problem: string };

const NOT_A_PDF = 'must be a PDF document that opens (this file is damaged or is not a PDF)';

export async function checkPdf(bytes: Buffer): Promise<PdfCheck> {
  try {
    // Strict: an object pdf-lib cannot read fails the check instead of being skipped.
    const document = await PDFDocument.load(bytes, { ignoreEncryption: true, throwOnInvalidObject: true, updateMetadata: false });
    const pages = document.getPageCount();
    if (pages < 1) return { ok: false, problem: 'must be a PDF document with at least one page' };
    return { ok: true, pages };
  } catch {
    return { ok: false, problem: NOT_A_PDF };
  }
}
