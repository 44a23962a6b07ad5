import fc from 'fast-check';
import {
  activationAllowedBy,
  comparisonInstant,
  formatCoverageRatio,
  fundsCoverage,
  liabilitiesFromLedger,
  monthlyCoverage,
  type LiabilityBalances,
} from './funds-coverage';

const LEDGER: LiabilityBalances = {
  programmeOutstandingCents: -100_000,
  placePayableCents: -20_000,
  funderCents: -5_000,
  handedOutCents: 60_000,
};

describe('funds coverage', () => {
  it('owes the outstanding cheques (handed out or not), the unpaid redemptions and the funders’ credits', () => {
    expect(liabilitiesFromLedger(LEDGER)).toEqual({
      outstandingCents: 100_000,
      handedOutCents: 60_000,
      notHandedOutCents: 40_000,
      placePayableCents: 20_000,
      funderCreditsCents: 5_000,
      totalCents: 125_000,
    });
  });

  it('an empty ledger owes nothing (no -0)', () => {
    const liabilities = liabilitiesFromLedger({ programmeOutstandingCents: 0, placePayableCents: 0, funderCents: 0, handedOutCents: 0 });
    expect(Object.is(liabilities.totalCents, 0)).toBe(true);
    expect(Object.is(liabilities.outstandingCents, 0)).toBe(true);
  });

  it('is covered at or above 100 %, below under it, and has no state without a confirmed balance', () => {
    const liabilities = liabilitiesFromLedger(LEDGER);
    expect(fundsCoverage(liabilities, { balanceCents: 130_000, balanceOn: '2026-12-01' })).toMatchObject({
      ratioBasisPoints: 10_400,
      state: 'covered',
    });
    expect(fundsCoverage(liabilities, { balanceCents: 125_000, balanceOn: '2026-12-01' })).toMatchObject({
      ratioBasisPoints: 10_000,
      state: 'covered',
    });
    expect(fundsCoverage(liabilities, { balanceCents: 124_999, balanceOn: '2026-12-01' })).toMatchObject({
      ratioBasisPoints: 9_999,
      state: 'below',
    });
    expect(fundsCoverage(liabilities, null)).toMatchObject({ ratioBasisPoints: null, state: 'no_balance' });
  });

  it('nothing owed is covered by any balance, with no ratio to show', () => {
    const liabilities = liabilitiesFromLedger({ programmeOutstandingCents: 0, placePayableCents: 0, funderCents: 0, handedOutCents: 0 });
    expect(fundsCoverage(liabilities, { balanceCents: 0, balanceOn: '2026-12-01' })).toMatchObject({
      ratioBasisPoints: null,
      state: 'covered',
    });
  });

  it('blocks activation only below 100 % once a balance is confirmed', () => {
    const liabilities = liabilitiesFromLedger(LEDGER);
    expect(activationAllowedBy(fundsCoverage(liabilities, null))).toBe(true);
    expect(activationAllowedBy(fundsCoverage(liabilities, { balanceCents: 125_000, balanceOn: '2026-12-01' }))).toBe(true);
    expect(activationAllowedBy(fundsCoverage(liabilities, { balanceCents: 1, balanceOn: '2026-12-01' }))).toBe(false);
  });

  it('the state agrees with the ratio for any amounts', () => {
    fc.assert(
      fc.property(fc.nat(10 ** 12), fc.integer({ min: 1, max: 10 ** 12 }), (balanceCents, owedCents) => {
        const liabilities = liabilitiesFromLedger({
          programmeOutstandingCents: -owedCents,
          placePayableCents: 0,
          funderCents: 0,
          handedOutCents: 0,
        });
        const coverage = fundsCoverage(liabilities, { balanceCents, balanceOn: '2026-12-01' });
        expect(coverage.state === 'covered').toBe(coverage.ratioBasisPoints! >= 10_000);
      }),
    );
  });

  it('compares a balance at the end of its day, or when a balance of the day was entered', () => {
    const now = new Date('2026-12-07T15:00:00Z');
    const endOfDay = new Date('2026-12-05T23:00:00Z');
    expect(comparisonInstant({ endOfDay, enteredAt: new Date('2026-12-06T08:00:00Z') }, now)).toEqual(endOfDay);
    const today = { endOfDay: new Date('2026-12-07T23:00:00Z'), enteredAt: new Date('2026-12-07T09:00:00Z') };
    expect(comparisonInstant(today, now)).toEqual(today.enteredAt);
    expect(comparisonInstant(null, now)).toEqual(now);
  });

  it('writes the ratio the French way', () => {
    expect(formatCoverageRatio(10_425)).toBe('104,25 %');
    expect(formatCoverageRatio(9_905)).toBe('99,05 %');
  });

  it('publishes each month’s last computed day', () => {
    const day = (date: string, ratio: number) => ({
      day: date,
      ratioBasisPoints: ratio,
      state: 'covered' as const,
      balanceCents: 1,
      liabilitiesCents: 1,
    });
    expect(monthlyCoverage([day('2026-11-30', 10_500), day('2026-11-02', 10_100), day('2026-12-07', 10_300)])).toEqual([
      { month: '2026-11', ...day('2026-11-30', 10_500) },
      { month: '2026-12', ...day('2026-12-07', 10_300) },
    ]);
  });
});
