/**
 * The settlement cadence (SETTLEMENT_SCHEDULE): when batches are cut (midnight in Paris), and the day
 * a place can expect its money. Pure functions of the time given, used by the batch job, the place's
 * « Mes remboursements » page and the payment-delay simulation of `npm run bench`.
 */
import { addDays, addMonths, daysBetween, type IsoDate, localDate } from './calendar';
import { startOfDayIn } from './settlement';
import { nextTarget2BusinessDay } from './target2-calendar';

export const SETTLEMENT_CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type SettlementCadence = (typeof SETTLEMENT_CADENCES)[number];

/** ISO order: Monday is 1. */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface SettlementSchedule {
  cadence: SettlementCadence;
  /** Weekly only: the day whose midnight (Paris) cuts the batch; Monday = the batch covers up to Sunday night. */
  cutOffWeekday: Weekday;
}

export const DEFAULT_SETTLEMENT_SCHEDULE: SettlementSchedule = { cadence: 'weekly', cutOffWeekday: 'monday' };

function isoWeekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** The local day of the latest cut-off at or before `now`. */
function latestCutOffDay(schedule: SettlementSchedule, now: Date): IsoDate {
  const today = localDate(now);
  switch (schedule.cadence) {
    case 'daily':
      return today;
    case 'weekly':
      return addDays(today, -((isoWeekday(today) - (WEEKDAYS.indexOf(schedule.cutOffWeekday) + 1) + 7) % 7));
    case 'monthly':
      return `${today.slice(0, 7)}-01`;
  }
}

function followingCutOffDay(schedule: SettlementSchedule, day: IsoDate): IsoDate {
  switch (schedule.cadence) {
    case 'daily':
      return addDays(day, 1);
    case 'weekly':
      return addDays(day, 7);
    case 'monthly':
      return addMonths(day, 1);
  }
}

/** The latest cut-off at or before `now`: the batch the job builds (midnight in Paris, DST included). */
export function latestCutOff(schedule: SettlementSchedule, now: Date): Date {
  return startOfDayIn(latestCutOffDay(schedule, now));
}

/** The first cut-off strictly after `instant`: the batch a redemption recorded then belongs to. */
export function nextCutOff(schedule: SettlementSchedule, instant: Date): Date {
  return startOfDayIn(followingCutOffDay(schedule, latestCutOffDay(schedule, instant)));
}

/**
 * The day a place can expect the money of a batch cut at `cutOff`: the batch is built at the cut-off,
 * approved and exported on the first TARGET2 business day from the cut-off's day (the SEPA file asks
 * the bank to execute that day), and the place's bank credits it at the latest the next business
 * day (SEPA credit transfer, D+1).
 */
export function expectedPaymentDay(cutOff: Date): IsoDate {
  const exportDay = nextTarget2BusinessDay(localDate(cutOff));
  return nextTarget2BusinessDay(addDays(exportDay, 1));
}

/**
 * The cut-off a redemption not yet in a batch waits for: the first after its recording, or, once that
 * one is past (the job has not built it yet, or it was built without this redemption: bank details
 * not verified, batch cancelled, transfer rejected), the latest cut-off if its batch is not built yet,
 * else the next one.
 */
export function awaitedCutOff(schedule: SettlementSchedule, recordedAt: Date, now: Date, latestBuilt: boolean): Date {
  const first = nextCutOff(schedule, recordedAt);
  if (first.getTime() > now.getTime()) return first;
  return latestBuilt ? nextCutOff(schedule, now) : latestCutOff(schedule, now);
}

// ---------------------------------------------------------------- payment delay

/**
 * The day the money reached the place, the best known: the booking day read from the bank's
 * statement when there is one, else the day recorded as paid (`paidOn`).
 */
export function paymentBookingDay(payment: { bookedOn?: IsoDate | null; paidOn: IsoDate | null }): IsoDate | null {
  return payment.bookedOn ?? payment.paidOn;
}

