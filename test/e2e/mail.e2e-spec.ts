/**
 * E-mail on the real stack: outbox rows written with the change, sent by the worker to a real SMTP
 * server started here; a forgotten password end to end; a server refusing the first attempt;
 * concurrent workers. The worker's timer is off (MAIL_OUTBOX_POLL_SECONDS=0): tests drain it.
 */
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed';
import { OutboxService, OutboxWorker, passwordResetMail } from '@app/mail';
import { passwordLinkIn, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { DEMO, loginAs, startTestApp, TestClock, type TestApp } from '../helpers/test-app';

const NEW_PASSWORD = 'un cheval bleu mange des pommes';

async function outboxRows(
  dataSource: DataSource,
): Promise<Array<{ id: string; kind: string; status: string; attempts: number; text_body: string }>> {
  return dataSource.query('SELECT id, kind, status, attempts, text_body FROM outbox_messages ORDER BY created_at, id');
}

describe('e-mail through the outbox to a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let testApp: TestApp;
  let worker: OutboxWorker;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    testApp = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Pass numérique <ne-pas-repondre@pass-numerique.test>' } });
    worker = testApp.app.get(OutboxWorker);
    // Whatever the seed may have queued is not this file's business.
    await worker.drain();
    smtp.received.length = 0;
  });

  afterAll(async () => {
    await testApp?.close();
    await smtp?.close();
  });

  it('a forgotten password: request, outbox, SMTP, link, new password, every old session ended, sign-in with the new one', async () => {
    const email = DEMO.placeAgent;
    const firstSession = await loginAs(testApp, email);
    const secondSession = await loginAs(testApp, email);
    const [{ id: userId }]: Array<{ id: string }> = await testApp.dataSource.query('SELECT id FROM users WHERE email = $1', [email]);
    expect(Number((await testApp.dataSource.query('SELECT count(*) FROM known_devices WHERE user_id = $1', [userId]))[0].count)).toBe(2);

    const known = await testApp
      .anonymous()
      .post('/api/auth/password-reset')
      .send({ email: ` ${email.toUpperCase()} ` });
    const unknown = await testApp.anonymous().post('/api/auth/password-reset').send({ email: 'personne@nulle-part.example' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    // Written with the request, not sent yet: one message, for the account that exists.
    expect((await outboxRows(testApp.dataSource)).filter((row) => row.status === 'pending').map((row) => row.kind)).toEqual([
      'password_reset',
    ]);

    expect(await worker.drain()).toEqual({ sent: 1, retryLater: 0, givenUp: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.to).toMatchObject({ text: email });
    expect(mail.from?.text).toContain('ne-pas-repondre@pass-numerique.test');
    expect(mail.subject).toBe('Choisir un nouveau mot de passe pour le Pass numérique');
    const link = passwordLinkIn(mail);
    expect(link.url.startsWith(`${testApp.publicUrl}/mot-de-passe/`)).toBe(true);
    expect(mail.html).toContain('lang="fr"');
    expect(mail.html).toContain(`href="${link.url}"`);
    expect(mail.html).not.toMatch(/<img/i);
    // Sent: the body (with its single-use link) is no longer kept.
    const [sentRow] = (await outboxRows(testApp.dataSource)).filter((row) => row.kind === 'password_reset');
    expect(sentRow).toMatchObject({ status: 'sent', attempts: 1, text_body: '' });
    expect(mail.messageId).toBe(`<${sentRow.id}@pass-numerique.test>`);

    const described = await testApp.anonymous().get(`/api/auth/password-reset/${link.token}`);
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({ email, purpose: 'reset' });

    // A refused password keeps the link usable.
    const tooShort = await testApp.anonymous().post(`/api/auth/password-reset/${link.token}`).send({ password: 'court' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'password' }] });

    const chosen = await testApp.anonymous().post(`/api/auth/password-reset/${link.token}`).send({ password: NEW_PASSWORD });
    expect(chosen.status).toBe(204);
    const again = await testApp
      .anonymous()
      .post(`/api/auth/password-reset/${link.token}`)
      .send({ password: `${NEW_PASSWORD}!` });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'not_found' });
    expect(again.body).toHaveProperty('details');

    for (const session of [firstSession, secondSession]) expect((await session.get('/api/auth/me')).status).toBe(401);
    expect(Number((await testApp.dataSource.query('SELECT count(*) FROM known_devices WHERE user_id = $1', [userId]))[0].count)).toBe(0);
    expect((await testApp.anonymous().post('/api/auth/login').send({ email, password: DEMO_PASSWORD })).status).toBe(401);
    const signedIn = await loginAs(testApp, email, NEW_PASSWORD);
    expect((await signedIn.get('/api/auth/me')).body).toMatchObject({ email });

    const audit: Array<{ action: string; changes: Record<string, unknown> }> = await testApp.dataSource.query(
      `SELECT action, changes FROM audit_events WHERE object_type = 'user' AND object_id = $1 AND action LIKE 'user.password%' ORDER BY occurred_at`,
      [userId],
    );
    expect(audit).toEqual([
      { action: 'user.password_reset_requested', changes: {} },
      { action: 'user.password_reset', changes: { sessionsEnded: 2, knownDevicesForgotten: 2 } },
    ]);
  });

  it('answers 202 for unknown e-mails, refuses (429) past the limit per e-mail, and names a bad e-mail field', async () => {
    const email = 'inconnu@nulle-part.example';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      statuses.push((await testApp.anonymous().post('/api/auth/password-reset').send({ email })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    const bad = await testApp.anonymous().post('/api/auth/password-reset').send({ email: 'pas une adresse' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'email' }] });
  });

  it('an invitation is e-mailed with the link the API answers', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const [{ id: organisationId }]: Array<{ id: string }> = await testApp.dataSource.query(
      `SELECT id FROM organisations WHERE kind = 'distributor' ORDER BY name LIMIT 1`,
    );
    const invited = await admin
      .post(`/api/organisations/${organisationId}/invitations`)
      .send({ email: 'nouvelle@ccas.example', role: 'distributor_agent' });
    expect(invited.status).toBe(201);
    const before = smtp.received.length;
    expect((await worker.drain()).sent).toBe(1);
    const mail = smtp.received[before];
    expect(mail.to).toMatchObject({ text: 'nouvelle@ccas.example' });
    expect(mail.text).toContain(invited.body.invitationUrl);
    expect(mail.html).toContain(invited.body.invitationUrl);
  });

  it('changing one’s password while signed in needs the current one and ends the other sessions', async () => {
    const email = DEMO.distributorAgent;
    const current = await loginAs(testApp, email);
    const other = await loginAs(testApp, email);
    const wrong = await current.post('/api/auth/password').send({ currentPassword: 'pas le bon mot de passe', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'currentPassword' }] });
    const weak = await current.post('/api/auth/password').send({ currentPassword: DEMO_PASSWORD, newPassword: 'aaaaaaaaaaaaaaa' });
    expect(weak.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'newPassword' }] });
    const changed = await current.post('/api/auth/password').send({ currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.status).toBe(204);
    expect((await current.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await testApp.anonymous().post('/api/auth/login').send({ email, password: NEW_PASSWORD })).status).toBe(200);
    const anonymous = await testApp.anonymous().post('/api/auth/password').send({ currentPassword: 'x', newPassword: NEW_PASSWORD });
    expect(anonymous.status).toBe(401);
  });
});

