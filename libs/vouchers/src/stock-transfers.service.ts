/**
 * Stock transfers between distributors of a programme (docs/stock.md): one asks, the programme's
 * funder or the operator decides (four eyes by role: a distributor cannot approve). The booklets are
 * chosen at the request; the approval moves, in one statement, those still whole in the requester's
 * stock — a booklet handed out or cancelled meanwhile stays where it is, and the transfer says so.
 * Every step is transactional, idempotent (Idempotency-Key) and audited.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Answer, IdempotencyService, queryRows } from '@app/database';
import { type AuthenticatedActor, type Clock, CLOCK, DomainError, type UserActor } from '@app/domain';
import { DistributionService } from './distribution.service';
import { ProgrammeEntity } from './entities/programme.entity';
import { StockTransferEntity, type StockTransferStatus } from './entities/stock-transfer.entity';
import { voucherRefusal } from './voucher-conflicts';

export interface TransferRequest {
  programmeId: string;
  toDistributorOrganisationId: string;
  bookletCount: number;
  reason?: string;
}

export interface TransferBooklet {
  serial: string;
  /** At approval: moved, or kept by the requester (handed out or cancelled meanwhile); null while pending or refused. */
  moved: boolean | null;
}

export interface StockTransfer {
  id: string;
  programmeId: string;
  programmeName: string;
  fromDistributorOrganisationId: string;
  fromDistributorName: string;
  toDistributorOrganisationId: string;
  toDistributorName: string;
  status: StockTransferStatus;
  reason: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
  booklets: TransferBooklet[];
}

export interface Distributor {
  id: string;
  name: string;
}

/** Serialises one distributor's requests: a booklet is in one pending transfer at most. */
const REQUEST_LOCK = 'pass-numerique:stock-transfer-request:';

