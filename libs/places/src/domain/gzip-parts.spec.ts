import { crc32, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { crc32Combine, gzipFromParts, gzipPart, gzipPartInPool } from './gzip-parts';

describe('gzip from parts compressed on their own', () => {
  it('combines CRC-32s as the CRC of the joined bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const joined = Buffer.concat([a, b]);
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(joined));
      }),
    );
  });

  it('gunzips (CRC and length checked) to the parts joined in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (texts, level) => {
          const gzip = gzipFromParts(texts.map((text) => gzipPart(text, level)));
          expect(gunzipSync(gzip).toString('utf8')).toBe(texts.join(''));
        },
      ),
    );
  });

  it('compresses the same part in the thread pool', async () => {
    const text = 'Médiathèque, « tiers-lieu » '.repeat(5_000);
    expect(await gzipPartInPool(text, 1)).toEqual(gzipPart(text, 1));
  });

  it('keeps parts larger than the deflate window and reuses a part anywhere', () => {
    const features = Array.from({ length: 2_000 }, (_unused, index) => `{"id":${index},"nom":"Médiathèque n° ${index}"}`).join(',');
    const big = gzipPart(features, 1);
    const comma = gzipPart(',', 1);
    const gzip = gzipFromParts([gzipPart('[', 1), big, comma, big, gzipPart(']', 1)]);
    expect(gunzipSync(gzip).toString('utf8')).toBe(`[${features},${features}]`);
    expect(gzip.length).toBeLessThan(2 * Buffer.byteLength(features) * 0.3);
    expect(gunzipSync(gzipFromParts([])).length).toBe(0);
  });
});
