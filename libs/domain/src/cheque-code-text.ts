/**
 * Cheque codes as text: 16 Crockford base32 characters plus Crockford's mod-37 check symbol.
 * Because 37 is prime and larger than the alphabet, the check catches every single wrong
 * character and every swap of two neighbours (the check symbol included) before any lookup.
 * Shown to people as "ABCD-EFGH-JKMN-PQRS-T". No Node.js imports: the web scanner uses this file too.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Values 32..36 exist only as check symbols. */
export const CHECK_SYMBOLS = `${CROCKFORD_ALPHABET}*~$=U`;
export const CODE_DATA_LENGTH = 16;

export type CodeProblem = 'empty' | 'wrong_length' | 'invalid_character' | 'wrong_check';

export type ParsedCode = { ok: true; code: string } | { ok: false; problem: CodeProblem };

/** Upper case, no spaces or dashes, and the look-alikes people type: O→0, I and L→1. */
export function normaliseChequeCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Checks a typed or scanned code without touching the database. */
export function parseChequeCode(input: string): ParsedCode {
  const code = normaliseChequeCode(input);
  if (code.length === 0) return { ok: false, problem: 'empty' };
  if (code.length !== CODE_DATA_LENGTH + 1) return { ok: false, problem: 'wrong_length' };
  const data = code.slice(0, CODE_DATA_LENGTH);
  const check = code[CODE_DATA_LENGTH];
  if ([...data].some((character) => !CROCKFORD_ALPHABET.includes(character)) || !CHECK_SYMBOLS.includes(check)) {
    return { ok: false, problem: 'invalid_character' };
  }
  return checkSymbol(data) === check ? { ok: true, code } : { ok: false, problem: 'wrong_check' };
}

/** "ABCDEFGHJKMNPQRST" → "ABCD-EFGH-JKMN-PQRS-T", the form printed on cheques. */
export function formatChequeCode(code: string): string {
  const normalised = normaliseChequeCode(code);
  return [...(normalised.slice(0, CODE_DATA_LENGTH).match(/.{1,4}/g) ?? []), normalised.slice(CODE_DATA_LENGTH)].filter(Boolean).join('-');
}

/** What a receipt may show: the last group and the check symbol only. */
export function maskChequeCode(code: string): string {
  const normalised = normaliseChequeCode(code);
  return `••••-••••-••••-${normalised.slice(12, 16)}-${normalised.slice(16)}`;
}

/** The base32 number modulo 37, by Horner's rule (no big integers needed). */
export function checkSymbol(data: string): string {
  let remainder = 0;
  for (const character of data) remainder = (remainder * 32 + CROCKFORD_ALPHABET.indexOf(character)) % 37;
  return CHECK_SYMBOLS[remainder];
}

export function encodeBase32(value: bigint, length: number): string {
  let rest = value;
  let text = '';
  for (let index = 0; index < length; index++) {
    text = CROCKFORD_ALPHABET[Number(rest & 31n)] + text;
    rest >>= 5n;
  }
  return text;
}
