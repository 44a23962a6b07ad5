import fc from 'fast-check';
import QRCode from 'qrcode';
import { qrRectangles } from './booklet-pdf';

/** Paints the rectangles on a blank matrix; answers it, or null when two rectangles overlap. */
function paint(size: number, operators: string[]): number[] | null {
  const painted = new Array<number>(size * size).fill(0);
  for (const operator of operators) {
    const match = /^(\d+) (\d+) (\d+) (\d+) re$/.exec(operator);
    if (!match) throw new Error(`not a rectangle: ${operator}`);
    const [x, y, width, height] = match.slice(1).map(Number);
    for (let row = y; row < y + height; row++) {
      for (let column = x; column < x + width; column++) {
        if (painted[row * size + column] === 1) return null;
        painted[row * size + column] = 1;
      }
    }
  }
  return painted;
}

describe('qrRectangles', () => {
  it('covers exactly the dark modules, without overlaps, for any matrix', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((size) =>
            fc.tuple(fc.constant(size), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: size * size, maxLength: size * size })),
          ),
        ([size, modules]) => {
          expect(paint(size, qrRectangles(size, modules))).toEqual(modules);
        },
      ),
    );
  });

  it('draws a real cheque QR code with far fewer rectangles than modules', () => {
    const qr = QRCode.create('https://pass-numerique.example/c/XVW4V4AK3A9MN5E47?p=3f0c9a52&k=k1&s=abc', { errorCorrectionLevel: 'M' });
    const operators = qrRectangles(qr.modules.size, qr.modules.data);
    expect(paint(qr.modules.size, operators)).toEqual(Array.from(qr.modules.data));
    expect(operators.length).toBeLessThan(Array.from(qr.modules.data).filter((module) => module === 1).length / 2);
  });
});
