import {
  bankDetailsReviewedMail,
  bookletsIdleMail,
  expiryAlertMail,
  firstPasswordMail,
  invitationMail,
  type MailContent,
  passwordResetMail,
  paymentSentMail,
  qualificationDecisionMail,
  renewalReminderMail,
  statementAvailableMail,
  refundTransferRejectedMail,
  transferRejectedMail,
} from './messages';
import { OUTBOX_MAX_ATTEMPTS, outboxRetryDelayMs } from './outbox-worker';
import { isPermanentFailure } from './mail-transport';

describe('outbox retries', () => {
  it('wait 30 s after the first failure, twice as long after each next one, at most 6 h', () => {
    expect([1, 2, 3, 4].map(outboxRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(outboxRetryDelayMs(OUTBOX_MAX_ATTEMPTS)).toBe(6 * 3600_000);
    expect(outboxRetryDelayMs(50)).toBe(6 * 3600_000);
  });

  it('gives up at once only on a permanent SMTP refusal (5xx)', () => {
    expect(isPermanentFailure(Object.assign(new Error('no such user'), { responseCode: 550 }))).toBe(true);
    expect(isPermanentFailure(Object.assign(new Error('busy'), { responseCode: 451 }))).toBe(false);
    expect(isPermanentFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toBe(false);
  });
});

describe('e-mails', () => {
  it('say the same in text and HTML, in French, with the link and no image', () => {
    for (const mail of [
      invitationMail({ organisationName: 'CCAS de Bègles', url: 'https://pass.example/invitation/abc', validityDays: 7 }),
      passwordResetMail({ url: 'https://pass.example/mot-de-passe/abc', validityMinutes: 60 }),
      firstPasswordMail({ organisationName: 'Opérateur', url: 'https://pass.example/mot-de-passe/abc', validityHours: 24 }),
    ]) {
      expect(mail.text).toMatch(/^Bonjour,/);
      expect(mail.html).toContain('<html lang="fr">');
      expect(mail.html).toContain(`<title>${mail.subject}</title>`);
      const url = /https:\/\/\S+/.exec(mail.text)?.[0];
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.html).not.toMatch(/<img|<script/i);
    }
  });

  it('escape what an organisation name could carry into the HTML', () => {
    const mail = invitationMail({ organisationName: '<b>"Lieu" & cie</b>', url: 'https://pass.example/invitation/abc', validityDays: 7 });
    expect(mail.html).toContain('&lt;b&gt;&quot;Lieu&quot; &amp; cie&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>');
    expect(mail.text).toContain('« <b>"Lieu" & cie</b> »');
  });
});

describe('notifications', () => {
  const url = 'https://pass.example/mes-remboursements';
  const preferencesUrl = 'https://pass.example/mes-notifications';

  const optional: MailContent[] = [
    qualificationDecisionMail({
      placeName: 'Médiathèque',
      outcome: 'qualified',
      motivation: '',
      validUntil: '2027-12-31',
      url,
      preferencesUrl,
    }),
    qualificationDecisionMail({
      placeName: 'Médiathèque',
      outcome: 'changes_requested',
      motivation: 'Les horaires.',
      validUntil: null,
      url,
      preferencesUrl,
    }),
    qualificationDecisionMail({
      placeName: 'Médiathèque',
      outcome: 'rejected',
      motivation: 'Pas de public.',
      validUntil: null,
      url,
      preferencesUrl,
    }),
    renewalReminderMail({ placeName: 'Médiathèque', qualifiedUntil: '2027-01-31', daysLeft: 1, url, preferencesUrl }),
    bankDetailsReviewedMail({
      organisationName: 'Lieu',
      maskedIban: 'FR76 •••• 0189',
      verdict: 'verified',
      note: null,
      url,
      preferencesUrl,
    }),
    paymentSentMail({ amountCents: 123456, paidOn: '2026-12-05', bankReference: 'VIR-1', url, preferencesUrl }),
    expiryAlertMail({
      programmeName: 'Gironde',
      validUntil: '2026-12-31',
      daysLeft: 7,
      bookletsNotHandedOut: 1,
      chequesHandedOutUnused: 2,
      url,
      preferencesUrl,
    }),
    statementAvailableMail({ programmeName: 'Gironde', statement: 'order', url, preferencesUrl }),
    bookletsIdleMail({
      idleDays: 60,
      booklets: [{ serial: 'AB12-00001', programmeName: 'Gironde', allocatedOn: '2026-09-01' }],
      url,
      preferencesUrl,
    }),
  ];
  const essential: MailContent[] = [
    bankDetailsReviewedMail({ organisationName: 'Lieu', maskedIban: 'FR76 •••• 0189', verdict: 'rejected', note: 'Autre compte.', url }),
    transferRejectedMail({ amountCents: 1000, reason: 'AC04', url }),
    refundTransferRejectedMail({ programmeName: 'Programme 2025', amountCents: 50_000, reason: 'AC04 — Compte clôturé.', url }),
  ];

  it('are French, the same in text and HTML, with their link and no image; switchable ones end with the preferences link', () => {
    for (const mail of [...optional, ...essential]) {
      expect(mail.text).toMatch(/^Bonjour,/);
      expect(mail.html).toContain(`<title>${mail.subject.replace(/&/g, '&amp;')}</title>`);
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.html).not.toMatch(/<img|<script/i);
    }
    for (const mail of optional) {
      expect(mail.text.trimEnd().endsWith(preferencesUrl)).toBe(true);
      expect(mail.html).toContain(`href="${preferencesUrl}"`);
    }
    for (const mail of essential) expect(mail.text).not.toContain('Mes notifications');
  });

  it('say amounts, dates and counts the French way', () => {
    expect(optional[5].subject).toBe('Remboursement de 1\u202f234,56\u202f€ versé');
    expect(optional[5].text).toContain('le 5 décembre 2026 (référence VIR-1)');
    expect(optional[3].subject).toBe('Qualification de « Médiathèque » : fin dans 1 jour');
    expect(optional[6].text).toContain('1 carnet pas encore remis et 2 chèques remis mais pas encore utilisés.');
    expect(optional[8].subject).toBe('Un carnet en stock depuis plus de 60 jours');
    expect(optional[8].text).toContain('– AB12-00001 (Gironde), reçu le 1 septembre 2026');
  });
});
