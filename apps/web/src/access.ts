/** Which role may open which page (mirrors the API's @Roles; the API stays the judge). */
import type { Role } from './api';

export const MANAGERS: Role[] = ['operator_admin', 'funder_manager', 'distributor_agent', 'place_agent'];

/** Programmes: the operator sees them all, a funder its own. */
export const PROGRAMME_READERS: Role[] = ['operator_admin', 'operator_reviewer', 'funder_manager', 'funder_viewer'];

/** Who sees places whatever their qualification; who may change them (fields, catalogue). */
export const PLACE_READERS: Role[] = ['place_agent', 'operator_admin', 'operator_reviewer'];
export const PLACE_EDITORS: Role[] = ['place_agent', 'operator_admin'];

export interface SignedInPage {
  path: string;
  label: string;
  /** Absent: every role. */
  roles?: Role[];
  /** Roles that may open its items' pages, when not the same as the list's. */
  itemRoles?: Role[];
  /** Pages of an item ("/lieux-geres/<id>/catalogue") and who may open them; "new" is the page that creates one ("/lieux-geres/nouveau"). */
  itemViews?: Record<string, Role[]>;
}

/** Pages for signed-in people, in navigation order. */
export const SIGNED_IN_PAGES: SignedInPage[] = [
  { path: '/', label: 'Accueil' },
  { path: '/programmes', label: 'Programmes', roles: PROGRAMME_READERS },
  { path: '/tableau-de-bord', label: 'Tableau de bord', roles: PROGRAMME_READERS },
  { path: '/carnets', label: 'Carnets', roles: [...PROGRAMME_READERS, 'distributor_agent'] },
  { path: '/remise', label: 'Remettre un carnet', roles: ['distributor_agent'] },
  { path: '/annulation', label: 'Annuler un carnet ou des chèques', roles: ['distributor_agent', 'operator_admin'] },
  { path: '/lieu/scanner', label: 'Encaisser', roles: ['place_agent'] },
  { path: '/lieu/encaissements', label: 'Encaissements', roles: ['place_agent'] },
  { path: '/remplacement', label: 'Remplacer un carnet perdu', roles: ['distributor_agent'] },
  {
    path: '/carnets-inactifs',
    label: 'Carnets inactifs',
    roles: ['distributor_agent', 'funder_manager', 'funder_viewer', 'operator_admin', 'operator_reviewer'],
  },
  {
    path: '/transferts',
    label: 'Transferts de carnets',
    roles: ['distributor_agent', 'funder_manager', 'funder_viewer', 'operator_admin', 'operator_reviewer'],
  },
  { path: '/organisations', label: 'Organisations', roles: ['operator_admin'] },
  { path: '/audit', label: "Journal d'audit", roles: ['operator_admin'] },
  { path: '/acces-api', label: 'Accès API', roles: MANAGERS },
  { path: '/webhooks', label: 'Webhooks', roles: ['place_agent'] },
  {
    path: '/lieux-geres',
    label: 'Lieux gérés',
    roles: PLACE_READERS,
    itemViews: { new: PLACE_EDITORS, modifier: PLACE_EDITORS, catalogue: PLACE_EDITORS },
  },
  {
    path: '/qualification',
    label: 'Qualification',
    roles: ['operator_admin', 'operator_reviewer'],
    itemRoles: PLACE_READERS,
  },
  { path: '/import-lieux', label: 'Import de lieux', roles: ['operator_admin'] },
  { path: '/coordonnees-bancaires', label: 'Coordonnées bancaires', roles: ['place_agent', 'funder_manager'] },
  { path: '/verification-rib', label: 'RIB à vérifier', roles: ['operator_admin'] },
  { path: '/comptabilite', label: 'Comptabilité', roles: ['operator_admin', 'operator_reviewer'] },
  {
    path: '/remboursements',
    label: 'Remboursements',
    roles: ['operator_admin', 'operator_reviewer'],
    // "/remboursements/<organisation id>/paiements": one place organisation's « Mes remboursements », seen by the operator.
    itemViews: { paiements: ['operator_admin', 'operator_reviewer'] },
  },
  { path: '/verifications', label: 'Vérifications', roles: ['operator_admin', 'operator_reviewer'] },
  { path: '/releves-bancaires', label: 'Relevés bancaires', roles: ['operator_admin', 'operator_reviewer'] },
  { path: '/remboursements-financeurs', label: 'Remboursements aux financeurs', roles: ['operator_admin', 'operator_reviewer'] },
  { path: '/mes-remboursements', label: 'Mes remboursements', roles: ['place_agent'] },
  { path: '/paiements-lieux', label: 'Paiements aux lieux', roles: ['funder_manager', 'funder_viewer'] },
  { path: '/sessions', label: 'Mes sessions' },
  { path: '/mes-notifications', label: 'Mes notifications' },
];

/** Lists whose items have their own page ("/programmes/<id>"), open to the same roles as the list. */
const LISTS_WITH_DETAIL = ['/programmes', '/qualification', '/lieux-geres', '/import-lieux', '/remboursements'];

/** The segment that names the page creating an item ("/lieux-geres/nouveau"). */
export const NEW_ITEM = 'nouveau';

export interface FoundPage {
  page: SignedInPage;
  /** On an item's page: its id. */
  itemId?: string;
  /** On one of the item's own pages ("catalogue"), or "new" on the page creating one. */
  view?: string;
}

/** The page a path shows: a page above, an item's page (with the item's id), one of its views, or the page creating one. */
export function findSignedInPage(path: string): FoundPage | undefined {
  const page = SIGNED_IN_PAGES.find((candidate) => candidate.path === path);
  if (page) return { page };
  const detail = /^(\/[^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
  if (!detail || !LISTS_WITH_DETAIL.includes(detail[1])) return undefined;
  const list = SIGNED_IN_PAGES.find((candidate) => candidate.path === detail[1]);
  if (!list) return undefined;
  const view = detail[2] === NEW_ITEM && !detail[3] ? 'new' : detail[3];
  if (view !== undefined) {
    const roles = list.itemViews?.[view];
    return roles ? { page: { ...list, roles }, view, itemId: view === 'new' ? undefined : safeDecode(detail[2]) } : undefined;
  }
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
