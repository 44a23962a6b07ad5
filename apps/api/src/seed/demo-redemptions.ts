/**
 * Demo redemptions at the demo médiathèque over the last four weeks (see demoRedemptionTime): workshops and individual
 * help paid with cheques, one done offline, one undone (wrong service), and the beneficiaries'
 * ratings (enough for the place page to show them).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { UserActor } from '@app/domain';
import { FeedbackService, RedemptionEntity, RedemptionService } from '@app/redemption';
import { ChequeKeysService } from '@app/vouchers';
import { demoRedemptionTime } from './demo-settlement';

export async function seedRedemptions(app: INestApplicationContext, placeAgent: UserActor): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if ((await dataSource.getRepository(RedemptionEntity).count()) > 0) return;
  const redemptions = app.get(RedemptionService);
  const feedback = app.get(FeedbackService);
  const keys = app.get(ChequeKeysService);
  const [place]: Array<{ id: string }> = await dataSource.query("SELECT id FROM places WHERE nom = 'Médiathèque Flora Tristan'");
  const services: Array<{ id: string; modality: string }> = await dataSource.query(
    'SELECT id, modality FROM catalogue_entries WHERE place_id = $1 AND retired_at IS NULL ORDER BY name',
    [place.id],
  );
  const workshop = services.find((service) => service.modality === 'collective_workshop')!;
  const individual = services.find((service) => service.modality === 'individual')!;
  // The cheques of the first booklets handed out (the oldest hand-outs), in booklet order.
  const cheques: Array<{ programme_id: string; code_ciphertext: Buffer }> = await dataSource.query(
    `SELECT c.programme_id, c.code_ciphertext FROM cheques c JOIN booklets b ON b.id = c.booklet_id
      WHERE c.status = 'distributed' ORDER BY b.number, c.position LIMIT 12`,
  );
  const codes = cheques.map((cheque) => keys.decryptCode(cheque.code_ciphertext, cheque.programme_id));
  const ratings = [5, 4, 5, 3, 4, 5];
  for (const [index, code] of codes.entries()) {
    const now = new Date();
    const occurredAt = demoRedemptionTime(index, now);
    const answer = await redemptions.redeemOnce(
      placeAgent,
      { organisationId: placeAgent.organisationId, key: `demo-${index}`, operation: 'redemption', body: { code } },
      { cheques: [code], serviceId: index % 3 === 0 ? individual.id : workshop.id },
      { occurredAt, channel: index === 7 ? 'offline' : 'online' },
    );
    if (answer.status !== 201) throw new Error(`demo redemption ${index} refused: ${JSON.stringify(answer.body)}`);
    const redemptionId = (answer.body as { id: string }).id;
    if (index === 11) await redemptions.undo(placeAgent, redemptionId, 'Mauvais service sélectionné (démo).');
    else if (index < ratings.length) {
      await feedback.give(code, { rating: ratings[index], learned: index !== 3, solved: index % 2 === 0, willReturn: true });
    }
  }
}
