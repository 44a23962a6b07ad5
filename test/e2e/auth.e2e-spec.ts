import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type request from 'supertest';
import { loginCounterKey, loginCounterSecret, MAX_KNOWN_DEVICES_PER_USER } from '@app/domain';
import { SESSION_RECHECK_MS, SessionsService } from '@app/identity';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed';
import { apiIsBuilt, type ApiProcess, freePort, startApiProcess, stopApiProcess, chequeKeysEnv } from '../helpers/api-process';
import { DEMO, loginAs, startTestApp, TEST_PUBLIC_URL, type TestApp, TestClock } from '../helpers/test-app';

const describeBuilt = apiIsBuilt ? describe : describe.skip;
/** A configured cheque code key, as in production: the login counters' HMAC key is derived from it. */
const CHEQUE_CODE_KEY = Buffer.alloc(32, 3).toString('base64');

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
    const clock = new TestClock();
    const app = await startTestApp({ clock });
    try {
      clock.set(new Date());
      const agent = await loginAs(app, DEMO.operatorReviewer);
      const { sessionId } = (await agent.get('/api/auth/me').expect(200)).body;
      await app.dataSource.query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [sessionId]);
      // Within SESSION_RECHECK_MS the process still trusts what it read (another process's revocation, ADR 0015)…
      clock.set(new Date(clock.now().getTime() + SESSION_RECHECK_MS - 1));
      await agent.get('/api/auth/me').expect(200);
      // …and reads the session again once that delay is over.
      clock.set(new Date(clock.now().getTime() + 2));
      await agent.get('/api/auth/me').expect(401);
    } finally {
      await app.close();
    }
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
  // The default limits (docs/adr/0009-login-throttling.md): 10 failures per account and address, 50 per
  // account from browsers it does not know, 10 per known browser, 100 per address, in 15 minutes.
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ trustProxy: true, env: { CHEQUE_CODE_KEY } });
  });
  afterAll(() => testApp.close());

  /** One sign-in attempt from this address (X-Forwarded-For, the app trusting its proxy), with or without a device cookie. */
  function attempt(email: string, password: string, address: string, deviceCookie?: string): request.Test {
    const call = testApp.anonymous().post('/api/auth/login').set('X-Forwarded-For', address);
    if (deviceCookie) void call.set('Cookie', deviceCookie);
    return call.send({ email, password });
  }

  it('100 bad tries from one address, then the owner from another address with the right password: 200', async () => {
    const statuses: number[] = [];
    for (let attempted = 0; attempted < 100; attempted++) {
      statuses.push((await attempt(DEMO.placeAgent, `wrong-password-${attempted}`, '198.51.100.1')).status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(90).fill(429)]);
    const owner = await attempt(DEMO.placeAgent, DEMO_PASSWORD, '203.0.113.5').expect(200);
    expect(owner.body).toMatchObject({ email: DEMO.placeAgent });
  });

  it('answers 429 before checking the password: the right one from the guessing address gets the same answer as a wrong one', async () => {
    for (let attempted = 0; attempted < 10; attempted++) {
      await attempt(DEMO.funderViewer, 'wrong-password', '198.51.100.2').expect(401);
    }
    const wrong = await attempt(DEMO.funderViewer, 'wrong-password', '198.51.100.2').expect(429);
    const right = await attempt(DEMO.funderViewer, DEMO_PASSWORD, '198.51.100.2').expect(429);
    for (const refused of [wrong, right]) {
      expect(refused.body).toEqual({
        code: 'too_many_requests',
        message: 'Too many attempts: wait a little before trying again',
        details: { retryAfterSeconds: expect.any(Number) },
      });
      expect(Number(refused.headers['retry-after'])).toBe(refused.body.details.retryAfterSeconds);
      expect(refused.body.details.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.body.details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    // An e-mail no account has is counted and refused the same way: a 429 does not tell which e-mails exist.
    for (let attempted = 0; attempted < 10; attempted++) {
      await attempt('nobody@nowhere.example', 'wrong-password', '198.51.100.2').expect(401);
    }
    const unknown = await attempt('nobody@nowhere.example', 'wrong-password', '198.51.100.2').expect(429);
    expect(Object.keys(unknown.body)).toEqual(Object.keys(wrong.body));
  });

  it('stops a guesser spread over many addresses, except for the browser the owner already signed in with', async () => {
    const home = await attempt(DEMO.distributorAgent, DEMO_PASSWORD, '192.0.2.10').expect(200);
    const deviceCookie = deviceCookieOf(home.headers['set-cookie']);
    expect(deviceSetCookieOf(home.headers['set-cookie'])).toMatch(
      /^pn_device=[A-Za-z0-9_-]{43}; Max-Age=7776000; Path=\/api\/auth\/login; HttpOnly; SameSite=Strict$/,
    );

    for (let address = 1; address <= 5; address++) {
      for (let attempted = 0; attempted < 10; attempted++) {
        await attempt(DEMO.distributorAgent, 'wrong-password', `198.51.100.${20 + address}`).expect(401);
      }
    }
    // 50 failures on the account from browsers it does not know: locked for every such browser.
    await attempt(DEMO.distributorAgent, 'wrong-password', '198.51.100.26').expect(429);
    await attempt(DEMO.distributorAgent, DEMO_PASSWORD, '192.0.2.99').expect(429);

    // The owner's browser, from yet another address: signed in, under a fresh device secret.
    const owner = await attempt(DEMO.distributorAgent, DEMO_PASSWORD, '192.0.2.11', deviceCookie).expect(200);
    const renewed = deviceCookieOf(owner.headers['set-cookie']);
    expect(renewed).not.toBe(deviceCookie);
    await attempt(DEMO.distributorAgent, DEMO_PASSWORD, '192.0.2.12', renewed).expect(200);
    // The old secret no longer makes a known browser (a copied or planted cookie is useless after the next sign-in).
    await attempt(DEMO.distributorAgent, DEMO_PASSWORD, '192.0.2.13', deviceCookie).expect(429);
  });

  it('counts a known browser on its own: its failures lock only itself, not the account', async () => {
    const home = await attempt(DEMO.operatorReviewer, DEMO_PASSWORD, '192.0.2.20').expect(200);
    const deviceCookie = deviceCookieOf(home.headers['set-cookie']);
    for (let attempted = 0; attempted < 10; attempted++) {
      await attempt(DEMO.operatorReviewer, 'wrong-password', `192.0.2.${30 + attempted}`, deviceCookie).expect(401);
    }
    await attempt(DEMO.operatorReviewer, DEMO_PASSWORD, '192.0.2.20', deviceCookie).expect(429);
    // Another browser, even from the same address, is not affected by the known browser's failures.
    await attempt(DEMO.operatorReviewer, DEMO_PASSWORD, '192.0.2.20').expect(200);
    // A device cookie only counts for the account it signed in to.
    for (let attempted = 0; attempted < 10; attempted++) {
      await attempt(DEMO.funderManager, 'wrong-password', '198.51.100.3').expect(401);
    }
    await attempt(DEMO.funderManager, DEMO_PASSWORD, '198.51.100.3', deviceCookie).expect(429);
  });

  it('lets exactly the limit of simultaneous wrong attempts through to the password check', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => attempt(DEMO.operatorAdmin, 'wrong-password', '198.51.100.4').then((response) => response.status)),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  });

  it('does not count a successful sign-in as a failure', async () => {
    for (let attempted = 0; attempted < 9; attempted++) {
      await attempt(DEMO.funderManager, 'wrong-password', '198.51.100.5').expect(401);
    }
    for (let signedIn = 0; signedIn < 3; signedIn++) await attempt(DEMO.funderManager, DEMO_PASSWORD, '198.51.100.5').expect(200);
    await attempt(DEMO.funderManager, 'wrong-password', '198.51.100.5').expect(401);
    await attempt(DEMO.funderManager, DEMO_PASSWORD, '198.51.100.5').expect(429);
  });

  it('keeps no e-mail or address in the counters, only an HMAC under a key derived from the cheque code key, not a bare SHA-256', async () => {
    await attempt(DEMO.placeAgent, 'wrong-password', '198.51.100.7').expect(401);
    const counters: Array<{ key: Buffer }> = await testApp.dataSource.query('SELECT key FROM login_attempt_counters');
    expect(counters.length).toBeGreaterThan(0);
    for (const { key } of counters) {
      expect(key).toHaveLength(32);
      for (const clear of [DEMO.placeAgent, 'mediateur', '198.51.100.7']) expect(key.includes(Buffer.from(clear))).toBe(false);
    }
    const stored = new Set(counters.map(({ key }) => key.toString('hex')));
    const subject = [DEMO.placeAgent, '198.51.100.7'];
    const sha256 = createHash('sha256')
      .update(['account_and_address', ...subject].join('\u0000'), 'utf8')
      .digest('hex');
    expect(stored.has(sha256)).toBe(false);
    const secret = loginCounterSecret(Buffer.from(CHEQUE_CODE_KEY, 'base64'));
    expect(stored.has(loginCounterKey(secret, 'account_and_address', subject).toString('hex'))).toBe(true);
    expect(stored.has(loginCounterKey(secret, 'address', ['198.51.100.7']).toString('hex'))).toBe(true);
  });
});

