/**
 * Scopes an API token may carry. A route that integrators may call names the scope it needs;
 * a route without one is for signed-in people only. Later features add their scopes here.
 */
import type { OrganisationKind } from './roles';

export const API_SCOPES = [
  'organisation:read',
  'users:read',
  'audit:read',
  'redemptions:read',
  'redemptions:write',
  'settlement:read',
  'settlement:write',
  'ledger:read',
  'webhooks:manage',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * Which organisation kinds may hold a scope (an auditor's scope is the operator's alone). A token
 * also acts only where its organisation's kind has a role: a place's settlement:read token reads
 * its own payments, never the operator's batches (see the access guard).
 */
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
    case 'settlement:read':
      // The operator's batches and files, a place's payments and statements, a funder's payments to places.
      return kind === 'operator' || kind === 'place' || kind === 'funder';
    case 'settlement:write':
      // The bank's answers (paid, rejected), from the operator's accounting software. Building,
      // approving, exporting and cancelling a batch stay with people (four eyes).
      return kind === 'operator';
    case 'ledger:read':
      return kind === 'operator' || kind === 'funder';
    case 'webhooks:manage':
      // A place's till or booking software registers where it wants to hear of redemptions and payments.
      return kind === 'place';
  }
}
