import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { preparedRows } from '@app/database';
import { AuditService } from '@app/audit';
import { type Clock, CLOCK, DomainError, normaliseEmail, type OrganisationKind, RecentFacts, type Role, type UserActor } from '@app/domain';
import { OrganisationEntity } from './entities/organisation.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';
import { hashSecret, newSecret } from './secret-tokens';

export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string;
}

/** How a person proved who they are: their password here, or ProConnect (OpenID Connect). */
export type SignInMethod = 'password' | 'proconnect';

export interface SignedIn {
  user: UserEntity;
  organisation: OrganisationEntity;
  session: SessionEntity;
  /** The cookie value: returned once, never stored. */
  secret: string;
}

/** What a request needs to know of its signed-in user. */
export interface SessionOwner {
  sessionId: string;
  userId: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
}

export interface ResolvedSession {
  session: SessionEntity;
  user: UserEntity;
  organisation: OrganisationEntity;
}

// Writing last_seen_at on every request would turn each read into a write.
const LAST_SEEN_RESOLUTION_MS = 5 * 60 * 1000;

/**
 * How long an API process trusts a session it has just read before reading it again (a query on
 * every signed-in request was a fifth of the redemption's cost in PostgreSQL). A revocation made
 * through this process takes effect at once; through another one, within this delay. Expiry is
 * checked on every request.
 */
export const SESSION_RECHECK_MS = 2000;
const RECENT_SESSIONS = 10_000;

