import { API_SCOPES, scopeAllowedFor } from './api-scopes';
import { ORGANISATION_KINDS } from './roles';

describe('API scopes', () => {
  it('keeps the audit trail to the operator', () => {
    expect(ORGANISATION_KINDS.filter((kind) => scopeAllowedFor('audit:read', kind))).toEqual(['operator']);
  });

  it('lets the operator hold every scope', () => {
    expect(API_SCOPES.every((scope) => scopeAllowedFor(scope, 'operator'))).toBe(true);
  });
});
