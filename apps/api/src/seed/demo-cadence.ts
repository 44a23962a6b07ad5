/**
 * Demo weekly settlement for the centre social (after its redemptions, demo-reporting.ts): its bank
 * details verified, its redemptions recorded as they happened but for the five latest (synchronised
 * late, as a scanner offline would), and the batch of the latest weekly cut-off approved and sent to
 * the bank. Its « Mes remboursements » then shows money en cours (sent to the bank today) and à
 * recevoir (the five latest, in the next weekly batch). Runs once.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEFAULT_SETTLEMENT_SCHEDULE, latestCutOff, type UserActor } from '@app/domain';
import { BankDetailsService } from '@app/places';
import { SettlementService } from '@app/settlement';
import { demoPdf } from './demo-documents';

const RECORDED_LATE = 5;

export async function seedCentreSocialPayments(
  app: INestApplicationContext,
  actors: { placeAgent: UserActor; operator: UserActor; reviewer: UserActor },
): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const { placeAgent, operator, reviewer } = actors;
  const [{ n }]: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM bank_details WHERE organisation_id = $1', [
    placeAgent.organisationId,
  ]);
  if (n > 0) return;
  const bankDetails = app.get(BankDetailsService);
  const details = await bankDetails.submit(placeAgent, {
    iban: 'FR7630004000031234567890143',
    bic: 'BNPAFRPP',
    accountHolder: 'Centre social Pessac Talence',
  });
  await bankDetails.attachProof(placeAgent, 'rib-centre-social.pdf', 'application/pdf', demoPdf('Relevé d’identité bancaire (démo)'));
  await bankDetails.review(operator, details.organisationId, details.id, 'verified', 'RIB conforme (démo).');
  // Seed data only: recorded as they happened, but for the latest few, synchronised just now.
  await dataSource.query(
    `UPDATE redemptions SET recorded_at = occurred_at + make_interval(secs => 5)
      WHERE organisation_id = $1 AND undone_at IS NULL
        AND id NOT IN (SELECT id FROM redemptions WHERE organisation_id = $1 ORDER BY occurred_at DESC LIMIT ${RECORDED_LATE})`,
    [placeAgent.organisationId],
  );
  const settlement = app.get(SettlementService);
  const now = new Date();
  // The latest weekly cut-off (the médiathèque's weeks are the three before it: demo-settlement.ts).
  const cutOff = latestCutOff(DEFAULT_SETTLEMENT_SCHEDULE, now);
  const weekly = await settlement.create(operator, 'demo-cadence-weekly', { cutOff: cutOff.toISOString() });
  await settlement.approve(reviewer, weekly.body.id);
  await settlement.export(operator, weekly.body.id);
}
