/**
 * People counts cover whole calendar months that are over (docs/statistical-secrecy.md): a period of
 * days is widened to the months it touches and the month in progress is left out. Two periods a day
 * apart then give the same people figures, and a month's figures no longer grow while a reader watches.
 */
import { addDays, addMonths, type IsoDate } from './calendar';

export interface WholeMonths {
  /** First day of the first month; null: from the beginning. */
  from: IsoDate | null;
  /** Last day of the last month. */
  to: IsoDate;
  /** The period asked for was changed. */
  snapped: boolean;
}

export function firstDayOfMonth(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function lastDayOfMonth(date: IsoDate): IsoDate {
  return addDays(addMonths(firstDayOfMonth(date), 1), -1);
}

/** The whole months over by `today` that the days `from`..`to` touch; null when none is. */
export function closedMonthsOf(from: IsoDate | null, to: IsoDate, today: IsoDate): WholeMonths | null {
  const lastClosed = addDays(firstDayOfMonth(today), -1);
  const first = from === null ? null : firstDayOfMonth(from);
  const last = lastDayOfMonth(to) < lastClosed ? lastDayOfMonth(to) : lastClosed;
  if (first !== null && first > last) return null;
  return { from: first, to: last, snapped: from !== first || to !== last };
}
