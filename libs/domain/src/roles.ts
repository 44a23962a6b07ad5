/** Organisation kinds and user roles of the platform, and which role fits which kind. */
export const ORGANISATION_KINDS = ['operator', 'funder', 'distributor', 'place'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = [
  'operator_admin',
  'operator_reviewer',
  'funder_manager',
  'funder_viewer',
  'distributor_agent',
  'place_agent',
] as const;
export type Role = (typeof ROLES)[number];

export function organisationKindOfRole(role: Role): OrganisationKind {
  switch (role) {
    case 'operator_admin':
    case 'operator_reviewer':
      return 'operator';
    case 'funder_manager':
    case 'funder_viewer':
      return 'funder';
    case 'distributor_agent':
      return 'distributor';
    case 'place_agent':
      return 'place';
  }
}

export function rolesOfKind(kind: OrganisationKind): Role[] {
  return ROLES.filter((role) => organisationKindOfRole(role) === kind);
}

/**
 * The role that manages an organisation's integrations (API tokens). Distributors and places
 * have a single role, so their agents manage their own tokens.
 */
export function isOrganisationManager(role: Role): boolean {
  switch (role) {
    case 'operator_admin':
    case 'funder_manager':
    case 'distributor_agent':
    case 'place_agent':
      return true;
    case 'operator_reviewer':
    case 'funder_viewer':
      return false;
  }
}
