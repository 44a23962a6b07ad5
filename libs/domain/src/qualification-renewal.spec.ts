import fc from 'fast-check';
import { addDays, daysBetween, localDate } from './calendar';
import { alertThreshold } from './expiry-alerts';
import { qualificationValidUntil } from './qualification';
import { parseReminderDays, qualificationPeriod, qualificationToday, renewalStatus, renewalWindowDays } from './qualification-renewal';

const REMINDERS = [90, 60, 30, 7];
/** Noon in Paris on that day (11:00 or 10:00 UTC): far from both midnights. */
const noonInParis = (day: string): Date => new Date(`${day}T10:30:00Z`);

/** Calendar days from 2024 to 2040 (leap years 2024, 2028, 2032, 2036, 2040 included). */
const day = fc.integer({ min: 0, max: 365 * 16 }).map((offset) => addDays('2024-01-01', offset));

describe('qualification period', () => {
  it('a first qualification runs from the decision day', () => {
    expect(qualificationPeriod(null, noonInParis('2026-11-23'), 12)).toEqual({
      validFrom: '2026-11-23',
      validUntil: '2027-11-22',
      continues: false,
    });
  });

  it('a renewal decided before the end follows on from it; decided on the last day too', () => {
    expect(qualificationPeriod('2027-03-31', noonInParis('2027-02-10'), 12)).toEqual({
      validFrom: '2027-04-01',
      validUntil: '2028-03-31',
      continues: true,
    });
    expect(qualificationPeriod('2027-03-31', noonInParis('2027-03-31'), 12).validFrom).toBe('2027-04-01');
  });

  it('a renewal decided after the end runs from the decision day', () => {
    expect(qualificationPeriod('2027-03-31', noonInParis('2027-04-01'), 12)).toEqual({
      validFrom: '2027-04-01',
      validUntil: '2028-03-31',
      continues: false,
    });
    expect(qualificationPeriod('2027-03-31', noonInParis('2027-05-12'), 12).validFrom).toBe('2027-05-12');
  });

  it('month ends and leap years: no day lost between periods', () => {
    // Ends on 29 February: the renewal starts on 1 March and ends on the last day of next February.
    expect(qualificationPeriod('2028-02-29', noonInParis('2028-01-15'), 12)).toMatchObject({
      validFrom: '2028-03-01',
      validUntil: '2029-02-28',
    });
    // Starts on 29 February: ends on 28 February, the next one starts on 1 March.
    expect(qualificationPeriod('2028-02-28', noonInParis('2028-02-01'), 12)).toMatchObject({
      validFrom: '2028-02-29',
      validUntil: '2029-02-28',
    });
    expect(qualificationPeriod('2027-01-30', noonInParis('2027-01-02'), 1)).toMatchObject({
      validFrom: '2027-01-31',
      validUntil: '2027-02-28',
    });
  });

  it('the decision day is the day in Paris, not in UTC (winter and summer time)', () => {
    // 23:30 UTC on 31 December is 00:30 on 1 January in Paris: the qualification ended the day before.
    expect(qualificationPeriod('2026-12-31', new Date('2026-12-31T23:30:00Z'), 12)).toMatchObject({
      validFrom: '2027-01-01',
      continues: false,
    });
    expect(qualificationPeriod('2026-12-31', new Date('2026-12-31T22:59:00Z'), 12).continues).toBe(true);
    // 22:30 UTC on 30 June is 00:30 on 1 July in Paris (UTC+2).
    expect(qualificationPeriod('2027-06-30', new Date('2027-06-30T22:30:00Z'), 12).continues).toBe(false);
    expect(qualificationPeriod('2027-06-30', new Date('2027-06-30T21:59:00Z'), 12).continues).toBe(true);
  });

  it('property: renewals decided in time chain without a gap or an overlap, each lasting a year', () => {
    fc.assert(
      fc.property(day, fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 8 }), (first, earlyBy) => {
        let period = qualificationPeriod(null, noonInParis(first), 12);
        for (const early of earlyBy) {
          const decidedOn = addDays(period.validUntil, -Math.min(early, daysBetween(period.validFrom, period.validUntil)));
          const next = qualificationPeriod(period.validUntil, noonInParis(decidedOn), 12);
          expect(next.continues).toBe(true);
          expect(next.validFrom).toBe(addDays(period.validUntil, 1));
          expect([365, 366]).toContain(daysBetween(next.validFrom, next.validUntil) + 1);
          period = next;
        }
      }),
    );
  });

  it('property: after the end, the new period starts on the decision day, never before it', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 800 }), fc.integer({ min: 1, max: 60 }), (until, lateBy, months) => {
        const decidedOn = addDays(until, lateBy);
        const period = qualificationPeriod(until, noonInParis(decidedOn), months);
        expect(period).toMatchObject({ validFrom: decidedOn, continues: false });
        expect(period.validUntil > period.validFrom).toBe(true);
        expect(period.validUntil).toBe(qualificationValidUntil(decidedOn, months));
      }),
    );
  });

  it('property: a period covers the months asked, ending the day before the anniversary or at a month end', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (from, months) => {
        const until = qualificationValidUntil(from, months);
        const next = addDays(until, 1);
        // The next period starts on the same day of the month, or on the 1st when that day does not exist.
        expect(next.slice(8) === from.slice(8) || (next.slice(8) === '01' && Number(from.slice(8)) > 28)).toBe(true);
        const monthsApart =
          (Number(next.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(next.slice(5, 7)) - Number(from.slice(5, 7));
        expect(monthsApart).toBe(next.slice(8) === from.slice(8) ? months : months + 1);
      }),
    );
  });

  it('property: the decision day is the calendar day in Paris of the instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }), (at) => {
        const period = qualificationPeriod(null, at, 12);
        expect(period.validFrom).toBe(localDate(at, 'Europe/Paris'));
      }),
    );
  });
});

