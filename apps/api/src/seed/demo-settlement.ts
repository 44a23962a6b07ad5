/**
 * Demo settlement: the médiathèque paid weekly over the last month. Its redemptions happened in the
 * week before each of the last four weekly cut-offs (Monday, midnight in Paris); for the three
 * earlier ones, each week's batch was built by the operator's admin, approved by the reviewer and exported that Monday, and the
 * bank's statement of the next business day booked it (demo-bank-statements.ts). The second week's
 * transfer came back (AC04, account closed): its details were verified again and the amount re-paid
 * in the third week's batch. The latest ones were first put in a batch that the reviewer cancelled
 * (with its reason) and now wait in a draft batch for approval. Median delay 5 days, p95 11 (goal
 * ≤ 7 and ≤ 12): a newcomer sees every end of the life cycle, and the place its statements.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { localDateSql } from '@app/database';
import {
  addDays,
  type Clock,
  CLOCK,
  DEFAULT_SETTLEMENT_SCHEDULE,
  expectedPaymentDay,
  latestCutOff,
  localDate,
  METROPOLITAN_TIME_ZONE,
  nextTarget2BusinessDay,
  startOfDayIn,
  type UserActor,
} from '@app/domain';
import { SettlementService } from '@app/settlement';
import { importDemoStatement, verifyDetailsAgain } from './demo-bank-statements';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * DAY_MS;

/** The médiathèque's weekly cut-offs: the three paid ones, then the latest (the centre social's batch, demo-cadence.ts). */
export function demoCutOffs(now: Date): Date[] {
  const latest = latestCutOff(DEFAULT_SETTLEMENT_SCHEDULE, now);
  return [3, 2, 1, 0].map((weeks) => new Date(latest.getTime() - weeks * WEEK_MS));
}

/** The week whose transfer the bank returns (index in demoCutOffs). */
const RETURNED_WEEK = 1;

/**
 * When the médiathèque's `index`-th demo redemption happened: days before a weekly cut-off, so that
 * each week's batch pays a Tuesday's, a Thursday's and a Saturday's (the returned week only its last
 * two days: re-paid a week later, they still wait less than 12 days). Given to the redemption itself,
 * so that the ledger books it on that day too (its entries are append-only: they cannot be moved later).
 */
const REDEMPTION_DAYS: ReadonlyArray<[week: number, daysBefore: number]> = [
  [0, 5.5],
  [0, 3.5],
  [0, 1.5],
  [1, 2.5],
  [1, 1.5],
  [2, 5.5],
  [2, 3.5],
  [2, 1.5],
  [3, 5.5],
  [3, 3.5],
  [3, 1.5],
  [3, 1],
];

export function demoRedemptionTime(index: number, now: Date): Date {
  const [week, daysBefore] = REDEMPTION_DAYS[index % REDEMPTION_DAYS.length];
  return new Date(demoCutOffs(now)[week].getTime() - daysBefore * DAY_MS);
}

/**
 * Seed only, before the app serves anyone: runs `step` as if it were `instant` for every service that
 * reads the clock (the export day, the bank's answer and the review happened on their own days).
 */
async function atInstant<T>(app: INestApplicationContext, instant: Date, step: () => Promise<T>): Promise<T> {
  const clock = app.get<Clock>(CLOCK);
  const own = Object.getOwnPropertyDescriptor(clock, 'now');
  clock.now = () => instant;
  try {
    return await step();
  } finally {
    if (own) Object.defineProperty(clock, 'now', own);
    else delete (clock as Partial<Clock>).now;
  }
}

export async function seedSettlement(app: INestApplicationContext, admin: UserActor, reviewer: UserActor): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [{ n }]: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM settlement_batches');
  if (n > 0) return;
  const now = new Date();
  // Seed data only: the redemptions were recorded just now; the story has them recorded as they happened.
  await dataSource.query(`UPDATE redemptions SET recorded_at = occurred_at + make_interval(secs => 5) WHERE undone_at IS NULL`);
  // And a cheque is never used before it was handed out: its hand-out moves back as far as its first use.
  await dataSource.query(
    `UPDATE hand_outs h SET handed_out_on = least(h.handed_out_on, u.first_day)
       FROM (SELECT c.hand_out_id, min(${localDateSql('r.occurred_at')}) AS first_day
               FROM redemptions r JOIN redemption_cheques rc ON rc.redemption_id = r.id JOIN cheques c ON c.id = rc.cheque_id
              WHERE c.hand_out_id IS NOT NULL GROUP BY c.hand_out_id) u
      WHERE h.id = u.hand_out_id`,
  );
  await dataSource.query(
    `UPDATE cheques c SET distributed_at = least(c.distributed_at, h.handed_out_on::timestamp AT TIME ZONE $1)
       FROM hand_outs h WHERE h.id = c.hand_out_id`,
    [METROPOLITAN_TIME_ZONE],
  );
  const settlement = app.get(SettlementService);
  const [{ organisation_id: mediatheque }]: Array<{ organisation_id: string }> = await dataSource.query(
    "SELECT organisation_id FROM places WHERE nom = 'Médiathèque Flora Tristan'",
  );
  for (const [week, cutOff] of demoCutOffs(now).slice(0, 3).entries()) {
    // Approved and exported on the cut-off's business day, in the morning; booked by the bank the next business day.
    const exportedAt = new Date(startOfDayIn(nextTarget2BusinessDay(localDate(cutOff))).getTime() + 9 * HOUR_MS);
    const batch = await atInstant(app, exportedAt, async () => {
      const built = await settlement.create(admin, `demo-settlement-week-${week}`, { cutOff: cutOff.toISOString() });
      await settlement.approve(reviewer, built.body.id);
      await settlement.export(admin, built.body.id);
      return built.body;
    });
    const bookedOn = expectedPaymentDay(cutOff);
    const returned = week === RETURNED_WEEK;
    await atInstant(app, new Date(startOfDayIn(bookedOn).getTime() + 18 * HOUR_MS), () =>
      importDemoStatement(app, admin, batch.id, bookedOn, returned ? 'returned' : 'paid'),
    );
    if (returned) {
      await atInstant(app, new Date(startOfDayIn(addDays(bookedOn, 1)).getTime() + 10 * HOUR_MS), () =>
        verifyDetailsAgain(app, admin, mediatheque),
      );
    }
  }
  const cancelled = await settlement.create(admin, 'demo-settlement-cancelled', { cutOff: new Date(now.getTime() - 2000).toISOString() });
  await settlement.cancel(
    reviewer,
    'demo-settlement-cancelled-cancel',
    cancelled.body.id,
    'Préparé avant la fin des encaissements de la semaine : à refaire',
  );
  await settlement.create(admin, 'demo-settlement-draft', { cutOff: new Date(now.getTime() - 1000).toISOString() });
}
