/**
 * An image is accepted only if it decodes whole and pdfkit embeds it: sniffing the first bytes let
 * "JPEG magic + anything" in, which then broke every print of the programme. PNG is decoded by
 * pngjs (checks every CRC and the compressed data), JPEG by jpeg-js (strict: a truncated or
 * corrupt scan is refused); then, for a logo, the bytes go through pdfkit's image() exactly as the
 * booklet printer uses it, in a throwaway document. The header is read first and refuses what
 * would cost too much to decode (pixels, decoded bytes, 16-bit samples, progressive scans); the
 * decoding itself runs in the decode worker (decode-worker.ts), off the event loop.
 */
import { decodeWorker } from './decode-worker';

export type ImageType = 'image/png' | 'image/jpeg';

export interface ImageLimits {
  /** Longest side, in pixels. */
  maxSide: number;
  /** Width × height, in megapixels. */
  maxMegapixels: number;
  /**
   * Width × height × channels × bytes a sample: what the decoded picture weighs. Pixels alone do
   * not bound it (a 16-bit RGBA pixel is 8 bytes), and zeros compress 1,000 to 1: a 381 KB PNG can
   * claim 392 MB of pixels.
   */
  maxDecodedBytes: number;
  /** 16 bits a sample (PNG only; print needs 8). */
  allowSixteenBits: boolean;
  /** Put the image through pdfkit as the booklet printer does (only what is printed). */
  printTest: boolean;
}

/** A logo is printed 160 × 80 points: 4,000 pixels a side is far more than print needs. */
export const LOGO_LIMITS: ImageLimits = {
  maxSide: 4000,
  maxMegapixels: 16,
  maxDecodedBytes: 64 * 1024 * 1024,
  allowSixteenBits: false,
  printTest: true,
};
/** A phone photo of a document (12–24 MP cameras; larger ones are refused, the person sends a smaller one). */
export const EVIDENCE_IMAGE_LIMITS: ImageLimits = {
  maxSide: 10_000,
  maxMegapixels: 25,
  maxDecodedBytes: 100 * 1024 * 1024,
  allowSixteenBits: true,
  printTest: false,
};

/** A progressive JPEG is decoded once per scan: 10 or so is usual, thousands of tiny ones are a CPU sink. */
export const MAX_JPEG_SCANS = 64;

export const TOO_COMPLEX = 'is too complex to check (send a smaller or simpler file)';
const DAMAGED = 'must be a complete PNG or JPEG image (this file is damaged or truncated)';

export interface CheckedImage {
  width: number;
  height: number;
}

/** What the header says, read before anything is decoded. */
export interface ImageHeader extends CheckedImage {
  /** Samples a pixel in the decoded picture (PNG palette: 1; JPEG: its components). */
  channels: number;
  bitDepth: number;
  /** JPEG: start-of-scan markers (1 for a baseline JPEG). */
  scans: number;
}

/** Why an image cannot be used, in words for the `problems` of a field; null when it decodes and prints. */
export type ImageCheck = { ok: true; image: CheckedImage } | { ok: false; problem: string };

export async function checkImage(bytes: Buffer, type: ImageType, limits: ImageLimits): Promise<ImageCheck> {
  const header = type === 'image/png' ? pngHeader(bytes) : jpegHeader(bytes);
  if (!header) return refused(DAMAGED);
  const problem = headerProblem(header, limits);
  if (problem) return refused(problem);
  const answer = await decodeWorker.run({
    kind: type === 'image/png' ? 'png' : 'jpeg',
    bytes,
    printTest: limits.printTest,
    maxMegapixels: limits.maxMegapixels,
    maxMemoryMb: Math.ceil(limits.maxDecodedBytes / (1024 * 1024)),
  });
  if (!answer.ok) {
    if (answer.reason === 'too_complex') return refused(TOO_COMPLEX);
    if (answer.reason === 'unprintable')
      return refused('must be a PNG or JPEG image that can be printed (this one cannot be embedded in a PDF)');
    return refused(DAMAGED);
  }
  return { ok: true, image: { width: header.width, height: header.height } };
}

/** The limits a header breaks, before any decoding (pure: the cheap half of the check). */
export function headerProblem(header: ImageHeader, limits: ImageLimits): string | null {
  const { width, height } = header;
  if (width === 0 || height === 0) return 'must be an image of at least 1 × 1 pixel';
  if (Math.max(width, height) > limits.maxSide || width * height > limits.maxMegapixels * 1_000_000) {
    return `must be at most ${limits.maxSide} pixels a side and ${limits.maxMegapixels} megapixels (this one is ${width} × ${height})`;
  }
  if (header.bitDepth > 8 && !limits.allowSixteenBits) return 'must use 8 bits a sample (this one uses 16: save it as an ordinary PNG)';
  const decoded = decodedBytes(header);
  if (decoded > limits.maxDecodedBytes) {
    return `must decode to ${Math.round(limits.maxDecodedBytes / (1024 * 1024))} MB at most (this one is ${width} × ${height} × ${header.channels} samples of ${header.bitDepth} bits: ${Math.round(decoded / (1024 * 1024))} MB)`;
  }
  if (header.scans > MAX_JPEG_SCANS) return `must have ${MAX_JPEG_SCANS} progressive scans at most (this one has ${header.scans})`;
  return null;
}

/** Width × height × channels × bytes a sample. */
export function decodedBytes(header: ImageHeader): number {
  return header.width * header.height * header.channels * Math.max(1, header.bitDepth / 8);
}

function refused(problem: string): ImageCheck {
  return { ok: false, problem };
}

/** PNG colour types: samples a pixel (0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Width, height, bit depth and colour type from the IHDR chunk, which the PNG format puts first. */
export function pngHeader(bytes: Buffer): ImageHeader | null {
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  const channels = PNG_CHANNELS[bytes[25]];
  if (!channels) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bitDepth: bytes[24], channels, scans: 1 };
}

/** Width, height and components from the first start-of-frame marker, and how many scans follow. */
export function jpegHeader(bytes: Buffer): ImageHeader | null {
  let position = 2;
  while (position + 9 < bytes.length) {
    if (bytes[position] !== 0xff) return null;
    const marker = bytes[position + 1];
    if (marker === 0xff) {
      position += 1; // fill byte
      continue;
    }
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return {
        height: bytes.readUInt16BE(position + 5),
        width: bytes.readUInt16BE(position + 7),
        bitDepth: bytes[position + 4],
        channels: bytes[position + 9] ?? 0,
        scans: jpegScans(bytes, position),
      };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
    position += 2 + bytes.readUInt16BE(position + 2);
  }
  return null;
}

/** Start-of-scan markers (FF DA): inside entropy-coded data FF is always followed by 00 or a restart marker. */
function jpegScans(bytes: Buffer, from: number): number {
  let scans = 0;
  for (
    let position = bytes.indexOf(0xff, from);
    position >= 0 && position + 1 < bytes.length;
    position = bytes.indexOf(0xff, position + 1)
  ) {
    if (bytes[position + 1] === 0xda) scans += 1;
  }
  return scans;
}
