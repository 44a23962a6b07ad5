/**
 * Demo settlement: the médiathèque's first redemptions are moved into the previous month (as if
 * they had been scanned then) and paid in that month's batch, built by the operator's admin,
 * approved by the reviewer, exported and paid; the later ones were first put in a batch that the
 * reviewer cancelled (with its reason) and now wait in a draft batch for approval. A newcomer sees
 * every end of the life cycle, and the place its statement.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { localDate, previousMonth, startOfDayIn, type UserActor } from '@app/domain';
import { SettlementService } from '@app/settlement';

const PAID_IN_PREVIOUS_MONTH = 6;

export async function seedSettlement(app: INestApplicationContext, admin: UserActor, reviewer: UserActor): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [{ n }]: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM settlement_batches');
  if (n > 0) return;
  const now = new Date();
  const month = previousMonth(now);
  const monthStart = startOfDayIn(`${month}-01`);
  const currentMonthStart = startOfDayIn(`${localDate(now).slice(0, 7)}-01`);
  // Seed data only: the redemptions' times are rewritten so that the story fits today's calendar.
  await dataSource.query(
    `WITH ranked AS (SELECT id, row_number() OVER (ORDER BY occurred_at) AS position FROM redemptions WHERE undone_at IS NULL)
     UPDATE redemptions r
        SET occurred_at = CASE WHEN k.position <= $1 THEN $2::timestamptz + make_interval(days => (k.position::int - 1) * 4, hours => 10)
                               ELSE greatest(r.occurred_at, $3::timestamptz) END,
            recorded_at = CASE WHEN k.position <= $1 THEN $2::timestamptz + make_interval(days => (k.position::int - 1) * 4, hours => 10, secs => 5)
                               ELSE greatest(r.occurred_at, $3::timestamptz) END
       FROM ranked k WHERE k.id = r.id`,
    [PAID_IN_PREVIOUS_MONTH, monthStart, currentMonthStart],
  );
  // And a cheque is never used before it was handed out: its hand-out moves back as far as its first use.
  await dataSource.query(
    `UPDATE hand_outs h SET handed_out_on = least(h.handed_out_on, u.first_day)
       FROM (SELECT c.hand_out_id, min((r.occurred_at AT TIME ZONE 'Europe/Paris')::date) AS first_day
               FROM redemptions r JOIN redemption_cheques rc ON rc.redemption_id = r.id JOIN cheques c ON c.id = rc.cheque_id
              WHERE c.hand_out_id IS NOT NULL GROUP BY c.hand_out_id) u
      WHERE h.id = u.hand_out_id`,
  );
  await dataSource.query(
    `UPDATE cheques c SET distributed_at = least(c.distributed_at, h.handed_out_on::timestamp AT TIME ZONE 'Europe/Paris')
       FROM hand_outs h WHERE h.id = c.hand_out_id`,
  );
  const settlement = app.get(SettlementService);
  const paid = await settlement.create(admin, 'demo-settlement-paid', { month });
  await settlement.approve(reviewer, paid.body.id);
  await settlement.export(admin, paid.body.id);
  await settlement.markBatchPaid(admin, 'demo-settlement-paid-bank', paid.body.id, {
    // Paid on the 5th of this month, or today if that is still to come.
    paidOn: localDate(new Date(Math.min(now.getTime(), currentMonthStart.getTime() + 4 * 86_400_000))),
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
