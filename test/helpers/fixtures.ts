/** Builders for test data beyond the demo seed, going through the real services. */
import { type OrganisationKind, type Role, rolesOfKind, systemActor, type UserActor } from '@app/domain';
import { OrganisationsService, UsersService, type OrganisationEntity } from '@app/identity';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed';
import type { TestApp } from './test-app';

export interface OrganisationWithUser {
  organisation: OrganisationEntity;
  email: string;
  password: string;
  role: Role;
}

let counter = 0;

/** A new organisation of this kind with one user (the kind's first role unless named). */
export async function createOrganisationWithUser(
  testApp: TestApp,
  kind: OrganisationKind,
  role: Role = rolesOfKind(kind)[0],
): Promise<OrganisationWithUser> {
  counter += 1;
  const suffix = `${Date.now().toString(36)}${counter}`;
  const actor = systemActor('test-fixture');
  return testApp.dataSource.transaction(async (manager) => {
    const organisation = await testApp.app
      .get(OrganisationsService)
      .createInTransaction(manager, actor, { name: `${kind} ${suffix}`, kind });
    const email = `${role}.${suffix}@test.example`;
    await testApp.app.get(UsersService).createInTransaction(manager, actor, {
      organisationId: organisation.id,
      email,
      displayName: `Test ${role}`,
      role,
      password: DEMO_PASSWORD,
    });
    return { organisation, email, password: DEMO_PASSWORD, role };
  });
}

/** One more person in an existing organisation (e.g. a second agent of a place); answers their sign-in. */
export async function addUser(testApp: TestApp, organisationId: string, role: Role): Promise<{ email: string; password: string }> {
  counter += 1;
  const email = `${role}.${Date.now().toString(36)}${counter}@test.example`;
  await testApp.dataSource.transaction((manager) =>
    testApp.app.get(UsersService).createInTransaction(manager, systemActor('test-fixture'), {
      organisationId,
      email,
      displayName: `Test ${role}`,
      role,
      password: DEMO_PASSWORD,
    }),
  );
  return { email, password: DEMO_PASSWORD };
}

/** A signed-in person as the services see them, for calling a service directly (e.g. a redemption dated in the past). */
export async function userActorOf(testApp: TestApp, email: string): Promise<UserActor> {
  const [user]: Array<{ id: string; organisation_id: string; kind: OrganisationKind; role: Role }> = await testApp.dataSource.query(
    'SELECT u.id, u.organisation_id, o.kind, u.role FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = $1',
    [email],
  );
  return {
    kind: 'user',
    userId: user.id,
    organisationId: user.organisation_id,
    organisationKind: user.kind,
    role: user.role,
    sessionId: 'test',
    requestId: 'test',
  };
}
