/**
 * Scopes an API token may carry. A route that integrators may call names the scope it needs;
 * a route without one is for signed-in people only. Later features add their scopes here.
 */
import type { OrganisationKind } from './roles';

export const API_SCOPES = ['organisation:read', 'users:read', 'audit:read', 'redemptions:read', 'redemptions:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Which organisation kinds may hold a scope (an auditor's scope is the operator's alone). */
export function scopeAllowedFor(scope: ApiScope, kind: OrganisationKind): boolean {
  switch (scope) {
    case 'organisation:read':
    case 'users:read':
      return true;
    case 'audit:read':
      return kind === 'operator';
    case 'redemptions:read':
      return kind === 'place' || kind === 'operator';
    case 'redemptions:write':
      // A place's till or booking system redeems cheques; nobody else does.
      return kind === 'place';
  }
}
