import fc from 'fast-check';
import { canonicalJson, idempotencyKeyProblem, requestFingerprint } from './idempotency';

describe('idempotency', () => {
  it('fingerprints the same request the same way whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(requestFingerprint(reversed).equals(requestFingerprint(object))).toBe(true);
        expect(JSON.parse(canonicalJson(object))).toEqual(JSON.parse(JSON.stringify(object)));
      }),
    );
  });

  it('tells apart requests that differ, array order included', () => {
    expect(requestFingerprint({ cheques: ['A', 'B'] }).equals(requestFingerprint({ cheques: ['B', 'A'] }))).toBe(false);
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":1,"f":2}]},"b":1}');
  });

  it('wants a printable key', () => {
    expect(idempotencyKeyProblem(undefined)).toMatch(/required/);
    expect(idempotencyKeyProblem('with space')).toMatch(/printable/);
    expect(idempotencyKeyProblem('x'.repeat(256))).toMatch(/printable/);
    expect(idempotencyKeyProblem('5f0c2a8e-9c1b-4d43-9d55-0b8e2a3a1f10')).toBeNull();
  });
});
