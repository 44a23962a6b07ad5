/**
 * The demo a newcomer sees after `npm start`: one organisation of each kind, one user per role.
 * Later features add their demo data here. Never runs in production.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  addDays,
  feeOf,
  localDate,
  type NotificationKind,
  type OrganisationKind,
  type Role,
  systemActor,
  type UserActor,
} from '@app/domain';
import { OrganisationEntity, OrganisationsService, UserEntity, UsersService } from '@app/identity';
import { NotificationOptOutEntity } from '@app/mail';
import { DistributionService, ExpiryService, ProgrammeEntity, ProgrammesService } from '@app/vouchers';
import { seedPlaces } from './demo-places';
import { seedRedemptions } from './demo-redemptions';
import { seedCentreSocialPayments } from './demo-cadence';
import { seedSettlement } from './demo-settlement';
import { seedReporting } from './demo-reporting';
import { seedFundsCoverage } from './demo-funds-coverage';
import { seedFunderRefunds } from './demo-funder-refunds';
import { fundedDemoProgramme } from './demo-programmes';
import { seedWebhooks } from './demo-webhooks';
import { seedStock } from './demo-stock';
import { seedAnomalyHolds } from './demo-anomaly-holds';

export const DEMO_PASSWORD = 'pass-numerique-demo';

interface DemoOrganisation {
  name: string;
  kind: OrganisationKind;
  users: Array<{ email: string; displayName: string; role: Role; switchedOff?: NotificationKind[] }>;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    name: 'Opérateur Pass numérique (démo)',
    kind: 'operator',
    users: [
      { email: 'admin@operateur.example', displayName: 'Camille Leroy', role: 'operator_admin' },
      // The second pair of eyes: confirms the account balances Camille enters (funds coverage).
      { email: 'tresorerie@operateur.example', displayName: 'Élise Martin', role: 'operator_admin' },
      { email: 'relecteur@operateur.example', displayName: 'Hugo Perrin', role: 'operator_reviewer' },
    ],
  },
  {
    name: 'Département de la Gironde (démo)',
    kind: 'funder',
    users: [
      { email: 'financeur@departement.example', displayName: 'Nadia Benali', role: 'funder_manager' },
      // He reads the dashboards; the statements are the manager's business (« Mes notifications »).
      { email: 'lecteur@departement.example', displayName: 'Louis Moreau', role: 'funder_viewer', switchedOff: ['statement_available'] },
    ],
  },
  {
    name: 'CCAS de Bordeaux (démo)',
    kind: 'distributor',
    users: [{ email: 'agent@ccas.example', displayName: 'Sophie Garnier', role: 'distributor_agent' }],
  },
  {
    name: 'Maison départementale des solidarités de Bordeaux (démo)',
    kind: 'distributor',
    users: [{ email: 'agent@mds.example', displayName: 'Julien Marchand', role: 'distributor_agent' }],
  },
  {
    name: 'Centres sociaux de Pessac et Talence (démo)',
    kind: 'place',
    users: [{ email: 'mediatrice@centre-social.example', displayName: 'Inès Fabre', role: 'place_agent' }],
  },
  {
    name: 'Médiathèque Flora Tristan (démo)',
    kind: 'place',
    users: [{ email: 'mediateur@mediatheque.example', displayName: 'Karim Haddad', role: 'place_agent' }],
  },
];

export async function isDatabaseEmpty(app: INestApplicationContext): Promise<boolean> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return (await dataSource.getRepository(OrganisationEntity).count()) === 0;
}

/** Creates what is missing of the demo; running it twice changes nothing. */
export async function seedDemo(app: INestApplicationContext): Promise<void> {
  await seedOrganisationsAndUsers(app);
  await seedProgramme(app);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const placeAgent = await actorOf(dataSource, 'mediateur@mediatheque.example');
  await seedPlaces(
    app,
    placeAgent,
    await actorOf(dataSource, 'relecteur@operateur.example'),
    await actorOf(dataSource, 'admin@operateur.example'),
  );
  await seedRedemptions(app, placeAgent);
  await seedSettlement(app, await actorOf(dataSource, 'admin@operateur.example'), await actorOf(dataSource, 'relecteur@operateur.example'));
  await seedReporting(app, {
    funder: await actorOf(dataSource, 'financeur@departement.example'),
    operator: await actorOf(dataSource, 'admin@operateur.example'),
    reviewer: await actorOf(dataSource, 'relecteur@operateur.example'),
    distributor: await actorOf(dataSource, 'agent@mds.example'),
    placeAgent: await actorOf(dataSource, 'mediatrice@centre-social.example'),
  });
  await seedCentreSocialPayments(app, {
    placeAgent: await actorOf(dataSource, 'mediatrice@centre-social.example'),
    operator: await actorOf(dataSource, 'admin@operateur.example'),
    reviewer: await actorOf(dataSource, 'relecteur@operateur.example'),
  });
  await seedFunderRefunds(app, (email) => actorOf(dataSource, email));
  await seedFundsCoverage(
    app,
    await actorOf(dataSource, 'admin@operateur.example'),
    await actorOf(dataSource, 'tresorerie@operateur.example'),
  );
  await seedStock(app, {
    operator: await actorOf(dataSource, 'admin@operateur.example'),
    ccas: await actorOf(dataSource, 'agent@ccas.example'),
    mds: await actorOf(dataSource, 'agent@mds.example'),
  });
  await seedAnomalyHolds(app, placeAgent);
  // Last: its delivery log shows the médiathèque's latest redemptions, the held one included.
  await seedWebhooks(app, placeAgent);
}

