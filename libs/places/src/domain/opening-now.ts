/** "Open now" and opening hours in words, in the place's own time zone. */
import type OpeningHours from 'opening_hours';
import { timeZoneOfCommune, wallClockIn } from '@app/domain';
import { parseOpeningHours } from './place-fields';

// Parsing is the costly part and thousands of places share a handful of schedules.
const parsed = new Map<string, OpeningHours | null>();

function cachedOpeningHours(horaires: string): OpeningHours | null {
  if (!parsed.has(horaires)) {
    if (parsed.size > 10_000) parsed.clear();
    try {
      parsed.set(horaires, parseOpeningHours(horaires));
    } catch {
      parsed.set(horaires, null);
    }
  }
  return parsed.get(horaires) ?? null;
}

export function isOpenAt(horaires: string | null, communeCode: string | null, instant: Date): boolean {
  if (!horaires) return false;
  const schedule = cachedOpeningHours(horaires);
  return schedule !== null && schedule.getState(wallClockIn(timeZoneOfCommune(communeCode), instant));
}

/**
 * Whether the place was open at some moment within `toleranceMinutes` of `instant` (a session that
 * ran a little past closing): null when its hours are unknown or unreadable, so nothing can be said.
 */
export function isOpenAround(horaires: string | null, communeCode: string | null, instant: Date, toleranceMinutes: number): boolean | null {
  if (!horaires) return null;
  const schedule = cachedOpeningHours(horaires);
  if (!schedule) return null;
  const timeZone = timeZoneOfCommune(communeCode);
  const tolerance = toleranceMinutes * 60_000;
  const from = wallClockIn(timeZone, new Date(instant.getTime() - tolerance));
  const to = wallClockIn(timeZone, new Date(instant.getTime() + tolerance));
  return schedule.getState(from) || schedule.getOpenIntervals(from, new Date(to.getTime() + 1)).length > 0;
}

export interface DaySchedule {
  /** "lundi" … "dimanche". */
  day: string;
  /** Opening periods like "09:00–12:00"; empty when closed. */
  periods: string[];
}

const DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** The next seven days of opening, starting on the Monday of the week of `instant`, in French. */
export function weekSchedule(horaires: string | null, communeCode: string | null, instant: Date): DaySchedule[] | null {
  if (!horaires) return null;
  const schedule = cachedOpeningHours(horaires);
  if (!schedule) return null;
  const local = wallClockIn(timeZoneOfCommune(communeCode), instant);
  const monday = new Date(local.getFullYear(), local.getMonth(), local.getDate() - ((local.getDay() + 6) % 7));
  const days: DaySchedule[] = [];
  for (let offset = 0; offset < 7; offset++) {
    const start = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + offset);
    const end = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + offset + 1);
    const periods = schedule
      .getOpenIntervals(start, end)
      .map(([from, to]) => `${hhmm(from)}–${to.getTime() === end.getTime() ? '24:00' : hhmm(to)}`);
    days.push({ day: DAYS[start.getDay()], periods });
  }
  return days;
}

const hhmm = (date: Date): string => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;

export interface NextOpening {
  /** Local date and time of the place, "YYYY-MM-DDTHH:MM". */
  at: string;
  /** « aujourd'hui à 14:00 », « demain à 09:00 », « lundi 14 décembre à 09:00 ». */
  inWords: string;
}

/** When a closed place next opens (within 8 days), in its own time zone; null when open now, unknown or not within a week. */
export function nextOpening(horaires: string | null, communeCode: string | null, instant: Date): NextOpening | null {
  if (!horaires) return null;
  const schedule = cachedOpeningHours(horaires);
  const local = wallClockIn(timeZoneOfCommune(communeCode), instant);
  if (!schedule || schedule.getState(local)) return null;
  const limit = new Date(local.getFullYear(), local.getMonth(), local.getDate() + 8);
  const opens = schedule.getNextChange(local, limit);
  if (!opens) return null;
  const days = Math.round((dayStart(opens) - dayStart(local)) / 86_400_000);
  const day = days === 0 ? "aujourd'hui" : days === 1 ? 'demain' : `${DAYS[opens.getDay()]} ${opens.getDate()} ${MONTHS[opens.getMonth()]}`;
  const date = `${opens.getFullYear()}-${String(opens.getMonth() + 1).padStart(2, '0')}-${String(opens.getDate()).padStart(2, '0')}`;
  return { at: `${date}T${hhmm(opens)}`, inWords: `${day} à ${hhmm(opens)}` };
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const dayStart = (date: Date): number => Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());

export interface HoursNow {
  openNow: boolean | null;
  week: DaySchedule[] | null;
  nextOpening: NextOpening | null;
}

/** What a place's page and lists say of its hours at `instant`: open now, this week, next opening. */
export function hoursNow(horaires: string | null, communeCode: string | null, instant: Date): HoursNow {
  return {
    openNow: horaires ? isOpenAt(horaires, communeCode, instant) : null,
    week: weekSchedule(horaires, communeCode, instant),
    nextOpening: nextOpening(horaires, communeCode, instant),
  };
}
