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
