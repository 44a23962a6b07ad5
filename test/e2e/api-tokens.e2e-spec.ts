import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('API tokens for integrators', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('shows the token once, stores only its hash, and lists it without the secret', async () => {
    const manager = await loginAs(testApp, DEMO.funderManager);
    const created = await manager
      .post('/api/api-tokens')
      .send({ name: 'Tableur du département', scopes: ['organisation:read'] })
      .expect(201);
    expect(created.body.token).toMatch(/^pn_[A-Za-z0-9_-]{43}$/);
    expect(created.body.prefix).toBe(created.body.token.slice(0, 11));
    const stored = await testApp.dataSource.query('SELECT token_hash FROM api_tokens WHERE id = $1', [created.body.id]);
    expect(stored[0].token_hash.toString('utf8')).not.toContain(created.body.token.slice(3));
    const list = await manager.get('/api/api-tokens').expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).not.toHaveProperty('token');
    expect(list.body[0]).toMatchObject({
      id: created.body.id,
      name: 'Tableur du département',
      scopes: ['organisation:read'],
      revokedAt: null,
    });
  });

  it('lets a token call routes of its scopes only, as its organisation', async () => {
    const manager = await loginAs(testApp, DEMO.distributorAgent);
    const { body } = await manager
      .post('/api/api-tokens')
      .send({ name: 'Logiciel CCAS', scopes: ['organisation:read'] })
      .expect(201);
    const bearer = { Authorization: `Bearer ${body.token}` };

    const organisations = await testApp.anonymous().get('/api/organisations').set(bearer).expect(200);
    expect(organisations.body).toHaveLength(1);
    expect(organisations.body[0]).toMatchObject({ kind: 'distributor', name: 'CCAS de Bordeaux (démo)' });

    const withoutScope = await testApp.anonymous().get('/api/users').set(bearer).expect(403);
    expect(withoutScope.body).toEqual({
      code: 'scope_missing',
      message: 'The API token lacks the scope users:read',
      details: { missing: ['users:read'] },
    });

    const personOnly = await testApp.anonymous().get('/api/auth/me').set(bearer).expect(403);
    expect(personOnly.body.code).toBe('forbidden');

    // A bearer token is not a cookie: no Origin check applies, but writes still need a scope.
    const write = await testApp
      .anonymous()
      .post('/api/organisations')
      .unset('Origin')
      .set(bearer)
      .send({ name: 'X', kind: 'place' })
      .expect(403);
    expect(write.body.code).toBe('forbidden');
  });

  it('stops working once revoked, and an unknown token is 401', async () => {
    const manager = await loginAs(testApp, DEMO.placeAgent);
    const { body } = await manager
      .post('/api/api-tokens')
      .send({ name: 'Caisse', scopes: ['users:read'] })
      .expect(201);
    await testApp.anonymous().get('/api/users').set('Authorization', `Bearer ${body.token}`).expect(200);
    const revoked = await manager.delete(`/api/api-tokens/${body.id}`).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await testApp.anonymous().get('/api/users').set('Authorization', `Bearer ${body.token}`).expect(401);
    expect(refused.body).toEqual({ code: 'unauthenticated', message: 'The API token is unknown, revoked or expired', details: null });
    await testApp.anonymous().get('/api/users').set('Authorization', 'Bearer pn_made-up').expect(401);
    const audit = await testApp.dataSource.query(
      "SELECT action FROM audit_events WHERE object_type = 'api_token' AND object_id = $1 ORDER BY id",
      [body.id],
    );
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['api_token.created', 'api_token.revoked']);
  });

  it('refuses scopes the organisation kind may not hold, and non-managers', async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    const refused = await funder
      .post('/api/api-tokens')
      .send({ name: 'Audit', scopes: ['audit:read'] })
      .expect(400);
    expect(refused.body).toEqual({
      code: 'validation_failed',
      message: 'The request has invalid fields',
      details: [{ field: 'scopes', problems: ['audit:read is not available to a funder organisation'] }],
    });
    const unknownScope = await funder
      .post('/api/api-tokens')
      .send({ name: 'X', scopes: ['cheques:print'] })
      .expect(400);
    expect(unknownScope.body.details[0].field).toBe('scopes');
    const viewer = await loginAs(testApp, DEMO.funderViewer);
    await viewer
      .post('/api/api-tokens')
      .send({ name: 'X', scopes: ['organisation:read'] })
      .expect(403);
  });

  it('lets the operator read the audit trail with an audit:read token', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const { body } = await admin
      .post('/api/api-tokens')
      .send({ name: 'Contrôle', scopes: ['audit:read'] })
      .expect(201);
    const page = await testApp.anonymous().get('/api/audit-events?pageSize=5').set('Authorization', `Bearer ${body.token}`).expect(200);
    expect(page.body.items.length).toBeGreaterThan(0);
  });

  it('rejects an expired token', async () => {
    const manager = await loginAs(testApp, DEMO.funderManager);
    const { body } = await manager
      .post('/api/api-tokens')
      .send({ name: 'Court', scopes: ['organisation:read'], expiresAt: new Date(Date.now() + 60_000).toISOString() })
      .expect(201);
    await testApp.dataSource.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [body.id]);
    await testApp.anonymous().get('/api/organisations').set('Authorization', `Bearer ${body.token}`).expect(401);
    const past = await manager
      .post('/api/api-tokens')
      .send({ name: 'Passé', scopes: ['organisation:read'], expiresAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(past.body.details).toEqual([{ field: 'expiresAt', problems: ['must be in the future'] }]);
    const far = await manager
      .post('/api/api-tokens')
      .send({ name: 'Lointain', scopes: ['organisation:read'], expiresAt: '-271821-04-20' })
      .expect(400);
    expect(far.body.details).toEqual([{ field: 'expiresAt', problems: ['must be a real date or instant from 1900-01-01 to 2200-12-31'] }]);
  });
});
