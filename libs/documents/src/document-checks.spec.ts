import { encode as encodeJpeg } from 'jpeg-js';
import { demoPdf, demoPng } from '../../../apps/api/src/seed/demo-documents';
import { DecodeWorker, decodeWorker } from './decode-worker';
import {
  checkImage,
  decodedBytes,
  EVIDENCE_IMAGE_LIMITS,
  headerProblem,
  type ImageHeader,
  jpegHeader,
  LOGO_LIMITS,
  pngHeader,
} from './image-check';
import { checkPdf } from './pdf-check';

const DAMAGED = 'must be a complete PNG or JPEG image (this file is damaged or truncated)';
const jpeg = encodeJpeg({ width: 40, height: 20, data: Buffer.alloc(40 * 20 * 4, 0x60) }, 85).data;

// The checks below run in the process's shared worker: end its thread, or jest cannot exit.
afterAll(() => decodeWorker.close());

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
      problem: 'must be at most 10000 pixels a side and 25 megapixels (this one is 60000 × 60000)',
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

describe('headerProblem (before any decoding)', () => {
  const header = (width: number, height: number, channels: number, bitDepth: number, scans = 1): ImageHeader => ({
    width,
    height,
    channels,
    bitDepth,
    scans,
  });

  it('reads bit depth, channels and scans from the headers', () => {
    expect(pngHeader(demoPng())).toEqual({ width: 40, height: 20, channels: expect.any(Number), bitDepth: 8, scans: 1 });
    expect(jpegHeader(jpeg)).toEqual({ width: 40, height: 20, channels: 3, bitDepth: 8, scans: 1 });
  });

  it('counts decoded bytes, not pixels: 16-bit RGBA is 8 bytes a pixel', () => {
    expect(decodedBytes(header(7000, 7000, 4, 16))).toBe(392_000_000);
    expect(headerProblem(header(7000, 7000, 4, 16), { ...EVIDENCE_IMAGE_LIMITS, maxMegapixels: 50 })).toBe(
      'must decode to 100 MB at most (this one is 7000 × 7000 × 4 samples of 16 bits: 374 MB)',
    );
    expect(headerProblem(header(5000, 5000, 4, 8), EVIDENCE_IMAGE_LIMITS)).toBeNull();
  });

  it('refuses 16-bit logos and progressive JPEGs with too many scans', () => {
    expect(headerProblem(header(100, 100, 4, 16), LOGO_LIMITS)).toBe(
      'must use 8 bits a sample (this one uses 16: save it as an ordinary PNG)',
    );
    expect(headerProblem(header(100, 100, 1, 16), EVIDENCE_IMAGE_LIMITS)).toBeNull();
    expect(headerProblem(header(100, 100, 3, 8, 65), EVIDENCE_IMAGE_LIMITS)).toBe(
      'must have 64 progressive scans at most (this one has 65)',
    );
  });
});

describe('DecodeWorker', () => {
  it('refuses as too complex a check that outlives its time limit, then starts afresh', async () => {
    const worker = new DecodeWorker({ timeoutMs: 1, maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 });
    expect(await worker.run({ kind: 'pdf', bytes: demoPdf('A'), maxObjectStreamBytes: 1024 * 1024 })).toEqual({
      ok: false,
      reason: 'too_complex',
    });
    await worker.close();
    const roomy = new DecodeWorker();
    expect(await roomy.run({ kind: 'pdf', bytes: demoPdf('A'), maxObjectStreamBytes: 1024 * 1024 })).toEqual({ ok: true, pages: 1 });
    await roomy.close();
  });

  it('refuses as too complex a check that runs out of heap, and the next check on the same worker object works', async () => {
    const worker = new DecodeWorker({ timeoutMs: 60_000, maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 });
    // 300,000 small objects: pdf-lib keeps every one in its context.
    const objects = Array.from({ length: 300_000 }, (_, index) => `${index + 10} 0 obj\n[${index} ${index} ${index}]\nendobj\n`).join('');
    const many = Buffer.concat([demoPdf('A').subarray(0, 9), Buffer.from(objects), demoPdf('A').subarray(9)]);
    expect(await worker.run({ kind: 'pdf', bytes: many, maxObjectStreamBytes: 1024 * 1024 })).toEqual({ ok: false, reason: 'too_complex' });
    expect(await worker.run({ kind: 'png', bytes: demoPng(), printTest: false, maxMemoryMb: 16, maxMegapixels: 1 })).toEqual({
      ok: true,
    });
    await worker.close();
  });
});
