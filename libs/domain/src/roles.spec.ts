import { isOrganisationManager, ORGANISATION_KINDS, organisationKindOfRole, ROLES, rolesOfKind } from './roles';

describe('roles and organisation kinds', () => {
  it('gives every role exactly one organisation kind, and every kind at least one role', () => {
    for (const kind of ORGANISATION_KINDS) expect(rolesOfKind(kind).length).toBeGreaterThan(0);
    const counted = ORGANISATION_KINDS.flatMap((kind) => rolesOfKind(kind));
    expect([...counted].sort()).toEqual([...ROLES].sort());
  });

  it('maps roles as the architecture says', () => {
    expect(organisationKindOfRole('operator_reviewer')).toBe('operator');
    expect(organisationKindOfRole('funder_viewer')).toBe('funder');
    expect(organisationKindOfRole('distributor_agent')).toBe('distributor');
    expect(organisationKindOfRole('place_agent')).toBe('place');
  });

  it('has one manager role per organisation kind', () => {
    for (const kind of ORGANISATION_KINDS) expect(rolesOfKind(kind).filter(isOrganisationManager)).toHaveLength(1);
  });
});
