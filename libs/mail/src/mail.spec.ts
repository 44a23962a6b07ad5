import { firstPasswordMail, invitationMail, passwordResetMail } from './messages';
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
