/** Files people upload (logos, evidence, bank statements): recognised by their bytes, never by their label. */
export type DocumentType = 'application/pdf' | 'image/png' | 'image/jpeg';

export const DOCUMENT_TYPES: readonly DocumentType[] = ['application/pdf', 'image/png', 'image/jpeg'];

/** Evidence and bank statements: 5 MB at most. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the first bytes claim; the documents lib then checks the whole file says the same. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  if (PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d) return 'application/pdf';
  return null;
}

export const DOCUMENT_EXTENSIONS: Record<DocumentType, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
};

const MAX_FILE_NAME_LENGTH = 200;
/** Extensions that already say the type (".jpeg" is kept for a JPEG rather than renamed). */
const KNOWN_EXTENSIONS: Record<DocumentType, string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
};

/**
 * The name a file is stored and downloaded under: the sender's name, its extension made to match
 * the detected type ("rib.html" holding a PDF becomes "rib.pdf", "scan" a PNG "scan.png"), so that
 * whoever opens the download opens what was checked. `fallback` names a file sent without a name.
 */
export function fileNameForType(name: string, type: DocumentType, fallback: string): string {
  // Control characters and path separators never belong in a stored name.
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\]+/g, ' ').trim();
  const extension = /\.[a-z0-9]{1,5}$/i.exec(cleaned)?.[0].toLowerCase() ?? '';
  const matches = KNOWN_EXTENSIONS[type].includes(extension);
  const suffix = matches ? extension : DOCUMENT_EXTENSIONS[type];
  // Any other extension (".html", ".exe") is replaced by ours, never kept in front of it.
  const stem = cleaned.slice(0, cleaned.length - extension.length).trim();
  return `${(stem || fallback).slice(0, MAX_FILE_NAME_LENGTH - suffix.length)}${suffix}`;
}
