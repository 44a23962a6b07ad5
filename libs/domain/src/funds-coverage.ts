/**
 * Funds coverage (docs/funds-coverage.md): the operator's segregated account must hold at least what
 * it owes — funded cheques still usable, redemptions not yet paid, funders' credits not yet refunded.
 * Pure arithmetic over the ledger's balances and the confirmed bank balance.
 */
import type { Cents } from './money';

/** Sums of the ledger's accounts by kind, as the ledger stores them (a credit is negative). */
export interface LiabilityBalances {
  /** Sum of every `programme_outstanding:<programme>` account. */
  programmeOutstandingCents: Cents;
  /** Sum of every `place_payable:<organisation>` account. */
  placePayableCents: Cents;
  /** Sum of every `funder:<organisation>` account. */
  funderCents: Cents;
  /** Face value of the funded cheques handed out to people (distributed) and still usable: a part of the outstanding. */
  handedOutCents: Cents;
}

export interface Liabilities {
  /** Funded cheques neither used, expired nor cancelled, handed out or not: the ratio counts them all. */
  outstandingCents: Cents;
  /** The part of the outstanding already in people's hands (the issue's « chèques remis »). */
  handedOutCents: Cents;
  /** Funded cheques still in stock (not handed out yet): owed to the people who will get them, or back to the funder. */
  notHandedOutCents: Cents;
  /** Redemptions not yet paid to places. */
  placePayableCents: Cents;
  /** Funders' credits (over-payments, expired and cancelled cheques) not yet refunded. */
  funderCreditsCents: Cents;
  /** What the segregated account must hold: outstanding + payable + funders' credits. */
  totalCents: Cents;
}

export type CoverageState = 'covered' | 'below' | 'no_balance';

export interface ConfirmedBalance {
  balanceCents: Cents;
  /** The bank statement's day (YYYY-MM-DD). */
  balanceOn: string;
}

export interface FundsCoverage {
  liabilities: Liabilities;
  balance: ConfirmedBalance | null;
  /** Balance / liabilities in basis points (10 000 = 100 %), rounded down; null without a balance or without liabilities. */
  ratioBasisPoints: number | null;
  state: CoverageState;
}

/** Liabilities from the ledger's balances: a credit (negative balance) is money owed. */
export function liabilitiesFromLedger(balances: LiabilityBalances): Liabilities {
  const outstandingCents = owed(balances.programmeOutstandingCents);
  const placePayableCents = owed(balances.placePayableCents);
  const funderCreditsCents = owed(balances.funderCents);
  // The handed-out part is read from the cheques as they are now: never more than the outstanding of an earlier instant.
  const handedOutCents = Math.min(balances.handedOutCents, outstandingCents);
  return {
    outstandingCents,
    handedOutCents,
    notHandedOutCents: outstandingCents - handedOutCents,
    placePayableCents,
    funderCreditsCents,
    totalCents: outstandingCents + placePayableCents + funderCreditsCents,
  };
}

/** A credit balance as an amount owed (never -0). */
function owed(balanceCents: Cents): Cents {
  return balanceCents === 0 ? 0 : -balanceCents;
}

export const FULL_COVERAGE_BASIS_POINTS = 10_000;

/** The coverage: covered when the confirmed balance is at least the liabilities (nothing owed is covered by any balance). */
export function fundsCoverage(liabilities: Liabilities, balance: ConfirmedBalance | null): FundsCoverage {
  if (balance === null) return { liabilities, balance, ratioBasisPoints: null, state: 'no_balance' };
  const ratioBasisPoints =
    liabilities.totalCents > 0 ? Math.floor((balance.balanceCents * FULL_COVERAGE_BASIS_POINTS) / liabilities.totalCents) : null;
  return { liabilities, balance, ratioBasisPoints, state: balance.balanceCents >= liabilities.totalCents ? 'covered' : 'below' };
}

/**
 * Whether a new programme may be activated. Until a first balance is confirmed there is nothing to
 * compare (a fresh install, the demo before its balance): activation is allowed, and the operator's
 * home says that no balance is recorded. Once one is, the latest confirmed balance must cover the liabilities.
 */
export function activationAllowedBy(coverage: FundsCoverage): boolean {
  switch (coverage.state) {
    case 'covered':
    case 'no_balance':
      return true;
    case 'below':
      return false;
  }
}

/**
 * The instant a balance is compared at: a bank balance is the account at the end of its day, or, for
 * a balance of the day it was entered, at the moment it was entered. The ledger's liabilities are read
 * at that same instant, so money received and owed after the statement counts on neither side until
 * the next statement. Without a balance, the liabilities now.
 */
export function comparisonInstant(balance: { endOfDay: Date; enteredAt: Date } | null, now: Date): Date {
  if (balance === null) return now;
  return new Date(Math.min(balance.endOfDay.getTime(), balance.enteredAt.getTime(), now.getTime()));
}

/** The ratio as people read it: « 104,25 % » (rounded down to the hundredth of a percent). */
export function formatCoverageRatio(ratioBasisPoints: number): string {
  const whole = Math.floor(ratioBasisPoints / 100);
  const hundredths = String(ratioBasisPoints % 100).padStart(2, '0');
  return `${whole.toLocaleString('fr-FR')},${hundredths} %`;
}

/** One day's stored coverage, as the open data reads it. */
export interface CoverageDay {
  day: string;
  ratioBasisPoints: number | null;
  state: CoverageState;
  balanceCents: Cents | null;
  liabilitiesCents: Cents;
}

/** The month's public figure: its last computed day (the figure at the month's end, or the latest so far). */
export function monthlyCoverage(days: readonly CoverageDay[]): Array<CoverageDay & { month: string }> {
  const byMonth = new Map<string, CoverageDay>();
  for (const day of [...days].sort((a, b) => a.day.localeCompare(b.day))) byMonth.set(day.day.slice(0, 7), day);
  return [...byMonth.entries()].map(([month, day]) => ({ month, ...day }));
}

export const BALANCE_SOURCES = ['manual', 'camt053'] as const;
export type BalanceSource = (typeof BALANCE_SOURCES)[number];
