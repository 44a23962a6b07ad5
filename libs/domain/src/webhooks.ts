/**
 * Webhooks: what a place's software may be told, and when a failed delivery is tried again
 * (docs/webhooks.md). Deliveries follow Standard Webhooks (https://www.standardwebhooks.com):
 * `webhook-id`, `webhook-timestamp`, `webhook-signature` (HMAC-SHA256 of `id.timestamp.body`).
 */

/** Events a place's endpoint can subscribe to. `webhook.test` is sent on request only. */
export const WEBHOOK_EVENT_TYPES = [
  'redemption.created',
  'redemption.undone',
  'payment.sent',
  'payment.rejected',
  'qualification.decided',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** Endpoints per organisation: enough for a till, a booking tool and a test receiver. */
export const MAX_WEBHOOK_ENDPOINTS_PER_ORGANISATION = 10;

/**
 * Delays after the n-th failed attempt (n ≥ 1), the schedule Standard Webhooks suggests: 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, then a last try near the 24-hour mark. After that the delivery is given up.
 */
const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000];
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3600_000;

/**
 * When to try again after `failedAttempts` failures of a delivery created at `createdAt`, or null to
 * give up: never later than 24 hours after the event, and at most one last attempt at that mark.
 */
export function nextWebhookAttemptAt(createdAt: Date, failedAttempts: number, now: Date): Date | null {
  const deadline = createdAt.getTime() + WEBHOOK_RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return null;
  const delay = RETRY_DELAYS_MS[Math.min(failedAttempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0];
  return new Date(Math.min(now.getTime() + delay, deadline));
}

/** What an answer means for the delivery: 2xx delivered; 410 Gone also switches the endpoint off. */
export type WebhookAnswerMeaning = 'delivered' | 'endpoint_gone' | 'retry';

export function webhookAnswerMeaning(status: number): WebhookAnswerMeaning {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'endpoint_gone';
  return 'retry';
}

/**
 * Problems with an endpoint URL, in the validation error's words (empty when acceptable). HTTPS only,
 * no credentials in the URL; plain HTTP only where private networks are allowed (tests, a local
 * receiver), since the payload and signature must not travel in clear over the internet.
 */
export function webhookUrlProblems(text: string, allowPrivateNetworks: boolean): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return ['must be an absolute URL such as https://example.org/webhooks'];
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:' && !(allowPrivateNetworks && url.protocol === 'http:')) problems.push('must start with https://');
  if (url.username || url.password) problems.push('must not carry a user name or password');
  if (url.hash) problems.push('must not carry a #fragment');
  if (text.length > 2000) problems.push('must be at most 2000 characters');
  return problems;
}
