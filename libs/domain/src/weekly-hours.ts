/**
 * Opening hours as a week of time ranges (what the place form shows, day by day) and their
 * OpenStreetMap `opening_hours` text (what the national schema stores). The text written here is the
 * plain subset: days or day ranges, then time ranges (« Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00 »).
 * Text beyond that subset (holidays, months, weeks, « off »…) is not read back: the form then offers
 * the text itself. The full syntax is checked by the opening_hours library where it is stored.
 */

/** OpenStreetMap's day codes, Monday first, as the schema writes them. */
export const WEEK_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** A time range of one day, « HH:MM » on 24 hours; `to` may be 24:00. */
export interface TimeRange {
  from: string;
  to: string;
}

/** Each day's ranges, in order; a day without ranges is closed. */
export type WeeklyHours = Record<WeekDay, TimeRange[]>;

export function closedWeek(): WeeklyHours {
  return { Mo: [], Tu: [], We: [], Th: [], Fr: [], Sa: [], Su: [] };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/** Why a range cannot be written, in plain words for the form; null when it can. */
export function timeRangeProblem(range: TimeRange): 'missing_start' | 'missing_end' | 'not_a_time' | 'ends_before_start' | null {
  if (!range.from) return 'missing_start';
  if (!range.to) return 'missing_end';
  if (!TIME.test(range.from) || !END_TIME.test(range.to)) return 'not_a_time';
  if (minutes(range.to) <= minutes(range.from)) return 'ends_before_start';
  return null;
}

/** The week as OpenStreetMap text: days with the same ranges grouped, consecutive days as a range. Empty when always closed. */
export function weeklyHoursText(week: WeeklyHours): string {
  const groups = new Map<string, number[]>();
  WEEK_DAYS.forEach((day, index) => {
    const ranges = [...week[day]].sort((a, b) => minutes(a.from) - minutes(b.from));
    if (ranges.length === 0) return;
    const key = ranges.map((range) => `${range.from}-${range.to}`).join(',');
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  // Groups come in the order of their first day: the map keeps the order they were met in.
  return [...groups].map(([times, days]) => `${daysText(days)} ${times}`).join('; ');
}

/** Day indexes (ascending) as « Mo-We,Fr ». */
function daysText(days: number[]): string {
  const runs: Array<[number, number]> = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && last[1] === day - 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs.map(([first, end]) => (first === end ? WEEK_DAYS[first] : `${WEEK_DAYS[first]}-${WEEK_DAYS[end]}`)).join(',');
}

const DAY_PART = /^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$/;
const RANGE = /^(\d\d:\d\d)-(\d\d:\d\d)$/;

/**
 * The week of a text in the plain subset (as written above, or typed so), later rules replacing
 * earlier ones for their days as OpenStreetMap reads them; null for anything else.
 */
export function weeklyHoursOf(text: string): WeeklyHours | null {
  const week = closedWeek();
  const trimmed = text.trim();
  if (trimmed === '') return week;
  for (const rule of trimmed.split(';')) {
    const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(rule);
    if (!match) return null;
    const days: WeekDay[] = [];
    for (const part of match[1].split(',')) {
      const dayMatch = DAY_PART.exec(part);
      if (!dayMatch) return null;
      const first = WEEK_DAYS.indexOf(dayMatch[1] as WeekDay);
      const end = dayMatch[2] ? WEEK_DAYS.indexOf(dayMatch[2] as WeekDay) : first;
      if (end < first) return null; // « Sa-Mo » wraps the week: left to the text
      days.push(...WEEK_DAYS.slice(first, end + 1));
    }
    const ranges: TimeRange[] = [];
    for (const part of match[2].split(',')) {
      const rangeMatch = RANGE.exec(part);
      if (!rangeMatch) return null;
      const range = { from: rangeMatch[1], to: rangeMatch[2] };
      if (timeRangeProblem(range)) return null;
      ranges.push(range);
    }
    for (const day of days) week[day] = ranges;
  }
  return week;
}
