import fc from 'fast-check';
import { expiryAlertLevel } from './expiry-alerts';

describe('expiry alert levels', () => {
  it.each([
    [31, null],
    [30, 30],
    [16, 30],
    [15, 15],
    [8, 15],
    [7, 7],
    [0, 7],
    [-1, null],
  ])('%i days left → %s', (days, level) => expect(expiryAlertLevel(days)).toBe(level));

  it('property: the level is the smallest threshold not below the days left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), (days) => {
        const level = expiryAlertLevel(days)!;
        expect(days).toBeLessThanOrEqual(level);
        expect([30, 15, 7].filter((threshold) => days <= threshold).every((threshold) => threshold >= level)).toBe(true);
      }),
    );
  });
});