/** Whole days from the redemption (its Paris day) to the day the money was booked. */
export function paymentDelayDays(redeemedAt: Date, bookedOn: IsoDate): number {
  return daysBetween(localDate(redeemedAt), bookedOn);
}

/** Nearest-rank percentile (p in 0–100) of whole days; null when there is none. */
export function percentileDays(sortedDays: readonly number[], p: number): number | null {
  if (sortedDays.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedDays.length));
  return sortedDays[rank - 1];
}

/** How long payments took: how many paid redemptions, and the p50 and p95 of their delays in days (null without any). */
export interface DelayFigures {
  redemptionCount: number;
  medianDays: number | null;
  p95Days: number | null;
}

/**
 * The delay figures of a histogram of whole days (how many redemptions waited each number of days),
 * by the nearest rank as percentileDays: what the place's page, the dashboards and the open data publish.
 */
export function delayFigures(histogram: ReadonlyArray<{ days: number; redemptions: number }>): DelayFigures {
  const sorted = histogram.filter((bar) => bar.redemptions > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((sum, bar) => sum + bar.redemptions, 0);
  const at = (p: number): number | null => {
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (const bar of sorted) {
      seen += bar.redemptions;
      if (seen >= rank) return bar.days;
    }
    return sorted[sorted.length - 1].days;
  };
  return { redemptionCount: total, medianDays: at(50), p95Days: at(95) };
}

/** Open data: a payment delay is published for at least this many places paid in the cell… */
export const DELAY_MIN_PLACES = 3;
/** …none of which has more than this share of the cell's paid redemptions (the dominance rule of business statistics). */
export const DELAY_MAX_PLACE_SHARE = 0.85;

/**
 * Whether a cell's percentiles may be published (docs/open-data.md): at least K paid redemptions, at
 * least DELAY_MIN_PLACES places, and no place over DELAY_MAX_PLACE_SHARE of them. Otherwise a
 * percentile would be one place's own delay: how a named association was paid, a rejection of its
 * bank details, its treasury.
 */
export function delayCellPublishable(redemptionsPerPlace: readonly number[], threshold: number): boolean {
  const total = redemptionsPerPlace.reduce((sum, count) => sum + count, 0);
  return (
    total >= threshold &&
    redemptionsPerPlace.filter((count) => count > 0).length >= DELAY_MIN_PLACES &&
    Math.max(...redemptionsPerPlace) <= DELAY_MAX_PLACE_SHARE * total
  );
}

// ---------------------------------------------------------------- a place's payments

/** Where a line waiting for the bank stands; « sent to the bank » only once the batch was exported. */
export type PaymentStage = 'to_approve' | 'approved' | 'sent_to_bank';

export function paymentStageOf(batchStatus: 'draft' | 'approved' | 'exported' | 'paid'): PaymentStage {
  switch (batchStatus) {
    case 'draft':
      return 'to_approve';
    case 'approved':
      return 'approved';
    case 'exported':
    case 'paid':
      return 'sent_to_bank';
  }
}

export function paymentStageText(stage: PaymentStage, exportedOn: IsoDate | null): string {
  switch (stage) {
    case 'to_approve':
      return 'Virement préparé, à approuver par l’opérateur';
    case 'approved':
      return 'Virement approuvé, pas encore envoyé à la banque';
    case 'sent_to_bank':
      return exportedOn ? `Envoyé à la banque le ${exportedOn.split('-').reverse().join('/')}` : 'Envoyé à la banque';
  }
}

/** What a place does after the bank sent a transfer back: the money is owed again and goes into a later batch. */
export const REJECTED_TRANSFER_ADVICE =
  'Vérifiez l’IBAN, le BIC et le titulaire du compte dans « Coordonnées bancaires » et corrigez-les si besoin : ' +
  'le montant est de nouveau à recevoir et part dans le prochain lot une fois les coordonnées vérifiées.';
