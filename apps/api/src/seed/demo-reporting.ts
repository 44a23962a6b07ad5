/**
 * Demo data for the funder dashboard and the open data: a second programme of the demo funder,
 * handed out over the last three months by the demo MDS to 72 people (anonymous profiles varied
 * enough that the tables of people, protected month by month, show real numbers next to « secret ») and used at the two places
 * of a demo centre social (its own organisation, so the médiathèque's history stays as it was).
 * It ends in 20 days, so the expiry alert shows. Then the reporting figures are computed.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { addDays, type AgeBand, feeOf, localDate, type Situation, type UserActor } from '@app/domain';
import { isOpenAround, type PlaceInput } from '@app/places';
import { RedemptionService } from '@app/redemption';
import { ReportingRefreshService } from '@app/reporting';
import { ChequeKeysService, DistributionService, ProgrammeEntity, ProgrammesService } from '@app/vouchers';
import { demoPlace, seedDemoPlace } from './demo-places';

export const DEMO_REPORTING_PROGRAMME = 'Pass numérique Bordeaux Métropole 2026 (démo)';

const DAY_MS = 86_400_000;
const BOOKLETS = 80;
const HANDED_OUT = 72;

/** Profiles of 26 people, in hand-out order, taken again and again: [age band, situation, commune] (null: not asked). */
const PROFILES: Array<[AgeBand | null, Situation | null, string | null]> = [
  ['60_74', 'retraite', '33063'],
  ['26_44', 'demandeur_emploi', '33063'],
  ['75_et_plus', 'retraite', '33063'],
  ['60_74', 'retraite', '33318'],
  ['45_59', 'allocataire_rsa', '33039'],
  ['26_44', 'demandeur_emploi', '33063'],
  ['60_74', 'retraite', '33063'],
  ['75_et_plus', 'retraite', '33039'],
  ['moins_de_26', 'etudiant', '33063'],
  ['26_44', 'demandeur_emploi', '33318'],
  ['60_74', 'retraite', '33063'],
  ['45_59', 'allocataire_rsa', '33063'],
  ['75_et_plus', 'retraite', '33063'],
  ['26_44', 'parent_au_foyer', '33039'],
  ['60_74', 'retraite', '33063'],
  ['26_44', 'demandeur_emploi', '33063'],
  [null, null, null],
  ['75_et_plus', 'retraite', '33318'],
  ['45_59', 'allocataire_rsa', '33039'],
  ['60_74', 'retraite', '33063'],
  ['26_44', 'demandeur_emploi', '33281'],
  ['75_et_plus', 'retraite', '33063'],
  ['45_59', 'allocataire_rsa', '33063'],
  ['60_74', 'retraite', '33318'],
  ['moins_de_26', 'etudiant', '33039'],
  ['60_74', 'retraite', '33063'],
];

/** The demo centre social's two places (RNA numbers as pivots: an association). */
const CENTRE_SOCIAL_PLACES: PlaceInput[] = [
  demoPlace('W332012345', 'Centre social de Pessac Saige', ['4 allée des Mimosas', '33600', 'Pessac', '33318', [44.7966, -0.6317]], {
    typologie: ['CS'],
    horaires: 'Mo-Fr 09:00-12:00,14:00-18:00',
    services: ['Maîtrise des outils numériques du quotidien', 'Aide aux démarches administratives'],
    modalites_accompagnement: ['Accompagnement individuel', 'Dans un atelier collectif'],
    modalites_acces: ['Se présenter'],
  }),
  demoPlace('W332012346', 'Centre social de Talence Thouars', ['12 avenue de Thouars', '33400', 'Talence', '33522', [44.7941, -0.5822]], {
    typologie: ['CS'],
    horaires: 'Tu-Sa 09:30-12:30,14:00-17:30',
    services: ['Maîtrise des outils numériques du quotidien', 'Aide aux démarches administratives'],
    modalites_accompagnement: ['Accompagnement individuel', 'Dans un atelier collectif'],
  }),
];

