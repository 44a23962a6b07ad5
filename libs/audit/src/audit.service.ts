import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type Actor, type Page, type PageRequest, pageOffset, toPage } from '@app/domain';
import { AuditEventEntity, type AuditActorType } from './audit-event.entity';

export interface AuditFact {
  action: string;
  objectType: string;
  objectId: string;
  changes?: Record<string, unknown>;
}

export interface AuditFilter {
  objectType?: string;
  objectId?: string;
  organisationId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

// 12 columns per row: stays well under PostgreSQL's 65,535 parameters per statement.
const ROWS_PER_INSERT = 2_000;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes one audit event with the caller's EntityManager, so it commits or rolls back with the
   * change it describes. Never call it outside the change's transaction.
   */
  async record(manager: EntityManager, actor: Actor, fact: AuditFact): Promise<void> {
    await this.recordMany(manager, actor, [fact]);
  }

  /** Many facts of one actor (e.g. every cheque a job expired), in a few multi-row inserts. */
  async recordMany(manager: EntityManager, actor: Actor, facts: AuditFact[]): Promise<void> {
    const common = {
      actorType: actorType(actor),
      actorUserId: actor.kind === 'user' ? actor.userId : null,
      actorApiTokenId: actor.kind === 'api_token' ? actor.tokenId : null,
      actorName: actor.kind === 'system' ? actor.name : null,
      organisationId: actor.kind === 'user' || actor.kind === 'api_token' ? actor.organisationId : null,
      requestId: actor.requestId ?? null,
    };
    for (let start = 0; start < facts.length; start += ROWS_PER_INSERT) {
      const events = facts.slice(start, start + ROWS_PER_INSERT).map((fact) =>
        Object.assign(new AuditEventEntity(), {
          ...common,
          action: fact.action,
          objectType: fact.objectType,
          objectId: fact.objectId,
          changes: fact.changes ?? {},
        }),
      );
      // TypeORM's insert typing cannot see through a jsonb Record; the objects are complete entities.
      await manager.getRepository(AuditEventEntity).insert(events as QueryDeepPartialEntity<AuditEventEntity>[]);
    }
  }

  /** Newest first. Only the operator reads the whole trail (the controller says who may call). */
  async list(filter: AuditFilter, pageRequest: PageRequest): Promise<Page<AuditEventEntity>> {
    const query = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('event');
    if (filter.objectType) query.andWhere('event.object_type = :objectType', { objectType: filter.objectType });
    if (filter.objectId) query.andWhere('event.object_id = :objectId', { objectId: filter.objectId });
    if (filter.action) query.andWhere('event.action = :action', { action: filter.action });
    if (filter.organisationId) {
      // An organisation's events: those it did, and those done to it.
      query.andWhere(
        new Brackets((where) =>
          where
            .where('event.organisation_id = :organisationId')
            .orWhere("event.object_type = 'organisation' AND event.object_id = :organisationIdText"),
        ),
        { organisationId: filter.organisationId, organisationIdText: filter.organisationId },
      );
    }
    if (filter.from) query.andWhere('event.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('event.occurred_at < :to', { to: filter.to });
    const [items, total] = await query
      .orderBy('event.id', 'DESC')
      .skip(pageOffset(pageRequest))
      .take(pageRequest.pageSize)
      .getManyAndCount();
    return toPage(items, total, pageRequest);
  }
}

function actorType(actor: Actor): AuditActorType {
  switch (actor.kind) {
    case 'user':
      return 'user';
    case 'api_token':
      return 'api_token';
    case 'system':
      return 'system';
    case 'anonymous':
      return 'anonymous';
  }
}
