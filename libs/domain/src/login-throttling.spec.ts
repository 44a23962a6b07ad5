import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  decideLoginAttempt,
  LOGIN_COUNTER_SCOPES,
  loginAddressGroup,
  type LoginCounter,
  loginCounterKey,
  loginCounterScopes,
  loginCounterSecret,
  type LoginLimits,
  loginLimitOf,
} from './login-throttling';

const LIMITS: LoginLimits = {
  windowMs: 15 * 60_000,
  maxFailuresPerAddress: 100,
  maxFailuresPerAccountAndAddress: 10,
  maxFailuresPerAccount: 50,
  maxFailuresPerKnownDevice: 10,
};
const NOW = new Date('2026-03-02T10:00:00Z');
const inMinutes = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);

describe('login throttling', () => {
  it('charges a known device to its own counter only, anyone else to address, account-and-address and account', () => {
    expect(loginCounterScopes(true)).toEqual(['known_device']);
    expect(loginCounterScopes(false)).toEqual(['address', 'account_and_address', 'account']);
  });

  it('lets an attempt under every limit through and charges it to all its counters', () => {
    const counters: LoginCounter[] = [
      { scope: 'address', failures: 99, windowEndsAt: inMinutes(3) },
      { scope: 'account_and_address', failures: 0, windowEndsAt: inMinutes(15) },
      { scope: 'account', failures: 49, windowEndsAt: inMinutes(1) },
    ];
    expect(decideLoginAttempt(counters, LIMITS, NOW)).toEqual({
      allowed: true,
      charged: [
        { scope: 'address', failures: 100, windowEndsAt: inMinutes(3) },
        { scope: 'account_and_address', failures: 1, windowEndsAt: inMinutes(15) },
        { scope: 'account', failures: 50, windowEndsAt: inMinutes(1) },
      ],
    });
  });

  it('refuses at the limit, charges nothing, and says when the latest blocking window ends', () => {
    const counters: LoginCounter[] = [
      { scope: 'address', failures: 100, windowEndsAt: inMinutes(2) },
      { scope: 'account_and_address', failures: 10, windowEndsAt: inMinutes(7.5) },
      { scope: 'account', failures: 3, windowEndsAt: inMinutes(14) },
    ];
    expect(decideLoginAttempt(counters, LIMITS, NOW)).toEqual({
      allowed: false,
      retryAfterSeconds: 450,
      blockedBy: ['address', 'account_and_address'],
    });
  });

  it('counts an ended window as empty and starts a new one', () => {
    const counters: LoginCounter[] = [{ scope: 'known_device', failures: 10, windowEndsAt: NOW }];
    expect(decideLoginAttempt(counters, LIMITS, NOW)).toEqual({
      allowed: true,
      charged: [{ scope: 'known_device', failures: 1, windowEndsAt: inMinutes(15) }],
    });
  });

  it('never asks to retry sooner than in one second', () => {
    const counters: LoginCounter[] = [{ scope: 'account', failures: 50, windowEndsAt: new Date(NOW.getTime() + 1) }];
    expect(decideLoginAttempt(counters, LIMITS, NOW)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('lets exactly the limit through when attempts follow one another on one counter', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LOGIN_COUNTER_SCOPES), fc.integer({ min: 1, max: 300 }), (scope, attempts) => {
        let counter: LoginCounter = { scope, failures: 0, windowEndsAt: NOW };
        let allowed = 0;
        for (let attempt = 0; attempt < attempts; attempt++) {
          const decision = decideLoginAttempt([counter], LIMITS, NOW);
          if (decision.allowed) {
            allowed += 1;
            counter = decision.charged[0];
          }
        }
        expect(allowed).toBe(Math.min(attempts, loginLimitOf(scope, LIMITS)));
      }),
    );
  });

  it('groups IPv6 addresses by /64 and keeps IPv4 addresses whole', () => {
    expect(loginAddressGroup('203.0.113.7')).toBe('203.0.113.7');
    expect(loginAddressGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(loginAddressGroup('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(loginAddressGroup('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(loginAddressGroup('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(loginAddressGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(loginAddressGroup('::1')).toBe('0:0:0:0::/64');
    expect(loginAddressGroup(undefined)).toBe('unknown');
  });

  describe('counter keys', () => {
    const root = Buffer.alloc(32, 7);
    const subject = ['someone@example.org', '203.0.113.7'];

    it('are an HMAC under a key derived from the root secret: pinned, so every process and release computes the same keys', () => {
      // HKDF-SHA-256 (no salt, info "pass-numerique/login-attempt-counters/v1"), then HMAC-SHA-256 of scope NUL subject…
      expect(loginCounterSecret(root).toString('hex')).toBe('e06ba03312fe58d13d7e4b1953d7219f8a52e4ee407c24c5836f0db3395b8371');
      expect(loginCounterKey(loginCounterSecret(root), 'account_and_address', subject).toString('hex')).toBe(
        'e0ccb6d1a4f64c4f7a23a4f56eacc2474cdf91f432bab48b96481aa40d64c3b1',
      );
    });

    it('cannot be found again from the e-mail or address alone: not their SHA-256, and another secret gives other keys', () => {
      const secret = loginCounterSecret(root);
      const key = loginCounterKey(secret, 'account_and_address', subject);
      const plainSha256 = createHash('sha256')
        .update(['account_and_address', ...subject].join('\u0000'), 'utf8')
        .digest();
      expect(key).toHaveLength(32);
      expect(key.equals(plainSha256)).toBe(false);
      expect(secret.equals(root)).toBe(false);
      expect(loginCounterKey(loginCounterSecret(Buffer.alloc(32, 8)), 'account_and_address', subject).equals(key)).toBe(false);
    });

    it('tell scopes and subjects apart', () => {
      const secret = loginCounterSecret(root);
      const keys = [
        loginCounterKey(secret, 'account', ['someone@example.org']),
        loginCounterKey(secret, 'account', ['someone@example.or']),
        loginCounterKey(secret, 'address', ['someone@example.org']),
        loginCounterKey(secret, 'account_and_address', subject),
        loginCounterKey(secret, 'account_and_address', ['someone@example.org203.0.113.7']),
      ].map((key) => key.toString('hex'));
      expect(new Set(keys).size).toBe(keys.length);
    });
  });
});
