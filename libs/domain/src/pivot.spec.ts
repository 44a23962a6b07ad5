// Tests for SIREN / SIRET / RNA checks behind the national schema's `pivot`.
import fc from 'fast-check';
import { isValidRna, isValidSiren, isValidSiret, LA_POSTE_SIREN, normalisePivot, pivotProblem, UNKNOWN_SIRET } from './pivot';

const WRONG_FORMAT = 'must be a SIRET (14 digits with a valid Luhn key) or an RNA number (W followed by 9 characters)';
const WRONG_KEY = 'SIRET key is wrong (Luhn check failed)';

/** The Luhn check digit to append to `body`, computed independently of the code under test. */
function luhnDigit(body: string): string {
  let sum = 0;
  for (let fromRight = 0; fromRight < body.length; fromRight++) {
    const digit = Number(body[body.length - 1 - fromRight]);
    // Once the key is appended, this digit sits at an odd position from the right: it is doubled.
    sum += fromRight % 2 === 0 ? [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][digit] : digit;
  }
  return String((10 - (sum % 10)) % 10);
}

const digitString = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
const nonLaPosteSiret = digitString(13)
  .filter((body) => !body.startsWith(LA_POSTE_SIREN))
  .map((body) => body + luhnDigit(body));

describe('SIREN', () => {
  it.each(['434933123', '732829320', '552032534', LA_POSTE_SIREN])('%s is valid', (siren) => {
    expect(isValidSiren(siren)).toBe(true);
  });

  it.each(['434933124', '73282932', '7328293200', '73282932A', ''])('%s is not', (siren) => {
    expect(isValidSiren(siren)).toBe(false);
  });
});

describe('SIRET', () => {
  it.each(['43493312300029', '73282932000074', '55203253400646'])('%s passes Luhn', (siret) => {
    expect(isValidSiret(siret)).toBe(true);
  });

  it('accepts La Poste: its head office passes Luhn, its establishments have a digit sum multiple of 5', () => {
    expect(isValidSiret('35600000000048')).toBe(true);
    expect(isValidSiret('35600000009075')).toBe(true); // fails Luhn, digit sum 35
    expect(isValidSiret('35600000049836')).toBe(false); // fails Luhn, digit sum 34
  });

  it('does not extend the La Poste rule to other SIRENs', () => {
    expect(isValidSiret('35600001000048')).toBe(false);
    expect(isValidSiret('12300000009078')).toBe(false); // fails Luhn, digit sum 30
  });

  it.each(['43493312300028', '73282932000075', '73282932000047'])('%s has a wrong key', (siret) => {
    expect(isValidSiret(siret)).toBe(false);
  });

  it.each(['4349331230002', '434933123000290', '4349331230002A', ' 43493312300029', ''])('"%s" has the wrong shape', (siret) => {
    expect(isValidSiret(siret)).toBe(false);
  });

  it('treats the all-zero SIRET (the national cartography\'s "unknown") as valid: it passes Luhn', () => {
    expect(isValidSiret(UNKNOWN_SIRET)).toBe(true);
    expect(pivotProblem(UNKNOWN_SIRET)).toBeNull();
  });

  it('rejects every single-digit change of a valid (non La Poste) SIRET', () => {
    fc.assert(
      fc.property(nonLaPosteSiret, (siret) => {
        expect(isValidSiret(siret)).toBe(true);
        for (let position = 0; position < siret.length; position++) {
          for (const digit of '0123456789') {
            if (digit === siret[position]) continue;
            const changed = siret.slice(0, position) + digit + siret.slice(position + 1);
            if (changed.startsWith(LA_POSTE_SIREN)) continue; // La Poste's own rule applies there
            expect(isValidSiret(changed)).toBe(false);
          }
        }
      }),
    );
  });
});

describe('RNA', () => {
  it.each(['W751234567', 'W2A1002345', 'W9ZZ000001'])('%s is valid', (rna) => {
    expect(isValidRna(rna)).toBe(true);
  });

  it.each(['w751234567', 'W75123456', 'W7512345678', 'X751234567', 'W75123456-'])('%s is not', (rna) => {
    expect(isValidRna(rna)).toBe(false);
  });
});

describe('pivot', () => {
  it('normalises spaces and case', () => {
    expect(normalisePivot(' 434 933 123 00029 ')).toBe('43493312300029');
    expect(normalisePivot('w751\u00a0234567')).toBe('W751234567');
  });

  it('accepts a SIRET or an RNA number, as typed by people', () => {
    expect(pivotProblem('434 933 123 00029')).toBeNull();
    expect(pivotProblem('35600000009075')).toBeNull();
    expect(pivotProblem('w751234567')).toBeNull();
  });

  it('says the key is wrong for 14 digits failing Luhn', () => {
    expect(pivotProblem('43493312300028')).toBe(WRONG_KEY);
  });

  it.each(['', '434933123', '4349331230002', 'W75123456', 'ABCDEFGHIJKLMN', '434933123-00029'])('"%s" has the wrong format', (pivot) => {
    expect(pivotProblem(pivot)).toBe(WRONG_FORMAT);
  });
});
