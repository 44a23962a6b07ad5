/**
 * The dates and instants the platform accepts from the outside: real calendar days and instants
 * between 1900 and 2200. Farther dates mean nothing here (programmes, payments, audits are
 * 21st-century facts) and some cannot be stored (PostgreSQL has no year 0 and stops at 4713 BC,
 * JavaScript at ±275760), so they are refused as invalid input rather than failing in the database.
 */
import { isIsoDate } from './calendar';

export const FIRST_SANE_YEAR = 1900;
export const LAST_SANE_YEAR = 2200;
export const FIRST_SANE_DAY = `${FIRST_SANE_YEAR}-01-01`;
export const LAST_SANE_DAY = `${LAST_SANE_YEAR}-12-31`;

const FIRST_SANE_INSTANT = Date.UTC(FIRST_SANE_YEAR, 0, 1);
const AFTER_LAST_SANE_INSTANT = Date.UTC(LAST_SANE_YEAR + 1, 0, 1);

/** An ISO 8601 day, or day and time with an optional offset ("2026-11-23", "2026-11-23T09:15:00.000+01:00"). */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** A real calendar day as YYYY-MM-DD (not 2026-02-30), from 1900-01-01 to 2200-12-31. */
export function isSaneCalendarDay(value: unknown): value is string {
  return typeof value === 'string' && isIsoDate(value) && value >= FIRST_SANE_DAY && value <= LAST_SANE_DAY;
}

/** A valid Date from 1900-01-01T00:00Z (inclusive) to 2201-01-01T00:00Z (exclusive). */
export function isSaneInstant(value: unknown): value is Date {
  if (!(value instanceof Date)) return false;
  const time = value.getTime();
  return !Number.isNaN(time) && time >= FIRST_SANE_INSTANT && time < AFTER_LAST_SANE_INSTANT;
}

/**
 * The instant an ISO 8601 text names, or null if it is not one, names a day that does not exist
 * (2026-02-30, 25:00) or falls outside the sane range. A day alone is its midnight UTC (as `new Date`).
 */
export function parseSaneInstant(text: string): Date | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [, day, hours, minutes, seconds, zone, zoneHours, zoneMinutes] = match;
  if (!isIsoDate(day)) return null;
  if (hours !== undefined && (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59)) return null;
  if (zone !== undefined && zone !== 'Z' && (Number(zoneHours) > 23 || Number(zoneMinutes) > 59)) return null;
  const instant = new Date(text);
  return isSaneInstant(instant) ? instant : null;
}
