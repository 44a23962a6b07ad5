import fc from 'fast-check';
import { PHONE_PATTERN } from './national-schema';
import { normalisePhoneNumber, schemaPhoneNumber } from './phone-number';

describe('schemaPhoneNumber', () => {
  it.each([
    ['05 56 12 34 56', '+33556123456'],
    ['0556123456', '+33556123456'],
    ['05.56.12.34.56', '+33556123456'],
    ['05-56-12-34-56', '+33556123456'],
    ['+33 5 56 12 34 56', '+33556123456'],
    ['+33 (0)5 56 12 34 56', '+33556123456'],
    ['0033 5 56 12 34 56', '+33556123456'],
    ['+33556123456', '+33556123456'],
    ['06 12 34 56 78', '+33612345678'],
    ['0 800 123 456', '+33800123456'],
    ['0590 12 34 56', '+590590123456'],
    ['0262 12 34 56', '+262262123456'],
    ['0696 12 34 56', '+596696123456'],
  ])('reads « %s » as %s', (typed, expected) => {
    expect(schemaPhoneNumber(typed)).toBe(expected);
  });

  it.each(['0556', '05 56 12 34 5', '05 56 12 34 567', '+1 202 555 0123', 'pas un numéro', '3960', ''])('refuses « %s »', (typed) => {
    expect(schemaPhoneNumber(typed)).toBeNull();
  });

  it('gives back the same number from its schema form and from any French national writing of it', () => {
    fc.assert(
      fc.property(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '9'), fc.stringMatching(/^\d{8}$/), (first, rest) => {
        const national = `0${first}${rest}`;
        const found = schemaPhoneNumber(national.replace(/(\d\d)(?=\d)/g, '$1 '));
        if (found === null) return; // not every block of digits is an allotted range
        expect(found).toMatch(PHONE_PATTERN);
        expect(schemaPhoneNumber(found)).toBe(found);
        // Metropolitan, or an overseas range written nationally (0690… is a Guadeloupe mobile: +590 690…).
        expect(found === `+33${first}${rest}` || (!found.startsWith('+33') && found.endsWith(`${first}${rest}`))).toBe(true);
      }),
    );
  });
});

describe('normalisePhoneNumber', () => {
  it('keeps what is not a number as it came, for the check to report it, and leaves empty values alone', () => {
    expect(normalisePhoneNumber('05 56 12 34 56')).toBe('+33556123456');
    expect(normalisePhoneNumber('0556')).toBe('0556');
    expect(normalisePhoneNumber(null)).toBeNull();
    expect(normalisePhoneNumber(undefined)).toBeUndefined();
    expect(normalisePhoneNumber('  ')).toBe('  ');
  });
});
