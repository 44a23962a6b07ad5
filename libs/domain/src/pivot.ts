/** Identifiers of a French organisation (SIREN, SIRET, RNA) used as the national schema's `pivot`. */

/** La Poste's SIREN: its establishments' SIRETs use a digit-sum rule instead of the Luhn key. */
export const LA_POSTE_SIREN = '356000000';

/** What the national cartography writes when it does not know the SIRET (it passes Luhn). */
export const UNKNOWN_SIRET = '00000000000000';

const SIREN = /^\d{9}$/;
const SIRET = /^\d{14}$/;
const RNA = /^W[0-9A-Z]{9}$/;

function digitsOf(value: string): number[] {
  return [...value].map(Number);
}

/** Luhn check over a string of digits: from the right, every second digit is doubled. */
function luhnValid(digits: string): boolean {
  const sum = digitsOf(digits)
    .reverse()
    .reduce((total, digit, index) => {
      if (index % 2 === 0) return total + digit;
      const doubled = digit * 2;
      return total + (doubled > 9 ? doubled - 9 : doubled);
    }, 0);
  return sum % 10 === 0;
}

export function isValidSiren(value: string): boolean {
  return SIREN.test(value) && luhnValid(value);
}

/** 14 digits with a valid Luhn key, or a La Poste SIRET whose digit sum is a multiple of 5. */
export function isValidSiret(value: string): boolean {
  if (!SIRET.test(value)) return false;
  if (luhnValid(value)) return true;
  return value.startsWith(LA_POSTE_SIREN) && digitsOf(value).reduce((a, b) => a + b, 0) % 5 === 0;
}

/** RNA (Répertoire national des associations): upper-case W followed by 9 digits or letters. */
export function isValidRna(value: string): boolean {
  return RNA.test(value);
}

export function normalisePivot(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Why a pivot (SIRET or RNA, normalised first) is unusable, or null when it is fine. */
export function pivotProblem(value: string): string | null {
  const pivot = normalisePivot(value);
  if (isValidRna(pivot)) return null;
  if (!SIRET.test(pivot)) return 'must be a SIRET (14 digits with a valid Luhn key) or an RNA number (W followed by 9 characters)';
  return isValidSiret(pivot) ? null : 'SIRET key is wrong (Luhn check failed)';
}
