import fc from 'fast-check';
import { isSaneCalendarDay, isSaneInstant, parseSaneInstant } from './date-range';

describe('sane dates and instants', () => {
  it('accepts real calendar days from 1900 to 2200', () => {
    for (const day of ['1900-01-01', '2024-02-29', '2026-11-23', '2200-12-31']) expect(isSaneCalendarDay(day)).toBe(true);
  });

  it('refuses impossible days, days out of range and other shapes', () => {
    for (const day of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31']) {
      expect(isSaneCalendarDay(day)).toBe(false);
    }
    for (const value of ['-271821-04-20', '+275760-09-13', '2026-1-01', '2026-11-23T00:00:00Z', '', ' 2026-11-23', 20261123, null]) {
      expect(isSaneCalendarDay(value)).toBe(false);
    }
  });

  it('accepts instants from 1900 to the end of 2200 only', () => {
    expect(isSaneInstant(new Date('1900-01-01T00:00:00Z'))).toBe(true);
    expect(isSaneInstant(new Date('2200-12-31T23:59:59.999Z'))).toBe(true);
    expect(isSaneInstant(new Date('1899-12-31T23:59:59.999Z'))).toBe(false);
    expect(isSaneInstant(new Date('2201-01-01T00:00:00Z'))).toBe(false);
    expect(isSaneInstant(new Date('-271821-04-20'))).toBe(false);
    expect(isSaneInstant(new Date('not a date'))).toBe(false);
    expect(isSaneInstant('2026-11-23')).toBe(false);
  });

  it('parses ISO 8601 days and instants, with or without an offset', () => {
    expect(parseSaneInstant('2026-11-23')?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(parseSaneInstant('2026-11-23T09:15:00Z')?.toISOString()).toBe('2026-11-23T09:15:00.000Z');
    expect(parseSaneInstant('2026-11-30T23:59:59+01:00')?.toISOString()).toBe('2026-11-30T22:59:59.000Z');
    expect(parseSaneInstant('2026-11-23T09:15:00.123456789Z')?.toISOString()).toBe('2026-11-23T09:15:00.123Z');
  });

  it('refuses impossible, out-of-range and non-ISO instants', () => {
    for (const text of [
      '2026-02-30',
      '2026-02-30T00:00:00Z',
      '2026-11-23T25:00:00Z',
      '2026-11-23T09:61:00Z',
      '2026-11-23T09:15:00+25:00',
      '-271821-04-20',
      '+275760-09-13',
      '0000-01-01',
      '9999-12-31T23:59:59Z',
      'Nov 23 2026',
      '1700000000000',
      '',
    ]) {
      expect(parseSaneInstant(text)).toBeNull();
    }
  });

  it('never returns an instant outside the range, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        (text) => {
          const instant = parseSaneInstant(text);
          expect(instant === null || isSaneInstant(instant)).toBe(true);
        },
      ),
    );
  });

  it('keeps every sane instant it is given in ISO form', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59.999Z'), noInvalidDate: true }),
        (date) => {
          expect(parseSaneInstant(date.toISOString())?.getTime()).toBe(date.getTime());
        },
      ),
    );
  });
});