export async function seedReporting(
  app: INestApplicationContext,
  actors: { funder: UserActor; operator: UserActor; reviewer: UserActor; distributor: UserActor; placeAgent: UserActor },
): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if (await dataSource.getRepository(ProgrammeEntity).exists({ where: { name: DEMO_REPORTING_PROGRAMME } })) return;
  const programmes = app.get(ProgrammesService);
  const distribution = app.get(DistributionService);
  const redemptions = app.get(RedemptionService);
  const keys = app.get(ChequeKeysService);
  const today = localDate(new Date());

  const programme = await programmes.create(actors.funder, {
    name: DEMO_REPORTING_PROGRAMME,
    faceValueCents: 1000,
    chequesPerBooklet: 10,
    bookletCount: BOOKLETS,
    validFrom: addDays(today, -100),
    validUntil: addDays(today, 20),
    graceDays: 31,
    territoryCodes: ['33'],
    eligibleServices: [],
    coverTitle: 'Votre Pass numérique',
    coverText: 'Offert par le Département de la Gironde avec Bordeaux Métropole.',
  });
  const ordered = await programmes.order(actors.funder, programme.id);
  await programmes.fund(actors.operator, programme.id, {
    // The face value plus the operator's fee (OPERATOR_FEE_BASIS_POINTS), as the order shows it.
    amountCents: BOOKLETS * 10 * 1000 + feeOf(BOOKLETS * 10 * 1000, ordered.operatorFeeBasisPoints ?? 0),
    receivedOn: addDays(today, -98),
    reference: `VIR-DEMO-${(await programmes.get(actors.funder, programme.id)).code}`,
  });
  await programmes.activate(actors.operator, programme.id);
  await distribution.allocate(actors.operator, {
    programmeId: programme.id,
    fromNumber: 1,
    toNumber: BOOKLETS,
    distributorOrganisationId: actors.distributor.organisationId,
  });
  const { code } = await programmes.get(actors.funder, programme.id);
  const handOutDays: string[] = [];
  for (let index = 0; index < HANDED_OUT; index++) {
    const [ageBand, situation, communeCode] = PROFILES[index % PROFILES.length];
    const handedOutOn = addDays(today, -95 + Math.floor((index * 88) / HANDED_OUT));
    handOutDays.push(handedOutOn);
    await distribution.handOut(actors.distributor, {
      bookletSerial: `${code}-${String(index + 1).padStart(5, '0')}`,
      handedOutOn,
      ...(ageBand ? { ageBand } : {}),
      ...(situation ? { situation } : {}),
      ...(communeCode ? { communeCode } : {}),
    });
  }

  const placeIds: string[] = [];
  for (const place of CENTRE_SOCIAL_PLACES) placeIds.push(await seedDemoPlace(app, actors, place, 'qualified'));
  const services: Array<{ id: string; horaires: string | null; code_insee: string | null }> = await dataSource.query(
    `SELECT e.id, p.horaires, p.code_insee FROM catalogue_entries e JOIN places p ON p.id = e.place_id
      WHERE e.place_id = ANY($1::uuid[]) AND e.retired_at IS NULL ORDER BY e.place_id, e.name`,
    [placeIds],
  );
  const cheques: Array<{ code_ciphertext: Buffer; number: number; position: number }> = await dataSource.query(
    `SELECT c.code_ciphertext, b.number, c.position FROM cheques c JOIN booklets b ON b.id = c.booklet_id
      WHERE c.programme_id = $1 AND c.status = 'distributed' ORDER BY b.number, c.position`,
    [programme.id],
  );
  let count = 0;
  for (const cheque of cheques) {
    // Each person uses a few of their ten cheques, a week or so apart, the first a few days after receiving them;
    // one in seven never comes (the funnel's stuck booklets), one in eleven uses all ten.
    const uses = cheque.number % 7 === 0 ? 0 : cheque.number % 11 === 1 ? 10 : 1 + ((cheque.number * 7) % 5);
    if (cheque.position > uses) continue;
    let occurredAt = new Date(
      Date.parse(`${handOutDays[cheque.number - 1]}T09:30:00Z`) + (2 + cheque.position * 6 + (cheque.number % 4)) * DAY_MS,
    );
    // At a place open that day (the anomaly rules hold a redemption made while it is closed: docs/anomaly-holds.md):
    // the other centre social when this one is closed, the next day when both are (never before the hand-out: the
    // funnel counts days from the hand-out to the first use).
    const open = (candidate: (typeof services)[number]): boolean =>
      isOpenAround(candidate.horaires, candidate.code_insee, occurredAt, 0) !== false;
    const first = (cheque.number + cheque.position) % services.length;
    const rotated = [...services.slice(first), ...services.slice(0, first)];
    for (let tries = 0; tries < 7 && !rotated.some(open); tries += 1) occurredAt = new Date(occurredAt.getTime() + DAY_MS);
    const service = rotated.find(open);
    if (!service || occurredAt.getTime() > Date.now() - DAY_MS) continue;
    const chequeCode = keys.decryptCode(cheque.code_ciphertext, programme.id);
    const answer = await redemptions.redeemOnce(
      actors.placeAgent,
      { organisationId: actors.placeAgent.organisationId, key: `demo-reporting-${count++}`, operation: 'redemption', body: { chequeCode } },
      { cheques: [chequeCode], serviceId: service.id },
      { occurredAt, channel: 'online' },
    );
    if (answer.status !== 201) throw new Error(`demo reporting redemption refused: ${JSON.stringify(answer.body)}`);
  }
  await app.get(ReportingRefreshService).refresh();
}
