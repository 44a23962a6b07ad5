import { API_SCOPES, scopeAllowedFor } from './api-scopes';
import { ORGANISATION_KINDS } from './roles';

describe('API scopes', () => {
  it('keeps the audit trail to the operator', () => {
    expect(ORGANISATION_KINDS.filter((kind) => scopeAllowedFor('audit:read', kind))).toEqual(['operator']);
  });

  it('lets the operator hold every scope but redeeming and webhooks, which only places use', () => {
    expect(API_SCOPES.filter((scope) => !scopeAllowedFor(scope, 'operator'))).toEqual(['redemptions:write', 'webhooks:manage']);
    expect(scopeAllowedFor('redemptions:write', 'place')).toBe(true);
    expect(scopeAllowedFor('webhooks:manage', 'place')).toBe(true);
    expect(scopeAllowedFor('redemptions:read', 'funder')).toBe(false);
  });

  it("gives the bank's answers to the operator only, and reading settlement and the ledger to those it concerns", () => {
    const holders = (scope: (typeof API_SCOPES)[number]) => ORGANISATION_KINDS.filter((kind) => scopeAllowedFor(scope, kind));
    expect(holders('settlement:write')).toEqual(['operator']);
    expect(holders('settlement:read')).toEqual(['operator', 'funder', 'place']);
    expect(holders('ledger:read')).toEqual(['operator', 'funder']);
  });
});
