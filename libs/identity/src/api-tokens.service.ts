import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '@app/audit';
import {
  type ApiScope,
  type ApiTokenActor,
  type Clock,
  CLOCK,
  DomainError,
  isOrganisationManager,
  scopeAllowedFor,
  type UserActor,
} from '@app/domain';
import { ApiTokenEntity } from './entities/api-token.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { hashSecret, newSecret } from './secret-tokens';

export interface NewApiToken {
  name: string;
  scopes: ApiScope[];
  expiresAt?: Date;
}

export interface CreatedApiToken {
  token: ApiTokenEntity;
  /** The bearer value: shown once, never stored. */
  secret: string;
}

const TOKEN_PREFIX = 'pn_';
// Integrations call often: record use to the minute, not on every request.
const LAST_USED_RESOLUTION_MS = 60 * 1000;

@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(actor: UserActor, input: NewApiToken): Promise<CreatedApiToken> {
    assertManager(actor);
    const refused = input.scopes.filter((scope) => !scopeAllowedFor(scope, actor.organisationKind));
    if (refused.length > 0) {
      throw DomainError.validation([
        { field: 'scopes', problems: refused.map((scope) => `${scope} is not available to a ${actor.organisationKind} organisation`) },
      ]);
    }
    if (input.expiresAt && input.expiresAt <= this.clock.now()) {
      throw DomainError.validation([{ field: 'expiresAt', problems: ['must be in the future'] }]);
    }
    const random = newSecret();
    const secret = `${TOKEN_PREFIX}${random}`;
    return this.dataSource.transaction(async (manager) => {
      const token = manager.create(ApiTokenEntity, {
        organisationId: actor.organisationId,
        createdByUserId: actor.userId,
        name: input.name.trim(),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 8),
        tokenHash: hashSecret(secret),
        scopes: [...new Set(input.scopes)],
        expiresAt: input.expiresAt ?? null,
        lastUsedAt: null,
        revokedAt: null,
      });
      await manager.getRepository(ApiTokenEntity).insert(token);
      await this.audit.record(manager, actor, {
        action: 'api_token.created',
        objectType: 'api_token',
        objectId: token.id,
        changes: { name: token.name, scopes: token.scopes, expiresAt: token.expiresAt },
      });
      return { token, secret };
    });
  }

  /** The organisation's tokens, revoked ones included (they explain past activity). */
  async list(actor: UserActor): Promise<ApiTokenEntity[]> {
    assertManager(actor);
    return this.dataSource.getRepository(ApiTokenEntity).find({
      where: { organisationId: actor.organisationId },
      order: { createdAt: 'DESC' },
    });
  }

  async revoke(actor: UserActor, id: string): Promise<ApiTokenEntity> {
    assertManager(actor);
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ApiTokenEntity);
      const token = await repository.findOne({ where: { id, organisationId: actor.organisationId } });
      if (!token) throw DomainError.notFound('API token');
      const result = await repository.update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      if (result.affected) {
        await this.audit.record(manager, actor, { action: 'api_token.revoked', objectType: 'api_token', objectId: id });
      }
      return repository.findOneOrFail({ where: { id } });
    });
  }

  /** The actor behind a bearer value, or null when it is unknown, revoked or expired. */
  async resolve(secret: string, requestId: string): Promise<ApiTokenActor | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    const now = this.clock.now();
    const token = await this.dataSource
      .getRepository(ApiTokenEntity)
      .createQueryBuilder('token')
      .where('token.token_hash = :hash', { hash: hashSecret(secret) })
      .andWhere('token.revoked_at IS NULL')
      .andWhere('(token.expires_at IS NULL OR token.expires_at > :now)', { now })
      .getOne();
    if (!token) return null;
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneOrFail({ where: { id: token.organisationId } });
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.getRepository(ApiTokenEntity).update({ id: token.id }, { lastUsedAt: now });
    }
    return {
      kind: 'api_token',
      tokenId: token.id,
      organisationId: organisation.id,
      organisationKind: organisation.kind,
      scopes: token.scopes,
      requestId,
    };
  }
}

function assertManager(actor: UserActor): void {
  if (!isOrganisationManager(actor.role)) {
    throw new DomainError('forbidden', "Only the organisation's manager handles API tokens");
  }
}
