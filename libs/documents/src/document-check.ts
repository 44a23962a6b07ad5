/**
 * Evidence and bank statements: a PDF, PNG or JPEG of 5 MB at most, whose bytes say the same as
 * its Content-Type and which opens as what it claims to be (a PDF parses, an image decodes).
 */
import { type DocumentType, DomainError, MAX_DOCUMENT_BYTES, sniffDocumentType } from '@app/domain';
import { checkImage, EVIDENCE_IMAGE_LIMITS } from './image-check';
import { checkPdf } from './pdf-check';

export async function checkedDocument(
  content: unknown,
  contentType: string | undefined,
  field: string,
): Promise<{ content: Buffer; type: DocumentType }> {
  if (!Buffer.isBuffer(content) || content.length === 0) {
    throw new DomainError(
      'unsupported_media_type',
      'Send the file as the request body, Content-Type application/pdf, image/png or image/jpeg',
    );
  }
  if (content.length > MAX_DOCUMENT_BYTES) throw new DomainError('payload_too_large', 'The file must be 5 MB at most');
  const detected = sniffDocumentType(content);
  if (!detected || detected !== contentType) {
    throw DomainError.validation([
      { field, problems: [`must be a PDF, PNG or JPEG file${detected ? ` (this is ${detected}, sent as ${contentType})` : ''}`] },
    ]);
  }
  const check = detected === 'application/pdf' ? await checkPdf(content) : await checkImage(content, detected, EVIDENCE_IMAGE_LIMITS);
  if (!check.ok) throw DomainError.validation([{ field, problems: [check.problem] }]);
  return { content, type: detected };
}
