/** Who does something: the audit trail, the guards and every service speak of the same actor. */
import type { ApiScope } from './api-scopes';
import type { OrganisationKind, Role } from './roles';

export interface UserActor {
  kind: 'user';
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
  sessionId: string;
  requestId: string;
}

export interface ApiTokenActor {
  kind: 'api_token';
  tokenId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  scopes: ApiScope[];
  requestId: string;
}

/** Scheduled jobs, the seed, the command line. */
export interface SystemActor {
  kind: 'system';
  name: string;
  requestId?: string;
}

/** Someone without an account: the public, or a person accepting an invitation. */
export interface AnonymousActor {
  kind: 'anonymous';
  requestId: string;
}

export type Actor = UserActor | ApiTokenActor | SystemActor | AnonymousActor;
export type AuthenticatedActor = UserActor | ApiTokenActor;

export function actorOrganisationId(actor: Actor): string | null {
  switch (actor.kind) {
    case 'user':
    case 'api_token':
      return actor.organisationId;
    case 'system':
    case 'anonymous':
      return null;
  }
}

export function systemActor(name: string): SystemActor {
  return { kind: 'system', name };
}
