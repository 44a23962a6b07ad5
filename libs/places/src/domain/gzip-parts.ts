/**
 * A gzip stream put together from parts compressed on their own, so that changing one part of a
 * large text recompresses that part only. Each part is raw deflate ended by a sync flush (whole
 * bytes, no final block): parts joined end to end are one valid deflate stream (RFC 1951), which
 * the assembler closes with an empty final block and wraps in a single gzip member (RFC 1952).
 * The trailer's CRC-32 is combined from the parts' own CRCs, without reading their text again.
 */
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';

export interface GzipPart {
  deflated: Buffer;
  /** CRC-32 of the part's UTF-8 bytes. */
  crc: number;
  /** Length of the part's UTF-8 bytes. */
  size: number;
}

const deflateRawInPool = promisify(deflateRaw);

export function gzipPart(text: string, level: number): GzipPart {
  const bytes = Buffer.from(text, 'utf8');
  return { deflated: deflateRawSync(bytes, { level, finishFlush: constants.Z_SYNC_FLUSH }), crc: crc32(bytes), size: bytes.length };
}

/** The same, compressed in libuv's thread pool: many parts at once use every core and leave the event loop free. */
export async function gzipPartInPool(text: string, level: number): Promise<GzipPart> {
  const bytes = Buffer.from(text, 'utf8');
  const deflated = await deflateRawInPool(bytes, { level, finishFlush: constants.Z_SYNC_FLUSH });
  return { deflated, crc: crc32(bytes), size: bytes.length };
}

// ID1 ID2, CM = deflate, no flags, no time, no extra flags, OS = unknown.
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
// An empty block with BFINAL set (fixed Huffman codes: 3 header bits, then the 7-bit end-of-block code).
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

export function gzipFromParts(parts: readonly GzipPart[]): Buffer {
  let crc = 0;
  let size = 0;
  for (const part of parts) {
    crc = crc32Combine(crc, part.crc, part.size);
    size += part.size;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  return Buffer.concat([HEADER, ...parts.map((part) => part.deflated), FINAL_BLOCK, trailer]);
}

/*
 * CRC-32 of A followed by B from crc(A), crc(B) and B's length: crc(A) multiplied by x^(8·|B|)
 * modulo the CRC polynomial, plus crc(B). Polynomials are 32-bit words in the CRC's reflected
 * order: the most significant bit is x^0, the least significant x^31.
 */
const POLYNOMIAL = 0xedb88320;
const X_POWER_0 = 0x80000000;
const X_POWER_1 = 0x40000000;

function multiplyModulo(a: number, b: number): number {
  let product = 0;
  let shifted = b;
  for (let bit = X_POWER_0; bit !== 0; bit >>>= 1) {
    if (a & bit) product ^= shifted;
    shifted = shifted & 1 ? (shifted >>> 1) ^ POLYNOMIAL : shifted >>> 1;
  }
  return product >>> 0;
}

/** x^exponent modulo the polynomial, by squaring. */
function xPowerModulo(exponent: number): number {
  let result = X_POWER_0;
  let square = X_POWER_1;
  for (let rest = exponent; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) result = multiplyModulo(result, square);
    square = multiplyModulo(square, square);
  }
  return result;
}

export function crc32Combine(crcA: number, crcB: number, sizeB: number): number {
  return (multiplyModulo(xPowerModulo(8 * sizeB), crcA) ^ crcB) >>> 0;
}
