import fc from 'fast-check';
import { centsToDecimal, formatEuros } from './money';

describe('money', () => {
  it('writes cents as a decimal for files without floating point', () => {
    expect(centsToDecimal(1050)).toBe('10.50');
    expect(centsToDecimal(7)).toBe('0.07');
    expect(centsToDecimal(-1999)).toBe('-19.99');
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => expect(Math.round(Number(centsToDecimal(cents)) * 100)).toBe(cents)),
    );
    expect(() => centsToDecimal(1.5)).toThrow('whole number of cents');
  });

  it('formats euros for people', () => {
    expect(formatEuros(1050)).toBe('10,50\u202f€');
  });
});
