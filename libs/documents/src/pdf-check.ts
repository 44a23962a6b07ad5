/**
 * A PDF is accepted only if pdf-lib parses it into a document with pages: "%PDF-" followed by
 * HTML (or anything else) has no cross-reference, no catalogue, no page tree. Encrypted files
 * are parsed too (many bank statements carry an owner password); their page tree is not encrypted.
 * Parsing runs in the decode worker (decode-worker.ts), off the event loop; pdf-lib has no limit
 * of its own, so the worker first inflates the object and cross-reference streams (what pdf-lib
 * unpacks while loading) with zlib up to a budget, and its heap and time limits guard the rest.
 */
import { decodeWorker } from './decode-worker';
import { TOO_COMPLEX } from './image-check';

export type PdfCheck = { ok: true; pages: number } | { ok: false; problem: string };

const NOT_A_PDF = 'must be a PDF document that opens (this file is damaged or is not a PDF)';

/** What the object and cross-reference streams of a PDF may unpack to, together (a 5 MB file's are a few MB). */
export const MAX_OBJECT_STREAM_BYTES = 32 * 1024 * 1024;

export async function checkPdf(bytes: Buffer): Promise<PdfCheck> {
  // Strict: an object pdf-lib cannot read fails the check instead of being skipped.
  const answer = await decodeWorker.run({ kind: 'pdf', bytes, maxObjectStreamBytes: MAX_OBJECT_STREAM_BYTES });
  if (answer.ok) return { ok: true, pages: answer.pages ?? 0 };
  if (answer.reason === 'too_complex') return { ok: false, problem: TOO_COMPLEX };
  if (answer.reason === 'no_pages') return { ok: false, problem: 'must be a PDF document with at least one page' };
  return { ok: false, problem: NOT_A_PDF };
}
