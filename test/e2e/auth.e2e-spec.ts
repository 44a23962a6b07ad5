import { SESSION_RECHECK_MS, SessionsService } from '@app/identity';
import { DEMO, loginAs, startTestApp, TEST_PUBLIC_URL, type TestApp, TestClock } from '../helpers/test-app';

describe('authentication and sessions', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  /** Signs in without keeping the cookie: its `name=value`, and the session's id. */
  async function signIn(email: string): Promise<{ cookie: string; sessionId: string }> {
    const login = await testApp.anonymous().post('/api/auth/login').send({ email, password: 'pass-numerique-demo' }).expect(200);
    return { cookie: cookieOf(login.headers['set-cookie']), sessionId: login.body.sessionId };
  }

  it('signs in with an HttpOnly SameSite=Lax cookie and answers /me', async () => {
    const agent = testApp.anonymous();
    const login = await agent
      .post('/api/auth/login')
      .send({ email: '  Admin@Operateur.EXAMPLE ', password: 'pass-numerique-demo' })
      .expect(200);
    expect(login.body).toMatchObject({ email: DEMO.operatorAdmin, role: 'operator_admin', organisation: { kind: 'operator' } });
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^pn_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // not in test mode; Secure in production
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({ email: DEMO.operatorAdmin, displayName: 'Camille Leroy', sessionId: login.body.sessionId });
  });

  it('answers the same generic error for an unknown email and a wrong password', async () => {
    const unknown = await testApp
      .anonymous()
      .post('/api/auth/login')
      .send({ email: 'nobody@nowhere.example', password: 'whatever-password' })
      .expect(401);
    const wrong = await testApp
      .anonymous()
      .post('/api/auth/login')
      .send({ email: DEMO.funderViewer, password: 'not-the-password' })
      .expect(401);
    expect(unknown.body).toEqual({ code: 'invalid_credentials', message: 'Email or password is incorrect', details: null });
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses protected routes without a session', async () => {
    const response = await testApp.anonymous().get('/api/auth/me').expect(401);
    expect(response.body).toEqual({ code: 'unauthenticated', message: 'Sign in to continue', details: null });
  });

  it('logout revokes the session server-side: the old cookie no longer works', async () => {
    const agent = testApp.anonymous();
    const login = await agent.post('/api/auth/login').send({ email: DEMO.funderManager, password: 'pass-numerique-demo' }).expect(200);
    const me = await agent.get('/api/auth/me').expect(200);
    const cookieHeader = cookieOf(login.headers['set-cookie']);
    const logout = await agent.post('/api/auth/logout').expect(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/pn_session=;.*Expires=Thu, 01 Jan 1970/);
    // Replaying the stolen cookie after logout must fail.
    await testApp.anonymous().get('/api/auth/me').set('Cookie', cookieHeader).expect(401);
    const revoked = await testApp.dataSource.query('SELECT revoked_at FROM sessions WHERE id = $1', [me.body.sessionId]);
    expect(revoked[0].revoked_at).toBeInstanceOf(Date);
  });

  it('lists a user’s sessions and ends another one of them; someone else’s is 404', async () => {
    const laptop = await loginAs(testApp, DEMO.distributorAgent);
    const phone = await loginAs(testApp, DEMO.distributorAgent);
    const phoneSession = (await phone.get('/api/auth/me').expect(200)).body.sessionId as string;
    const sessions = await laptop.get('/api/auth/sessions').expect(200);
    expect(sessions.body.length).toBeGreaterThanOrEqual(2);
    expect(sessions.body.filter((session: { current: boolean }) => session.current)).toHaveLength(1);
    expect(sessions.body.map((session: { id: string }) => session.id)).toContain(phoneSession);

    const stranger = await loginAs(testApp, DEMO.placeAgent);
    await stranger.delete(`/api/auth/sessions/${phoneSession}`).expect(404);
    await phone.get('/api/auth/me').expect(200);

    await laptop.delete(`/api/auth/sessions/${phoneSession}`).expect(204);
    await phone.get('/api/auth/me').expect(401);
    await laptop.get('/api/auth/me').expect(200);
    const audit = await testApp.dataSource.query(
      "SELECT action FROM audit_events WHERE object_type = 'session' AND object_id = $1 ORDER BY id",
      [phoneSession],
    );
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['user.logged_in', 'session.revoked']);
  });

  it('expired sessions stop working', async () => {
    const agent = await loginAs(testApp, DEMO.operatorReviewer);
    const { sessionId } = (await agent.get('/api/auth/me').expect(200)).body;
    await testApp.dataSource.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1", [sessionId]);
    // The API trusts a session it has just read for a moment; a change made behind its back needs this.
    testApp.app.get(SessionsService).forgetRecentSessions();
    await agent.get('/api/auth/me').expect(401);
  });

  it('a session ends at its expiry time even when it was read a moment before', async () => {
    const clock = new TestClock();
    const app = await startTestApp({ clock });
    try {
      const agent = await loginAs(app, DEMO.operatorReviewer);
      await agent.get('/api/auth/me').expect(200);
      const [{ expires_at: expiresAt }]: Array<{ expires_at: Date }> = await app.dataSource.query(
        'SELECT expires_at FROM sessions ORDER BY created_at DESC LIMIT 1',
      );
      clock.set(new Date(expiresAt.getTime() + 1));
      await agent.get('/api/auth/me').expect(401);
    } finally {
      await app.close();
    }
  });

  it('keeps nothing it read before a revocation: a look-up in flight when sessions are forgotten is not kept', async () => {
    const login = await signIn(DEMO.operatorReviewer);
    const secret = login.cookie.split('=')[1];
    const sessions = testApp.app.get(SessionsService);
    const inFlight = sessions.resolve(secret); // reads the session…
    sessions.forgetRecentSessions(); // …while a revocation commits (through this process)
    expect(await inFlight).not.toBeNull();
    await testApp.dataSource.query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [login.sessionId]);
    expect(await sessions.resolve(secret)).toBeNull();
  });

  it("a session revoked behind the API's back stops working once the API reads it again", async () => {
    const agent = await loginAs(testApp, DEMO.operatorReviewer);
    const { sessionId } = (await agent.get('/api/auth/me').expect(200)).body;
    await testApp.dataSource.query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [sessionId]);
    // The API reads a session again at most SESSION_RECHECK_MS after it last did.
    await new Promise((resolve) => setTimeout(resolve, SESSION_RECHECK_MS + 50));
    await agent.get('/api/auth/me').expect(401);
  });

  describe('cross-site request forgery', () => {
    it('refuses a cookie-authenticated write without an Origin header', async () => {
      const { cookie } = await signIn(DEMO.operatorAdmin);
      const response = await testApp
        .anonymous()
        .post('/api/organisations')
        .unset('Origin')
        .set('Cookie', cookie)
        .send({ name: 'X', kind: 'funder' })
        .expect(403);
      expect(response.body.code).toBe('csrf_rejected');
    });

    it('refuses a cookie-authenticated write from another site', async () => {
      const agent = await loginAs(testApp, DEMO.operatorAdmin);
      const response = await agent
        .post('/api/organisations')
        .set('Origin', 'https://evil.example')
        .send({ name: 'X', kind: 'funder' })
        .expect(403);
      expect(response.body).toMatchObject({ code: 'csrf_rejected' });
    });

    it('accepts the platform origin and refuses a cross-site login', async () => {
      const agent = await loginAs(testApp, DEMO.operatorAdmin);
      await agent.post('/api/organisations').set('Origin', TEST_PUBLIC_URL).send({ name: 'Commune de Pessac', kind: 'funder' }).expect(201);
      await testApp
        .anonymous()
        .post('/api/auth/login')
        .set('Origin', 'https://evil.example')
        .send({ email: DEMO.operatorAdmin, password: 'pass-numerique-demo' })
        .expect(403);
    });
  });
});

