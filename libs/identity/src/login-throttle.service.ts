/**
 * Login throttling on counters kept in PostgreSQL, so that every API process shares them, and the
 * known devices that are exempt from an account's shared lock (docs/adr/0009-login-throttling.md).
 * The decision itself is pure: decideLoginAttempt in @app/domain.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { chequeCodeKey } from '@app/database';
import {
  type Clock,
  CLOCK,
  decideLoginAttempt,
  loginAddressGroup,
  type LoginCounter,
  loginCounterKey,
  type LoginCounterScope,
  loginCounterScopes,
  loginCounterSecret,
  type LoginLimits,
  MAX_KNOWN_DEVICES_PER_USER,
  normaliseEmail,
} from '@app/domain';
import { hashSecret, newSecret } from './secret-tokens';

export interface LoginAttempt {
  email: string;
  /** The client's address as the app sees it (request.ip: X-Forwarded-For only with TRUST_PROXY). */
  address: string | null | undefined;
  /** The device cookie, if the browser sent one. */
  deviceSecret: string | undefined;
}

/** The counters an admitted attempt was charged to, to give the failure back if the password was right. */
export interface LoginReservation {
  counters: Array<{ key: Buffer; windowEndsAt: Date }>;
}

export type LoginAdmission = { allowed: true; reservation: LoginReservation } | { allowed: false; retryAfterSeconds: number };

export interface RememberedDevice {
  /** The new cookie value (a fresh secret on every sign-in): returned once, only its hash is stored. */
  secret: string;
  maxAgeSeconds: number;
}

interface CounterRow {
  key: Buffer;
  scope: LoginCounterScope;
  failures: number;
  window_ends_at: Date;
}

/** Thrown inside the locking transaction to roll it back: a refused attempt commits no write. */
class RefusedUnderLock extends Error {
  constructor(readonly decision: { retryAfterSeconds: number; blockedBy: LoginCounterScope[] }) {
    super('login attempt refused');
  }
}

// Expired counters and devices are deleted by the sign-ins themselves, at most this often per process.
const PURGE_INTERVAL_MS = 5 * 60_000;

