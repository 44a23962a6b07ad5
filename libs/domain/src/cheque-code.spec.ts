import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  CHECK_SYMBOLS,
  CODE_DATA_LENGTH,
  CROCKFORD_ALPHABET,
  formatChequeCode,
  generateChequeCode,
  maskChequeCode,
  normaliseChequeCode,
  parseChequeCode,
} from './cheque-code';

const randomCode = fc.uint8Array({ minLength: 10, maxLength: 10 }).map((bytes) => generateChequeCode(Buffer.from(bytes)));

/** Every string one wrong character away from the code (any symbol a person could type instead). */
function substitutions(code: string): string[] {
  const variants: string[] = [];
  for (let position = 0; position < code.length; position++) {
    const symbols = position < CODE_DATA_LENGTH ? CROCKFORD_ALPHABET : CHECK_SYMBOLS;
    for (const symbol of symbols) if (symbol !== code[position]) variants.push(code.slice(0, position) + symbol + code.slice(position + 1));
  }
  return variants;
}

function adjacentTranspositions(code: string): string[] {
  const variants: string[] = [];
  for (let position = 0; position < code.length - 1; position++) {
    if (code[position] === code[position + 1]) continue; // swapping equal neighbours changes nothing
    variants.push(code.slice(0, position) + code[position + 1] + code[position] + code.slice(position + 2));
  }
  return variants;
}

describe('cheque codes', () => {
  it('are 16 Crockford characters and a check symbol, and parse back', () => {
    fc.assert(
      fc.property(randomCode, (code) => {
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}[0-9A-HJKMNP-TV-Z*~$=U]$/);
        expect(parseChequeCode(code)).toEqual({ ok: true, code });
      }),
    );
  });

  it('catch every single-character substitution and adjacent transposition of 10,000 random codes', () => {
    for (let sample = 0; sample < 10_000; sample++) {
      const code = generateChequeCode();
      for (const variant of [...substitutions(code), ...adjacentTranspositions(code)]) {
        const parsed = parseChequeCode(variant);
        if (parsed.ok) throw new Error(`${variant} (from ${code}) was not detected`);
      }
    }
  });

  it('are unique over a large sample (80 random bits each)', () => {
    const codes = new Set(Array.from({ length: 100_000 }, () => generateChequeCode()));
    expect(codes.size).toBe(100_000);
  });

  it('normalise what people type: case, spaces, dashes, O for 0, I and L for 1', () => {
    fc.assert(
      fc.property(randomCode, fc.boolean(), (code, lower) => {
        const printed = formatChequeCode(code);
        const typed = (lower ? printed.toLowerCase() : printed)
          .replace(/0/g, 'O')
          .replace(/1/g, lower ? 'l' : 'I')
          .replace(/-/g, ' - ');
        expect(normaliseChequeCode(typed)).toBe(code);
        expect(parseChequeCode(typed)).toEqual({ ok: true, code });
        expect(normaliseChequeCode(normaliseChequeCode(typed))).toBe(normaliseChequeCode(typed));
      }),
    );
  });

  it('format and mask for print and receipts', () => {
    const code = generateChequeCode(Buffer.alloc(10, 0));
    expect(code).toBe('00000000000000000');
    expect(formatChequeCode('ABCDEFGHJKMNPQRST')).toBe('ABCD-EFGH-JKMN-PQRS-T');
    expect(maskChequeCode('ABCDEFGHJKMNPQRST')).toBe('••••-••••-••••-PQRS-T');
  });

  it('say what is wrong with an unusable input', () => {
    expect(parseChequeCode('  ')).toEqual({ ok: false, problem: 'empty' });
    expect(parseChequeCode('ABCD')).toEqual({ ok: false, problem: 'wrong_length' });
    expect(parseChequeCode('ABCD-EFGH-JKMN-PQR!-T')).toEqual({ ok: false, problem: 'invalid_character' });
    const code = generateChequeCode(randomBytes(10));
    const wrongCheck = code.slice(0, 16) + (code[16] === '0' ? '1' : '0');
    expect(parseChequeCode(wrongCheck)).toEqual({ ok: false, problem: 'wrong_check' });
  });
});
