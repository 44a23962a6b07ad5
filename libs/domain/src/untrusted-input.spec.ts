import fc from 'fast-check';
import { findUntrustedInputProblem, MAX_INPUT_DEPTH, textProblem } from './untrusted-input';

function nested(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('untrusted input', () => {
  it('accepts ordinary values, emoji (valid surrogate pairs) included', () => {
    expect(findUntrustedInputProblem({ name: 'Médiathèque 😀', tags: ['a', 'b'], n: 3, ok: true, none: null })).toBeNull();
  });

  it('names the field holding a NUL character, at any depth', () => {
    expect(findUntrustedInputProblem({ address: { lines: ['ok', 'a\u0000b'] } })).toEqual({
      field: 'address.lines.1',
      problem: 'nul_character',
    });
    expect(findUntrustedInputProblem({ q: '\u0000' }, '')).toEqual({ field: 'q', problem: 'nul_character' });
  });

  it('refuses lone surrogates, high or low, in values and in keys', () => {
    expect(findUntrustedInputProblem({ name: 'x\ud800' })).toEqual({ field: 'name', problem: 'lone_surrogate' });
    expect(findUntrustedInputProblem({ name: '\udc00x' })).toEqual({ field: 'name', problem: 'lone_surrogate' });
    expect(findUntrustedInputProblem({ ['k\ud800']: 1 })).toEqual({ field: 'k\ud800', problem: 'lone_surrogate' });
  });

  it('accepts the maximum depth and refuses one level more', () => {
    expect(findUntrustedInputProblem(nested(MAX_INPUT_DEPTH))).toBeNull();
    expect(findUntrustedInputProblem(nested(MAX_INPUT_DEPTH + 1))?.problem).toBe('too_deep');
  });

  it('checks 100,000 levels without overflowing the stack', () => {
    expect(findUntrustedInputProblem(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))?.problem).toBe('too_deep');
  });

  it('agrees with the platform: a text is refused exactly when it has a NUL or has no UTF-8 form', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
        (valid, any) => {
          for (const text of [valid, any]) {
            const roundTrips = Buffer.from(text, 'utf8').toString('utf8') === text;
            expect(textProblem(text) === null).toBe(roundTrips && !text.includes('\u0000'));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
