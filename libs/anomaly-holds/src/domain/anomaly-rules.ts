/**
 * Anomaly holds (docs/anomaly-holds.md): the rules that flag a redemption before it is paid. Pure:
 * the scan gathers the facts of each redemption in SQL, these functions decide, and every reason is
 * kept as a French sentence that the place and the operators read as it was written at flag time.
 */
import { type Cents, departementOfCommune, formatEuros, timeZoneOfCommune } from '@app/domain';
import { isOpenAround } from '@app/places/domain/opening-now';

export const ANOMALY_RULES = ['booklet_burst', 'outside_opening_hours', 'other_departement', 'volume_spike'] as const;
export type AnomalyRule = (typeof ANOMALY_RULES)[number];

/** A hold waits for review (held, or a rejection proposed by one operator), then is released or rejected. */
export const HOLD_STATUSES = ['held', 'rejection_proposed', 'released', 'rejected'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** Statuses that keep a redemption out of settlement batches. */
export const HOLDING_STATUSES: readonly HoldStatus[] = ['held', 'rejection_proposed'];

/** "Within an hour" and "its 90-day median": the rules' fixed spans (the thresholds are configured). */
export const BOOKLET_BURST_WINDOW_MINUTES = 60;
export const VOLUME_HISTORY_DAYS = 90;
/** A place with fewer active days in its history has no "usual" volume yet: the volume rule says nothing. */
export const VOLUME_MIN_ACTIVE_DAYS = 10;
/** Materiality: a day of fewer cheques (one workshop) is never a spike, whatever a small place's median. */
export const VOLUME_MIN_DAY_CHEQUES = 10;

export interface AnomalyRulesConfig {
  enabled: readonly AnomalyRule[];
  /** More cheques than this of one booklet at one place within an hour are flagged. */
  bookletBurstCheques: number;
  /** A redemption this close to an opening (before or after) is not "outside the opening hours". */
  openingHoursToleranceMinutes: number;
  /** A place's day above this multiple of its 90-day median (active days) is flagged. */
  volumeFactor: number;
}

export const DEFAULT_ANOMALY_RULES: AnomalyRulesConfig = {
  enabled: ANOMALY_RULES,
  bookletBurstCheques: 4,
  openingHoursToleranceMinutes: 30,
  volumeFactor: 5,
};

export interface AnomalyReason {
  rule: AnomalyRule;
  /** What the place and the operators read (French). */
  text: string;
}

/** One redemption of a booklet's cheques at the same place: when, and how many of that booklet's cheques. */
export interface BookletUse {
  at: Date;
  cheques: number;
}

export interface BookletFacts {
  serial: string;
  /** The commune (INSEE) where the booklet was handed out, when the hand-out recorded it. */
  handOutCommune: string | null;
  /** Every live redemption of this booklet's cheques at this place within an hour of this one, itself included. */
  uses: BookletUse[];
}

export interface RedemptionFacts {
  occurredAt: Date;
  placeHours: string | null;
  placeCommune: string | null;
  booklets: BookletFacts[];
}

export interface PlaceDayFacts {
  /** The place's live redemptions that Paris day, in cents and cheques. */
  dayCents: Cents;
  dayCheques: number;
  /** The place's amount on each day with redemptions in the 90 days before. */
  historyCents: Cents[];
}

/** The most cheques of one booklet redeemed within any one-hour window that contains `at`. */
export function mostChequesWithinWindow(uses: BookletUse[], at: Date, windowMinutes = BOOKLET_BURST_WINDOW_MINUTES): number {
  const window = windowMinutes * 60_000;
  const target = at.getTime();
  let most = 0;
  for (const start of uses) {
    const from = start.at.getTime();
    if (from > target || from + window < target) continue;
    const count = uses
      .filter((use) => use.at.getTime() >= from && use.at.getTime() <= from + window)
      .reduce((sum, use) => sum + use.cheques, 0);
    most = Math.max(most, count);
  }
  return most;
}

export function bookletBurst(facts: RedemptionFacts, config: AnomalyRulesConfig): AnomalyReason | null {
  for (const booklet of facts.booklets) {
    const count = mostChequesWithinWindow(booklet.uses, facts.occurredAt);
    if (count > config.bookletBurstCheques) {
      return {
        rule: 'booklet_burst',
        text: `${count} chèques du carnet ${booklet.serial} encaissés dans ce lieu en moins d’une heure (au-delà de ${config.bookletBurstCheques}).`,
      };
    }
  }
  return null;
}

export function outsideOpeningHours(facts: RedemptionFacts, config: AnomalyRulesConfig): AnomalyReason | null {
  const open = isOpenAround(facts.placeHours, facts.placeCommune, facts.occurredAt, config.openingHoursToleranceMinutes);
  if (open !== false) return null;
  return {
    rule: 'outside_opening_hours',
    text: `Encaissé le ${localDateTime(facts.occurredAt, timeZoneOfCommune(facts.placeCommune))}, en dehors des horaires d’ouverture du lieu (${facts.placeHours}).`,
  };
}

export function otherDepartement(facts: RedemptionFacts): AnomalyReason | null {
  if (!facts.placeCommune) return null;
  const placeDepartement = departementOfCommune(facts.placeCommune);
  for (const booklet of facts.booklets) {
    if (!booklet.handOutCommune) continue;
    const handOutDepartement = departementOfCommune(booklet.handOutCommune);
    if (handOutDepartement !== placeDepartement) {
      return {
        rule: 'other_departement',
        text: `Carnet ${booklet.serial} remis dans le département ${handOutDepartement}, encaissé dans un lieu du département ${placeDepartement}.`,
      };
    }
  }
  return null;
}

/** Nearest-rank median (the lower middle value of an even count), as the payment delays are reported. */
export function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1];
}

