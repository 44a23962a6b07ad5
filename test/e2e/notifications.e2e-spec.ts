/**
 * The notification catalogue on the real stack (docs/notifications.md): each kind reaches the right
 * people of the organisation concerned through the outbox and a real SMTP server started here, in
 * French, once the change commits (and not when it rolls back); the periodic ones once, even when
 * the job runs twice or twice at the same time; preferences switch off what may be switched off;
 * the purge deletes old rows only. The worker's and the job's timers are off: tests drive them.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type TestAgent from 'supertest/lib/agent';
import { addDays, localDate } from '@app/domain';
import { NotificationsService, OutboxWorker } from '@app/mail';
import { NotificationJobsService } from '@app/notifications';
import { ExpiryService } from '@app/vouchers';
import { addUser, createOrganisationWithUser } from '../helpers/fixtures';
import { answerAndSubmit, PLACE_INPUT, passingScores } from '../helpers/places';
import { createProgramme } from '../helpers/programmes';
import { handedOutProgramme, redeem } from '../helpers/redemption';
import { approveAndExport, createBatch, createPayee, databaseNow, type Payee } from '../helpers/settlement';
import { mailsTo, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const PREFERENCES_LINK = 'http://pass-numerique.test/mes-notifications';

describe('notifications', () => {
  let smtp: TestSmtpServer;
  let testApp: TestApp;
  let worker: OutboxWorker;
  let jobs: NotificationJobsService;
  let operator: TestAgent;
  let reviewer: TestAgent;
  let codes: string[];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    testApp = await startTestApp({ env: { SMTP_URL: smtp.url } });
    worker = testApp.app.get(OutboxWorker);
    jobs = testApp.app.get(NotificationJobsService);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
    codes = [...(await handedOutProgramme(testApp, { eligibleServices: [] })).codes];
    // What the seed and the fixtures queued is not this file's business.
    await worker.drain();
    smtp.received.length = 0;
  });

  afterAll(async () => {
    await testApp?.close();
    await smtp?.close();
  });

  /** Sends the outbox and answers what reached the SMTP server since the last call. */
  async function deliver(): Promise<ParsedMail[]> {
    await worker.drain();
    return smtp.received.splice(0);
  }

  function expectNotification(mail: ParsedMail, subject: string | RegExp, link: string, switchable: boolean): void {
    if (typeof subject === 'string') expect(mail.subject).toBe(subject);
    else expect(mail.subject).toMatch(subject);
    expect(mail.text).toMatch(/^Bonjour,/);
    expect(mail.text).toContain(`http://pass-numerique.test${link}`);
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain(`href="http://pass-numerique.test${link}"`);
    expect(mail.html).not.toMatch(/<img|<script/i);
    // The footer tells how to switch it off, only when it may be.
    if (switchable) {
      expect(mail.text).toContain(PREFERENCES_LINK);
      expect(mail.html).toContain(`href="${PREFERENCES_LINK}"`);
    } else {
      expect(mail.text).not.toContain(PREFERENCES_LINK);
    }
  }

  async function paidLine(payee: Payee): Promise<string> {
    const code = codes.shift();
    if (!code) throw new Error('no cheque left');
    await redeem(payee.agent, [code], payee.serviceId).expect(201);
    const batch = await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201);
    await approveAndExport(testApp, operator, batch.body.id);
    const lines = (await operator.get(`/api/settlement/batches/${batch.body.id}`).expect(200)).body.lines as Array<{
      id: string;
      organisationId: string;
    }>;
    return lines.find((line) => line.organisationId === payee.organisationId)!.id;
  }

  function outboxKinds(): Promise<Array<{ kind: string; recipient: string }>> {
    return testApp.dataSource.query("SELECT kind, recipient FROM outbox_messages WHERE status = 'pending' ORDER BY kind, recipient");
  }

  describe('sent with the change that causes them', () => {
    it('a place learns its qualification and its verified bank details, and nobody else does', async () => {
      const payee = await createPayee(testApp, 'verified', 'Lieu « Bastide » & Cie');
      const email = (await payee.agent.get('/api/auth/me').expect(200)).body.email as string;
      const mails = await deliver();
      const own = mailsTo(mails, email);
      expect(own.map((mail) => mail.subject)).toEqual([
        'Qualification accordée à « Lieu « Bastide » & Cie »',
        'Coordonnées bancaires vérifiées',
      ]);
      const [application]: Array<{ id: string }> = await testApp.dataSource.query(
        'SELECT id FROM qualification_applications WHERE place_id = $1',
        [payee.placeId],
      );
      expectNotification(own[0], /^Qualification accordée/, `/qualification/${application.id}`, true);
      expect(own[0].text).toMatch(/est qualifié pour le Pass numérique jusqu’au \d{1,2} \S+ \d{4} inclus/);
      expect(own[0].html).toContain('« Lieu « Bastide » &amp; Cie »');
      expectNotification(own[1], 'Coordonnées bancaires vérifiées', '/coordonnees-bancaires', true);
      expect(own[1].text).toMatch(/IBAN FR76 •+/);
      // Nobody else was told.
      expect(mails.filter((mail) => !mailsTo([mail], email).length)).toEqual([]);
    });

    it('changes requested, then refused: the place is told each time, with the reviewer’s words', async () => {
      const organisation = await createOrganisationWithUser(testApp, 'place');
      const agent = await loginAs(testApp, organisation.email, organisation.password);
      const place = await agent
        .post('/api/places')
        .send({ ...PLACE_INPUT, pivot: `W${String(Date.now()).slice(-9)}`, nom: 'Tiers-lieu des Capucins' })
        .expect(201);
      const application = await agent.post('/api/qualification/applications').send({ placeId: place.body.id }).expect(201);
      await answerAndSubmit(agent, application.body.id);
      await reviewer
        .post(`/api/qualification/applications/${application.body.id}/decision`)
        .send({ outcome: 'changes_requested', motivation: 'Joignez les horaires affichés à l’entrée.', scores: passingScores() })
        .expect(201);
      const [changes] = mailsTo(await deliver(), organisation.email);
      expectNotification(
        changes,
        'Qualification de « Tiers-lieu des Capucins » : des compléments sont demandés',
        `/qualification/${application.body.id}`,
        true,
      );
      expect(changes.text).toContain('Ce qui est demandé : Joignez les horaires affichés à l’entrée.');

      await answerAndSubmit(agent, application.body.id);
      await reviewer
        .post(`/api/qualification/applications/${application.body.id}/decision`)
        .send({ outcome: 'rejected', motivation: 'Le lieu n’accueille pas de public.', scores: passingScores() })
        .expect(201);
      const [refused] = mailsTo(await deliver(), organisation.email);
      expectNotification(refused, 'Qualification refusée à « Tiers-lieu des Capucins »', `/qualification/${application.body.id}`, true);
      expect(refused.text).toContain('Motif : Le lieu n’accueille pas de public.');
    });

    it('rejected bank details: an essential message, with the reason, and no way to switch it off', async () => {
      const payee = await createPayee(testApp, 'submitted');
      await deliver();
      const email = (await payee.agent.get('/api/auth/me').expect(200)).body.email as string;
      await operator
        .post(`/api/organisations/${payee.organisationId}/bank-details/${payee.bankDetailsId}/review`)
        .send({ verdict: 'rejected', note: 'Le RIB joint est celui d’un autre compte.' })
        .expect(200);
      const [rejected] = mailsTo(await deliver(), email);
      expectNotification(rejected, 'Coordonnées bancaires refusées : à corriger', '/coordonnees-bancaires', false);
      expect(rejected.text).toContain('Motif : Le RIB joint est celui d’un autre compte.');
    });

    it('payment sent (link to the remittance statement), transfer rejected; a person who switched payments off gets only the rejection', async () => {
      const payee = await createPayee(testApp, 'verified');
      const first = (await payee.agent.get('/api/auth/me').expect(200)).body.email as string;
      const second = await addUser(testApp, payee.organisationId, 'place_agent');
      const secondAgent = await loginAs(testApp, second.email, second.password);
      await secondAgent
        .put('/api/auth/notification-preferences')
        .send({ switchedOff: ['payment_sent'] })
        .expect(200);
      const lineId = await paidLine(payee);
      await deliver();

      await operator
        .post(`/api/settlement/lines/${lineId}/paid`)
        .set('Idempotency-Key', randomUUID())
        .send({ paidOn: localDate(new Date()), bankReference: 'VIR-2026-0042' })
        .expect(200);
      const paidMails = await deliver();
      expect(mailsTo(paidMails, second.email)).toEqual([]);
      const [paid] = mailsTo(paidMails, first);
      expectNotification(paid, 'Remboursement de 10,00\u202f€ versé', '/mes-remboursements', true);
      expect(paid.text).toContain('(référence VIR-2026-0042)');
      expect(paid.text).toContain('L’avis de paiement détaille chaque chèque remboursé');

      await operator
        .post(`/api/settlement/lines/${lineId}/reject`)
        .set('Idempotency-Key', randomUUID())
        .send({ reason: 'AC04 — compte clôturé' })
        .expect(200);
      const rejectedMails = await deliver();
      for (const email of [first, second.email]) {
        const [rejected] = mailsTo(rejectedMails, email);
        expectNotification(rejected, 'Virement de 10,00\u202f€ rejeté par la banque', '/mes-remboursements', false);
        expect(rejected.text).toContain('Motif donné par la banque : AC04 — compte clôturé');
      }
    });

    it('a batch paid at once tells each of its places', async () => {
      const payees = [await createPayee(testApp, 'verified'), await createPayee(testApp, 'verified')];
      for (const payee of payees) {
        const code = codes.shift()!;
        await redeem(payee.agent, [code], payee.serviceId).expect(201);
      }
      const batch = await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201);
      await approveAndExport(testApp, operator, batch.body.id);
      await deliver();
      await operator
        .post(`/api/settlement/batches/${batch.body.id}/paid`)
        .set('Idempotency-Key', randomUUID())
        .send({ paidOn: localDate(new Date()), bankReference: 'VIR-LOT-7' })
        .expect(200);
      const mails = await deliver();
      for (const payee of payees) {
        const email = (await payee.agent.get('/api/auth/me').expect(200)).body.email as string;
        expect(mailsTo(mails, email).map((mail) => mail.subject)).toEqual(['Remboursement de 10,00\u202f€ versé']);
      }
    });

    it('nothing is enqueued when the change rolls back after writing its notice', async () => {
      const payee = await createPayee(testApp, 'verified');
      const lineId = await paidLine(payee);
      await deliver();
      // The audit record comes after the notice in the same transaction: making it fail rolls everything back.
      await testApp.dataSource.query(`
        CREATE FUNCTION refuse_line_rejection() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.action = 'settlement_line.rejected' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER refuse_line_rejection BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_line_rejection();`);
      try {
        const failed = await operator
          .post(`/api/settlement/lines/${lineId}/reject`)
          .set('Idempotency-Key', randomUUID())
          .send({ reason: 'AC04 — compte clôturé' });
        expect(failed.status).toBe(500);
      } finally {
        await testApp.dataSource.query('DROP TRIGGER refuse_line_rejection ON audit_events; DROP FUNCTION refuse_line_rejection();');
      }
      expect((await outboxKinds()).filter((row) => row.kind === 'transfer_rejected')).toEqual([]);
      const [line]: Array<{ status: string }> = await testApp.dataSource.query('SELECT status FROM settlement_lines WHERE id = $1', [
        lineId,
      ]);
      expect(line.status).toBe('pending');
      expect(await deliver()).toEqual([]);
    });

    it('a funder’s people learn that the order statement is available once the money is received, but the one who switched it off', async () => {
      const funder = await loginAs(testApp, DEMO.funderManager);
      const programme = await createProgramme({ funder, operator, until: 'funded', input: { name: 'Programme « relevé »' } });
      const mails = await deliver();
      const [mail] = mailsTo(mails, DEMO.funderManager);
      expectNotification(mail, 'Relevé de commande disponible : « Programme « relevé » »', `/programmes/${programme.id}`, true);
      // The demo funder viewer switched statements off (seed).
      expect(mailsTo(mails, DEMO.funderViewer)).toEqual([]);
      expect(mails).toHaveLength(1);
    });

    it('the closing statement, when the expiry job closes a programme: once, however often it runs', async () => {
      const funderOrganisation = await createOrganisationWithUser(testApp, 'funder', 'funder_manager');
      const funder = await loginAs(testApp, funderOrganisation.email, funderOrganisation.password);
      const programme = await createProgramme({ funder, operator, until: 'active', input: { name: 'Programme 2025' } });
      await deliver();
      const today = localDate(new Date());
      await testApp.dataSource.query('UPDATE programmes SET valid_from = $2, valid_until = $3, grace_days = 31 WHERE id = $1', [
        programme.id,
        addDays(today, -400),
        addDays(today, -40),
      ]);
      const expiry = testApp.app.get(ExpiryService);
      expect((await expiry.expireDue()).closedProgrammes).toBeGreaterThanOrEqual(1);
      await expiry.expireDue();
      const [closing, ...more] = mailsTo(await deliver(), funderOrganisation.email);
      expect(more).toEqual([]);
      expectNotification(closing, 'Relevé de clôture disponible : « Programme 2025 »', `/programmes/${programme.id}`, true);
      expect(closing.text).toContain('l’avoir correspondant');
    });
  });

  describe('periodic, once per subject and threshold', () => {
    it('renewal reminders at the configured days: once per threshold, a new one at the next threshold', async () => {
      const payee = await createPayee(testApp, 'verified', 'Médiathèque de Floirac');
      const email = (await payee.agent.get('/api/auth/me').expect(200)).body.email as string;
      const today = localDate(new Date());
      await testApp.dataSource.query('UPDATE places SET qualified_until = $2 WHERE id = $1', [payee.placeId, addDays(today, 25)]);
      await deliver();

      const first = await jobs.runDue();
      expect(first.ran).toBe(true);
      const again = await jobs.runDue();
      expect(again).toMatchObject({ ran: true, renewalReminders: 0 });
      const [reminder, ...more] = mailsTo(await deliver(), email);
      expect(more).toEqual([]);
      expectNotification(
        reminder,
        'Qualification de « Médiathèque de Floirac » : fin dans 25 jours',
        `/lieux-geres/${payee.placeId}`,
        true,
      );
      expect(reminder.text).toContain('Demander le renouvellement');

      // Five days left: the 7-day reminder is a new occasion.
      await testApp.dataSource.query('UPDATE places SET qualified_until = $2 WHERE id = $1', [payee.placeId, addDays(today, 5)]);
      await jobs.runDue();
      await jobs.runDue();
      expect(mailsTo(await deliver(), email).map((mail) => mail.subject)).toEqual([
        'Qualification de « Médiathèque de Floirac » : fin dans 5 jours',
      ]);
    });

    it('expiry alerts to the funder and idle booklets to the distributor; two runs at the same time send each once', async () => {
      const funderOrganisation = await createOrganisationWithUser(testApp, 'funder', 'funder_manager');
      const funderViewer = await addUser(testApp, funderOrganisation.organisation.id, 'funder_viewer');
      const distributorOrganisation = await createOrganisationWithUser(testApp, 'distributor');
      const funder = await loginAs(testApp, funderOrganisation.email, funderOrganisation.password);
      const today = localDate(new Date());
      const programme = await createProgramme({
        funder,
        operator,
        until: 'active',
        input: { name: 'Pass seniors', validFrom: addDays(today, -200), validUntil: addDays(today, 12) },
      });
      await operator
        .post('/api/booklets/allocations')
        .send({ programmeId: programme.id, fromNumber: 1, toNumber: 2, distributorOrganisationId: distributorOrganisation.organisation.id })
        .expect(201);
      // Booklet 1 arrived 61 days ago, booklet 2 ten days ago: only the first is idle.
      await testApp.dataSource.query(
        `UPDATE booklets SET allocated_at = now() - make_interval(days => CASE number WHEN 1 THEN 61 ELSE 10 END) WHERE programme_id = $1`,
        [programme.id],
      );
      await deliver();

      const runs = await Promise.all([jobs.runDue(), jobs.runDue()]);
      const ran = runs.filter((run) => run.ran);
      expect(ran.length).toBeGreaterThanOrEqual(1);
      const again = await jobs.runDue();
      expect(again).toMatchObject({ ran: true, expiryAlerts: 0, idleBooklets: 0 });
      const mails = await deliver();

      for (const email of [funderOrganisation.email, funderViewer.email]) {
        const [alert, ...more] = mailsTo(mails, email);
        expect(more).toEqual([]);
        expectNotification(alert, 'Programme « Pass seniors » : fin de validité dans 12 jours', `/programmes/${programme.id}`, true);
        expect(alert.text).toContain('3 carnets pas encore remis et 0 chèque remis mais pas encore utilisé.');
      }
      const [idle, ...moreIdle] = mailsTo(mails, distributorOrganisation.email);
      expect(moreIdle).toEqual([]);
      expectNotification(idle, 'Un carnet en stock depuis plus de 60 jours', '/carnets', true);
      expect(idle.text).toContain(`– ${programme.code}-00001 (Pass seniors), reçu le `);
      expect(idle.text).not.toContain(`${programme.code}-00002`);

      // Seven days left: the 7-day alert is new, the booklet already told is not.
      await testApp.dataSource.query('UPDATE programmes SET valid_until = $2 WHERE id = $1', [programme.id, addDays(today, 7)]);
      expect(await jobs.runDue()).toMatchObject({ expiryAlerts: 1, idleBooklets: 0 });
      expect(mailsTo(await deliver(), funderOrganisation.email).map((mail) => mail.subject)).toEqual([
        'Programme « Pass seniors » : fin de validité dans 7 jours',
      ]);
    });

    it('two transactions claiming the same occasions at the same time: each goes to one of them only', async () => {
      const notifications = testApp.app.get(NotificationsService);
      const occasions = Array.from({ length: 20 }, () => ({ subjectId: randomUUID(), occasion: '30' }));
      const claims = await Promise.all(
        [0, 1].map(() =>
          testApp.dataSource.transaction((manager) => notifications.claimOnce(manager, 'expiry_alert', occasions, new Date())),
        ),
      );
      expect(claims[0].length + claims[1].length).toBe(20);
      const all = [...claims[0], ...claims[1]].map((claim) => claim.subjectId).sort();
      expect(all).toEqual(occasions.map((occasion) => occasion.subjectId).sort());
    });

    it('the purge deletes sent and given-up rows older than MAIL_OUTBOX_RETENTION_DAYS, nothing else', async () => {
      await testApp.dataSource.query(
        `INSERT INTO outbox_messages (kind, recipient, subject, text_body, html_body, status, attempts, next_attempt_at, created_at, sent_at)
         VALUES ('purge_test', 'old-sent@test.example', 's', '', '', 'sent', 1, now(), now() - interval '100 days', now() - interval '100 days'),
                ('purge_test', 'old-failed@test.example', 's', '', '', 'failed', 12, now(), now() - interval '95 days', NULL),
                ('purge_test', 'old-pending@test.example', 's', 't', 'h', 'pending', 3, now() + interval '1 day', now() - interval '100 days', NULL),
                ('purge_test', 'recent-sent@test.example', 's', '', '', 'sent', 1, now(), now() - interval '10 days', now() - interval '10 days')`,
      );
      const run = await jobs.runDue();
      expect(run.purged).toBe(2);
      const left: Array<{ recipient: string }> = await testApp.dataSource.query(
        "SELECT recipient FROM outbox_messages WHERE kind = 'purge_test' ORDER BY recipient",
      );
      expect(left.map((row) => row.recipient)).toEqual(['old-pending@test.example', 'recent-sent@test.example']);
      await testApp.dataSource.query("DELETE FROM outbox_messages WHERE kind = 'purge_test'");
    });
  });

  describe('preferences', () => {
    it('list the kinds of the person’s role, essential ones marked and always on', async () => {
      const place = await loginAs(testApp, DEMO.placeAgent);
      const listed = await place.get('/api/auth/notification-preferences').expect(200);
      expect(listed.body.notifications).toEqual([
        { kind: 'qualification_decision', essential: false, enabled: true },
        { kind: 'renewal_reminder', essential: false, enabled: true },
        { kind: 'bank_details_verified', essential: false, enabled: true },
        { kind: 'bank_details_rejected', essential: true, enabled: true },
        { kind: 'payment_sent', essential: false, enabled: true },
        { kind: 'transfer_rejected', essential: true, enabled: true },
      ]);
      const funder = await loginAs(testApp, DEMO.funderViewer);
      expect(
        (await funder.get('/api/auth/notification-preferences').expect(200)).body.notifications.map((n: { kind: string }) => n.kind),
      ).toEqual(['refund_transfer_rejected', 'expiry_alert', 'statement_available']);
      const distributor = await loginAs(testApp, DEMO.distributorAgent);
      expect((await distributor.get('/api/auth/notification-preferences').expect(200)).body.notifications).toEqual([
        { kind: 'booklets_idle', essential: false, enabled: true },
      ]);
    });

    it('switch a kind off and on again; refuse essential, unknown and other roles’ kinds with a 400 naming the field', async () => {
      const organisation = await createOrganisationWithUser(testApp, 'place');
      const agent = await loginAs(testApp, organisation.email, organisation.password);
      const saved = await agent
        .put('/api/auth/notification-preferences')
        .send({ switchedOff: ['renewal_reminder', 'payment_sent'] })
        .expect(200);
      expect(saved.body.notifications.filter((n: { enabled: boolean }) => !n.enabled).map((n: { kind: string }) => n.kind)).toEqual([
        'renewal_reminder',
        'payment_sent',
      ]);
      expect((await agent.get('/api/auth/notification-preferences').expect(200)).body).toEqual(saved.body);

      for (const [switchedOff, problem] of [
        [['transfer_rejected'], '"transfer_rejected" is essential and cannot be switched off'],
        [['bank_details_rejected', 'payment_sent'], '"bank_details_rejected" is essential and cannot be switched off'],
        [['expiry_alert'], '"expiry_alert" is not sent to your role'],
      ] as const) {
        const refused = await agent.put('/api/auth/notification-preferences').send({ switchedOff }).expect(400);
        expect(refused.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'switchedOff', problems: [problem] }] });
      }
      for (const body of [
        { switchedOff: ['nouvelles'] },
        { switchedOff: 'payment_sent' },
        {},
        { switchedOff: ['payment_sent', 'payment_sent'] },
      ]) {
        const refused = await agent.put('/api/auth/notification-preferences').send(body).expect(400);
        expect(refused.body.details[0].field).toBe('switchedOff');
      }
      // A refused request changed nothing.
      expect((await agent.get('/api/auth/notification-preferences').expect(200)).body).toEqual(saved.body);

      const on = await agent.put('/api/auth/notification-preferences').send({ switchedOff: [] }).expect(200);
      expect(on.body.notifications.every((n: { enabled: boolean }) => n.enabled)).toBe(true);
    });

    it('are a person’s own: an API token may not read or change them', async () => {
      const funder = await loginAs(testApp, DEMO.funderManager);
      const token = await funder
        .post('/api/api-tokens')
        .send({ name: 'Préférences', scopes: ['organisation:read'] })
        .expect(201);
      const answer = await testApp.anonymous().get('/api/auth/notification-preferences').set('Authorization', `Bearer ${token.body.token}`);
      expect(answer.status).toBe(403);
      await testApp.anonymous().get('/api/auth/notification-preferences').expect(401);
    });
  });
});
