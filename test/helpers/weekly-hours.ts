/** Weeks of opening hours as a place enters them in the form (libs/domain/src/weekly-hours.ts), for property tests. */
import fc from 'fast-check';
import { type TimeRange, WEEK_DAYS, type WeeklyHours } from '@app/domain';

/** A day's ranges: up to two, in order, not touching, as the form lets a place enter them. */
export const dayRanges: fc.Arbitrary<TimeRange[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 24 * 4 }), { minLength: 0, maxLength: 4 })
  .map((quarters) => [...quarters].sort((a, b) => a - b))
  .filter((quarters) => quarters.length % 2 === 0)
  .map((quarters) => {
    const time = (quarter: number): string =>
      `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;
    const ranges: TimeRange[] = [];
    for (let index = 0; index < quarters.length; index += 2) ranges.push({ from: time(quarters[index]), to: time(quarters[index + 1]) });
    return ranges;
  });
export const weeks: fc.Arbitrary<WeeklyHours> = fc.record(
  Object.fromEntries(WEEK_DAYS.map((day) => [day, dayRanges])) as Record<keyof WeeklyHours, fc.Arbitrary<TimeRange[]>>,
);