describe('login throttling windows', () => {
  const clock = new TestClock();
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      clock,
      trustProxy: true,
      env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '4', LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '2', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' },
    });
  });
  afterAll(() => testApp.close());

  function attempt(email: string, address: string): request.Test {
    return testApp.anonymous().post('/api/auth/login').set('X-Forwarded-For', address).send({ email, password: 'wrong-password' });
  }

  it('limits failures per address across accounts, until the window ends; ended counters are purged', async () => {
    clock.set(new Date('2026-03-02T09:00:00Z'));
    for (let account = 0; account < 4; account++) await attempt(`someone${account}@nowhere.example`, '198.51.100.60').expect(401);
    const refused = await attempt('someone-else@nowhere.example', '198.51.100.60').expect(429);
    expect(refused.headers['retry-after']).toBe(String(15 * 60));
    await attempt('someone-else@nowhere.example', '198.51.100.61').expect(401);

    clock.set(new Date('2026-03-02T09:14:59Z'));
    await attempt('someone-else@nowhere.example', '198.51.100.60').expect(429);
    clock.set(new Date('2026-03-02T09:15:00Z'));
    await attempt('someone-else@nowhere.example', '198.51.100.60').expect(401);
    // A process purges at most every 5 minutes: the next attempt after that deletes every ended counter.
    clock.set(new Date('2026-03-02T09:20:00Z'));
    await attempt('someone-else@nowhere.example', '198.51.100.62').expect(401);
    const remaining: Array<{ window_ends_at: Date }> = await testApp.dataSource.query('SELECT window_ends_at FROM login_attempt_counters');
    // Left: the counters of the last two attempts (the address and account counters they share counted once).
    expect(remaining.map((counter) => counter.window_ends_at.toISOString()).sort()).toEqual([
      ...Array<string>(3).fill('2026-03-02T09:30:00.000Z'),
      ...Array<string>(2).fill('2026-03-02T09:35:00.000Z'),
    ]);
  });

  it('refuses without writing: the blocked counters keep their row versions, and a new e-mail from a blocked address adds no row', async () => {
    clock.set(new Date('2026-03-02T10:00:00Z'));
    for (let account = 0; account < 4; account++) await attempt(`spray${account}@nowhere.example`, '198.51.100.70').expect(401);
    // xmin is the transaction that wrote a row's current version: any update, even a no-op one, changes it.
    const snapshot = (): Promise<unknown[]> =>
      testApp.dataSource.query(
        'SELECT key, scope, failures, window_ends_at, xmin::text AS written_by FROM login_attempt_counters ORDER BY key',
      );
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    // Every row write tried on the counters, even one rolled back afterwards: a sequence is not transactional.
    await testApp.dataSource.query(`
      CREATE SEQUENCE test_counter_writes;
      CREATE FUNCTION test_count_counter_write() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN PERFORM nextval('test_counter_writes'); RETURN NEW; END $$;
      CREATE TRIGGER test_count_counter_writes BEFORE INSERT OR UPDATE ON login_attempt_counters
        FOR EACH ROW EXECUTE FUNCTION test_count_counter_write();`);
    const writesTried = async (): Promise<number> => {
      const [sequence]: Array<{ last_value: string; is_called: boolean }> = await testApp.dataSource.query(
        'SELECT last_value, is_called FROM test_counter_writes',
      );
      return sequence.is_called ? Number(sequence.last_value) : 0;
    };

    await attempt('spray0@nowhere.example', '198.51.100.70').expect(429);
    await attempt('never-seen-before@nowhere.example', '198.51.100.70').expect(429);
    await testApp
      .anonymous()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '198.51.100.70')
      .send({ email: DEMO.placeAgent, password: DEMO_PASSWORD })
      .expect(429);

    expect(await snapshot()).toEqual(before);
    expect(await writesTried()).toBe(0);
    // The trigger does see writes: an allowed attempt from another address is charged (its three counters).
    await attempt('spray0@nowhere.example', '198.51.100.71').expect(401);
    expect(await writesTried()).toBeGreaterThanOrEqual(3);
    await testApp.dataSource.query(
      'DROP TRIGGER test_count_counter_writes ON login_attempt_counters; DROP FUNCTION test_count_counter_write(); DROP SEQUENCE test_counter_writes',
    );
  });

  it(`keeps the ${MAX_KNOWN_DEVICES_PER_USER} most recently used known devices of a user, the new one always among them`, async () => {
    const signIn = (at: string, address: string, deviceCookie?: string): request.Test => {
      clock.set(new Date(at));
      const call = testApp.anonymous().post('/api/auth/login').set('X-Forwarded-For', address);
      if (deviceCookie) void call.set('Cookie', deviceCookie);
      return call.send({ email: DEMO.placeAgent, password: DEMO_PASSWORD }).expect(200);
    };
    const [{ id: userId }]: Array<{ id: string }> = await testApp.dataSource.query('SELECT id FROM users WHERE email = $1', [
      DEMO.placeAgent,
    ]);
    const knownHashes = async (): Promise<string[]> =>
      (
        (await testApp.dataSource.query('SELECT token_hash FROM known_devices WHERE user_id = $1', [userId])) as Array<{
          token_hash: Buffer;
        }>
      )
        .map((row) => row.token_hash.toString('hex'))
        .sort();
    const hashOf = (cookie: string): string => createHash('sha256').update(cookie.split('=')[1], 'utf8').digest('hex');

    // Twelve sign-ins without the cookie (a script, private browsing), one minute apart.
    const cookies: string[] = [];
    for (let signedIn = 0; signedIn < 12; signedIn++) {
      const minute = String(signedIn).padStart(2, '0');
      cookies.push(deviceCookieOf((await signIn(`2026-03-02T11:${minute}:00Z`, `192.0.2.${60 + signedIn}`)).headers['set-cookie']));
    }
    expect(await knownHashes()).toEqual(cookies.slice(2).map(hashOf).sort());

    // The oldest kept device signs in again: it becomes the most recent, so the next new device evicts the one after it.
    const renewed = deviceCookieOf((await signIn('2026-03-02T11:20:00Z', '192.0.2.90', cookies[2])).headers['set-cookie']);
    const newest = deviceCookieOf((await signIn('2026-03-02T11:21:00Z', '192.0.2.91')).headers['set-cookie']);
    expect(await knownHashes()).toEqual([renewed, newest, ...cookies.slice(4)].map(hashOf).sort());
  });
});

