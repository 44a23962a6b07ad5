// Tests for commune time zones and wall-clock conversion; assertions hold whatever the process time zone.
import fc from 'fast-check';
import { localDate } from './calendar';
import { isoDateTimeIn, timeZoneOfCommune, wallClockIn } from './time-zone';

type WallClock = { year: number; month: number; day: number; hour: number; minute: number };

function localFields(date: Date): WallClock {
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), hour: date.getHours(), minute: date.getMinutes() };
}

describe('timeZoneOfCommune', () => {
  it.each([
    ['97105', 'America/Guadeloupe'],
    ['97209', 'America/Martinique'],
    ['97302', 'America/Cayenne'],
    ['97411', 'Indian/Reunion'],
    ['97502', 'America/Miquelon'],
    ['97611', 'Indian/Mayotte'],
    ['97701', 'America/St_Barthelemy'],
    ['97801', 'America/Marigot'],
    ['98613', 'Pacific/Wallis'],
    ['98735', 'Pacific/Tahiti'],
    ['98818', 'Pacific/Noumea'],
  ])('%s is in %s', (commune, zone) => {
    expect(timeZoneOfCommune(commune)).toBe(zone);
  });

  it.each(['75056', '33063', '2A004', '2B033', '01001', '98411', '', '  ', 'abc'])('"%s" falls back to Europe/Paris', (commune) => {
    expect(timeZoneOfCommune(commune)).toBe('Europe/Paris');
  });

  it('falls back to Europe/Paris when the code is missing', () => {
    expect(timeZoneOfCommune(null)).toBe('Europe/Paris');
    expect(timeZoneOfCommune(undefined)).toBe('Europe/Paris');
  });

  it('returns zones the runtime knows', () => {
    for (const commune of ['97105', '97209', '97302', '97411', '97502', '97611', '97701', '97801', '98613', '98735', '98818', '75056']) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: timeZoneOfCommune(commune) })).not.toThrow();
    }
  });
});

describe('wallClockIn', () => {
  const winter = new Date('2024-01-15T09:30:00Z');
  const summer = new Date('2024-07-15T09:30:00Z');

  it('reads Paris wall clock in winter (UTC+1) and summer (UTC+2)', () => {
    expect(localFields(wallClockIn('Europe/Paris', winter))).toEqual({ year: 2024, month: 1, day: 15, hour: 10, minute: 30 });
    expect(localFields(wallClockIn('Europe/Paris', summer))).toEqual({ year: 2024, month: 7, day: 15, hour: 11, minute: 30 });
  });

  it('reads Réunion wall clock (UTC+4 all year)', () => {
    expect(localFields(wallClockIn('Indian/Reunion', winter))).toEqual({ year: 2024, month: 1, day: 15, hour: 13, minute: 30 });
    expect(localFields(wallClockIn('Indian/Reunion', summer))).toEqual({ year: 2024, month: 7, day: 15, hour: 13, minute: 30 });
  });

  it('crosses the date line both ways', () => {
    const newYearUtc = new Date('2024-12-31T23:30:00Z');
    expect(localFields(wallClockIn('Europe/Paris', newYearUtc))).toEqual({ year: 2025, month: 1, day: 1, hour: 0, minute: 30 });
    expect(localFields(wallClockIn('Indian/Reunion', newYearUtc))).toEqual({ year: 2025, month: 1, day: 1, hour: 3, minute: 30 });
    expect(localFields(wallClockIn('America/Cayenne', newYearUtc))).toEqual({ year: 2024, month: 12, day: 31, hour: 20, minute: 30 });
    expect(localFields(wallClockIn('Pacific/Tahiti', newYearUtc))).toEqual({ year: 2024, month: 12, day: 31, hour: 13, minute: 30 });
  });

  it('reads midnight as hour 0, not 24', () => {
    expect(wallClockIn('Europe/Paris', new Date('2024-01-14T23:00:00Z')).getHours()).toBe(0);
  });

  it('keeps seconds and milliseconds', () => {
    const wall = wallClockIn('Indian/Mayotte', new Date('2024-03-10T08:15:42.123Z'));
    expect([wall.getHours(), wall.getMinutes(), wall.getSeconds(), wall.getMilliseconds()]).toEqual([11, 15, 42, 123]);
  });

  it('rejects an unknown zone', () => {
    expect(() => wallClockIn('Mars/Olympus_Mons', winter)).toThrow(RangeError);
  });
});

describe('isoDateTimeIn', () => {
  it('writes Paris time with its offset, winter and summer', () => {
    expect(isoDateTimeIn(new Date('2026-06-02T08:30:00.250Z'))).toBe('2026-06-02T10:30:00+02:00');
    expect(isoDateTimeIn(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30:00+01:00');
    // The clock changes: 02:00 → 03:00 on 29 March, 03:00 → 02:00 on 25 October 2026.
    expect(isoDateTimeIn(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(isoDateTimeIn(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30:00+02:00');
    expect(isoDateTimeIn(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30:00+01:00');
    expect(isoDateTimeIn(new Date('2026-01-01T00:00:00Z'), 'America/Cayenne')).toBe('2025-12-31T21:00:00-03:00');
  });

  it('names the same instant, to the second, with the day Paris reads (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          const written = isoDateTimeIn(instant);
          expect(written).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
          expect(Date.parse(written)).toBe(Math.floor(instant.getTime() / 1000) * 1000);
          expect(written.slice(0, 10)).toBe(localDate(instant));
        },
      ),
    );
  });
});
