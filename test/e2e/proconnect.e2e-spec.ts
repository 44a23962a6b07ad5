/**
 * ProConnect sign-in against a real OpenID provider (oidc-provider, started here): the whole code
 * flow with PKCE, state and nonce, a person matched by verified e-mail only, refusals (unknown,
 * unverified, disabled, forged id_token, replayed return, state from another browser), and logout
 * at the provider.
 */
import type TestAgent from 'supertest/lib/agent';
import { proconnectEnv, startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider';
import { DEMO, loginAs, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app';

const REDIRECT_URI = `${TEST_PUBLIC_URL}/api/auth/proconnect/callback`;
const POST_LOGOUT_URI = `${TEST_PUBLIC_URL}/connexion`;

/** A browser at the provider: follows its redirects with its own cookies until it is sent back to the platform. */
async function atProvider(authorizationUrl: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair.split('=');
      cookies.set(name, value.join('='));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider answered ${response.status} without redirect: ${await response.text()}`);
    url = new URL(location, url).href;
    if (url.startsWith(REDIRECT_URI)) return url.slice(TEST_PUBLIC_URL.length);
  }
  throw new Error('too many redirects at the provider');
}

describe('ProConnect sign-in (OpenID Connect)', () => {
  let provider: TestOidcProvider;
  let testApp: TestApp;

  beforeAll(async () => {
    provider = await startOidcProvider({
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: POST_LOGOUT_URI,
      accounts: {
        mediator: { email: DEMO.placeAgent.toUpperCase(), emailVerified: true },
        stranger: { email: 'inconnu@example.org', emailVerified: true },
        unverified: { email: DEMO.funderViewer, emailVerified: false },
        reviewer: { email: DEMO.operatorReviewer, emailVerified: true },
      },
    });
    testApp = await startTestApp({ env: proconnectEnv(provider) });
  });
  afterAll(async () => {
    await testApp.close();
    await provider.close();
  });

  /** Starts a sign-in in this browser and signs in at the provider: the return path, not yet followed. */
  async function providerReturn(browser: TestAgent, accountId: string): Promise<string> {
    const start = await browser.post('/api/auth/proconnect/authorization').expect(200);
    const authorizationUrl = new URL(start.body.authorizationUrl);
    expect(authorizationUrl.origin).toBe(provider.issuer);
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'openid email',
    });
    expect(authorizationUrl.searchParams.get('state')).toBeTruthy();
    expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();
    const flowCookie = String(start.headers['set-cookie']);
    expect(flowCookie).toMatch(/pn_proconnect_flow=[^;]+;.*Path=\/api\/auth\/proconnect/);
    expect(flowCookie).toMatch(/HttpOnly/);
    expect(flowCookie).toMatch(/SameSite=Lax/);
    provider.signInAs(accountId);
    return atProvider(authorizationUrl.href);
  }

  async function auditRows(action: string): Promise<Array<{ object_id: string; changes: Record<string, unknown> }>> {
    return testApp.dataSource.query('SELECT object_id, changes FROM audit_events WHERE action = $1 ORDER BY occurred_at', [action]);
  }

  it('says where to register and what to register', async () => {
    const status = await testApp.anonymous().get('/api/auth/proconnect').expect(200);
    expect(status.body).toEqual({ enabled: true, redirectUri: REDIRECT_URI, postLogoutRedirectUri: POST_LOGOUT_URI });
  });

  it('signs in an existing user by verified e-mail, with a session like a password sign-in, audited', async () => {
    const browser = testApp.anonymous();
    const back = await providerReturn(browser, 'mediator');
    const signedUserinfo = provider.signedUserinfoAnswers;
    const callback = await browser.get(back).expect(303);
    // The e-mail came from userinfo as a signed JWT, as ProConnect sends it.
    expect(provider.signedUserinfoAnswers).toBe(signedUserinfo + 1);
    expect(callback.headers.location).toBe('/');
    const cookies = String(callback.headers['set-cookie']);
    expect(cookies).toMatch(/pn_session=[A-Za-z0-9_-]{43};.*HttpOnly/);
    expect(cookies).toMatch(/pn_proconnect_flow=;/);
    const me = await browser.get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({ email: DEMO.placeAgent, role: 'place_agent' });
    const logins = await auditRows('user.logged_in');
    expect(logins.at(-1)).toMatchObject({ object_id: me.body.sessionId, changes: { method: 'proconnect' } });
  });

  it('never creates a user nor changes a role', async () => {
    const before = await testApp.dataSource.query('SELECT email, role, organisation_id FROM users ORDER BY email');
    const stranger = testApp.anonymous();
    const refused = await stranger.get(await providerReturn(stranger, 'stranger')).expect(303);
    expect(refused.headers.location).toBe('/connexion?proconnect=unknown');
    expect(String(refused.headers['set-cookie'])).not.toMatch(/pn_session=[^;]/);
    await stranger.get('/api/auth/me').expect(401);
    const browser = testApp.anonymous();
    await browser.get(await providerReturn(browser, 'reviewer')).expect(303);
    expect(await testApp.dataSource.query('SELECT email, role, organisation_id FROM users ORDER BY email')).toEqual(before);
  });

  it('refuses an e-mail the provider does not vouch for, unless the person accepted an invitation at it', async () => {
    const browser = testApp.anonymous();
    const refused = await browser.get(await providerReturn(browser, 'unverified')).expect(303);
    expect(refused.headers.location).toBe('/connexion?proconnect=unverified');
    const [user] = await testApp.dataSource.query('SELECT id, organisation_id, role FROM users WHERE email = $1', [DEMO.funderViewer]);
    expect((await auditRows('user.login_failed')).at(-1)).toMatchObject({ object_id: user.id, changes: { reason: 'unverified' } });
    const [inviter] = await testApp.dataSource.query('SELECT id FROM users WHERE organisation_id = $1 AND id <> $2 LIMIT 1', [
      user.organisation_id,
      user.id,
    ]);
    await testApp.dataSource.query(
      `INSERT INTO invitations (organisation_id, email, role, token_hash, invited_by_user_id, expires_at, accepted_at, accepted_user_id)
       VALUES ($1, $2, $3, '\\x00', $4, now() + interval '1 day', now(), $5)`,
      [user.organisation_id, DEMO.funderViewer, user.role, inviter.id, user.id],
    );
    const again = testApp.anonymous();
    const accepted = await again.get(await providerReturn(again, 'unverified')).expect(303);
    expect(accepted.headers.location).toBe('/');
    await again.get('/api/auth/me').expect(200);
  });

  it('refuses a disabled user', async () => {
    await testApp.dataSource.query('UPDATE users SET disabled_at = now() WHERE email = $1', [DEMO.operatorReviewer]);
    try {
      const browser = testApp.anonymous();
      const refused = await browser.get(await providerReturn(browser, 'reviewer')).expect(303);
      expect(refused.headers.location).toBe('/connexion?proconnect=disabled');
      await browser.get('/api/auth/me').expect(401);
    } finally {
      await testApp.dataSource.query('UPDATE users SET disabled_at = NULL WHERE email = $1', [DEMO.operatorReviewer]);
    }
  });

  it('refuses an id_token not signed by the provider', async () => {
    const browser = testApp.anonymous();
    const back = await providerReturn(browser, 'mediator');
    provider.forgeNextIdToken();
    const refused = await browser.get(back).expect(303);
    expect(refused.headers.location).toBe('/connexion?proconnect=failed');
    await browser.get('/api/auth/me').expect(401);
  });

  it('refuses a replayed return, in the same browser and with the flow cookie copied', async () => {
    const browser = testApp.anonymous();
    const start = await browser.post('/api/auth/proconnect/authorization').expect(200);
    const flowCookie = String(start.headers['set-cookie']).split(';')[0];
    provider.signInAs('mediator');
    const back = await atProvider(start.body.authorizationUrl);
    await browser.get(back).expect(303).expect('location', '/');
    const sameBrowser = await browser.get(back).expect(303);
    expect(sameBrowser.headers.location).toBe('/connexion?proconnect=failed');
    // With the cookie: state and PKCE pass, the provider refuses the used code.
    const copied = await testApp.anonymous().get(back).set('Cookie', flowCookie).expect(303);
    expect(copied.headers.location).toBe('/connexion?proconnect=failed');
    expect(String(copied.headers['set-cookie'])).not.toMatch(/pn_session=[^;]/);
  });

  it('refuses a return whose state is not the browser’s own (login CSRF), or altered', async () => {
    const victim = testApp.anonymous();
    await victim.post('/api/auth/proconnect/authorization').expect(200);
    const attacker = testApp.anonymous();
    const attackersReturn = await providerReturn(attacker, 'stranger');
    const planted = await victim.get(attackersReturn).expect(303);
    expect(planted.headers.location).toBe('/connexion?proconnect=failed');
    await victim.get('/api/auth/me').expect(401);

    const browser = testApp.anonymous();
    const altered = (await providerReturn(browser, 'mediator')).replace(/state=[^&]+/, 'state=autre');
    const refused = await browser.get(altered).expect(303);
    expect(refused.headers.location).toBe('/connexion?proconnect=failed');
    // No flow at all (the cookie expired or was never set).
    const bare = await testApp.anonymous().get('/api/auth/proconnect/callback?code=x&state=y').expect(303);
    expect(bare.headers.location).toBe('/connexion?proconnect=failed');
  });

  it('refuses to start a sign-in from another site (Origin check)', async () => {
    const response = await testApp.anonymous().post('/api/auth/proconnect/authorization').set('Origin', 'https://attacker.example');
    expect(response.status).toBe(403);
  });

  it('logs out at the provider too: end-session URL with id_token_hint and the registered return', async () => {
    const browser = testApp.anonymous();
    await browser.get(await providerReturn(browser, 'mediator')).expect(303);
    const logout = await browser.post('/api/auth/proconnect/logout').expect(200);
    const endSession = new URL(logout.body.endSessionUrl);
    expect(endSession.origin + endSession.pathname).toBe(`${provider.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(POST_LOGOUT_URI);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await browser.get('/api/auth/me').expect(401);
    // The provider accepts it: its logout confirmation, not an error.
    const atEnd = await fetch(endSession, { redirect: 'manual' });
    expect(atEnd.status).toBe(200);
    expect(await atEnd.text()).toMatch(/logout/i);

    // A password session has no provider session to end.
    const passwordSession = await loginAs(testApp, DEMO.operatorAdmin);
    const plain = await passwordSession.post('/api/auth/proconnect/logout').expect(200);
    expect(plain.body).toEqual({ endSessionUrl: null });
    await passwordSession.get('/api/auth/me').expect(401);
  });
});

describe('ProConnect off (no configuration)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ seed: false });
  });
  afterAll(() => testApp.close());

  it('answers 404 on every ProConnect route', async () => {
    const anonymous = testApp.anonymous();
    await anonymous.get('/api/auth/proconnect').expect(404);
    await anonymous.post('/api/auth/proconnect/authorization').expect(404);
    await anonymous.get('/api/auth/proconnect/callback?code=x&state=y').expect(404);
  });
});
