/**
 * The days banks execute SEPA credit transfers: TARGET2 (the Eurosystem's settlement system) is
 * open every weekday except 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December. A
 * transfer file asks for an execution day the banks are open (ReqdExctnDt).
 */
import { gregorianEaster } from 'date-easter';
import { addDays, type IsoDate, isIsoDate } from './calendar';

/** The closing days of a year that are fixed in the calendar (month-day). */
const FIXED_CLOSING_DAYS = ['01-01', '05-01', '12-25', '12-26'];

const easterSundays = new Map<number, IsoDate>();

function easterSunday(year: number): IsoDate {
  let sunday = easterSundays.get(year);
  if (!sunday) {
    const easter = gregorianEaster(year);
    sunday = `${String(easter.year).padStart(4, '0')}-${String(easter.month).padStart(2, '0')}-${String(easter.day).padStart(2, '0')}`;
    easterSundays.set(year, sunday);
  }
  return sunday;
}

/** The weekdays TARGET2 is closed in a year: 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December. */
export function target2Holidays(year: number): IsoDate[] {
  const sunday = easterSunday(year);
  const fixed = FIXED_CLOSING_DAYS.map((day) => `${String(year).padStart(4, '0')}-${day}`);
  return [fixed[0], addDays(sunday, -2), addDays(sunday, 1), ...fixed.slice(1)];
}

export function isTarget2BusinessDay(date: IsoDate): boolean {
  if (!isIsoDate(date)) throw new Error(`not a date: ${date}`);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const year = Number(date.slice(0, 4));
  if (FIXED_CLOSING_DAYS.includes(date.slice(5))) return false;
  const sunday = easterSunday(year);
  return date !== addDays(sunday, -2) && date !== addDays(sunday, 1);
}

/** The day itself if banks are open, else the next day they are (a Saturday before Easter → the Tuesday after). */
export function nextTarget2BusinessDay(date: IsoDate): IsoDate {
  let day = date;
  while (!isTarget2BusinessDay(day)) day = addDays(day, 1);
  return day;
}