describe('an SMTP server that refuses the first attempt', () => {
  it('the message is delivered once, later, after its retry delay', async () => {
    const smtp = await startSmtpServer();
    const clock = new TestClock();
    const testApp = await startTestApp({ clock, env: { SMTP_URL: smtp.url } });
    try {
      const worker = testApp.app.get(OutboxWorker);
      // The demo seed's notifications go first; then the server refuses once.
      await worker.drain();
      smtp.received.length = 0;
      smtp.refuseNext(1);
      const refusedBefore = smtp.refused;
      const start = new Date();
      clock.set(start);
      expect((await testApp.anonymous().post('/api/auth/password-reset').send({ email: DEMO.funderManager })).status).toBe(202);

      const first = await worker.drain();
      expect(first).toEqual({ sent: 0, retryLater: 1, givenUp: 0 });
      expect(smtp.refused).toBe(refusedBefore + 1);
      const [waiting] = (await outboxRows(testApp.dataSource)).filter((row) => row.kind === 'password_reset');
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
      // Not due again yet.
      expect(await worker.drain()).toEqual({ sent: 0, retryLater: 0, givenUp: 0 });

      clock.set(new Date(start.getTime() + 31_000));
      expect(await worker.drain()).toEqual({ sent: 1, retryLater: 0, givenUp: 0 });
      expect(await worker.drain()).toEqual({ sent: 0, retryLater: 0, givenUp: 0 });
      const delivered = smtp.received.filter((mail) => mail.to && 'text' in mail.to && mail.to.text === DEMO.funderManager);
      expect(delivered).toHaveLength(1);
      expect(delivered[0].messageId).toBe(`<${waiting.id}@pass-numerique.test>`);
      const [sent] = (await outboxRows(testApp.dataSource)).filter((row) => row.id === waiting.id);
      expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await testApp.close();
      await smtp.close();
    }
  });
});

