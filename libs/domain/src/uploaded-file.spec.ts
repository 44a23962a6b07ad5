import fc from 'fast-check';
import { DOCUMENT_EXTENSIONS, DOCUMENT_TYPES, fileNameForType, sniffDocumentType } from './uploaded-file';

describe('fileNameForType', () => {
  it('gives the extension of the detected type, whatever the sender called the file', () => {
    expect(fileNameForType('rib.html', 'application/pdf', 'rib')).toBe('rib.pdf');
    expect(fileNameForType('attestation.pdf', 'application/pdf', 'x')).toBe('attestation.pdf');
    expect(fileNameForType('photo.PDF', 'image/jpeg', 'x')).toBe('photo.jpg');
    expect(fileNameForType('photo.JPEG', 'image/jpeg', 'x')).toBe('photo.jpeg');
    expect(fileNameForType('scan', 'image/png', 'x')).toBe('scan.png');
    expect(fileNameForType('M. Dupont, attestation', 'application/pdf', 'x')).toBe('M. Dupont, attestation.pdf');
    expect(fileNameForType('', 'application/pdf', 'piece-justificative')).toBe('piece-justificative.pdf');
    expect(fileNameForType('.html', 'image/png', 'logo')).toBe('logo.png');
    expect(fileNameForType('../../etc/passwd\u0000.svg', 'image/png', 'x')).toBe('.. .. etc passwd.png');
  });

  it('always ends with an extension of the type, stays within 200 characters, and is stable', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...DOCUMENT_TYPES), (name, type) => {
        const stored = fileNameForType(name, type, 'fichier');
        expect(stored.length).toBeLessThanOrEqual(200);
        expect(stored.length).toBeGreaterThan(4);
        expect(type === 'image/jpeg' ? /\.(jpg|jpeg)$/.test(stored) : stored.endsWith(DOCUMENT_EXTENSIONS[type])).toBe(true);
        // eslint-disable-next-line no-control-regex -- control characters are what must be gone
        expect(stored).not.toMatch(/[\u0000-\u001f\u007f/\\]/);
        expect(fileNameForType(stored, type, 'fichier')).toBe(stored);
      }),
    );
  });
});

describe('sniffDocumentType', () => {
  it('reads the signature only: the documents lib checks the rest', () => {
    expect(sniffDocumentType(Buffer.from('%PDF-1.7\n<html>'))).toBe('application/pdf');
    expect(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0x00]))).toBe('image/jpeg');
    expect(sniffDocumentType(Buffer.from('<svg/>'))).toBeNull();
  });
});
