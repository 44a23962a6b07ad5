/**
 * Files people attach (a criterion's evidence, a bank's statement of account): PDF, PNG or JPEG of
 * 5 MB at most, as the API checks them; checked here first so that a wrong file is said at once.
 */

export const DOCUMENT_TYPES: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };
export const DOCUMENT_ACCEPT = 'application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg';
export const DOCUMENT_HINT = 'PDF, PNG ou JPEG, 5 Mo au plus.';
const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** How the API's refusals of a file read in French. */
export const DOCUMENT_MESSAGES: Record<string, string> = {
  payload_too_large: 'Le fichier dépasse 5 Mo : réduisez-le ou choisissez-en un autre.',
  unsupported_media_type: 'Le fichier doit être un PDF, un PNG ou un JPEG.',
};

/** What is wrong with the chosen file, or null when it may be sent. */
export function documentProblem(file: File | null | undefined): string | null {
  if (!file) return 'Choisissez un fichier.';
  if (!DOCUMENT_TYPES[file.type]) return 'Le fichier doit être un PDF, un PNG ou un JPEG.';
  if (file.size > MAX_DOCUMENT_BYTES) return `Le fichier pèse ${formatFileSize(file.size)} : il doit faire 5 Mo au plus.`;
  if (file.size === 0) return 'Le fichier est vide.';
  return null;
}

/** "48 ko", "1,2 Mo". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')} ko`;
  return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}
