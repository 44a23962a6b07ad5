/**
 * Demo renewals: the médiathèque's qualification ends in 20 days (its mediator sees the renewal
 * banner, the operator the place in the review pipeline) and the Grand Parc's in 45 days, whose
 * renewal, pre-filled from its first application, waits for the reviewer. Their first
 * qualifications are moved back in time so that their year ends then (seed data only).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { addDays, addMonths, localDate, METROPOLITAN_TIME_ZONE, type UserActor } from '@app/domain';
import { QualificationService } from '@app/places';

export const MEDIATHEQUE_DAYS_LEFT = 20;
const UNDER_RENEWAL_DAYS_LEFT = 45;

export async function seedRenewals(
  app: INestApplicationContext,
  placeAgent: UserActor,
  places: { endingSoon: string; underRenewal: string },
): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const today = localDate(new Date());
  await endQualificationOn(dataSource, places.endingSoon, addDays(today, MEDIATHEQUE_DAYS_LEFT));
  await endQualificationOn(dataSource, places.underRenewal, addDays(today, UNDER_RENEWAL_DAYS_LEFT));

  const qualification = app.get(QualificationService);
  const renewal = await qualification.apply(placeAgent, places.underRenewal);
  const { renewal: renewed } = await qualification.get(placeAgent, renewal.id);
  for (const file of renewed?.evidence ?? []) await qualification.reattachEvidence(placeAgent, renewal.id, file.id);
  await qualification.answer(placeAgent, renewal.id, {
    EQUIPEMENT: {
      text: 'Depuis la dernière qualification : deux postes de plus et une imprimante en libre accès ; fibre 1 Gb/s (démo).',
      links: [],
    },
  });
  await qualification.submit(placeAgent, renewal.id);
}

/**
 * Rewrites a place's only qualification as if it had been decided a year before `lastDay`: the
 * decision, its application and the place's end date (the audit trail keeps the real times).
 */
async function endQualificationOn(dataSource: DataSource, placeId: string, lastDay: string): Promise<void> {
  const validFrom = addDays(addMonths(lastDay, -12), 1);
  await dataSource.query(
    `UPDATE qualification_decisions SET valid_from = $2, valid_until = $3, decided_at = ($2::date + time '11:00') AT TIME ZONE $4
      WHERE place_id = $1 AND outcome = 'qualified'`,
    [placeId, validFrom, lastDay, METROPOLITAN_TIME_ZONE],
  );
  await dataSource.query(
    `UPDATE qualification_applications
        SET created_at = ($2::date - 12 + time '09:00') AT TIME ZONE $3,
            submitted_at = ($2::date - 5 + time '16:00') AT TIME ZONE $3
      WHERE place_id = $1`,
    [placeId, validFrom, METROPOLITAN_TIME_ZONE],
  );
  await dataSource.query('UPDATE places SET qualified_until = $2, created_at = least(created_at, $3::date - 30) WHERE id = $1', [
    placeId,
    lastDay,
    validFrom,
  ]);
}
