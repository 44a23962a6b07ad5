/**
 * Login throttling: which failure counters an attempt is charged to, and whether it may go on to the
 * password check. Pure: the counters live in PostgreSQL (libs/identity, login-throttle.service.ts).
 * Why these counters: docs/adr/0009-login-throttling.md.
 */
import { createHmac, hkdfSync } from 'node:crypto';

/**
 * - `address`: every account tried from one address (password spraying, credential stuffing);
 * - `account_and_address`: one account from one address (the tight limit on a single guesser);
 * - `account`: one account from every address without a known device (a guesser spread over many
 *   addresses); set well above `account_and_address`, so that one address alone cannot lock the
 *   account for everyone else;
 * - `known_device`: one account from a browser that already signed in to it (device cookie): such a
 *   browser is charged to this counter only, so an attack elsewhere never locks its owner out.
 */
export const LOGIN_COUNTER_SCOPES = ['address', 'account_and_address', 'account', 'known_device'] as const;
export type LoginCounterScope = (typeof LOGIN_COUNTER_SCOPES)[number];

export interface LoginLimits {
  /** Every counter counts failures in a fixed window that starts with its first failure. */
  windowMs: number;
  maxFailuresPerAddress: number;
  maxFailuresPerAccountAndAddress: number;
  maxFailuresPerAccount: number;
  maxFailuresPerKnownDevice: number;
}

/** One counter as stored: failures counted in the window that ends at `windowEndsAt`. */
export interface LoginCounter {
  scope: LoginCounterScope;
  failures: number;
  windowEndsAt: Date;
}

export type LoginAttemptDecision =
  { allowed: true; charged: LoginCounter[] } | { allowed: false; retryAfterSeconds: number; blockedBy: LoginCounterScope[] };

/** A user's known devices kept: the most recently used ones, the others are forgotten at a sign-in. */
export const MAX_KNOWN_DEVICES_PER_USER = 10;

/** HKDF's label: the same root secret gives unrelated keys for unrelated uses. */
const LOGIN_COUNTER_KEY_LABEL = 'pass-numerique/login-attempt-counters/v1';

/**
 * The key of the counters' HMAC, derived (HKDF-SHA-256) from the operator's root secret (the cheque
 * code key): no new secret to manage, and the HMAC tells nothing about the code key.
 */
export function loginCounterSecret(rootSecret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', rootSecret, Buffer.alloc(0), LOGIN_COUNTER_KEY_LABEL, 32));
}

/**
 * A counter's key as stored: an HMAC of its kind and subject (e-mail, address group, device), so that
 * whoever reads the table cannot find which e-mail or address a counter is for by trying them all
 * (every IPv4 address, a list of e-mails) without the server's secret.
 */
export function loginCounterKey(secret: Buffer, scope: LoginCounterScope, subject: string[]): Buffer {
  return createHmac('sha256', secret)
    .update([scope, ...subject].join('\u0000'), 'utf8')
    .digest();
}

/** The counters an attempt is charged to: a known device only its own; anyone else the other three. */
export function loginCounterScopes(knownDevice: boolean): LoginCounterScope[] {
  return knownDevice ? ['known_device'] : ['address', 'account_and_address', 'account'];
}

export function loginLimitOf(scope: LoginCounterScope, limits: LoginLimits): number {
  switch (scope) {
    case 'address':
      return limits.maxFailuresPerAddress;
    case 'account_and_address':
      return limits.maxFailuresPerAccountAndAddress;
    case 'account':
      return limits.maxFailuresPerAccount;
    case 'known_device':
      return limits.maxFailuresPerKnownDevice;
  }
}

/**
 * Decides before the password is checked (so that a refusal says nothing about the password): the
 * attempt goes on only if every one of its counters is under its limit, and then it is charged to
 * all of them at once (`charged`: the counters to store). A refused attempt is charged to none: an
 * address blocked on one account does not keep filling the account's counter shared by every address.
 * A window that has ended counts as empty.
 */
export function decideLoginAttempt(counters: LoginCounter[], limits: LoginLimits, now: Date): LoginAttemptDecision {
  const current = counters.map((counter) => (counter.windowEndsAt.getTime() > now.getTime() ? counter : null));
  const blocked = counters.filter((counter, index) => current[index] !== null && counter.failures >= loginLimitOf(counter.scope, limits));
  if (blocked.length > 0) {
    const latestEnd = Math.max(...blocked.map((counter) => counter.windowEndsAt.getTime()));
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((latestEnd - now.getTime()) / 1000)),
      blockedBy: blocked.map((counter) => counter.scope),
    };
  }
  const newWindowEnd = new Date(now.getTime() + limits.windowMs);
  return {
    allowed: true,
    charged: counters.map((counter, index) =>
      current[index] === null
        ? { scope: counter.scope, failures: 1, windowEndsAt: newWindowEnd }
        : { scope: counter.scope, failures: counter.failures + 1, windowEndsAt: counter.windowEndsAt },
    ),
  };
}

/**
 * The address a counter is kept for: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would be no limit at all).
 * An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function loginAddressGroup(ip: string | undefined | null): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const withoutZone = ip.split('%')[0].toLowerCase();
  const [head, tail] = withoutZone.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) only ever lies past the /64.
  const missing = withoutZone.includes('::') ? Math.max(0, 8 - headGroups.length - tailGroups.length) : 0;
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => (/^[0-9a-f]{1,4}$/.test(group) ? group.replace(/^0+(?=.)/, '') : '?'))
    .join(':')}::/64`;
}
