/**
 * An image is accepted only if it decodes whole and pdfkit embeds it: sniffing the first bytes let
 * "JPEG magic + anything" in, which then broke every print of the programme. PNG is decoded by
 * pngjs (checks every CRC and the compressed data), JPEG by jpeg-js (strict: a truncated or
 * corrupt scan is refused); then the bytes go through pdfkit's image() exactly as the booklet
 * printer uses it, in a throwaway document.
 */
import { decode as decodeJpeg } from 'jpeg-js';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';

export type ImageType = 'image/png' | 'image/jpeg';

export interface ImageLimits {
  /** Longest side, in pixels. */
  maxSide: number;
  /** Width × height, in megapixels: bounds the memory a decode takes (3–4 bytes a pixel). */
  maxMegapixels: number;
}

/** A logo is printed 160 × 80 points: 4,000 pixels a side is far more than print needs. */
export const LOGO_LIMITS: ImageLimits = { maxSide: 4000, maxMegapixels: 16 };
/** A phone photo of a document (12–48 MP cameras). */
export const EVIDENCE_IMAGE_LIMITS: ImageLimits = { maxSide: 10_000, maxMegapixels: 50 };

export interface CheckedImage {
  width: number;
  height: number;
}

/** Why an image cannot be used, in words for the `problems` of a field; null when it decodes and prints. */
export type ImageCheck = { ok: true; image: CheckedImage } | { ok: false; problem: string };

export async function checkImage(bytes: Buffer, type: ImageType, limits: ImageLimits): Promise<ImageCheck> {
  const size = type === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) return refused('must be a complete PNG or JPEG image (this file is damaged or truncated)');
  if (size.width === 0 || size.height === 0) return refused('must be an image of at least 1 × 1 pixel');
  if (Math.max(size.width, size.height) > limits.maxSide || size.width * size.height > limits.maxMegapixels * 1_000_000) {
    return refused(
      `must be at most ${limits.maxSide} pixels a side and ${limits.maxMegapixels} megapixels (this one is ${size.width} × ${size.height})`,
    );
  }
  try {
    if (type === 'image/png') PNG.sync.read(bytes, { checkCRC: true });
    else decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxResolutionInMP: limits.maxMegapixels });
  } catch {
    return refused('must be a complete PNG or JPEG image (this file is damaged or truncated)');
  }
  try {
    await embedInThrowawayPdf(bytes);
  } catch {
    return refused('must be a PNG or JPEG image that can be printed (this one cannot be embedded in a PDF)');
  }
  return { ok: true, image: size };
}

function refused(problem: string): ImageCheck {
  return { ok: false, problem };
}

/** Width and height from the IHDR chunk, which the PNG format puts first. */
function pngSize(bytes: Buffer): CheckedImage | null {
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Width and height from the first start-of-frame marker, read before anything is decoded. */
function jpegSize(bytes: Buffer): CheckedImage | null {
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
      return { height: bytes.readUInt16BE(position + 5), width: bytes.readUInt16BE(position + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
    position += 2 + bytes.readUInt16BE(position + 2);
  }
  return null;
}

/** The booklet printer's own call (image() with fit), in a document nobody reads. */
function embedInThrowawayPdf(bytes: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const document = new PDFDocument({ autoFirstPage: false });
    document.on('data', () => undefined);
    document.on('end', () => resolve());
    document.on('error', reject);
    try {
      document.addPage({ size: 'A4' });
      document.image(bytes, 56, 70, { fit: [160, 80] });
      document.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
