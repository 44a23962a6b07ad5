import fc from 'fast-check';
import { weeks } from '../../../test/helpers/weekly-hours';
import { closedWeek, type TimeRange, timeRangeProblem, type WeeklyHours, weeklyHoursOf, weeklyHoursText } from './weekly-hours';

const week = (days: Partial<WeeklyHours>): WeeklyHours => ({ ...closedWeek(), ...days });
const range = (from: string, to: string): TimeRange => ({ from, to });

describe('weekly hours', () => {
  it('writes days with the same hours together, consecutive days as a range', () => {
    const morningAndAfternoon = [range('09:00', '12:00'), range('14:00', '18:00')];
    expect(
      weeklyHoursText(
        week({
          Mo: morningAndAfternoon,
          Tu: morningAndAfternoon,
          We: morningAndAfternoon,
          Fr: morningAndAfternoon,
          Sa: [range('09:00', '12:00')],
        }),
      ),
    ).toBe('Mo-We,Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00');
    expect(weeklyHoursText(week({ Su: [range('14:00', '24:00')], Mo: [range('09:00', '12:00')] }))).toBe('Mo 09:00-12:00; Su 14:00-24:00');
    expect(weeklyHoursText(closedWeek())).toBe('');
  });

  it('reads back its own text, and the plain text a place types, later rules replacing earlier days', () => {
    fc.assert(fc.property(weeks, (hours) => expect(weeklyHoursOf(weeklyHoursText(hours))).toEqual(hours)));
    expect(weeklyHoursOf('Mo-Fr 09:00-18:00; We 09:00-12:00')).toEqual(
      week({
        Mo: [range('09:00', '18:00')],
        Tu: [range('09:00', '18:00')],
        We: [range('09:00', '12:00')],
        Th: [range('09:00', '18:00')],
        Fr: [range('09:00', '18:00')],
      }),
    );
  });

  it.each(['24/7', 'Mo-Fr 09:00-12:00; PH off', 'Jan-Mar Mo 10:00-12:00', 'Sa-Mo 10:00-12:00', 'Mo 12:00-09:00', 'lundi 9h-12h', 'Mo off'])(
    'leaves « %s » to the text field',
    (text) => expect(weeklyHoursOf(text)).toBeNull(),
  );

  it('names what is wrong with a range', () => {
    expect(timeRangeProblem(range('', '12:00'))).toBe('missing_start');
    expect(timeRangeProblem(range('09:00', ''))).toBe('missing_end');
    expect(timeRangeProblem(range('9h', '12:00'))).toBe('not_a_time');
    expect(timeRangeProblem(range('14:00', '12:00'))).toBe('ends_before_start');
    expect(timeRangeProblem(range('20:00', '24:00'))).toBeNull();
  });
});