async function seedOrganisationsAndUsers(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const organisations = app.get(OrganisationsService);
  const users = app.get(UsersService);
  const actor = systemActor('seed:demo');
  await dataSource.transaction(async (manager) => {
    for (const demo of DEMO_ORGANISATIONS) {
      const organisation =
        (await manager.getRepository(OrganisationEntity).findOne({ where: { name: demo.name, kind: demo.kind } })) ??
        (await organisations.createInTransaction(manager, actor, { name: demo.name, kind: demo.kind }));
      for (const { switchedOff, ...user } of demo.users) {
        if (await manager.getRepository(UserEntity).exists({ where: { email: user.email } })) continue;
        const created = await users.createInTransaction(manager, actor, {
          ...user,
          organisationId: organisation.id,
          password: DEMO_PASSWORD,
        });
        for (const kind of switchedOff ?? []) await manager.insert(NotificationOptOutEntity, { userId: created.id, kind });
      }
    }
  });
}

/** Acting as a demo user, as if signed in (the services audit these actions under their name). */
async function actorOf(dataSource: DataSource, email: string): Promise<UserActor> {
  const user = await dataSource.getRepository(UserEntity).findOneOrFail({ where: { email }, relations: { organisation: true } });
  return {
    kind: 'user',
    userId: user.id,
    organisationId: user.organisationId,
    organisationKind: user.organisation!.kind,
    role: user.role,
    sessionId: 'seed',
    requestId: 'seed:demo',
  };
}

/**
 * A funded, active programme of the demo funder: 20 booklets of 10 cheques of 10 €, ten of them in
 * the demo CCAS's stock, four handed out to people (anonymous profiles). Plus a draft to play with.
 */
