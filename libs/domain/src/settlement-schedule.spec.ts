import fc from 'fast-check';
import {
  awaitedCutOff,
  delayCellPublishable,
  delayFigures,
  expectedPaymentDay,
  latestCutOff,
  nextCutOff,
  paymentBookingDay,
  paymentDelayDays,
  percentileDays,
  type SettlementSchedule,
} from './settlement-schedule';

const weekly: SettlementSchedule = { cadence: 'weekly', cutOffWeekday: 'monday' };
const daily: SettlementSchedule = { cadence: 'daily', cutOffWeekday: 'monday' };
const monthly: SettlementSchedule = { cadence: 'monthly', cutOffWeekday: 'monday' };

describe('settlement cut-offs', () => {
  it('weekly on Monday: the batch covers up to Sunday night, Paris time', () => {
    // Wednesday 9 December 2026, 15:00 Paris (winter, UTC+1).
    const now = new Date('2026-12-09T14:00:00Z');
    expect(latestCutOff(weekly, now).toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(nextCutOff(weekly, now).toISOString()).toBe('2026-12-13T23:00:00.000Z');
  });

  it('weekly: at the cut-off instant, that cut-off is the latest and the next is a week later', () => {
    const cutOff = new Date('2026-12-06T23:00:00Z');
    expect(latestCutOff(weekly, cutOff)).toEqual(cutOff);
    expect(nextCutOff(weekly, cutOff).toISOString()).toBe('2026-12-13T23:00:00.000Z');
    expect(latestCutOff(weekly, new Date(cutOff.getTime() - 1)).toISOString()).toBe('2026-11-29T23:00:00.000Z');
  });

  it('weekly on another day (Thursday)', () => {
    const thursday: SettlementSchedule = { cadence: 'weekly', cutOffWeekday: 'thursday' };
    const now = new Date('2026-12-09T14:00:00Z'); // Wednesday
    expect(latestCutOff(thursday, now).toISOString()).toBe('2026-12-02T23:00:00.000Z');
    expect(nextCutOff(thursday, now).toISOString()).toBe('2026-12-09T23:00:00.000Z');
  });

  it('across the DST changes the cut-off stays at midnight in Paris', () => {
    // Spring forward on Sunday 29 March 2026: Monday 30 March starts at 22:00 UTC on the 29th.
    expect(nextCutOff(weekly, new Date('2026-03-25T12:00:00Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // Fall back on Sunday 25 October 2026: Monday 26 October starts at 23:00 UTC on the 25th.
    expect(nextCutOff(weekly, new Date('2026-10-21T12:00:00Z')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(nextCutOff(daily, new Date('2026-03-29T01:30:00Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('daily: midnight of today and of tomorrow', () => {
    const now = new Date('2026-07-14T21:59:00Z'); // 23:59 in Paris (summer)
    expect(latestCutOff(daily, now).toISOString()).toBe('2026-07-13T22:00:00.000Z');
    expect(nextCutOff(daily, now).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(nextCutOff(daily, new Date('2026-07-14T22:00:00Z')).toISOString()).toBe('2026-07-15T22:00:00.000Z');
  });

  it('monthly: the first of the month, month ends and year end included', () => {
    expect(latestCutOff(monthly, new Date('2026-01-31T22:59:00Z')).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(nextCutOff(monthly, new Date('2026-01-31T22:59:00Z')).toISOString()).toBe('2026-01-31T23:00:00.000Z');
    expect(nextCutOff(monthly, new Date('2026-02-28T12:00:00Z')).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(nextCutOff(monthly, new Date('2026-12-31T12:00:00Z')).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    // 31 December 23:30 in Paris is still December.
    expect(nextCutOff(monthly, new Date('2026-12-31T22:30:00Z')).toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });
});

describe('expected payment day', () => {
  it('a Monday cut-off: exported Monday, on the place’s account Tuesday', () => {
    expect(expectedPaymentDay(new Date('2026-12-06T23:00:00Z'))).toBe('2026-12-08');
  });

  it('bank holidays push it: Easter Monday, Christmas', () => {
    // Cut-off Monday 6 April 2026 is Easter Monday: exported Tuesday 7, paid Wednesday 8.
    expect(expectedPaymentDay(new Date('2026-04-05T22:00:00Z'))).toBe('2026-04-08');
    // Daily cut-off Thursday 24 December 2026: exported 24, paid Monday 28 (25, 26 closed, then the weekend).
    expect(expectedPaymentDay(new Date('2026-12-23T23:00:00Z'))).toBe('2026-12-28');
    // Monthly cut-off 1 January 2027 (closed), a Friday: exported Monday 4, paid Tuesday 5.
    expect(expectedPaymentDay(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-05');
  });

  it('a redemption waits for the cut-off after it, or the next one once that batch was built without it', () => {
    const recordedAt = new Date('2026-12-02T10:00:00Z'); // Wednesday
    const before = new Date('2026-12-04T10:00:00Z');
    expect(awaitedCutOff(weekly, recordedAt, before, true).toISOString()).toBe('2026-12-06T23:00:00.000Z');
    const after = new Date('2026-12-08T10:00:00Z');
    expect(awaitedCutOff(weekly, recordedAt, after, false).toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(awaitedCutOff(weekly, recordedAt, after, true).toISOString()).toBe('2026-12-13T23:00:00.000Z');
  });
});

describe('payment delay', () => {
  it('prefers the bank statement’s booking day to the recorded paidOn', () => {
    expect(paymentBookingDay({ bookedOn: '2026-12-09', paidOn: '2026-12-08' })).toBe('2026-12-09');
    expect(paymentBookingDay({ paidOn: '2026-12-08' })).toBe('2026-12-08');
    expect(paymentBookingDay({ bookedOn: null, paidOn: null })).toBeNull();
  });

  it('counts Paris days from the redemption to the booking', () => {
    // 23:30 on 30 November in Paris is 30 November.
    expect(paymentDelayDays(new Date('2026-11-30T22:30:00Z'), '2026-12-08')).toBe(8);
    expect(paymentDelayDays(new Date('2026-11-30T23:30:00Z'), '2026-12-08')).toBe(7);
  });

  it('nearest-rank percentiles', () => {
    expect(percentileDays([], 50)).toBeNull();
    expect(percentileDays([3], 95)).toBe(3);
    expect(percentileDays([1, 2, 3, 4], 50)).toBe(2);
    expect(percentileDays([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 95)).toBe(19);
  });

  it('a cell of payment delays is published from K redemptions over three places, none above 85 % of them', () => {
    expect(delayCellPublishable([], 5)).toBe(false);
    expect(delayCellPublishable([2, 1, 1], 5)).toBe(false); // fewer than K
    expect(delayCellPublishable([40, 30], 5)).toBe(false); // two places
    expect(delayCellPublishable([40, 30, 0], 5)).toBe(false); // a place without payment is not a place paid
    expect(delayCellPublishable([86, 7, 7], 5)).toBe(false); // one place makes the figure
    expect(delayCellPublishable([85, 8, 7], 5)).toBe(true);
    expect(delayCellPublishable([2, 2, 1], 5)).toBe(true);
  });

  it('the figures of a histogram of days are the percentiles of its days one by one, in any order', () => {
    expect(delayFigures([])).toEqual({ redemptionCount: 0, medianDays: null, p95Days: null });
    expect(
      delayFigures([
        { days: 9, redemptions: 1 },
        { days: 2, redemptions: 3 },
        { days: 5, redemptions: 0 },
      ]),
    ).toEqual({
      redemptionCount: 4,
      medianDays: 2,
      p95Days: 9,
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ days: fc.integer({ min: 0, max: 60 }), redemptions: fc.integer({ min: 0, max: 20 }) })),
        (histogram) => {
          const days = histogram.flatMap((bar) => Array<number>(bar.redemptions).fill(bar.days)).sort((a, b) => a - b);
          expect(delayFigures(histogram)).toEqual({
            redemptionCount: days.length,
            medianDays: percentileDays(days, 50),
            p95Days: percentileDays(days, 95),
          });
        },
      ),
    );
  });
});
