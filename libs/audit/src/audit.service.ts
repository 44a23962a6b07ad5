import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { preparedRows } from '@app/database';
import { type Actor, type CursorPage, decodeCursor, keysetSlice, type PageRequest, pageOffset, toPage } from '@app/domain';
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

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes one audit event with the caller's EntityManager, so it commits or rolls back with the
   * change it describes. Never call it outside the change's transaction.
   */
  record(manager: EntityManager, actor: Actor, fact: AuditFact): Promise<void> {
    return this.recordMany(manager, actor, [fact]);
  }

  /** Many facts of one actor (e.g. every cheque a job expired), in one INSERT … SELECT unnest. */
  recordMany(manager: EntityManager, actor: Actor, facts: AuditFact[]): Promise<void> {
    if (facts.length === 0) return Promise.resolve();
    // Raw SQL: this runs inside every money-moving transaction, where the ORM's overhead shows. Not
    // async: built and sent within the call (see CommitBehind in @app/database).
    const written = preparedRows(
      manager,
      'audit_record',
      `INSERT INTO audit_events (actor_type, actor_user_id, actor_api_token_id, actor_name, organisation_id, request_id,
                                 action, object_type, object_id, changes)
       SELECT $1, $2, $3, $4, $5, $6, f.action, f.object_type, f.object_id, f.changes
         FROM unnest($7::text[], $8::text[], $9::text[], $10::jsonb[]) WITH ORDINALITY AS f(action, object_type, object_id, changes, n)
        ORDER BY f.n`,
      [
        actorType(actor),
        actor.kind === 'user' ? actor.userId : null,
        actor.kind === 'api_token' ? actor.tokenId : null,
        actor.kind === 'system' ? actor.name : null,
        actor.kind === 'user' || actor.kind === 'api_token' ? actor.organisationId : null,
        actor.requestId ?? null,
        facts.map((fact) => fact.action),
        facts.map((fact) => fact.objectType),
        facts.map((fact) => fact.objectId),
        facts.map((fact) => JSON.stringify(fact.changes ?? {})),
      ],
    );
    return written.then(() => undefined);
  }

  /** Newest first. Only the operator reads the whole trail (the controller says who may call). */
  async list(filter: AuditFilter, pageRequest: PageRequest): Promise<CursorPage<AuditEventEntity>> {
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
    const total = await query.getCount();
    if (pageRequest.cursor) {
      const [lastId] = decodeCursor(pageRequest.cursor, ['integer']);
      query.andWhere('event.id < :lastId', { lastId });
    }
    // One row more than the page: it tells whether a next page exists (its cursor is the last item's id).
    const rows = await query
      .orderBy('event.id', 'DESC')
      .skip(pageOffset(pageRequest))
      .take(pageRequest.pageSize + 1)
      .getMany();
    const { items, nextCursor } = keysetSlice(rows, pageRequest.pageSize, (event) => [String(event.id)]);
    return toPage(items, total, pageRequest, nextCursor);
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
