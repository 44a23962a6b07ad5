/**
 * Demo of the stock (docs/stock.md): at the CCAS, a lost booklet reissued (booklet 4 replaced by
 * booklet 10, the same profile carried over), three booklets idle for 75 days, and a pending request
 * to transfer two of them to the MDS (which holds booklets 11 and 12 of the programme): Nadia
 * Benali, the funder's manager, or the operator decides it.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { UserActor } from '@app/domain';
import { DistributionService, HandOutReissueEntity, ProgrammeEntity, ReissueService, StockTransfersService } from '@app/vouchers';

const IDLE_DAYS_AGO = 75;

export async function seedStock(
  app: INestApplicationContext,
  actors: { operator: UserActor; ccas: UserActor; mds: UserActor },
): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if ((await dataSource.getRepository(HandOutReissueEntity).count()) > 0) return;
  const programme = await dataSource.getRepository(ProgrammeEntity).findOneByOrFail({ name: 'Pass numérique Gironde (démo)' });
  const serial = (number: number): string => `${programme.code}-${String(number).padStart(5, '0')}`;

  const reissued = await app.get(ReissueService).reissue(actors.ccas, 'demo-reissue', serial(4), serial(10));
  if (reissued.status !== 201) throw new Error(`demo reissue refused: ${JSON.stringify(reissued.body)}`);

  // Booklets 5 to 7 reached the CCAS 75 days ago and none was handed out since: idle.
  await dataSource.query(
    `UPDATE booklets SET allocated_at = now() - make_interval(days => $3) WHERE programme_id = $1 AND number = ANY($2::int[])`,
    [programme.id, [5, 6, 7], IDLE_DAYS_AGO],
  );
  await app.get(DistributionService).allocate(actors.operator, {
    programmeId: programme.id,
    fromNumber: 11,
    toNumber: 12,
    distributorOrganisationId: actors.mds.organisationId,
  });
  const requested = await app.get(StockTransfersService).request(actors.ccas, 'demo-transfer', {
    programmeId: programme.id,
    toDistributorOrganisationId: actors.mds.organisationId,
    bookletCount: 2,
    reason: 'Permanence fermée jusqu’en février : la MDS reçoit plus de monde.',
  });
  if (requested.status !== 201) throw new Error(`demo transfer refused: ${JSON.stringify(requested.body)}`);
}
