/**
 * Demo anomaly hold (docs/anomaly-holds.md): an evening workshop scanned at the médiathèque last
 * Thursday at 21:40, long after it closed (18:00). The anomaly rules, as they are by default, hold it:
 * the operators find it waiting on « Vérifications », the médiathèque sees it « en vérification » on
 * « Mes remboursements », and no batch pays it until someone decides.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AnomalyScanService, DEFAULT_ANOMALY_RULES } from '@app/anomaly-holds';
import { addDays, localDate, startOfDayIn, type UserActor } from '@app/domain';
import { RedemptionService } from '@app/redemption';
import { ChequeKeysService } from '@app/vouchers';

const HELD_KEY = 'demo-anomaly-hold';

export async function seedAnomalyHolds(app: INestApplicationContext, placeAgent: UserActor): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [{ n }]: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM redemption_holds');
  if (n > 0) return;
  const [service]: Array<{ id: string }> = await dataSource.query(
    `SELECT e.id FROM catalogue_entries e JOIN places p ON p.id = e.place_id
      WHERE p.nom = 'Médiathèque Flora Tristan' AND e.retired_at IS NULL AND e.modality = 'collective_workshop' LIMIT 1`,
  );
  const occurredAt = lastThursdayEvening(new Date());
  // The last cheque of the demo programme still in someone's hands (far from the ones the other demo steps use),
  // handed out before that evening: a cheque is never used before it was given.
  const [cheque]: Array<{ programme_id: string; code_ciphertext: Buffer }> = await dataSource.query(
    `SELECT c.programme_id, c.code_ciphertext FROM cheques c JOIN booklets b ON b.id = c.booklet_id JOIN programmes p ON p.id = c.programme_id
       JOIN hand_outs h ON h.id = c.hand_out_id
      WHERE p.name = 'Pass numérique Gironde (démo)' AND c.status = 'distributed' AND h.handed_out_on <= $1::date
      ORDER BY b.number DESC, c.position DESC LIMIT 1`,
    [localDate(occurredAt)],
  );
  if (!service || !cheque) return;
  const code = app.get(ChequeKeysService).decryptCode(cheque.code_ciphertext, cheque.programme_id);
  const answer = await app
    .get(RedemptionService)
    .redeemOnce(
      placeAgent,
      { organisationId: placeAgent.organisationId, key: HELD_KEY, operation: 'redemption', body: { code } },
      { cheques: [code], serviceId: service.id },
      { occurredAt, channel: 'offline' },
    );
  if (answer.status !== 201) throw new Error(`demo anomaly redemption refused: ${JSON.stringify(answer.body)}`);
  // The rules as shipped, whatever this instance's settings (the tests switch them off for the other demo steps).
  await app.get(AnomalyScanService).scan(0, DEFAULT_ANOMALY_RULES);
}

/** 21:40 in Paris on the last Thursday at least two days ago. */
function lastThursdayEvening(now: Date): Date {
  let day = addDays(localDate(now), -2);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 4) day = addDays(day, -1);
  return new Date(startOfDayIn(day).getTime() + (21 * 60 + 40) * 60_000);
}
