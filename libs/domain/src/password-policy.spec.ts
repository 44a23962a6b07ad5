import fc from 'fast-check';
import { normaliseEmail, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy';

describe('password policy', () => {
  it('accepts any password of allowed length that is not one repeated character nor the email', () => {
    fc.assert(
      fc.property(fc.string({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, unit: 'grapheme-ascii' }), (password) => {
        fc.pre(new Set(password).size > 1);
        expect(passwordProblems(password)).toEqual([]);
      }),
    );
  });

  it('counts characters, not UTF-16 units (accents and emoji are one character each)', () => {
    expect(passwordProblems('é'.repeat(5) + '😀'.repeat(6))).toEqual(['must be at least 12 characters long']);
    expect(passwordProblems('ab'.repeat(65))).toEqual(['must be at most 128 characters long']);
  });

  it('refuses short passwords, a single repeated character and the email’s local part', () => {
    expect(passwordProblems('court')).toEqual(['must be at least 12 characters long']);
    expect(passwordProblems('aaaaaaaaaaaaaaa')).toEqual(['must not repeat a single character']);
    expect(passwordProblems('camille.leroy-2026', 'Camille.Leroy@example.org')).toEqual(['must not contain the email address']);
    expect(passwordProblems('une phrase de passe', 'ab@example.org')).toEqual([]);
  });

  it('normalises emails idempotently', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('', ' ', '  '), (email, padding) => {
        const once = normaliseEmail(`${padding}${email.toUpperCase()}${padding}`);
        expect(normaliseEmail(once)).toBe(once);
        expect(once).toBe(email.toLowerCase());
      }),
    );
  });
});
