/** Which role may open which page (mirrors the API's @Roles; the API stays the judge). */
import type { Role } from './api';

export const MANAGERS: Role[] = ['operator_admin', 'funder_manager', 'distributor_agent', 'place_agent'];

/** Programmes: the operator sees them all, a funder its own. */
export const PROGRAMME_READERS: Role[] = ['operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer'];

export interface SignedInPage {
  path: string;
  label: string;
  /** Absent: every role. */
  roles?: Role[];
  /** Roles that may open its items' pages, when not the same as the list's. */
  itemRoles?: Role[];
}

/** Pages for signed-in people, in navigation order. */
export const SIGNED_IN_PAGES: SignedInPage[] = [
  { path: '/', label: 'Accueil' },
  { path: '/programmes', label: 'Programmes', roles: PROGRAMME_READERS },
  { path: '/carnets', label: 'Carnets', roles: [...PROGRAMME_READERS, 'distributor_agent'] },
  { path: '/remise', label: 'Remettre un carnet', roles: ['distributor_agent'] },
  { path: '/annulation', label: 'Annuler', roles: ['distributor_agent', 'operator_admin'] },
  { path: '/lieu/scanner', label: 'Encaisser', roles: ['place_agent'] },
  { path: '/lieu/encaissements', label: 'Encaissements', roles: ['place_agent'] },
  { path: '/organisations', label: 'Organisations', roles: ['operator_admin'] },
  { path: '/audit', label: "Journal d'audit", roles: ['operator_admin'] },
  { path: '/acces-api', label: 'Accès API', roles: MANAGERS },
  { path: '/lieux-geres', label: 'Lieux gérés', roles: ['place_agent', 'operator_admin', 'operator_reviewer'] },
  {
    path: '/qualification',
    label: 'Qualification',
    roles: ['operator_admin', 'operator_reviewer'],
    itemRoles: ['place_agent', 'operator_admin', 'operator_reviewer'],
  },
  { path: '/sessions', label: 'Mes sessions' },
];

/** Lists whose items have their own page ("/programmes/<id>"), open to the same roles as the list. */
const LISTS_WITH_DETAIL = ['/programmes', '/qualification'];

/** The page a path shows: a page above, or the detail page of one of its items (with the item's id). */
export function findSignedInPage(path: string): { page: SignedInPage; itemId?: string } | undefined {
  const page = SIGNED_IN_PAGES.find((candidate) => candidate.path === path);
  if (page) return { page };
  const detail = /^(\/[^/]+)\/([^/]+)\/?$/.exec(path);
  if (!detail || !LISTS_WITH_DETAIL.includes(detail[1])) return undefined;
  const list = SIGNED_IN_PAGES.find((candidate) => candidate.path === detail[1]);
  if (!list) return undefined;
  return { page: list.itemRoles ? { ...list, roles: list.itemRoles } : list, itemId: safeDecode(detail[2]) };
}

export function canOpen(role: Role, page: { roles?: Role[] }): boolean {
  return !page.roles || page.roles.includes(role);
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
