/**
 * Passwords chosen through a single-use link (forgotten password, first administrator) and changed
 * while signed in. Every change ends the person's other ways in: all sessions (the current one too
 * after a link), and, after a link, the browsers known to the account (device cookies).
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import {
  type Actor,
  type Clock,
  CLOCK,
  DomainError,
  loginAddressGroup,
  normaliseEmail,
  passwordProblems,
  systemActor,
  type UserActor,
} from '@app/domain';
import { firstPasswordMail, OutboxService, passwordResetMail } from '@app/mail';
import { OrganisationEntity } from './entities/organisation.entity';
import type { PasswordTokenPurpose } from './entities/password-token.entity';
import { UserEntity } from './entities/user.entity';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { hashSecret, newSecret } from './secret-tokens';
import { SessionsService } from './sessions.service';

export const PASSWORD_RESET_VALIDITY_MINUTES = 60;
export const FIRST_PASSWORD_VALIDITY_HOURS = 24;
/** Requests for a link per e-mail typed, and per address (IPv6: one /64), in an hour. */
export const PASSWORD_RESET_MAX_PER_EMAIL = 3;
export const PASSWORD_RESET_MAX_PER_ADDRESS = 20;
const PASSWORD_RESET_WINDOW_MS = 3600_000;

/** Not a PHC string: no password ever matches it (an account waiting for its first password). */
export const NO_PASSWORD = '!';

export interface FirstAdmin {
  user: UserEntity;
  organisation: OrganisationEntity;
  organisationCreated: boolean;
  /** The link to choose a password (shown once). */
  url: string;
}

export type PasswordResetAdmission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface ClaimedToken {
  id: string;
  user_id: string;
  purpose: PasswordTokenPurpose;
}

