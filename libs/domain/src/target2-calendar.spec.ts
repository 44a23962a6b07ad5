import fc from 'fast-check';
import { addDays, daysBetween } from './calendar';
import { isTarget2BusinessDay, nextTarget2BusinessDay, target2Holidays } from './target2-calendar';

const day = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('TARGET2 business days', () => {
  it('knows the closing days, Easter ones included', () => {
    expect(target2Holidays(2026)).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26']);
    expect(target2Holidays(2027)).toEqual(['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-12-25', '2027-12-26']);
    // Easter Sunday on 25 April (latest possible): Easter Monday 26 April.
    expect(target2Holidays(2038)).toContain('2038-04-26');
  });

  it('moves a closed day to the next open one', () => {
    expect(nextTarget2BusinessDay('2026-06-02')).toBe('2026-06-02'); // a Tuesday
    expect(nextTarget2BusinessDay('2026-06-06')).toBe('2026-06-08'); // Saturday → Monday
    expect(nextTarget2BusinessDay('2026-04-03')).toBe('2026-04-07'); // Good Friday → Tuesday after Easter Monday
    expect(nextTarget2BusinessDay('2026-12-24')).toBe('2026-12-24');
    expect(nextTarget2BusinessDay('2026-12-25')).toBe('2026-12-28'); // Christmas (Fri), 26 (Sat), Sunday
    expect(nextTarget2BusinessDay('2027-12-25')).toBe('2027-12-27'); // Saturday; 26 is Sunday
    expect(nextTarget2BusinessDay('2027-12-31')).toBe('2027-12-31');
    expect(nextTarget2BusinessDay('2028-01-01')).toBe('2028-01-03');
    expect(nextTarget2BusinessDay('2026-05-01')).toBe('2026-05-04'); // Friday 1 May
    // 8 May and Ascension are French holidays, not TARGET2 ones: banks settle.
    expect(isTarget2BusinessDay('2026-05-08')).toBe(true);
    expect(isTarget2BusinessDay('2026-05-14')).toBe(true);
  });

  it('never answers a closed day nor one before the day asked, and at most 4 days later (property)', () => {
    fc.assert(
      fc.property(day, (date) => {
        const next = nextTarget2BusinessDay(date);
        expect(isTarget2BusinessDay(next)).toBe(true);
        expect(next >= date).toBe(true);
        expect(daysBetween(date, next)).toBeLessThanOrEqual(4);
        for (let between = date; between < next; between = addDays(between, 1)) expect(isTarget2BusinessDay(between)).toBe(false);
      }),
      { numRuns: 5_000 },
    );
  });

  it('answers a business day itself, so asking again changes nothing (property)', () => {
    fc.assert(
      fc.property(day, (date) => {
        const next = nextTarget2BusinessDay(date);
        expect(nextTarget2BusinessDay(next)).toBe(next);
        expect(isTarget2BusinessDay(date)).toBe(next === date);
      }),
    );
  });

  it('closes every weekend and the six holidays, and nothing else (property)', () => {
    fc.assert(
      fc.property(day, (date) => {
        const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
        const holiday = target2Holidays(Number(date.slice(0, 4))).includes(date);
        expect(isTarget2BusinessDay(date)).toBe(weekday !== 0 && weekday !== 6 && !holiday);
      }),
      { numRuns: 5_000 },
    );
  });
});
