/**
 * Renewal of a place's qualification: the period a new qualification covers (no lost day, no
 * overlap), when a place may ask for it, and which reminder is due. Qualification dates are
 * calendar days in metropolitan France's time zone, whatever the instant of the decision.
 */
import { addDays, daysBetween, type IsoDate, localDate } from './calendar';
import { alertThreshold } from './expiry-alerts';
import { type ApplicationStatus, qualificationValidUntil } from './qualification';
import { METROPOLITAN_TIME_ZONE } from './time-zone';

/** Reminders before the last day of a qualification, in days (QUALIFICATION_REMINDER_DAYS). */
export const DEFAULT_RENEWAL_REMINDER_DAYS: readonly number[] = [90, 60, 30, 7];

export interface QualificationPeriod {
  validFrom: IsoDate;
  validUntil: IsoDate;
  /** True when the period follows on from a qualification still in force (a renewal decided in time). */
  continues: boolean;
}

/**
 * What a `qualified` decision taken at `decidedAt` grants, given the last day of the qualification
 * in force (null: none ever). Still in force on the decision day: the new period starts the day
 * after the current one ends. Otherwise (first qualification, or expired): from the decision day.
 */
export function qualificationPeriod(currentUntil: IsoDate | null, decidedAt: Date, validityMonths: number): QualificationPeriod {
  const decidedOn = qualificationToday(decidedAt);
  const continues = currentUntil !== null && currentUntil >= decidedOn;
  const validFrom = continues ? addDays(currentUntil, 1) : decidedOn;
  return { validFrom, validUntil: qualificationValidUntil(validFrom, validityMonths), continues };
}

export type RenewalStage = 'never_qualified' | 'in_force' | 'due' | 'expired';

export interface RenewalStatus {
  stage: RenewalStage;
  /** Days from today to the last day (0 on the last day, negative once expired); null if never qualified. */
  daysLeft: number | null;
  /** The reminder in force (one of the reminder days), or null. */
  reminder: number | null;
  /** First day a renewal may be asked for (the largest reminder before the end); null if never qualified. */
  renewableFrom: IsoDate | null;
}

/**
 * A qualification ending soon, or expired without renewal (GET /api/qualification/renewals).
 * `Instant` is a Date in the API and its ISO text once sent as JSON (the web app).
 */
export interface RenewalReminder<Instant = string> {
  placeId: string;
  placeName: string;
  commune: string;
  qualifiedUntil: string;
  /** 0 on the last day; negative once expired. */
  daysLeft: number;
  /** The reminder in force (days), null once expired. */
  reminder: number | null;
  suspended: boolean;
  /** The application in progress for this place (a renewal), if any. */
  renewal: { applicationId: string; status: ApplicationStatus; submittedAt: Instant | null } | null;
}

export interface RenewalReminders<Instant = string> {
  today: string;
  reminderDays: readonly number[];
  /** Still qualified, ending within the renewal window, soonest first. */
  expiring: RenewalReminder<Instant>[];
  /** Expired and not renewed, most recent first. */
  expired: RenewalReminder<Instant>[];
}

/** Today in the time zone of qualification dates. */
export function qualificationToday(now: Date): IsoDate {
  return localDate(now, METROPOLITAN_TIME_ZONE);
}

/**
 * Where a qualification ending on `qualifiedUntil` stands on `today` (qualificationToday): in
 * force, due for renewal (within the largest reminder of its end: a renewal may be asked for), or
 * expired. Takes the day, not the instant: a list computes it once for all its places.
 */
export function renewalStatus(qualifiedUntil: IsoDate | null, today: IsoDate, reminderDays: readonly number[]): RenewalStatus {
  if (qualifiedUntil === null) return { stage: 'never_qualified', daysLeft: null, reminder: null, renewableFrom: null };
  const daysLeft = daysBetween(today, qualifiedUntil);
  const window = renewalWindowDays(reminderDays);
  const stage: RenewalStage = daysLeft < 0 ? 'expired' : daysLeft <= window ? 'due' : 'in_force';
  return { stage, daysLeft, reminder: alertThreshold(daysLeft, reminderDays), renewableFrom: addDays(qualifiedUntil, -window) };
}

/** A renewal may be asked for once the first reminder is due, and any time after the end. */
export function renewalWindowDays(reminderDays: readonly number[]): number {
  return reminderDays.length === 0 ? DEFAULT_RENEWAL_REMINDER_DAYS[0] : Math.max(...reminderDays);
}

/** "90,60,30,7" → [90, 60, 30, 7] (largest first, no duplicates), or null when not a list of 1 to 10 days from 0 to 366. */
export function parseReminderDays(text: string): number[] | null {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.length > 10 || parts.some((part) => !/^\d{1,3}$/.test(part))) return null;
  const days = [...new Set(parts.map(Number))].sort((a, b) => b - a);
  return days.every((day) => day <= 366) ? days : null;
}
