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
