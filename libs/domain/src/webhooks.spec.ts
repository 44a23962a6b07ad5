import { nextWebhookAttemptAt, WEBHOOK_RETRY_WINDOW_MS, webhookAnswerMeaning, webhookUrlProblems } from './webhooks';

describe('webhook rules', () => {
  const created = new Date('2026-12-08T09:00:00Z');
  const at = (ms: number) => new Date(created.getTime() + ms);

  it('retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, never past 24 hours, then gives up', () => {
    expect(nextWebhookAttemptAt(created, 1, created)).toEqual(at(5_000));
    expect(nextWebhookAttemptAt(created, 2, at(5_000))).toEqual(at(5_000 + 300_000));
    expect(nextWebhookAttemptAt(created, 6, at(10 * 3600_000))).toEqual(at(20 * 3600_000));
    expect(nextWebhookAttemptAt(created, 7, at(20 * 3600_000))).toEqual(at(WEBHOOK_RETRY_WINDOW_MS));
    expect(nextWebhookAttemptAt(created, 8, at(WEBHOOK_RETRY_WINDOW_MS))).toBeNull();
  });

  it('reads 2xx as delivered, 410 as gone, anything else as try again', () => {
    expect([200, 204, 299].map(webhookAnswerMeaning)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(webhookAnswerMeaning(410)).toBe('endpoint_gone');
    expect([301, 400, 404, 429, 500, 503].map(webhookAnswerMeaning).every((meaning) => meaning === 'retry')).toBe(true);
  });

  it('wants https, no credentials and no fragment; http only where private networks are allowed', () => {
    expect(webhookUrlProblems('https://caisse.example.org/hook', false)).toEqual([]);
    expect(webhookUrlProblems('http://caisse.example.org/hook', false)).toEqual(['must start with https://']);
    expect(webhookUrlProblems('http://127.0.0.1:8080/hook', true)).toEqual([]);
    expect(webhookUrlProblems('https://user:pw@example.org/#x', false)).toEqual([
      'must not carry a user name or password',
      'must not carry a #fragment',
    ]);
    expect(webhookUrlProblems('pas une adresse', false)).toEqual(['must be an absolute URL such as https://example.org/webhooks']);
  });
});