@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger(LoginThrottleService.name);
  private readonly limits: LoginLimits;
  private readonly knownDeviceMs: number;
  /** The HMAC key of the counters' keys, derived from the cheque code key (docs/adr/0009-login-throttling.md). */
  private readonly counterSecret: Buffer;
  private lastPurgeAt = Number.NEGATIVE_INFINITY;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.limits = {
      windowMs: config.getOrThrow<number>('LOGIN_WINDOW_MINUTES') * 60_000,
      maxFailuresPerAddress: config.getOrThrow<number>('LOGIN_MAX_FAILURES_PER_ADDRESS'),
      maxFailuresPerAccountAndAddress: config.getOrThrow<number>('LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS'),
      maxFailuresPerAccount: config.getOrThrow<number>('LOGIN_MAX_FAILURES_PER_ACCOUNT'),
      maxFailuresPerKnownDevice: config.getOrThrow<number>('LOGIN_MAX_FAILURES_PER_KNOWN_DEVICE'),
    };
    this.knownDeviceMs = config.getOrThrow<number>('LOGIN_KNOWN_DEVICE_DAYS') * 24 * 3600_000;
    this.counterSecret = loginCounterSecret(
      chequeCodeKey(config.get<string>('CHEQUE_CODE_KEY'), {
        dataDir: config.getOrThrow<string>('DATA_DIR'),
        nodeEnv: config.get<string>('NODE_ENV'),
        onGenerated: (path) => this.logger.warn(`generated ${path} (demo/development only; configure the keys in production)`),
      }),
    );
  }

  /**
   * Before the password is checked: refuses the attempt (429, whatever the password) or charges it to
   * its counters as a failure. The counters are keyed by the e-mail as typed (normalised), whether or
   * not an account has it: a refusal must not tell which e-mails exist.
   *
   * A refusal writes nothing: the counters are first read without a lock, and an attempt they refuse
   * ends there, so a blocked guesser costs one read per request, not a write transaction. Only an
   * attempt they allow takes the locking path, which decides again in one transaction holding the
   * counters' rows (so that concurrent attempts on any number of processes never let more than the
   * limit through) and rolls back if that second decision refuses.
   */
  async admit(attempt: LoginAttempt): Promise<LoginAdmission> {
    const now = this.clock.now();
    await this.purgeExpiredNowAndThen(now);
    const email = normaliseEmail(attempt.email);
    const address = loginAddressGroup(attempt.address);
    const deviceUserId = attempt.deviceSecret ? await this.knownDeviceUser(email, attempt.deviceSecret, now) : null;
    const subjects: Record<LoginCounterScope, string[]> = {
      address: [address],
      account_and_address: [email, address],
      account: [email],
      known_device: [deviceUserId ?? '', attempt.deviceSecret ? hashSecret(attempt.deviceSecret).toString('hex') : ''],
    };
    const counters = loginCounterScopes(deviceUserId !== null)
      .map((scope) => ({ scope, key: loginCounterKey(this.counterSecret, scope, subjects[scope]) }))
      // One order for every transaction: two attempts locking the same rows cannot deadlock.
      .sort((a, b) => Buffer.compare(a.key, b.key));

    const keys = counters.map((counter) => counter.key);

    // The decision on the counters as they are, without a lock or a write.
    const seen: CounterRow[] = await this.dataSource.query(
      'SELECT key, scope, failures, window_ends_at FROM login_attempt_counters WHERE key = ANY($1::bytea[])',
      [keys],
    );
    const firstLook = decideLoginAttempt(
      counters.map((counter) => asStored(counter, seen, now)),
      this.limits,
      now,
    );
    if (!firstLook.allowed) return this.refuse(firstLook, deviceUserId !== null);

    const decision = await this.lockAndCharge(counters, now).catch((error: unknown) => {
      // Another attempt got there first: the counters reached their limit in between.
      if (error instanceof RefusedUnderLock) return { allowed: false as const, ...error.decision };
      throw error;
    });
    if (decision.allowed) return { allowed: true, reservation: decision.reservation };
    return this.refuse(decision, deviceUserId !== null);
  }

  private refuse(decision: { retryAfterSeconds: number; blockedBy: LoginCounterScope[] }, knownDevice: boolean): LoginAdmission {
    this.logger.warn({ blockedBy: decision.blockedBy, knownDevice }, 'login attempt refused: too many failures');
    return { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
  }

  /** The locking path: creates the missing counters, locks them, decides again and charges the attempt. */
  private lockAndCharge(
    counters: Array<{ scope: LoginCounterScope; key: Buffer }>,
    now: Date,
  ): Promise<{ allowed: true; reservation: LoginReservation }> {
    const keys = counters.map((counter) => counter.key);
    return this.dataSource.transaction(async (manager) => {
      // Creates the missing counters and locks them all; the no-op update makes the row lock and
      // returns the current values in one statement (a row cannot be purged between the two).
      const rows: CounterRow[] = await manager.query(
        `INSERT INTO login_attempt_counters AS counter (key, scope, failures, window_ends_at)
         SELECT given.key, given.scope::login_counter_scope, 0, $3
           FROM unnest($1::bytea[], $2::text[]) WITH ORDINALITY AS given(key, scope, position)
          ORDER BY given.position
         ON CONFLICT (key) DO UPDATE SET failures = counter.failures
         RETURNING counter.key, counter.scope, counter.failures, counter.window_ends_at`,
        [keys, counters.map((counter) => counter.scope), now],
      );
      const current = counters.map((counter) => {
        const row = rows.find((candidate) => candidate.key.equals(counter.key));
        if (!row) throw new Error('login counter missing after its upsert');
        return { key: counter.key, scope: row.scope, failures: row.failures, windowEndsAt: row.window_ends_at };
      });
      const decided = decideLoginAttempt(current, this.limits, now);
      if (!decided.allowed) throw new RefusedUnderLock(decided);
      await manager.query(
        `UPDATE login_attempt_counters AS counter SET failures = charged.failures, window_ends_at = charged.window_ends_at
           FROM unnest($1::bytea[], $2::int[], $3::timestamptz[]) AS charged(key, failures, window_ends_at)
          WHERE counter.key = charged.key`,
        [
          current.map((counter) => counter.key),
          decided.charged.map((counter) => counter.failures),
          decided.charged.map((counter) => counter.windowEndsAt),
        ],
      );
      return {
        allowed: true as const,
        reservation: {
          counters: current.map((counter, index) => ({ key: counter.key, windowEndsAt: decided.charged[index].windowEndsAt })),
        },
      };
    });
  }

  /**
   * The password was right: the attempt was not a failure. Each counter on its own (one row lock at a
   * time, so no deadlock with admit), and only in the window it was charged in.
   */
  async giveBack(reservation: LoginReservation): Promise<void> {
    for (const counter of reservation.counters) {
      await this.dataSource.query(
        `UPDATE login_attempt_counters SET failures = failures - 1 WHERE key = $1 AND window_ends_at = $2 AND failures > 0`,
        [counter.key, counter.windowEndsAt],
      );
    }
  }

  /**
   * After a successful sign-in: this browser becomes (or stays) known to the user, under a fresh
   * secret. The other accounts the old secret was known for move to the new one; the old secret stops
   * working, so a device cookie planted in or copied from a browser is useless after its next sign-in.
   * A user keeps at most MAX_KNOWN_DEVICES_PER_USER devices, the most recently used: every sign-in
   * without the cookie (a script, private browsing) would otherwise add one for 90 days.
   */
  async rememberDevice(userId: string, presentedSecret: string | undefined): Promise<RememberedDevice> {
    const now = this.clock.now();
    const secret = newSecret();
    const tokenHash = hashSecret(secret);
    await this.dataSource.transaction(async (manager) => {
      if (presentedSecret) {
        await manager.query(`UPDATE known_devices SET token_hash = $1 WHERE token_hash = $2 AND expires_at > $3`, [
          tokenHash,
          hashSecret(presentedSecret),
          now,
        ]);
      }
      await manager.query(
        `INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $3, $4)
         ON CONFLICT (token_hash, user_id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at, expires_at = EXCLUDED.expires_at`,
        [tokenHash, userId, now, new Date(now.getTime() + this.knownDeviceMs)],
      );
      // This device, and the most recently used of the others.
      await manager.query(
        `DELETE FROM known_devices WHERE user_id = $1 AND token_hash <> $2 AND token_hash NOT IN (
           SELECT token_hash FROM known_devices WHERE user_id = $1 AND token_hash <> $2
            ORDER BY last_used_at DESC, created_at DESC, token_hash LIMIT $3)`,
        [userId, tokenHash, MAX_KNOWN_DEVICES_PER_USER - 1],
      );
    });
    return { secret, maxAgeSeconds: Math.floor(this.knownDeviceMs / 1000) };
  }

  /** Deletes the counters whose window has ended and the devices no longer known. */
  async purgeExpired(now: Date = this.clock.now()): Promise<void> {
    await this.dataSource.query('DELETE FROM login_attempt_counters WHERE window_ends_at <= $1', [now]);
    await this.dataSource.query('DELETE FROM known_devices WHERE expires_at <= $1', [now]);
  }

  private async purgeExpiredNowAndThen(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurgeAt < PURGE_INTERVAL_MS) return;
    this.lastPurgeAt = now.getTime();
    try {
      await this.purgeExpired(now);
    } catch (error) {
      // Left for the next purge: a sign-in does not fail for it.
      this.logger.warn({ err: error }, 'could not purge expired login counters');
    }
  }

  /** The user this device cookie is known for, if it is known for the account of this e-mail. */
  private async knownDeviceUser(email: string, secret: string, now: Date): Promise<string | null> {
    const [row]: Array<{ user_id: string }> = await this.dataSource.query(
      `SELECT device.user_id FROM known_devices device JOIN users ON users.id = device.user_id
        WHERE device.token_hash = $1 AND users.email = $2 AND device.expires_at > $3`,
      [hashSecret(secret), email, now],
    );
    return row?.user_id ?? null;
  }
}

/** A counter as the attempt finds it: one not stored yet (or purged) counts as an ended window. */
function asStored(counter: { scope: LoginCounterScope; key: Buffer }, rows: CounterRow[], now: Date): LoginCounter {
  const row = rows.find((candidate) => candidate.key.equals(counter.key));
  return row
    ? { scope: row.scope, failures: row.failures, windowEndsAt: row.window_ends_at }
    : { scope: counter.scope, failures: 0, windowEndsAt: now };
}
