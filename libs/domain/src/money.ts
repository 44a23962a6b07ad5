/** Money is integer cents, always; euros only appear when formatting for people. */
export type Cents = number;

/**
 * The largest amount a person may type (a funding received, a refund paid): 10 billion euros, far
 * above any order (100,000 booklets of 50 cheques of 1,000 € is 5 billion) and far below the integers
 * a double holds exactly, so that sums stay exact.
 */
export const MAX_AMOUNT_INPUT_CENTS = 1_000_000_000_000;

export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be a whole number of cents`);
  return value;
}

/** 1050 → "10,50 €" (French format, narrow no-break space before the euro sign). */
export function formatEuros(cents: Cents): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const euros = Math.floor(absolute / 100).toLocaleString('fr-FR');
  const rest = String(absolute % 100).padStart(2, '0');
  return `${sign}${euros},${rest}\u202f€`;
}

/** 1050 → "10.50": a decimal amount for files (CSV, XML), from integer arithmetic only. */
export function centsToDecimal(cents: Cents): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/** A fee in basis points (1/100 of a percent) of an amount, rounded half up to the cent. */
export function feeOf(amount: Cents, basisPoints: number): Cents {
  assertCents(amount);
  if (!Number.isInteger(basisPoints) || basisPoints < 0) throw new Error('basis points must be a non-negative integer');
  return Math.floor((amount * basisPoints + 5_000) / 10_000);
}
