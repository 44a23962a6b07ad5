/** Time zone of a French commune (overseas ones included) and wall-clock time there, for "open now" checks. */

/** Overseas collectivities by the first three characters of their INSEE commune codes. */
const OVERSEAS_TIME_ZONES: Readonly<Record<string, string>> = {
  '971': 'America/Guadeloupe',
  '972': 'America/Martinique',
  '973': 'America/Cayenne',
  '974': 'Indian/Reunion',
  '975': 'America/Miquelon',
  '976': 'Indian/Mayotte',
  '977': 'America/St_Barthelemy',
  '978': 'America/Marigot',
  '986': 'Pacific/Wallis',
  '987': 'Pacific/Tahiti', // most of French Polynesia; the Marquesas and Gambier islands differ slightly
  '988': 'Pacific/Noumea',
};

/**
 * Metropolitan France's time zone, the platform's one: validity and qualification days, settlement
 * months, report periods and history filters are all counted in it (overseas communes have their own
 * above for opening hours only). Every other module names this constant, never the zone's text.
 */
export const METROPOLITAN_TIME_ZONE = 'Europe/Paris';

/** The INSEE code prefixes with a time zone of their own (every other commune is on Paris time). */
export const OVERSEAS_COMMUNE_PREFIXES: readonly string[] = Object.keys(OVERSEAS_TIME_ZONES);

/** IANA time zone of a commune (INSEE code); metropolitan France, Corsica and unknown communes get Europe/Paris. */
export function timeZoneOfCommune(inseeCode: string | null | undefined): string {
  const prefix = (inseeCode ?? '').trim().slice(0, 3);
  return Object.hasOwn(OVERSEAS_TIME_ZONES, prefix) ? OVERSEAS_TIME_ZONES[prefix] : METROPOLITAN_TIME_ZONE;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * A Date whose local (process time zone) fields read the wall-clock time in `timeZone` at `instant`:
 * libraries such as opening_hours read local fields only. Throws a RangeError for an unknown zone.
 * A wall-clock time that does not exist in the process time zone (its own DST gap) shifts by the gap.
 */
export function wallClockIn(timeZone: string, instant: Date): Date {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = fields as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  const local = new Date(year, month - 1, day, hour, minute, second, instant.getUTCMilliseconds());
  if (year < 100) local.setFullYear(year); // the constructor maps years 0-99 to 1900-1999
  return local;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at an instant (Paris: 60 in winter, 120 in summer). */
export function offsetMinutes(timeZone: string, instant: Date): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * An instant as ISO 8601 local time in a time zone, with its offset and to the second:
 * "2026-06-02T10:30:00+02:00" (Paris in summer). What the wall clock there read, and truthful.
 */
export function isoDateTimeIn(instant: Date, timeZone = METROPOLITAN_TIME_ZONE): string {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) fields[part.type] = part.value;
  const two = (value: string | undefined): string => (value ?? '').padStart(2, '0');
  const offset = offsetMinutes(timeZone, instant);
  const sign = offset < 0 ? '-' : '+';
  const hours = two(String(Math.floor(Math.abs(offset) / 60)));
  const minutes = two(String(Math.abs(offset) % 60));
  return (
    `${(fields.year ?? '').padStart(4, '0')}-${two(fields.month)}-${two(fields.day)}` +
    `T${two(fields.hour)}:${two(fields.minute)}:${two(fields.second)}${sign}${hours}:${minutes}`
  );
}