describe('login throttling', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES: '3', LOGIN_MAX_PER_IP_PER_MINUTE: '6' } });
  });
  afterAll(() => testApp.close());

  it('limits attempts per account, even with the right password afterwards', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await testApp.anonymous().post('/api/auth/login').send({ email: DEMO.placeAgent, password: 'wrong-password' }).expect(401);
    }
    const blocked = await testApp
      .anonymous()
      .post('/api/auth/login')
      .send({ email: DEMO.placeAgent, password: 'pass-numerique-demo' })
      .expect(429);
    expect(blocked.body).toEqual({ code: 'too_many_requests', message: 'Too many attempts: wait a little before trying again', details: null });
    expect(Number(blocked.headers['retry-after-per-account'] ?? blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits attempts per IP address across accounts', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const response = await testApp
        .anonymous()
        .post('/api/auth/login')
        .send({ email: `someone${attempt}@nowhere.example`, password: 'wrong-password' });
      statuses.push(response.status);
    }
    // 4 attempts above + 4 here > 6 per minute from 127.0.0.1
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses.slice(-1)).toEqual([429]);
  });
});

/** "pn_session=…" as a browser would send it back. */
function cookieOf(setCookie: string | string[] | undefined): string {
  return String(setCookie).split(';')[0];
}