@Injectable()
export class StockTransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly distribution: DistributionService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The other distributors holding booklets of a programme the actor holds too: where its booklets may go. */
  async destinations(actor: AuthenticatedActor, programmeId: string): Promise<Distributor[]> {
    await this.heldProgramme(this.dataSource.manager, actor, programmeId);
    return queryRows<Distributor>(
      this.dataSource.manager,
      `SELECT o.id, o.name FROM organisations o
        WHERE o.kind = 'distributor' AND o.id <> $2
          AND EXISTS (SELECT 1 FROM booklets b WHERE b.programme_id = $1 AND b.distributor_organisation_id = o.id)
        ORDER BY o.name`,
      [programmeId, actor.organisationId],
    );
  }

  async request(actor: UserActor, key: string | undefined, input: TransferRequest): Promise<Answer<StockTransfer>> {
    this.idempotency.assertKey(key);
    const request = { organisationId: actor.organisationId, key, operation: 'stock_transfer.request', body: input };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<StockTransfer>;
      const programme = await this.heldProgramme(manager, actor, input.programmeId);
      if (programme.status !== 'funded' && programme.status !== 'active') {
        throw voucherRefusal('invalid_transition', 'programme_closed', 'Booklets of a closed programme cannot be transferred');
      }
      if (input.toDistributorOrganisationId === actor.organisationId) {
        throw DomainError.validation([{ field: 'toDistributorOrganisationId', problems: ['must be another distributor than yours'] }]);
      }
      const destinations = await this.destinations(actor, programme.id);
      if (!destinations.some((distributor) => distributor.id === input.toDistributorOrganisationId)) {
        throw DomainError.validation([
          { field: 'toDistributorOrganisationId', problems: ['must be another distributor of this programme'] },
        ]);
      }
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${REQUEST_LOCK}${actor.organisationId}`]);
      const chosen = await queryRows<{ id: string }>(
        manager,
        `SELECT b.id FROM booklets b
          WHERE b.programme_id = $1 AND b.distributor_organisation_id = $2
            AND NOT EXISTS (SELECT 1 FROM cheques c WHERE c.booklet_id = b.id AND c.status <> 'issued')
            AND NOT EXISTS (SELECT 1 FROM stock_transfers t WHERE t.status = 'pending' AND b.id = ANY(t.booklet_ids))
          ORDER BY b.number LIMIT $3`,
        [programme.id, actor.organisationId, input.bookletCount],
      );
      if (chosen.length < input.bookletCount) {
        throw voucherRefusal(
          'conflict',
          'transfer_stock_short',
          `Only ${chosen.length} booklets of this programme are in your stock, not handed out and not in another pending transfer`,
          { available: chosen.length },
        );
      }
      const transfer = manager.create(StockTransferEntity, {
        programmeId: programme.id,
        fromDistributorOrganisationId: actor.organisationId,
        toDistributorOrganisationId: input.toDistributorOrganisationId,
        bookletIds: chosen.map((row) => row.id),
        movedBookletIds: null,
        status: 'pending',
        reason: input.reason?.trim() || null,
        requestedByUserId: actor.userId,
        requestedAt: this.clock.now(),
      });
      await manager.getRepository(StockTransferEntity).insert(transfer);
      await this.audit.record(manager, actor, {
        action: 'stock_transfer.requested',
        objectType: 'stock_transfer',
        objectId: transfer.id,
        changes: { programmeId: programme.id, toDistributorOrganisationId: transfer.toDistributorOrganisationId, booklets: chosen.length },
      });
      return this.idempotency.store(manager, request, 201, await this.transfer(manager, transfer.id));
    });
  }

  /** A distributor sees the transfers from and to it; a funder those of its programmes; the operator all. */
  async list(actor: AuthenticatedActor): Promise<StockTransfer[]> {
    const ids = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT t.id FROM stock_transfers t JOIN programmes p ON p.id = t.programme_id
        WHERE ${visibilitySql(actor)} ORDER BY (t.status = 'pending') DESC, t.requested_at DESC LIMIT 200`,
      actor.organisationKind === 'operator' ? [] : [actor.organisationId],
    );
    const transfers: StockTransfer[] = [];
    for (const { id } of ids) transfers.push(await this.transfer(this.dataSource.manager, id));
    return transfers;
  }

  async approve(actor: UserActor, key: string | undefined, id: string, note: string | undefined): Promise<Answer<StockTransfer>> {
    return this.decide(actor, key, id, 'approved', note?.trim() || null);
  }

  async refuse(actor: UserActor, key: string | undefined, id: string, note: string): Promise<Answer<StockTransfer>> {
    return this.decide(actor, key, id, 'refused', note.trim());
  }

  private async decide(
    actor: UserActor,
    key: string | undefined,
    id: string,
    decision: 'approved' | 'refused',
    note: string | null,
  ): Promise<Answer<StockTransfer>> {
    this.idempotency.assertKey(key);
    const request = { organisationId: actor.organisationId, key, operation: `stock_transfer.${decision}`, body: { id, note } };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<StockTransfer>;
      const [transfer] = await queryRows<{
        status: StockTransferStatus;
        requested_by_user_id: string;
        booklet_ids: string[];
        from_distributor_organisation_id: string;
        to_distributor_organisation_id: string;
      }>(
        manager,
        `SELECT t.status, t.requested_by_user_id, t.booklet_ids, t.from_distributor_organisation_id, t.to_distributor_organisation_id
           FROM stock_transfers t JOIN programmes p ON p.id = t.programme_id
          WHERE t.id = $1 AND ${visibilitySql(actor, '$2')} FOR UPDATE OF t`,
        actor.organisationKind === 'operator' ? [id] : [id, actor.organisationId],
      );
      if (!transfer || actor.organisationKind === 'distributor') throw DomainError.notFound('stock_transfer');
      if (transfer.status !== 'pending') {
        throw voucherRefusal('invalid_transition', 'transfer_not_pending', `This transfer was already ${transfer.status}`, {
          status: transfer.status,
        });
      }
      // Four eyes: the person who asked never decides (a distributor's role cannot, this says why if roles ever change).
      if (transfer.requested_by_user_id === actor.userId)
        throw new DomainError('forbidden', 'The requester of a transfer cannot decide on it');
      const now = this.clock.now();
      let moved: string[] | null = null;
      if (decision === 'approved') {
        // Only booklets still whole in the requester's stock move; the idle clock starts again at their new holder.
        moved = (
          await queryRows<{ id: string }>(
            manager,
            `UPDATE booklets b SET distributor_organisation_id = $3, allocated_at = $4
              WHERE b.id = ANY($1::uuid[]) AND b.distributor_organisation_id = $2
                AND NOT EXISTS (SELECT 1 FROM cheques c WHERE c.booklet_id = b.id AND c.status <> 'issued')
              RETURNING b.id`,
            [transfer.booklet_ids, transfer.from_distributor_organisation_id, transfer.to_distributor_organisation_id, now],
          )
        ).map((row) => row.id);
        if (moved.length === 0) {
          throw voucherRefusal(
            'conflict',
            'transfer_nothing_to_move',
            'Every booklet of this transfer was handed out or cancelled meanwhile: nothing would move; refuse it instead',
          );
        }
      }
      await manager.query(
        `UPDATE stock_transfers SET status = $2, decided_by_user_id = $3, decided_at = $4, decision_note = $5, moved_booklet_ids = $6 WHERE id = $1`,
        [id, decision, actor.userId, now, note, moved],
      );
      await this.audit.record(manager, actor, {
        action: `stock_transfer.${decision}`,
        objectType: 'stock_transfer',
        objectId: id,
        changes: { note, booklets: transfer.booklet_ids.length, moved: moved?.length ?? 0 },
      });
      return this.idempotency.store(manager, request, 200, await this.transfer(manager, id));
    });
  }

  /** The programme, when the actor (a distributor) holds booklets of it; 404 otherwise. */
  private async heldProgramme(manager: EntityManager, actor: AuthenticatedActor, programmeId: string): Promise<ProgrammeEntity> {
    const programme = await manager.getRepository(ProgrammeEntity).findOneBy({ id: programmeId });
    const held = await queryRows(manager, 'SELECT 1 FROM booklets WHERE programme_id = $1 AND distributor_organisation_id = $2 LIMIT 1', [
      programmeId,
      actor.organisationId,
    ]);
    if (!programme || actor.organisationKind !== 'distributor' || held.length === 0) throw DomainError.notFound('programme');
    return programme;
  }

  private async transfer(manager: EntityManager, id: string): Promise<StockTransfer> {
    const [row] = await queryRows<Record<string, unknown>>(
      manager,
      `SELECT t.*, p.name AS programme_name, f.name AS from_name, d.name AS to_name,
              (SELECT coalesce(json_agg(json_build_object('serial', b.serial, 'id', b.id) ORDER BY b.number), '[]')
                 FROM booklets b WHERE b.id = ANY(t.booklet_ids)) AS booklets
         FROM stock_transfers t JOIN programmes p ON p.id = t.programme_id
         JOIN organisations f ON f.id = t.from_distributor_organisation_id JOIN organisations d ON d.id = t.to_distributor_organisation_id
        WHERE t.id = $1`,
      [id],
    );
    const moved = row.moved_booklet_ids as string[] | null;
    return {
      id: String(row.id),
      programmeId: String(row.programme_id),
      programmeName: String(row.programme_name),
      fromDistributorOrganisationId: String(row.from_distributor_organisation_id),
      fromDistributorName: String(row.from_name),
      toDistributorOrganisationId: String(row.to_distributor_organisation_id),
      toDistributorName: String(row.to_name),
      status: row.status as StockTransferStatus,
      reason: (row.reason as string | null) ?? null,
      requestedAt: row.requested_at as Date,
      decidedAt: (row.decided_at as Date | null) ?? null,
      decisionNote: (row.decision_note as string | null) ?? null,
      booklets: (row.booklets as Array<{ serial: string; id: string }>).map((booklet) => ({
        serial: booklet.serial,
        moved: moved === null ? null : moved.includes(booklet.id),
      })),
    };
  }
}

/** Which transfers an actor sees ($1, or the given placeholder, is its organisation). */
function visibilitySql(actor: AuthenticatedActor, own = '$1'): string {
  switch (actor.organisationKind) {
    case 'distributor':
      return `(t.from_distributor_organisation_id = ${own} OR t.to_distributor_organisation_id = ${own})`;
    case 'funder':
      return `p.funder_organisation_id = ${own}`;
    case 'operator':
      return 'true';
    case 'place':
      return `(false AND ${own}::uuid IS NOT NULL)`;
  }
}
