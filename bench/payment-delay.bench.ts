/**
 * Payment delay, simulated: redemptions over three months at the hours places are open, paid by the
 * real cadence rule (nextCutOff, TARGET2 business days) with realistic human and bank delays, and
 * the distribution of days from the redemption to the money's booking day. Goal with the weekly
 * cadence (issue 19): median ≤ 7 days, p95 ≤ 12 days. Seeded: the same figures every run.
 */
import {
  addDays,
  localDate,
  nextCutOff,
  nextTarget2BusinessDay,
  paymentDelayDays,
  percentileDays,
  SETTLEMENT_CADENCES,
  type SettlementCadence,
  startOfDayIn,
} from '@app/domain';

const REDEMPTIONS = 20_000;
const START_DAY = '2026-01-05';
const DAYS = 91;
const GOAL = { medianDays: 7, p95Days: 12 };

/** mulberry32: a small seeded generator, so that the figures do not move between runs. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The n-th TARGET2 business day after `day` (0: `day` itself if open). */
function businessDaysAfter(day: string, count: number): string {
  let current = nextTarget2BusinessDay(day);
  for (let step = 0; step < count; step += 1) current = nextTarget2BusinessDay(addDays(current, 1));
  return current;
}

/**
 * One batch's human and bank delays, in business days from the cut-off's day: approved the first
 * business day (80 %), the next (15 %) or the one after (5 %); exported the day it is approved (90 %)
 * or the next; the place's bank books it the next business day (SEPA credit transfer D+1, 90 %) or
 * the day after (10 %).
 */
function bookingDay(cutOffDay: string, random: () => number): string {
  const draw = random();
  const approval = draw < 0.8 ? 0 : draw < 0.95 ? 1 : 2;
  const exportDelay = random() < 0.9 ? 0 : 1;
  const bank = random() < 0.9 ? 1 : 2;
  return businessDaysAfter(cutOffDay, approval + exportDelay + bank);
}

export function simulatePaymentDelays(cadence: SettlementCadence): number[] {
  const random = seeded(19);
  const schedule = { cadence, cutOffWeekday: 'monday' as const };
  const batches = new Map<number, string>();
  const delays: number[] = [];
  for (let index = 0; index < REDEMPTIONS; index += 1) {
    // Opening days Monday–Saturday, 9:00–19:00 Paris time.
    let day = addDays(START_DAY, Math.floor(random() * DAYS));
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 0) day = addDays(day, -1);
    const redeemedAt = new Date(startOfDayIn(day).getTime() + (9 + random() * 10) * 3_600_000);
    const cutOff = nextCutOff(schedule, redeemedAt);
    // Every redemption of a batch is paid the same day: draw the batch's delays once.
    let booked = batches.get(cutOff.getTime());
    if (!booked) {
      booked = bookingDay(localDate(cutOff), random);
      batches.set(cutOff.getTime(), booked);
    }
    delays.push(paymentDelayDays(redeemedAt, booked));
  }
  return delays.sort((a, b) => a - b);
}

export function paymentDelayBenchmark(): void {
  for (const cadence of SETTLEMENT_CADENCES) {
    const delays = simulatePaymentDelays(cadence);
    const median = percentileDays(delays, 50) as number;
    const p95 = percentileDays(delays, 95) as number;
    const verdict =
      cadence === 'weekly'
        ? ` — goal median ≤ ${GOAL.medianDays}, p95 ≤ ${GOAL.p95Days}: ${median <= GOAL.medianDays && p95 <= GOAL.p95Days ? 'met' : 'NOT met'} (ratios ${(median / GOAL.medianDays).toFixed(2)}, ${(p95 / GOAL.p95Days).toFixed(2)})`
        : '';
    console.log(
      `${cadence}: ${REDEMPTIONS.toLocaleString('en')} redemptions over ${DAYS} days: median ${median} days, p95 ${p95} days, max ${delays[delays.length - 1]}${verdict}`,
    );
    const counts = new Map<number, number>();
    for (const days of delays) counts.set(days, (counts.get(days) ?? 0) + 1);
    const histogram = [...counts.entries()].map(([days, count]) => `${days} d: ${((100 * count) / delays.length).toFixed(1)} %`);
    console.log(`  distribution: ${histogram.join(', ')}`);
  }
}
