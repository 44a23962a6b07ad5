import fc from 'fast-check';
import { weightedMedian } from './statistics';

/** The plain median of the expanded list, written independently. */
function naiveMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
}

describe('weighted median', () => {
  it('reads a histogram', () => {
    expect(weightedMedian([])).toBeNull();
    expect(weightedMedian([{ value: 3, weight: 1 }])).toBe(3);
    expect(
      weightedMedian([
        { value: 10, weight: 1 },
        { value: 2, weight: 1 },
      ]),
    ).toBe(6);
    expect(
      weightedMedian([
        { value: 1, weight: 5 },
        { value: 9, weight: 2 },
      ]),
    ).toBe(1);
  });

  it('property: equals the median of the expanded list', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ value: fc.integer({ min: -5, max: 60 }), weight: fc.integer({ min: 0, max: 6 }) })), (items) =>
        expect(weightedMedian(items)).toBe(naiveMedian(items.flatMap((item) => new Array<number>(item.weight).fill(item.value)))),
      ),
    );
  });
});
