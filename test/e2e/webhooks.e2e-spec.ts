import type TestAgent from 'supertest/lib/agent';
import { Webhook } from 'standardwebhooks';
import { WebhookSender } from '@app/webhooks';
import { createOrganisationWithUser } from '../helpers/fixtures';
import { redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { DEMO, loginAs, startTestApp, TestClock, type TestApp } from '../helpers/test-app';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

describe('webhooks for places’ software', () => {
  const clock = new TestClock();
  let testApp: TestApp;
  let fixture: RedemptionFixture;
  let receiver: WebhookReceiver;
  let sender: WebhookSender;
  let codes: string[];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // A receiver slower than one second has not answered in time.
    testApp = await startTestApp({ clock, env: { WEBHOOKS_TIMEOUT_SECONDS: '1' } });
    fixture = await redemptionFixture(testApp);
    sender = testApp.app.get(WebhookSender);
    codes = [...fixture.codes];
    // The demo's endpoint (an address that does not exist) would take every redemption below too.
    await switchOffEveryEndpoint();
  });
  afterAll(async () => {
    await testApp.close();
    await receiver.close();
  });
  beforeEach(() => {
    clock.reset();
    receiver.received.length = 0;
  });
  // Each test sees only its own endpoint's deliveries, even when the one before failed half-way.
  afterEach(() => switchOffEveryEndpoint());

  function switchOffEveryEndpoint(): Promise<unknown> {
    return testApp.dataSource.query(
      "UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = 'removed' WHERE disabled_at IS NULL",
    );
  }

  async function register(agent: TestAgent, path: string, eventTypes: string[]) {
    const created = await agent
      .post('/api/webhooks')
      .send({ url: `${receiver.url}${path}`, description: 'Logiciel de caisse', eventTypes })
      .expect(201);
    return created.body as { id: string; secret: string; secretPrefix: string };
  }

  /**
   * The event, once Standard Webhooks' own library has checked the signature, id and timestamp
   * headers for this body. Its freshness check reads the system time: when the test moved the
   * app's clock, the check is made at the instant the message was signed.
   */
  function verified(secret: string, index: number): { type: string; data: Record<string, unknown> } {
    const request = receiver.received[index];
    const signedAt = Number(request.headers['webhook-timestamp']) * 1000;
    const now = jest.spyOn(Date, 'now').mockReturnValue(signedAt);
    try {
      return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
        type: string;
        data: Record<string, unknown>;
      };
    } finally {
      now.mockRestore();
    }
  }

  async function deliveries(endpointId: string) {
    return (await fixture.placeAgent.get(`/api/webhooks/${endpointId}/deliveries`).expect(200)).body.items as Array<{
      id: string;
      eventType: string;
      status: string;
      attempts: Array<{ statusCode: number | null; error: string | null }>;
    }>;
  }

  it('shows the secret once, keeps it encrypted, and signs each redemption event so the receiver can verify it', async () => {
    const endpoint = await register(fixture.placeAgent, '/caisse', ['redemption.created', 'redemption.undone']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint.secret.startsWith(endpoint.secretPrefix)).toBe(true);
    const [stored] = await testApp.dataSource.query('SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
    expect(stored.secret_ciphertext.toString('latin1')).not.toContain(endpoint.secret.slice(6, 20));
    const listed = await fixture.placeAgent.get('/api/webhooks').expect(200);
    expect(listed.body.find((item: { id: string }) => item.id === endpoint.id)).not.toHaveProperty('secret');

    const redemption = await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
    await fixture.placeAgent.post(`/api/redemptions/${redemption.body.id}/undo`).send({ reason: 'Erreur de service' }).expect(200);
    expect(await sender.drain()).toEqual({ delivered: 2, retryLater: 0, givenUp: 0 });

    const events = [verified(endpoint.secret, 0), verified(endpoint.secret, 1)].sort((a, b) => a.type.localeCompare(b.type));
    expect(events[0]).toMatchObject({
      type: 'redemption.created',
      data: {
        redemptionId: redemption.body.id,
        placeId: fixture.placeId,
        chequeCount: 1,
        amountCents: redemption.body.amountCents,
        currency: 'EUR',
      },
    });
    expect(events[1]).toMatchObject({ type: 'redemption.undone', data: { redemptionId: redemption.body.id, reason: 'Erreur de service' } });
    expect(receiver.received[0].headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    // Removed, so that the tests below see only their own endpoint's deliveries.
    await fixture.placeAgent.delete(`/api/webhooks/${endpoint.id}`).expect(200);
  });

  it('writes nothing for a refused redemption: the event belongs to the change’s transaction', async () => {
    const endpoint = await register(fixture.placeAgent, '/refus', ['redemption.created']);
    const used = codes.shift()!;
    await redeem(fixture.placeAgent, [used], fixture.workshopId).expect(201);
    await redeem(fixture.placeAgent, [used], fixture.workshopId).expect(409);
    expect((await deliveries(endpoint.id)).map((delivery) => delivery.eventType)).toEqual(['redemption.created']);
    await sender.drain();
    await fixture.placeAgent.delete(`/api/webhooks/${endpoint.id}`).expect(200);
  });

  it('tries a failing receiver again with backoff, with the same webhook-id, and logs every attempt', async () => {
    const endpoint = await register(fixture.placeAgent, '/instable', ['redemption.created']);
    receiver.answerNext({ status: 500 }, { status: 503 });
    await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
    const start = new Date();
    clock.set(start);
    expect(await sender.drain()).toEqual({ delivered: 0, retryLater: 1, givenUp: 0 });
    // Not due again before its delay (5 s after the first failure).
    expect(await sender.drain()).toEqual({ delivered: 0, retryLater: 0, givenUp: 0 });
    clock.set(new Date(start.getTime() + 6_000));
    expect(await sender.drain()).toEqual({ delivered: 0, retryLater: 1, givenUp: 0 });
    clock.set(new Date(start.getTime() + 6_000 + 5 * 60_000 + 1_000));
    expect(await sender.drain()).toEqual({ delivered: 1, retryLater: 0, givenUp: 0 });
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
    verified(endpoint.secret, 2);
    const [delivery] = await deliveries(endpoint.id);
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([204, 503, 500]);
    await fixture.placeAgent.delete(`/api/webhooks/${endpoint.id}`).expect(200);
  });

  it('abandons a slow receiver after the timeout, gives up after 24 hours, and « renvoyer » sends the same message again', async () => {
    const endpoint = await register(fixture.placeAgent, '/lent', ['redemption.created']);
    receiver.answerNext({ status: 200, delayMs: 3_000 });
    await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
    const start = new Date();
    clock.set(start);
    expect(await sender.drain()).toEqual({ delivered: 0, retryLater: 1, givenUp: 0 });
    const [delivery] = await deliveries(endpoint.id);
    expect(delivery.attempts[0]).toMatchObject({ statusCode: null, error: 'no answer within the time allowed' });

    // One failure for each of the six attempts below.
    receiver.answerNext(...Array.from({ length: 6 }, () => ({ status: 500 })));
    for (const hours of [1, 3, 8, 14, 23, 25]) {
      clock.set(new Date(start.getTime() + hours * 3600_000));
      await sender.drain();
    }
    // Read from the table: a day later on the app's clock, the test's session has expired.
    const [given] = await testApp.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = $1', [delivery.id]);
    expect(given.status).toBe('failed');
    const triedAfterGivingUp = receiver.received.length;
    clock.set(new Date(start.getTime() + 30 * 3600_000));
    expect(await sender.drain()).toEqual({ delivered: 0, retryLater: 0, givenUp: 0 });
    expect(receiver.received.length).toBe(triedAfterGivingUp);

    clock.reset();
    receiver.answerNext({ status: 200 });
    const resent = await fixture.placeAgent.post(`/api/webhooks/deliveries/${delivery.id}/resend`).send().expect(202);
    expect(resent.body).toMatchObject({ id: delivery.id, status: 'pending' });
    expect(await sender.drain()).toEqual({ delivered: 1, retryLater: 0, givenUp: 0 });
    expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(delivery.id);
    const audit = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'webhook_delivery.resent' AND object_id = $1",
      [delivery.id],
    );
    expect(audit[0].n).toBe(1);
    await fixture.placeAgent.delete(`/api/webhooks/${endpoint.id}`).expect(200);
  });

  it('switches an endpoint off when the receiver answers 410 Gone; nothing more is written for it', async () => {
    const endpoint = await register(fixture.placeAgent, '/parti', ['redemption.created']);
    receiver.answerNext({ status: 410 });
    await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
    expect(await sender.drain()).toEqual({ delivered: 0, retryLater: 0, givenUp: 1 });
    const listed = await fixture.placeAgent.get('/api/webhooks').expect(200);
    expect(listed.body.find((item: { id: string }) => item.id === endpoint.id)).toMatchObject({
      disabledReason: 'gone',
      disabledAt: expect.any(String),
    });
    await redeem(fixture.placeAgent, [codes.shift()!], fixture.workshopId).expect(201);
    expect(await deliveries(endpoint.id)).toHaveLength(1);
    await fixture.placeAgent.post(`/api/webhooks/${endpoint.id}/test`).send().expect(409);
    const audit = await testApp.dataSource.query(
      "SELECT actor_name FROM audit_events WHERE action = 'webhook_endpoint.gone' AND object_id = $1",
      [endpoint.id],
    );
    expect(audit).toEqual([{ actor_name: 'webhooks' }]);
  });

  it('sends a test event on request, and lets the software itself register through an API token', async () => {
    const token = await fixture.placeAgent
      .post('/api/api-tokens')
      .send({ name: 'Caisse', scopes: ['webhooks:manage'] })
      .expect(201);
    const software = testApp.anonymous().set('Authorization', `Bearer ${token.body.token}`);
    const created = await software
      .post('/api/webhooks')
      .send({ url: `${receiver.url}/test`, description: 'Caisse (installée par le logiciel)', eventTypes: ['payment.sent'] })
      .expect(201);
    const queued = await software.post(`/api/webhooks/${created.body.id}/test`).send().expect(202);
    expect(queued.body).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    expect(await sender.drain()).toEqual({ delivered: 1, retryLater: 0, givenUp: 0 });
    expect(verified(created.body.secret, 0)).toMatchObject({ type: 'webhook.test', data: { endpointId: created.body.id } });
    await software.delete(`/api/webhooks/${created.body.id}`).expect(200);
  });

  it('refuses bad URLs and unknown events with the field named, and other organisations see nothing', async () => {
    const bad = await fixture.placeAgent
      .post('/api/webhooks')
      .send({ url: 'ftp://exemple.org/x', description: 'X', eventTypes: ['redemption.created', 'cheque.printed'] })
      .expect(400);
    expect(bad.body.details.map((problem: { field: string }) => problem.field).sort()).toEqual(['eventTypes', 'url']);
    const endpoint = await register(fixture.placeAgent, '/isolement', ['redemption.created']);
    const funder = await loginAs(testApp, DEMO.funderManager);
    await funder.get('/api/webhooks').expect(403);
    const otherPlace = await createOrganisationWithUser(testApp, 'place');
    const other = await loginAs(testApp, otherPlace.email);
    await other.get(`/api/webhooks/${endpoint.id}/deliveries`).expect(404);
    await other.delete(`/api/webhooks/${endpoint.id}`).expect(404);
    await other.post(`/api/webhooks/${endpoint.id}/test`).send().expect(404);
    expect((await other.get('/api/webhooks').expect(200)).body).toEqual([]);
    await fixture.placeAgent.delete(`/api/webhooks/${endpoint.id}`).expect(200);
  });
});

describe('webhooks outside private networks (production default)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'false' } });
  });
  afterAll(() => testApp.close());

  it('refuses plain http and addresses of the operator’s own network', async () => {
    const agent = await loginAs(testApp, DEMO.placeAgent);
    for (const url of [
      'http://caisse.example.org/hook',
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest',
    ]) {
      const refused = await agent
        .post('/api/webhooks')
        .send({ url, description: 'X', eventTypes: ['payment.sent'] })
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'url' }] });
    }
    await agent
      .post('/api/webhooks')
      .send({ url: 'https://caisse.example.org/hook', description: 'X', eventTypes: ['payment.sent'] })
      .expect(201);
  });
});