@Injectable()
export class PasswordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly loginThrottle: LoginThrottleService,
    private readonly outbox: OutboxService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * « Mot de passe oublié » : the same answer whether or not an account has this e-mail. Counted per
   * e-mail typed and per address (refused over the limit, also whatever the e-mail); when an active
   * account has it, a link valid one hour is put in the outbox in the same transaction.
   */
  async requestReset(emailTyped: string, address: string | null | undefined, requestId: string): Promise<PasswordResetAdmission> {
    const email = normaliseEmail(emailTyped);
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - PASSWORD_RESET_WINDOW_MS);
    const emailKey = requestKey('email', email);
    const addressKey = requestKey('address', loginAddressGroup(address));
    return this.dataSource.transaction(async (manager) => {
      // One order for every transaction: two requests taking the same locks cannot deadlock.
      for (const key of [emailKey, addressKey].sort(Buffer.compare)) {
        await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`password-reset:${key.toString('hex')}`]);
      }
      await manager.query('DELETE FROM password_reset_requests WHERE created_at <= $1', [windowStart]);
      const counts: Array<{ key: Buffer; count: number; oldest: Date }> = await manager.query(
        `SELECT key, count(*)::int AS count, min(created_at) AS oldest FROM password_reset_requests
          WHERE key = ANY($1::bytea[]) AND created_at > $2 GROUP BY key`,
        [[emailKey, addressKey], windowStart],
      );
      const over = counts.filter(
        (row) => row.count >= (row.key.equals(emailKey) ? PASSWORD_RESET_MAX_PER_EMAIL : PASSWORD_RESET_MAX_PER_ADDRESS),
      );
      if (over.length > 0) {
        const freedAt = Math.max(...over.map((row) => row.oldest.getTime() + PASSWORD_RESET_WINDOW_MS));
        return { allowed: false as const, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000)) };
      }
      await manager.query(`INSERT INTO password_reset_requests (key, created_at) VALUES ($1, $3), ($2, $3)`, [emailKey, addressKey, now]);
      const user = await manager.getRepository(UserEntity).findOne({ where: { email } });
      if (user && !user.disabledAt) {
        const url = await this.createToken(manager, user.id, 'reset', PASSWORD_RESET_VALIDITY_MINUTES * 60_000);
        await this.outbox.enqueue(manager, {
          kind: 'password_reset',
          to: user.email,
          ...passwordResetMail({ url, validityMinutes: PASSWORD_RESET_VALIDITY_MINUTES }),
        });
        await this.audit.record(
          manager,
          { kind: 'anonymous', requestId },
          { action: 'user.password_reset_requested', objectType: 'user', objectId: user.id, changes: {} },
        );
      }
      return { allowed: true as const };
    });
  }

  /** What the link's page shows before the person types a password; unknown, used or expired links answer 404. */
  async describeToken(secret: string): Promise<{ email: string; displayName: string; purpose: PasswordTokenPurpose }> {
    const [row]: Array<{ email: string; display_name: string; purpose: PasswordTokenPurpose }> = await this.dataSource.query(
      `SELECT u.email, u.display_name, t.purpose FROM password_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND u.disabled_at IS NULL`,
      [hashSecret(secret), this.clock.now()],
    );
    if (!row) throw passwordLinkInvalid();
    return { email: row.email, displayName: row.display_name, purpose: row.purpose };
  }

  /**
   * Spends the link (at most once, even with two tabs) and sets the password; ends every session of
   * the person and forgets the browsers known to the account. A refused password keeps the link usable.
   */
  async setWithToken(secret: string, password: string, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const [claimed]: [ClaimedToken[], number] = await manager.query(
        `UPDATE password_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING id, user_id, purpose`,
        [hashSecret(secret), now],
      );
      const token = claimed[0];
      if (!token) throw passwordLinkInvalid();
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: token.user_id }, lock: { mode: 'pessimistic_write' } });
      if (!user || user.disabledAt) throw passwordLinkInvalid();
      const problems = passwordProblems(password, user.email);
      if (problems.length > 0) throw DomainError.validation([{ field: 'password', problems }]);
      await manager.getRepository(UserEntity).update({ id: user.id }, { passwordHash: await this.hasher.hash(password) });
      // The other links of this person stop working too.
      await manager.query('UPDATE password_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [user.id, now]);
      const sessionsEnded = await this.endSessions(manager, user.id, now, null);
      const devices: [unknown, number] = await manager.query('DELETE FROM known_devices WHERE user_id = $1', [user.id]);
      await this.audit.record(
        manager,
        { kind: 'anonymous', requestId },
        {
          action: token.purpose === 'reset' ? 'user.password_reset' : 'user.first_password_set',
          objectType: 'user',
          objectId: user.id,
          changes: { sessionsEnded, knownDevicesForgotten: devices[1] },
        },
      );
    });
    this.sessions.forgetRecentSessions();
  }

  /** Changes one's own password: the current one is required (counted like a sign-in); the other sessions end. */
  async change(
    actor: UserActor,
    currentPassword: string,
    newPassword: string,
    address: string | null,
    deviceSecret?: string,
  ): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOneOrFail({ where: { id: actor.userId } });
    const admission = await this.loginThrottle.admit({ email: user.email, address, deviceSecret });
    if (!admission.allowed) {
      throw new DomainError('too_many_requests', 'Too many attempts: wait a little before trying again', {
        retryAfterSeconds: admission.retryAfterSeconds,
      });
    }
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw DomainError.validation([{ field: 'currentPassword', problems: ['is incorrect'] }]);
    }
    await this.loginThrottle.giveBack(admission.reservation);
    const problems = passwordProblems(newPassword, user.email);
    if (problems.length > 0) throw DomainError.validation([{ field: 'newPassword', problems }]);
    const passwordHash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      await manager.getRepository(UserEntity).update({ id: user.id }, { passwordHash });
      await manager.query('UPDATE password_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [user.id, now]);
      const sessionsEnded = await this.endSessions(manager, user.id, now, actor.sessionId);
      await this.audit.record(manager, actor, {
        action: 'user.password_changed',
        objectType: 'user',
        objectId: user.id,
        changes: { sessionsEnded },
      });
    });
    this.sessions.forgetRecentSessions();
  }

  /**
   * The first operator administrator (npm run admin:create): the operator organisation if there is
   * none, an operator_admin without a usable password, and a link valid 24 h to choose one, also put
   * in the outbox. Refused when the e-mail already has an account.
   */
  async createFirstAdmin(input: { email: string; displayName: string; organisationName: string }): Promise<FirstAdmin> {
    const email = normaliseEmail(input.email);
    const actor: Actor = systemActor('admin-create');
    return this.dataSource.transaction(async (manager) => {
      // Two commands at once must not create two operator organisations.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['pass-numerique:admin-create']);
      if (await manager.getRepository(UserEntity).exists({ where: { email } })) {
        throw new DomainError('conflict', `An account already exists for ${email}`, [
          { field: 'email', problems: ['already has an account'] },
        ]);
      }
      let organisation = await manager
        .getRepository(OrganisationEntity)
        .findOne({ where: { kind: 'operator' }, order: { createdAt: 'ASC' } });
      const organisationCreated = !organisation;
      if (!organisation) {
        organisation = manager.create(OrganisationEntity, { name: input.organisationName.trim(), kind: 'operator' });
        await manager.getRepository(OrganisationEntity).insert(organisation);
        await this.audit.record(manager, actor, {
          action: 'organisation.created',
          objectType: 'organisation',
          objectId: organisation.id,
          changes: { name: organisation.name, kind: 'operator' },
        });
      }
      const user = manager.create(UserEntity, {
        organisationId: organisation.id,
        email,
        displayName: input.displayName.trim(),
        role: 'operator_admin',
        passwordHash: NO_PASSWORD,
        disabledAt: null,
        lastLoginAt: null,
      });
      await manager.getRepository(UserEntity).insert(user);
      await this.audit.record(manager, actor, {
        action: 'user.created',
        objectType: 'user',
        objectId: user.id,
        changes: { organisationId: organisation.id, email, role: 'operator_admin', password: 'to be chosen through a link' },
      });
      const url = await this.createToken(manager, user.id, 'first_password', FIRST_PASSWORD_VALIDITY_HOURS * 3600_000);
      await this.outbox.enqueue(manager, {
        kind: 'first_admin',
        to: email,
        ...firstPasswordMail({ organisationName: organisation.name, url, validityHours: FIRST_PASSWORD_VALIDITY_HOURS }),
      });
      return { user, organisation, organisationCreated, url };
    });
  }

  private async createToken(manager: EntityManager, userId: string, purpose: PasswordTokenPurpose, validityMs: number): Promise<string> {
    const secret = newSecret();
    const now = this.clock.now();
    await manager.query(`INSERT INTO password_tokens (user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      userId,
      purpose,
      hashSecret(secret),
      now,
      new Date(now.getTime() + validityMs),
    ]);
    return new URL(`/mot-de-passe/${secret}`, this.config.getOrThrow<string>('PUBLIC_URL')).toString();
  }

  /** Ends the person's live sessions (all, or all but one); answers how many. */
  private async endSessions(manager: EntityManager, userId: string, now: Date, keepSessionId: string | null): Promise<number> {
    const [, ended]: [unknown, number] = await manager.query(
      `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, now, keepSessionId],
    );
    return ended;
  }
}

function requestKey(scope: 'email' | 'address', subject: string): Buffer {
  return createHash('sha256').update(`password-reset\u0000${scope}\u0000${subject}`, 'utf8').digest();
}

function passwordLinkInvalid(): DomainError {
  return new DomainError('not_found', 'This password link is unknown, already used or expired');
}
