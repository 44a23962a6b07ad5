/**
 * Cheque codes: 80 random bits from the CSPRNG (see cheque-code-text.ts for the text form and its
 * check symbol), and the hash the database stores instead of the code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { checkSymbol, CODE_DATA_LENGTH, encodeBase32, normaliseChequeCode } from './cheque-code-text';

export * from './cheque-code-text';

const CODE_BITS = 80;

/** A new code from the CSPRNG (or from the given 10 bytes, for tests), in normalised form (17 characters, no dashes). */
export function generateChequeCode(random: Buffer = randomBytes(CODE_BITS / 8)): string {
  if (random.length !== CODE_BITS / 8) throw new Error(`a cheque code needs exactly ${CODE_BITS / 8} random bytes`);
  const value = BigInt(`0x${random.toString('hex')}`);
  const data = encodeBase32(value, CODE_DATA_LENGTH);
  return `${data}${checkSymbol(data)}`;
}

/** What the database stores to find a cheque (never the code itself). Codes carry 80 random bits, so a plain SHA-256 cannot be reversed by guessing. */
export function hashChequeCode(code: string): Buffer {
  return createHash('sha256').update(normaliseChequeCode(code), 'utf8').digest();
}