@Injectable()
export class SessionsService {
  // Keyed by the secret's hash, like the table: no secret is kept in memory after its request.
  private readonly recentOwners = new RecentFacts<{ owner: SessionOwner; expiresAt: number }>(RECENT_SESSIONS, SESSION_RECHECK_MS);
  // Bumped by every forgetting: a look-up that began before a revocation must not keep what it read.
  private forgettings = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly passwords: PasswordHasher,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One generic error for an unknown email, a wrong password and a disabled account. */
  async login(email: string, password: string, client: ClientInfo): Promise<SignedIn> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { email: normaliseEmail(email) } });
    const passwordMatches = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !passwordMatches || user.disabledAt) {
      if (user) {
        await this.dataSource.transaction((manager) =>
          this.audit.record(
            manager,
            { kind: 'anonymous', requestId: client.requestId },
            {
              action: 'user.login_failed',
              objectType: 'user',
              objectId: user.id,
              changes: { ipAddress: client.ipAddress },
            },
          ),
        );
      }
      throw new DomainError('invalid_credentials', 'Email or password is incorrect');
    }
    return this.openSession(user, client, 'password');
  }

  /**
   * Opens a session for a user whose identity another party vouched for (ProConnect): the same
   * session, cookie and audit as a password sign-in, the method recorded. The caller has checked
   * the user is enabled and the identity verified.
   */
  async signInVerified(user: UserEntity, client: ClientInfo, method: SignInMethod): Promise<SignedIn> {
    if (user.disabledAt) throw new DomainError('forbidden', 'This account is disabled');
    return this.openSession(user, client, method);
  }

  private async openSession(user: UserEntity, client: ClientInfo, method: SignInMethod): Promise<SignedIn> {
    const now = this.clock.now();
    const secret = newSecret();
    const ttlHours = this.config.getOrThrow<number>('SESSION_TTL_HOURS');
    return this.dataSource.transaction(async (manager) => {
      const session = manager.create(SessionEntity, {
        userId: user.id,
        tokenHash: hashSecret(secret),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + ttlHours * 3600 * 1000),
        revokedAt: null,
        ipAddress: client.ipAddress,
        userAgent: client.userAgent?.slice(0, 300) ?? null,
      });
      await manager.getRepository(SessionEntity).insert(session);
      await manager.getRepository(UserEntity).update({ id: user.id }, { lastLoginAt: now });
      const organisation = await manager.getRepository(OrganisationEntity).findOneOrFail({ where: { id: user.organisationId } });
      await this.audit.record(
        manager,
        sessionActor(
          { sessionId: session.id, userId: user.id, role: user.role, organisationId: organisation.id, organisationKind: organisation.kind },
          client.requestId,
        ),
        {
          action: 'user.logged_in',
          objectType: 'session',
          objectId: session.id,
          changes: { ipAddress: client.ipAddress, method },
        },
      );
      return { user, organisation, session, secret };
    });
  }

  /**
   * Who is behind a cookie value, or null (unknown, expired, revoked, disabled user). One narrow raw
   * query: this runs on every signed-in request, and the query builder cost more than the query.
   */
  async resolve(secret: string): Promise<SessionOwner | null> {
    const now = this.clock.now();
    const tokenHash = hashSecret(secret);
    const key = tokenHash.toString('base64');
    const recent = this.recentOwners.get(key, now.getTime());
    if (recent && recent.expiresAt > now.getTime()) return recent.owner;
    const forgettings = this.forgettings;
    const [row]: Array<{
      session_id: string;
      last_seen_at: Date;
      expires_at: Date;
      user_id: string;
      role: Role;
      organisation_id: string;
      organisation_kind: OrganisationKind;
    }> = await preparedRows(
      this.dataSource.manager,
      'session_resolve',
      `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, u.id AS user_id, u.role, o.id AS organisation_id,
              o.kind AS organisation_kind
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
      [tokenHash, now],
    );
    if (!row) return null;
    if (now.getTime() - row.last_seen_at.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await this.dataSource.getRepository(SessionEntity).update({ id: row.session_id }, { lastSeenAt: now });
    }
    const owner: SessionOwner = {
      sessionId: row.session_id,
      userId: row.user_id,
      role: row.role,
      organisationId: row.organisation_id,
      organisationKind: row.organisation_kind,
    };
    if (forgettings === this.forgettings) this.recentOwners.set(key, { owner, expiresAt: row.expires_at.getTime() }, now.getTime());
    return owner;
  }

  /**
   * Forgets the sessions this process read recently, so that the next request of each reads its
   * session again: after a revocation here, or a change made to sessions or users in the database
   * by other means (an operator's SQL in an incident, a test).
   */
  forgetRecentSessions(): void {
    this.forgettings += 1;
    this.recentOwners.clear();
  }

  /** The session making the request, with its user and organisation. */
  async current(actor: UserActor): Promise<ResolvedSession> {
    const session = await this.sessionWithOwner().where('session.id = :id', { id: actor.sessionId }).getOne();
    if (!session?.user?.organisation) throw new DomainError('unauthenticated', 'Sign in to continue');
    return { session, user: session.user, organisation: session.user.organisation };
  }

  private sessionWithOwner() {
    return this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('session')
      .innerJoinAndSelect('session.user', 'user')
      .innerJoinAndSelect('user.organisation', 'organisation');
  }

  /** The user's live sessions, newest first. */
  async listOwn(actor: UserActor): Promise<SessionEntity[]> {
    return this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('session')
      .where('session.user_id = :userId', { userId: actor.userId })
      .andWhere('session.revoked_at IS NULL')
      .andWhere('session.expires_at > :now', { now: this.clock.now() })
      .orderBy('session.created_at', 'DESC')
      .getMany();
  }

  /** Ends one of the actor's own sessions; someone else's answers 404. Ending an ended one is a no-op. */
  async revokeOwn(actor: UserActor, sessionId: string, action = 'session.revoked'): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const session = await manager.getRepository(SessionEntity).findOne({ where: { id: sessionId, userId: actor.userId } });
      if (!session) throw DomainError.notFound('session');
      const result = await manager
        .getRepository(SessionEntity)
        .update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      if (result.affected) {
        await this.audit.record(manager, actor, { action, objectType: 'session', objectId: sessionId });
      }
    });
    this.forgetRecentSessions();
  }
}

export function sessionActor(owner: SessionOwner, requestId: string): UserActor {
  return {
    kind: 'user',
    userId: owner.userId,
    organisationId: owner.organisationId,
    organisationKind: owner.organisationKind,
    role: owner.role,
    sessionId: owner.sessionId,
    requestId,
  };
}
