/**
 * Demo places: the demo place organisation's médiathèque and a few other places around Bordeaux,
 * qualified through the real review flow (one of them suspended, one waiting for review, two near
 * the end of their qualification: see demo-renewals.ts), with catalogues, and verified bank
 * details for the médiathèque. Runs once.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { currentReferential, type CriterionScore, type UserActor } from '@app/domain';
import { seedRenewals } from './demo-renewals';
import { BankDetailsService, CatalogueService, PlaceEntity, PlacesService, QualificationService, type PlaceInput } from '@app/places';
import { demoPdf } from './demo-documents';

/** Where a demo place stands: street, postcode, commune, INSEE code of the commune, [latitude, longitude]. */
type DemoAddress = [adresse: string, code_postal: string, commune: string, code_insee: string, position: [number, number]];

/**
 * A demo place (this file's and the reporting demo's): its pivot, name and address, free and open
 * to walk-ins or callers unless `details` says otherwise, and what sets it apart.
 */
export function demoPlace(
  pivot: string,
  nom: string,
  [adresse, code_postal, commune, code_insee, [latitude, longitude]]: DemoAddress,
  details: Partial<PlaceInput>,
): PlaceInput {
  return {
    frais_a_charge: ['Gratuit'],
    modalites_acces: ['Se présenter', 'Téléphoner'],
    source: 'Pass numérique (démo)',
    pivot,
    nom,
    commune,
    code_postal,
    code_insee,
    adresse,
    latitude,
    longitude,
    ...details,
  };
}

const DEMO_PLACES: Array<{ state: 'qualified' | 'suspended' | 'submitted'; input: PlaceInput }> = [
  {
    state: 'qualified',
    input: demoPlace(
      '21330063500017',
      'Médiathèque Flora Tristan',
      ['50 rue Henri Dunant', '33800', 'Bordeaux', '33063', [44.8231, -0.5627]],
      {
        typologie: ['BIB'],
        telephone: '+33556000001',
        courriels: ['mediatheque@demo.example'],
        site_web: ['https://mediatheque-flora-tristan.demo.example'],
        modalites_acces: ['Se présenter', 'Téléphoner', 'Prendre un RDV en ligne'],
        prise_rdv: 'https://rdv.demo.example/mediatheque-flora-tristan',
        horaires: 'Tu-Fr 10:00-12:30,14:00-18:00; Sa 10:00-17:00',
        presentation_resume: 'Ateliers numériques et accompagnement individuel aux démarches en ligne.',
        services: [
          'Maîtrise des outils numériques du quotidien',
          'Aide aux démarches administratives',
          'Accès internet et matériel informatique',
        ],
        publics_specifiquement_adresses: ['Seniors'],
        prise_en_charge_specifique: ['Surdité', 'Déficience visuelle'],
        modalites_accompagnement: ['Accompagnement individuel', 'Dans un atelier collectif'],
        dispositif_programmes_nationaux: ['Conseillers numériques'],
      },
    ),
  },
  {
    state: 'qualified',
    input: demoPlace(
      '78282932000079',
      'Espace de vie sociale du Grand Parc',
      // An address the ANCT library's converter refused (« »): data·inclusion v1 takes it (docs/open-data.md).
      ['Résidence « Le Grand Parc », 12 place de l’Europe', '33300', 'Bordeaux', '33063', [44.8585, -0.5741]],
      {
        typologie: ['EVS'],
        courriels: ['evs-grand-parc@demo.example'],
        modalites_acces: ['Se présenter', 'Contacter par mail', 'Envoyer un mail avec une fiche de prescription'],
        horaires: 'Mo-Fr 09:00-12:00,13:30-17:30',
        services: ['Aide aux démarches administratives', 'Insertion professionnelle via le numérique'],
        publics_specifiquement_adresses: ['Jeunes', 'Familles et/ou enfants'],
        modalites_accompagnement: ['Accompagnement individuel'],
      },
    ),
  },
  {
    state: 'qualified',
    input: demoPlace(
      '48493312300024',
      'Tiers-lieu La Fabrique de Bègles',
      ['3 rue Marcel Sembat', '33130', 'Bègles', '33039', [44.8087, -0.5485]],
      {
        typologie: ['TIERS_LIEUX'],
        horaires: 'We-Sa 14:00-19:00',
        services: ['Loisirs et créations numériques', 'Compréhension du monde numérique', 'Utilisation sécurisée du numérique'],
        modalites_accompagnement: ['Dans un atelier collectif', 'En autonomie'],
      },
    ),
  },
  {
    state: 'suspended',
    input: demoPlace(
      '35600000000048',
      'Point numérique de Mérignac Centre',
      ['1 avenue de la Libération', '33700', 'Mérignac', '33281', [44.8386, -0.6436]],
      {
        horaires: 'Mo-Fr 09:00-17:00',
        services: ['Aide aux démarches administratives'],
        modalites_accompagnement: ['Accompagnement individuel'],
      },
    ),
  },
  {
    state: 'submitted',
    input: demoPlace(
      'W332000001',
      'Association Les Clés du numérique',
      ['8 rue des Poilus', '33600', 'Pessac', '33318', [44.8067, -0.6311]],
      {
        horaires: 'Mo,We 14:00-18:00',
        services: ['Maîtrise des outils numériques du quotidien'],
        modalites_accompagnement: ['Dans un atelier collectif'],
      },
    ),
  },
];

