/**
 * GET /metrics (Prometheus text): behind the METRICS_TOKEN bearer, off (404) without one; after a
 * few requests it shows their durations by route pattern and status, the redemptions by outcome,
 * the jobs' last success, and the database pool.
 */
import { ReportingRefreshService } from '@app/reporting';
import { qrContentOf, redeem, redemptionFixture } from '../helpers/redemption';
import { DEMO, startTestApp, type TestApp } from '../helpers/test-app';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** The value of the sample of this metric carrying these labels (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (match && match[1] === name && wanted.every((pair) => match[2].split(',').includes(pair))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => testApp?.close());

  it('refuses without the bearer token, or with another one', async () => {
    const missing = await testApp.anonymous().get('/metrics').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(missing.text).not.toContain('http_request_duration_seconds');
    await testApp.anonymous().get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    await testApp.anonymous().get('/metrics').set('Authorization', TOKEN).expect(401);
  });

  it('counts requests by route pattern and status, redemptions by outcome, and shows the pool', async () => {
    const fixture = await redemptionFixture(testApp);
    await testApp.anonymous().get('/api/keys').expect(200);
    await testApp.anonymous().get('/api/cheques/ABCD-EFGH-JKLM/status');
    await testApp.anonymous().get('/api/no/such/path-123').expect(404);
    const qr = await qrContentOf(testApp, fixture.codes[0]);
    await redeem(fixture.placeAgent, [qr], fixture.supportId).expect(201);
    await redeem(fixture.placeAgent, [qr], fixture.supportId).expect(409);
    // An e-mail waiting in the outbox (its worker is off in tests).
    await testApp.anonymous().post('/api/auth/password-reset').send({ email: DEMO.placeAgent }).expect(202);

    const scraped = await testApp.anonymous().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = scraped.text;
    expect(
      sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/keys', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    // The route pattern, never the raw URL (a cheque code there would be a leak and a label per cheque).
    expect(text).toMatch(/route="\/api\/cheques\/:code\/status"/);
    expect(text).not.toContain('ABCD-EFGH-JKLM');
    // Unmatched by any route, or by the web app's catch-all where its build is served: never the raw URL.
    expect(text).toMatch(/route="(unmatched|\/\*)",status="404"/);
    expect(text).not.toContain('path-123');
    expect(
      sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/redemptions', status: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pass_redemptions_total', { outcome: 'redeemed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pass_redemptions_total', { outcome: 'already_used' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pass_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pass_db_pool_connections', { state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'pass_outbox_messages', { status: 'pending' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pass_outbox_messages', { status: 'failed' })).toBe(0);
    expect(text).toMatch(/^pass_outbox_oldest_pending_seconds\{[^}]*\} \d/m);
  });

  it("shows a periodic job's last success once it ran", async () => {
    const refreshes = testApp.app.get(ReportingRefreshService);
    // The job's own timer is off in tests (REPORTING_REFRESH_MINUTES=0): run what the timer runs.
    await refreshes.runScheduled();
    const text = (await testApp.anonymous().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;
    const match = /^pass_job_last_success_timestamp_seconds\{job="reporting_refresh",service="pass-numerique-api"\} (\d+(\.\d+)?)$/m.exec(
      text,
    );
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThan(Date.UTC(2024, 0, 1) / 1000);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ seed: false });
  });
  afterAll(async () => testApp?.close());

  it('answers 404, like any unknown path', async () => {
    await testApp.anonymous().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
  });
});
