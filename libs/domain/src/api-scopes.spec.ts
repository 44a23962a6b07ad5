import { API_SCOPES, scopeAllowedFor } from './api-scopes';
import { ORGANISATION_KINDS } from './roles';

describe('API scopes', () => {
  it('keeps the audit trail to the operator', () => {
    expect(ORGANISATION_KINDS.filter((kind) => scopeAllowedFor('audit:read', kind))).toEqual(['operator']);
  });

  it('lets the operator hold every scope but redeeming, which only places do', () => {
    expect(API_SCOPES.filter((scope) => !scopeAllowedFor(scope, 'operator'))).toEqual(['redemptions:write']);
    expect(ORGANISATION_KINDS.filter((kind) => scopeAllowedFor('redemptions:write', kind))).toEqual(['place']);
  });
});