/** The mediator's training certificate every demo application carries (a renewal can attach it again). */
const DEMO_ATTESTATION = demoPdf('Attestation de formation CCP1 (démo)');

export async function seedPlaces(
  app: INestApplicationContext,
  placeAgent: UserActor,
  reviewer: UserActor,
  operator: UserActor,
): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if ((await dataSource.getRepository(PlaceEntity).count()) > 0) return;
  const ids = new Map<string, string>();
  for (const { state, input } of DEMO_PLACES)
    ids.set(input.nom, await seedDemoPlace(app, { placeAgent, reviewer, operator }, input, state));
  await seedRenewals(app, placeAgent, {
    endingSoon: ids.get('Médiathèque Flora Tristan') as string,
    underRenewal: ids.get('Espace de vie sociale du Grand Parc') as string,
  });

  const bankDetails = app.get(BankDetailsService);
  const details = await bankDetails.submit(placeAgent, {
    iban: 'FR7630006000011234567890189',
    bic: 'AGRIFRPP',
    accountHolder: 'Médiathèque Flora Tristan',
  });
  await bankDetails.attachProof(placeAgent, 'rib-demo.pdf', 'application/pdf', demoPdf('Relevé d’identité bancaire (démo)'));
  await bankDetails.review(operator, details.organisationId, details.id, 'verified', 'RIB conforme (démo).');
}

/** One demo place of the agent's organisation, with a workshop and an individual service, taken through qualification as far as `state`. */
export async function seedDemoPlace(
  app: INestApplicationContext,
  actors: { placeAgent: UserActor; reviewer: UserActor; operator: UserActor },
  input: PlaceInput,
  state: 'qualified' | 'suspended' | 'submitted',
): Promise<string> {
  const { placeAgent, reviewer, operator } = actors;
  const catalogue = app.get(CatalogueService);
  const qualification = app.get(QualificationService);
  const answers = Object.fromEntries(
    currentReferential().criteria.map((criterion) => [
      criterion.code,
      { text: `Voir le dossier (démo) : ${criterion.evidence}`, links: [] },
    ]),
  );
  const scores: CriterionScore[] = currentReferential().criteria.map((criterion) =>
    criterion.kind === 'mandatory'
      ? { criterionCode: criterion.code, met: true, comment: 'Justificatif vérifié (démo).' }
      : { criterionCode: criterion.code, score: 2, comment: 'Satisfaisant (démo).' },
  );
  const place = await app.get(PlacesService).create(placeAgent, undefined, input);
  await catalogue.add(placeAgent, place.id, {
    name: 'Atelier collectif « Premiers pas sur internet »',
    description: 'Six personnes au plus, matériel fourni.',
    category: 'Maîtrise des outils numériques du quotidien',
    modality: 'collective_workshop',
    durationMinutes: 120,
    priceInCheques: 1,
  });
  await catalogue.add(placeAgent, place.id, {
    name: 'Accompagnement individuel aux démarches en ligne',
    description: null,
    category: 'Aide aux démarches administratives',
    modality: 'individual',
    durationMinutes: 60,
    priceInCheques: 1,
  });
  const application = await qualification.apply(placeAgent, place.id);
  await qualification.answer(placeAgent, application.id, answers);
  await qualification.addEvidence(
    placeAgent,
    application.id,
    'MEDIATEUR',
    'attestation-formation-demo.pdf',
    'application/pdf',
    DEMO_ATTESTATION,
  );
  await qualification.submit(placeAgent, application.id);
  if (state === 'submitted') return place.id;
  await qualification.decide(reviewer, application.id, {
    outcome: 'qualified',
    motivation: 'Critères obligatoires remplis, score au-dessus du seuil (démo).',
    scores,
  });
  if (state === 'suspended') await qualification.suspend(operator, place.id, 'Lieu fermé pour travaux jusqu’à nouvel ordre (démo).');
  return place.id;
}
