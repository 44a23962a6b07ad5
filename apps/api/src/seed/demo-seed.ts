/**
 * The demo a newcomer sees after `npm start`: one organisation of each kind, one user per role.
 * Later features add their demo data here. Never runs in production.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type OrganisationKind, type Role, systemActor } from '@app/domain';
import { OrganisationEntity, OrganisationsService, UserEntity, UsersService } from '@app/identity';

export const DEMO_PASSWORD = 'pass-numerique-demo';

interface DemoOrganisation {
  name: string;
  kind: OrganisationKind;
  users: Array<{ email: string; displayName: string; role: Role }>;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    name: 'Opérateur Pass numérique (démo)',
    kind: 'operator',
    users: [
      { email: 'admin@operateur.example', displayName: 'Camille Leroy', role: 'operator_admin' },
      { email: 'relecteur@operateur.example', displayName: 'Hugo Perrin', role: 'operator_reviewer' },
    ],
  },
  {
    name: 'Département de la Gironde (démo)',
    kind: 'funder',
    users: [
      { email: 'financeur@departement.example', displayName: 'Nadia Benali', role: 'funder_manager' },
      { email: 'lecteur@departement.example', displayName: 'Louis Moreau', role: 'funder_viewer' },
    ],
  },
  {
    name: 'CCAS de Bordeaux (démo)',
    kind: 'distributor',
    users: [{ email: 'agent@ccas.example', displayName: 'Sophie Garnier', role: 'distributor_agent' }],
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

/** Creates what is missing of the demo, in one transaction; running it twice changes nothing. */
export async function seedDemo(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const organisations = app.get(OrganisationsService);
  const users = app.get(UsersService);
  const actor = systemActor('seed:demo');
  await dataSource.transaction(async (manager) => {
    for (const demo of DEMO_ORGANISATIONS) {
      const organisation =
        (await manager.getRepository(OrganisationEntity).findOne({ where: { name: demo.name, kind: demo.kind } })) ??
        (await organisations.createInTransaction(manager, actor, { name: demo.name, kind: demo.kind }));
      for (const user of demo.users) {
        if (await manager.getRepository(UserEntity).exists({ where: { email: user.email } })) continue;
        await users.createInTransaction(manager, actor, { ...user, organisationId: organisation.id, password: DEMO_PASSWORD });
      }
    }
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
  const lines = DEMO_ORGANISATIONS.flatMap((organisation) =>
    organisation.users.map((user) => `  ${user.email.padEnd(32)} ${ROLE_LABELS[user.role]}`),
  );
  return ['', `Pass numérique (démo) : ${publicUrl}`, `Comptes de démonstration, mot de passe « ${DEMO_PASSWORD} » :`, ...lines, ''].join(
    '\n',
  );
}