export function volumeSpike(day: PlaceDayFacts, config: AnomalyRulesConfig): AnomalyReason | null {
  if (day.historyCents.length < VOLUME_MIN_ACTIVE_DAYS || day.dayCheques < VOLUME_MIN_DAY_CHEQUES) return null;
  const median = medianOf(day.historyCents) as number;
  if (day.dayCents <= config.volumeFactor * median) return null;
  return {
    rule: 'volume_spike',
    text: `Montant encaissé ce jour-là dans ce lieu : ${formatEuros(day.dayCents)}, plus de ${config.volumeFactor} fois sa médiane des ${VOLUME_HISTORY_DAYS} derniers jours (${formatEuros(median)}).`,
  };
}

/** Every enabled rule that flags this redemption (empty: it is paid as usual). */
export function anomaliesOf(facts: RedemptionFacts, day: PlaceDayFacts | null, config: AnomalyRulesConfig): AnomalyReason[] {
  const enabled = new Set(config.enabled);
  const reasons = [
    enabled.has('booklet_burst') ? bookletBurst(facts, config) : null,
    enabled.has('outside_opening_hours') ? outsideOpeningHours(facts, config) : null,
    enabled.has('other_departement') ? otherDepartement(facts) : null,
    enabled.has('volume_spike') && day ? volumeSpike(day, config) : null,
  ];
  return reasons.filter((reason): reason is AnomalyReason => reason !== null);
}

/** The enabled rules from a comma-separated list ("" or "none": no rule); unknown names are refused. */
export function parseEnabledRules(value: string | undefined): AnomalyRule[] {
  if (value === undefined) return [...ANOMALY_RULES];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name !== 'none');
  const unknown = names.filter((name) => !(ANOMALY_RULES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown anomaly rule(s): ${unknown.join(', ')}; known: ${ANOMALY_RULES.join(', ')}`);
  return [...new Set(names)] as AnomalyRule[];
}

/** "12/03/2027 à 22:14", in the place's time zone. */
function localDateTime(instant: Date, timeZone: string): string {
  const formatter = new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return formatter.format(instant).replace(' ', ' à ');
}