describe('renewal status and reminders', () => {
  it.each([
    [120, 'in_force', null],
    [91, 'in_force', null],
    [90, 'due', 90],
    [61, 'due', 90],
    [60, 'due', 60],
    [30, 'due', 30],
    [20, 'due', 30],
    [7, 'due', 7],
    [0, 'due', 7],
    [-1, 'expired', null],
    [-400, 'expired', null],
  ])('%i days before the end → %s, reminder %s', (daysLeft, stage, reminder) => {
    const until = '2027-06-15';
    const status = renewalStatus(until, qualificationToday(noonInParis(addDays(until, -daysLeft))), REMINDERS);
    expect(status).toEqual({ stage, daysLeft, reminder, renewableFrom: '2027-03-17' });
  });

  it('never qualified: nothing to renew', () => {
    expect(renewalStatus(null, qualificationToday(new Date()), REMINDERS)).toEqual({
      stage: 'never_qualified',
      daysLeft: null,
      reminder: null,
      renewableFrom: null,
    });
  });

  it('counts days in Paris: the last day ends at midnight in Paris', () => {
    expect(renewalStatus('2027-06-30', qualificationToday(new Date('2027-06-30T21:59:00Z')), REMINDERS)).toMatchObject({
      stage: 'due',
      daysLeft: 0,
    });
    expect(renewalStatus('2027-06-30', qualificationToday(new Date('2027-06-30T22:00:00Z')), REMINDERS)).toMatchObject({
      stage: 'expired',
      daysLeft: -1,
    });
  });

  it('property: the reminder is the smallest threshold not below the days left, and renewal opens with the first', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: -30, max: 400 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 366 }), { minLength: 1, maxLength: 6 }),
        (until, daysLeft, thresholds) => {
          const status = renewalStatus(until, qualificationToday(noonInParis(addDays(until, -daysLeft))), thresholds);
          expect(status.daysLeft).toBe(daysLeft);
          expect(status.reminder).toBe(alertThreshold(daysLeft, thresholds));
          if (status.reminder !== null) {
            expect(daysLeft).toBeLessThanOrEqual(status.reminder);
            expect(thresholds.filter((threshold) => daysLeft <= threshold).every((threshold) => threshold >= status.reminder!)).toBe(true);
          }
          expect(status.stage === 'due' || status.stage === 'expired').toBe(daysLeft <= renewalWindowDays(thresholds));
          expect(status.stage === 'due').toBe(status.reminder !== null);
        },
      ),
    );
  });

  it('reads the reminder days of the configuration', () => {
    expect(parseReminderDays('90,60,30,7')).toEqual([90, 60, 30, 7]);
    expect(parseReminderDays(' 7, 30 ,30,90')).toEqual([90, 30, 7]);
    expect(parseReminderDays('0')).toEqual([0]);
    for (const bad of ['', '90,,7', '90;60', '-7', '1.5', '400', 'quatre-vingt-dix', '1,2,3,4,5,6,7,8,9,10,11']) {
      expect(parseReminderDays(bad)).toBeNull();
    }
  });
});