async function seedProgramme(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if ((await dataSource.getRepository(ProgrammeEntity).count()) > 0) return;
  const programmes = app.get(ProgrammesService);
  const distribution = app.get(DistributionService);
  const funder = await actorOf(dataSource, 'financeur@departement.example');
  const operator = await actorOf(dataSource, 'admin@operateur.example');
  const distributor = await actorOf(dataSource, 'agent@ccas.example');
  const today = localDate(new Date());

  const programme = await programmes.create(funder, {
    name: 'Pass numérique Gironde (démo)',
    faceValueCents: 1000,
    chequesPerBooklet: 10,
    bookletCount: 20,
    // From before the previous month's first day, when the médiathèque's first demo redemptions happened.
    validFrom: addDays(today, -75),
    validUntil: addDays(today, 300),
    graceDays: 31,
    territoryCodes: ['33'],
    eligibleServices: [],
    coverTitle: 'Votre Pass numérique',
    coverText: 'Offert par le Département de la Gironde pour apprendre le numérique près de chez vous, gratuitement.',
  });
  await programmes.order(funder, programme.id);
  const ordered = await programmes.get(funder, programme.id);
  await programmes.fund(operator, programme.id, {
    // The face value plus the operator's fee (OPERATOR_FEE_BASIS_POINTS), as the order shows it.
    amountCents: 20 * 10 * 1000 + feeOf(20 * 10 * 1000, ordered.operatorFeeBasisPoints ?? 0),
    receivedOn: addDays(today, -45),
    reference: `VIR-DEMO-${ordered.code}`,
  });
  await programmes.activate(operator, programme.id);
  await distribution.allocate(operator, {
    programmeId: programme.id,
    fromNumber: 1,
    toNumber: 10,
    distributorOrganisationId: distributor.organisationId,
  });
  const profiles = [
    { ageBand: '60_74', situation: 'retraite', communeCode: '33063', needs: ['Aide aux démarches administratives'] },
    { ageBand: '45_59', situation: 'demandeur_emploi', communeCode: '33318', needs: ['Insertion professionnelle via le numérique'] },
    { ageBand: '75_et_plus', situation: 'retraite', communeCode: '33063', needs: ['Maîtrise des outils numériques du quotidien'] },
    {
      ageBand: '26_44',
      situation: 'allocataire_rsa',
      communeCode: '33522',
      needs: ['Aide aux démarches administratives', 'Utilisation sécurisée du numérique'],
    },
  ] as const;
  for (const [index, profile] of profiles.entries()) {
    await distribution.handOut(distributor, {
      bookletSerial: `${ordered.code}-${String(index + 1).padStart(5, '0')}`,
      handedOutOn: addDays(today, -30 + index * 7),
      ...profile,
      needs: [...profile.needs],
    });
  }

  await seedClosedProgramme(app, funder, operator, today);

  await programmes.create(funder, {
    name: 'Pass numérique seniors 2027 (brouillon de démo)',
    faceValueCents: 1500,
    chequesPerBooklet: 5,
    bookletCount: 100,
    validFrom: addDays(today, 120),
    validUntil: addDays(today, 480),
    graceDays: 31,
    territoryCodes: ['33063', '33318'],
    eligibleServices: ['Maîtrise des outils numériques du quotidien', 'Utilisation sécurisée du numérique'],
  });
}

const ROLE_LABELS: Record<Role, string> = {
  operator_admin: 'opérateur, administration',
  operator_reviewer: 'opérateur, qualification des lieux',
  funder_manager: 'financeur, gestion',
  funder_viewer: 'financeur, consultation',
  distributor_agent: 'structure distributrice',
  place_agent: 'lieu de médiation',
};

export function demoLoginsBanner(publicUrl: string): string {
  const lines = [
    `Pass numérique (démo) : ${publicUrl}`,
    `Comptes de démonstration, mot de passe « ${DEMO_PASSWORD} » :`,
    '',
    ...DEMO_ORGANISATIONS.flatMap((organisation) =>
      organisation.users.map((user) => `  ${user.email.padEnd(32)} ${ROLE_LABELS[user.role]}`),
    ),
  ];
  // A box, printed last once the app is ready, so it does not scroll away behind the start-up lines.
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '═'.repeat(width + 2);
  return ['', `╔${rule}╗`, ...lines.map((line) => `║ ${line.padEnd(width)} ║`), `╚${rule}╝`, ''].join('\n');
}

/**
 * Last year's programme, over: a lost box of booklets cancelled, the rest expired by the expiry job,
 * which closed it. Its value is the funder's credit note (closing statement, « Comptabilité »).
 */
async function seedClosedProgramme(app: INestApplicationContext, funder: UserActor, operator: UserActor, today: string): Promise<void> {
  const ordered = await fundedDemoProgramme(
    app,
    { funder, operator },
    {
      name: 'Pass numérique Gironde 2025 (clos, démo)',
      bookletCount: 5,
      validFrom: addDays(today, -520),
      validUntil: addDays(today, -160),
      receivedOn: addDays(today, -530),
    },
  );
  await app.get(DistributionService).cancelBooklet(operator, `${ordered.code}-00005`, 'Carton de carnets perdu pendant le transport');
  await app.get(ExpiryService).expireDue();
}
