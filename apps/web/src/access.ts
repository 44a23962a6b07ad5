/** Which role may open which page (mirrors the API's @Roles; the API stays the judge). */
import type { Role } from './api';

export const MANAGERS: Role[] = ['operator_admin', 'funder_manager', 'distributor_agent', 'place_agent'];

/** Pages for signed-in people, in navigation order; `roles` absent means every role. */
export const SIGNED_IN_PAGES: Array<{ path: string; label: string; roles?: Role[] }> = [
  { path: '/', label: 'Accueil' },
  { path: '/organisations', label: 'Organisations', roles: ['operator_admin'] },
  { path: '/audit', label: "Journal d'audit", roles: ['operator_admin'] },
  { path: '/acces-api', label: 'Accès API', roles: MANAGERS },
  { path: '/sessions', label: 'Mes sessions' },
];

export function canOpen(role: Role, page: { roles?: Role[] }): boolean {
  return !page.roles || page.roles.includes(role);
}
