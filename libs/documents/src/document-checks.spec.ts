import { encode as encodeJpeg } from 'jpeg-js';
import { demoPdf, demoPng } from '../../../apps/api/src/seed/demo-documents';
import { checkImage, EVIDENCE_IMAGE_LIMITS, LOGO_LIMITS } from './image-check';
import { checkPdf } from './pdf-check';

const DAMAGED = 'must be a complete PNG or JPEG image (this file is damaged or truncated)';
const jpeg = encodeJpeg({ width: 40, height: 20, data: Buffer.alloc(40 * 20 * 4, 0x60) }, 85).data;

describe('checkImage', () => {
  it('takes real PNG and JPEG images, with their size', async () => {
    expect(await checkImage(demoPng(), 'image/png', LOGO_LIMITS)).toEqual({ ok: true, image: { width: 40, height: 20 } });
    expect(await checkImage(jpeg, 'image/jpeg', LOGO_LIMITS)).toEqual({ ok: true, image: { width: 40, height: 20 } });
  });

  it('refuses the magic bytes followed by anything, and truncated files', async () => {
    const jpegMagicThenHtml = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html></html>')]);
    expect(await checkImage(jpegMagicThenHtml, 'image/jpeg', LOGO_LIMITS)).toEqual({ ok: false, problem: DAMAGED });
    expect(await checkImage(jpeg.subarray(0, jpeg.length - 40), 'image/jpeg', LOGO_LIMITS)).toEqual({ ok: false, problem: DAMAGED });
    const png = demoPng();
    expect(await checkImage(png.subarray(0, png.length - 20), 'image/png', LOGO_LIMITS)).toEqual({ ok: false, problem: DAMAGED });
    const badCrc = Buffer.from(png);
    badCrc[40] ^= 0xff; // inside the first data chunk: its CRC no longer matches
    expect(await checkImage(badCrc, 'image/png', LOGO_LIMITS)).toEqual({ ok: false, problem: DAMAGED });
  });

  it('refuses dimensions past the limits before decoding anything', async () => {
    // A 60-byte header claiming 60,000 × 60,000 pixels: refused without allocating 14 GB.
    const claims = Buffer.from(demoPng());
    claims.writeUInt32BE(60_000, 16);
    claims.writeUInt32BE(60_000, 20);
    expect(await checkImage(claims, 'image/png', EVIDENCE_IMAGE_LIMITS)).toEqual({
      ok: false,
      problem: 'must be at most 10000 pixels a side and 50 megapixels (this one is 60000 × 60000)',
    });
    expect((await checkImage(demoPng(4001, 1), 'image/png', LOGO_LIMITS)).ok).toBe(false);
    expect((await checkImage(demoPng(4000, 1), 'image/png', LOGO_LIMITS)).ok).toBe(true);
  });
});

describe('checkPdf', () => {
  it('takes a real PDF and counts its pages', async () => {
    expect(await checkPdf(demoPdf('Attestation'))).toEqual({ ok: true, pages: 1 });
  });

  it('refuses %PDF- followed by HTML, and a PDF cut before its end', async () => {
    const notAPdf = { ok: false, problem: 'must be a PDF document that opens (this file is damaged or is not a PDF)' };
    expect(await checkPdf(Buffer.from('%PDF-1.7\n<html><script>alert(1)</script></html>'))).toEqual(notAPdf);
    const pdf = demoPdf('Attestation');
    expect(await checkPdf(pdf.subarray(0, pdf.length - 300))).toEqual(notAPdf);
  });
});
