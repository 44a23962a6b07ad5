/** Calendar dates as 'YYYY-MM-DD' strings: validity periods are days in a French time zone, not instants. */
import { METROPOLITAN_TIME_ZONE } from './time-zone';

export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The calendar date of an instant in a time zone. */
export function localDate(instant: Date, timeZone = METROPOLITAN_TIME_ZONE): IsoDate {
  // Every redemption asks, and formatting is slow: remember the last answer for its minute (the
  // offsets of today's time zones are whole minutes, so a date never changes within one).
  const minute = Math.floor(instant.getTime() / 60_000);
  if (lastLocalDate && lastLocalDate.minute === minute && lastLocalDate.timeZone === timeZone) return lastLocalDate.date;
  const parts = dayFormatter(timeZone).formatToParts(instant);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  lastLocalDate = { minute, timeZone, date };
  return date;
}

let lastLocalDate: { minute: number; timeZone: string; date: IsoDate } | null = null;

// Building an Intl formatter costs far more than using one: keep one per time zone.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier): 2026-12-31 → 2027-01-01 is 1. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// Building an Intl formatter costs far more than using one (printing calls this for every cheque).
const frenchDateFormatter = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2026-12-31" → "31 décembre 2026". */
export function formatFrenchDate(date: IsoDate): string {
  return frenchDateFormatter.format(new Date(`${date}T00:00:00Z`));
}

/** Same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
