/**
 * Demo settlement: the médiathèque's first redemptions happened in the previous month (as if they
 * had been scanned then) and are paid in that month's batch, built by the operator's admin,
 * approved by the reviewer, exported and paid; the later ones were first put in a batch that the
 * reviewer cancelled (with its reason) and now wait in a draft batch for approval. A newcomer sees
 * every end of the life cycle, and the place its statement.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { localDateSql } from '@app/database';
import { localDate, METROPOLITAN_TIME_ZONE, previousMonth, startOfDayIn, type UserActor } from '@app/domain';
import { SettlementService } from '@app/settlement';

const PAID_IN_PREVIOUS_MONTH = 6;
const DAY_MS = 86_400_000;

/**
 * When the médiathèque's `index`-th demo redemption happened, for the settlement story to fit
 * today's calendar: the first ones four days apart from the 10th hour of the previous month's first
 * day, the others at their own time but not before this month. Given to the redemption itself, so
 * that the ledger books it on that day too (its entries are append-only: they cannot be moved later).
 */
export function demoRedemptionTime(index: number, ownTime: Date, now: Date): Date {
  if (index < PAID_IN_PREVIOUS_MONTH)
    return new Date(startOfDayIn(`${previousMonth(now)}-01`).getTime() + index * 4 * DAY_MS + 10 * 3_600_000);
  return new Date(Math.max(ownTime.getTime(), startOfDayIn(`${localDate(now).slice(0, 7)}-01`).getTime()));
}

export async function seedSettlement(app: INestApplicationContext, admin: UserActor, reviewer: UserActor): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [{ n }]: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM settlement_batches');
  if (n > 0) return;
  const now = new Date();
  const month = previousMonth(now);
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
  const paid = await settlement.create(admin, 'demo-settlement-paid', { month });
  await settlement.approve(reviewer, paid.body.id);
  await settlement.export(admin, paid.body.id);
  await settlement.markBatchPaid(admin, 'demo-settlement-paid-bank', paid.body.id, {
    // Exported just now, so paid today: the bank cannot have paid before the batch was sent to it.
    paidOn: localDate(now),
    bankReference: `VIR-DEMO-${month.replace('-', '')}`,
  });
  const cancelled = await settlement.create(admin, 'demo-settlement-cancelled', { cutOff: new Date(now.getTime() - 2000).toISOString() });
  await settlement.cancel(
    reviewer,
    'demo-settlement-cancelled-cancel',
    cancelled.body.id,
    'Préparé avant la fin des encaissements de la semaine : à refaire',
  );
  await settlement.create(admin, 'demo-settlement-draft', { cutOff: new Date(now.getTime() - 1000).toISOString() });
}