describe('several workers on one outbox', () => {
  it('concurrent drains send every message exactly once', async () => {
    const smtp = await startSmtpServer();
    const testApp = await startTestApp({ env: { SMTP_URL: smtp.url } });
    try {
      const worker = testApp.app.get(OutboxWorker);
      await worker.drain();
      smtp.received.length = 0;
      const outbox = testApp.app.get(OutboxService);
      const ids = await testApp.dataSource.transaction(async (manager) => {
        const written: string[] = [];
        for (let index = 0; index < 24; index += 1) {
          written.push(
            await outbox.enqueue(manager, {
              kind: 'test',
              to: `personne${index}@example.org`,
              ...passwordResetMail({ url: `https://pass-numerique.test/mot-de-passe/${'x'.repeat(43)}`, validityMinutes: 60 }),
            }),
          );
        }
        return written;
      });
      const drains = await Promise.all([worker.drain(), worker.drain(), worker.drain(), worker.drain()]);
      expect(drains.reduce((total, drain) => total + drain.sent, 0)).toBe(24);
      const messageIds = smtp.received.map((mail) => mail.messageId);
      expect(messageIds).toHaveLength(24);
      expect(new Set(messageIds).size).toBe(24);
      expect([...messageIds].sort()).toEqual(ids.map((id) => `<${id}@pass-numerique.test>`).sort());
    } finally {
      await testApp.close();
      await smtp.close();
    }
  });

  it('a message whose transaction rolls back is never sent', async () => {
    const smtp = await startSmtpServer();
    const testApp = await startTestApp({ env: { SMTP_URL: smtp.url } });
    try {
      const worker = testApp.app.get(OutboxWorker);
      await worker.drain();
      const before = smtp.received.length;
      const outbox = testApp.app.get(OutboxService);
      const failing = testApp.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, { kind: 'test', to: 'x@example.org', subject: 'Jamais envoyé', text: 'texte', html: '<p>texte</p>' });
        throw new Error('the change fails after its e-mail was written');
      });
      await expect(failing).rejects.toThrow('the change fails');
      expect(await worker.drain()).toEqual({ sent: 0, retryLater: 0, givenUp: 0 });
      expect(smtp.received.length).toBe(before);
    } finally {
      await testApp.close();
      await smtp.close();
    }
  });
});