describeBuilt('login throttling over two API processes', () => {
  let testApp: TestApp;
  let second: ApiProcess;
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-login-'));

  beforeAll(async () => {
    // Every process is configured with the same cheque code key, from which the counters' HMAC key is derived.
    testApp = await startTestApp({ env: { CHEQUE_CODE_KEY } });
    second = await startApiProcess(await freePort(), {
      DATABASE_URL: testApp.databaseUrl,
      DATA_DIR: dataDir,
      // The test app's cheque keys: they are recorded in the database, and other ones refuse to start.
      ...chequeKeysEnv(),
      CHEQUE_CODE_KEY,
      PUBLIC_URL: TEST_PUBLIC_URL,
      DEMO_SEED: 'false',
      EXPIRY_JOB_INTERVAL_MINUTES: '0',
      REPORTING_REFRESH_MINUTES: '0',
      LOG_LEVEL: 'error',
    });
  });
  afterAll(async () => {
    if (second) await stopApiProcess(second);
    await testApp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The same attempt on this process (supertest) or the other one (fetch): both see 127.0.0.1. */
  async function attemptOn(process: 'first' | 'second', password: string): Promise<number> {
    const body = { email: DEMO.placeAgent, password };
    if (process === 'first') return (await testApp.anonymous().post('/api/auth/login').send(body)).status;
    const response = await fetch(`${second.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TEST_PUBLIC_URL },
      body: JSON.stringify(body),
    });
    return response.status;
  }

  it('shares one count: simultaneous wrong attempts spread over both let exactly the limit through', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, index) => attemptOn(index % 2 === 0 ? 'first' : 'second', 'wrong-password')),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    expect(await attemptOn('first', DEMO_PASSWORD)).toBe(429);
    expect(await attemptOn('second', DEMO_PASSWORD)).toBe(429);
    const counters: Array<{ scope: string; failures: number }> = await testApp.dataSource.query(
      'SELECT scope, failures FROM login_attempt_counters ORDER BY scope',
    );
    expect(counters).toEqual([
      { scope: 'address', failures: 10 },
      { scope: 'account_and_address', failures: 10 },
      { scope: 'account', failures: 10 },
    ]);
  });
});

/** "pn_session=…" as a browser would send it back. */
function cookieOf(setCookie: string | string[] | undefined): string {
  return String(setCookie).split(';')[0];
}

/** The device cookie's Set-Cookie line. */
function deviceSetCookieOf(setCookie: string | string[] | undefined): string {
  const line = (Array.isArray(setCookie) ? setCookie : [String(setCookie)]).find((cookie) => cookie.startsWith('pn_device='));
  if (!line) throw new Error(`no device cookie in ${String(setCookie)}`);
  return line;
}

/** "pn_device=…" as the browser sends it back to the login route. */
function deviceCookieOf(setCookie: string | string[] | undefined): string {
  return deviceSetCookieOf(setCookie).split(';')[0];
}
