/**
 * Booklets on their way to people: the operator allocates ranges to distributors, social workers
 * hand them out (recording only an anonymous profile), and lost or stolen ones are cancelled.
 * Every move is a conditional UPDATE on the current status, so a double click changes nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { queryRows } from '@app/database';
import { LedgerService } from '@app/ledger';
import {
  type AgeBand,
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  DomainError,
  hashChequeCode,
  isIsoDate,
  localDate,
  METROPOLITAN_TIME_ZONE,
  type PageRequest,
  pageOffset,
  type CursorPage,
  decodeCursor,
  keysetSlice,
  parseChequeCode,
  parseTerritoryCode,
  type Service,
  type Situation,
  toPage,
  type UserActor,
} from '@app/domain';
import { OrganisationsService } from '@app/identity';
import { BookletEntity } from './entities/booklet.entity';
import { HandOutEntity } from './entities/hand-out.entity';
import { ProgrammeEntity } from './entities/programme.entity';
import { releasedCheque } from './expiry.service';
import { voucherRefusal } from './voucher-conflicts';

export interface Allocation {
  programmeId: string;
  fromNumber: number;
  toNumber: number;
  distributorOrganisationId: string;
}

export interface HandOutInput {
  bookletSerial?: string;
  chequeCodes?: string[];
  handedOutOn?: string;
  ageBand?: AgeBand;
  situation?: Situation;
  communeCode?: string;
  needs?: Service[];
}

export interface BookletSummary {
  id: string;
  serial: string;
  number: number;
  programmeId: string;
  programmeName: string;
  distributorOrganisationId: string | null;
  allocatedAt: Date | null;
  counts: { issued: number; distributed: number; redeemed: number; settled: number; cancelled: number; expired: number };
}

export interface IdleStockBooklet {
  bookletId: string;
  serial: string;
  distributorOrganisationId: string;
  distributorName: string;
  programmeId: string;
  programmeName: string;
  allocatedOn: string;
}

/** Whose idle booklets: a distributor's stock, a funder's programmes, or all (the operator, the notification job). */
export type IdleStockScope = { distributorOrganisationId: string } | { funderOrganisationId: string } | 'all';

@Injectable()
export class DistributionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    private readonly ledger: LedgerService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Booklets idle in a distributor's stock (docs/notifications.md, docs/stock.md): allocated at least
   * `idleDays` ago (or moved there by a transfer that long ago), of a programme still running, and not
   * one of their cheques handed out (or cancelled) since. The one definition of idle: the digest to
   * distributors and the idle-stock pages both read it.
   */
  async idleBooklets(idleDays: number, scope: IdleStockScope = 'all'): Promise<IdleStockBooklet[]> {
    const now = this.clock.now();
    const parameters: unknown[] = [now, idleDays, localDate(now)];
    let scopeSql = '';
    if (scope !== 'all') {
      parameters.push('distributorOrganisationId' in scope ? scope.distributorOrganisationId : scope.funderOrganisationId);
      scopeSql = 'distributorOrganisationId' in scope ? 'AND b.distributor_organisation_id = $4' : 'AND p.funder_organisation_id = $4';
    }
    return queryRows<IdleStockBooklet>(
      this.dataSource.manager,
      `SELECT b.id AS "bookletId", b.serial, b.distributor_organisation_id AS "distributorOrganisationId", o.name AS "distributorName",
              p.id AS "programmeId", p.name AS "programmeName",
              to_char(b.allocated_at AT TIME ZONE '${METROPOLITAN_TIME_ZONE}', 'YYYY-MM-DD') AS "allocatedOn"
         FROM booklets b JOIN programmes p ON p.id = b.programme_id JOIN organisations o ON o.id = b.distributor_organisation_id
        WHERE b.distributor_organisation_id IS NOT NULL AND b.allocated_at <= $1::timestamptz - make_interval(days => $2)
          AND p.status IN ('funded', 'active') AND p.valid_until >= $3::date ${scopeSql}
          AND NOT EXISTS (SELECT 1 FROM cheques c WHERE c.booklet_id = b.id AND c.status <> 'issued')
        ORDER BY b.distributor_organisation_id, b.serial`,
      parameters,
    );
  }

  /** All or nothing: every booklet of the range must exist and be free. */
  async allocate(actor: UserActor, allocation: Allocation): Promise<{ allocated: number }> {
    if (allocation.toNumber < allocation.fromNumber)
      throw DomainError.validation([{ field: 'toNumber', problems: ['must not be below fromNumber'] }]);
    const distributor = await this.organisations.findById(allocation.distributorOrganisationId);
    if (!distributor || distributor.kind !== 'distributor') {
      throw DomainError.validation([{ field: 'distributorOrganisationId', problems: ['must be a distributor organisation'] }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const programme = await manager.getRepository(ProgrammeEntity).findOneBy({ id: allocation.programmeId });
      if (!programme) throw DomainError.notFound('programme');
      if (programme.status === 'draft') {
        throw voucherRefusal('invalid_transition', 'booklets_not_issued', 'Order the programme first: a draft has no booklets to allocate');
      }
      if (programme.status === 'closed')
        throw voucherRefusal('invalid_transition', 'programme_closed', 'Booklets of a closed programme cannot be allocated');
      if (allocation.toNumber > programme.bookletCount) {
        throw DomainError.validation([{ field: 'toNumber', problems: [`must not be greater than ${programme.bookletCount}`] }]);
      }
      const size = allocation.toNumber - allocation.fromNumber + 1;
      const rows: Array<{ id: string }> = await queryRows(
        manager,
        `UPDATE booklets SET distributor_organisation_id = $4, allocated_at = $5
          WHERE programme_id = $1 AND number BETWEEN $2 AND $3 AND distributor_organisation_id IS NULL
          RETURNING id`,
        [programme.id, allocation.fromNumber, allocation.toNumber, distributor.id, this.clock.now()],
      );
      if (rows.length !== size) {
        throw voucherRefusal(
          'conflict',
          'booklets_already_allocated',
          `${size - rows.length} of these ${size} booklets are already allocated; nothing was allocated`,
        );
      }
      await this.audit.record(manager, actor, {
        action: 'booklets.allocated',
        objectType: 'programme',
        objectId: programme.id,
        changes: {
          fromNumber: allocation.fromNumber,
          toNumber: allocation.toNumber,
          distributorOrganisationId: distributor.id,
          booklets: size,
        },
      });
      return { allocated: size };
    });
  }

  /** Distributors see their stock; funders their programmes' booklets; the operator everything. */
  async listBooklets(actor: AuthenticatedActor, filter: { programmeId?: string }, page: PageRequest): Promise<CursorPage<BookletSummary>> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const where = (sql: string, value: unknown): void => {
      parameters.push(value);
      conditions.push(sql.replace('?', `$${parameters.length}`));
    };
    switch (actor.organisationKind) {
      case 'distributor':
        where('b.distributor_organisation_id = ?', actor.organisationId);
        break;
      case 'funder':
        where('p.funder_organisation_id = ?', actor.organisationId);
        break;
      case 'place':
        where('false = ?', true);
        break;
      case 'operator':
        break;
    }
    if (filter.programmeId) where('b.programme_id = ?', filter.programmeId);
    const whereSql = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const total: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM booklets b JOIN programmes p ON p.id = b.programme_id ${whereSql}`,
      parameters,
    );
    let afterSql = whereSql;
    const afterParameters = [...parameters];
    if (page.cursor) {
      // In programme name, booklet number, then id order: what comes after the last booklet read.
      const [name, number, id] = decodeCursor(page.cursor, 'booklets', ['text', 'integer', 'uuid']);
      afterParameters.push(name, number, id);
      const n = afterParameters.length;
      afterSql = `${whereSql ? `${whereSql} AND` : 'WHERE'} (p.name, b.number, b.id) > ($${n - 2}, $${n - 1}::int, $${n}::uuid)`;
    }
    const rows = await this.summaries(
      `${afterSql} GROUP BY b.id, p.name ORDER BY p.name, b.number, b.id LIMIT ${page.pageSize + 1} OFFSET ${pageOffset(page)}`,
      afterParameters,
    );
    const { items, nextCursor } = keysetSlice(rows, page.pageSize, 'booklets', (booklet) => [
      booklet.programmeName,
      String(booklet.number),
      booklet.id,
    ]);
    return toPage(items, total[0].n, page, nextCursor);
  }

  async getBooklet(actor: AuthenticatedActor, serial: string): Promise<BookletSummary> {
    const booklet = await this.visibleBooklet(this.dataSource.manager, actor, serial);
    const [summary] = await this.summaries('WHERE b.id = $1 GROUP BY b.id, p.name', [booklet.id]);
    return summary;
  }

  /** Booklets with their cheques counted by status. */
  private async summaries(tailSql: string, parameters: unknown[]): Promise<BookletSummary[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT b.id, b.serial, b.number, b.programme_id, p.name AS programme_name, b.distributor_organisation_id, b.allocated_at,
              count(*) FILTER (WHERE c.status = 'issued')::int AS issued,
              count(*) FILTER (WHERE c.status = 'distributed')::int AS distributed,
              count(*) FILTER (WHERE c.status = 'redeemed')::int AS redeemed,
              count(*) FILTER (WHERE c.status = 'settled')::int AS settled,
              count(*) FILTER (WHERE c.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE c.status = 'expired')::int AS expired
         FROM booklets b JOIN programmes p ON p.id = b.programme_id JOIN cheques c ON c.booklet_id = b.id
         ${tailSql}`,
      parameters,
    );
    return rows.map(bookletSummary);
  }

  /** A social worker hands out a booklet (by serial) or single cheques (by code) of their stock. */
  async handOut(actor: UserActor, input: HandOutInput): Promise<{ handOutId: string; cheques: number }> {
    if (!input.bookletSerial === !input.chequeCodes?.length) {
      throw DomainError.validation([{ field: 'bookletSerial', problems: ['give either a booklet serial or cheque codes, not both'] }]);
    }
    const today = localDate(this.clock.now());
    const handedOutOn = input.handedOutOn ?? today;
    if (!isIsoDate(handedOutOn) || handedOutOn > today)
      throw DomainError.validation([{ field: 'handedOutOn', problems: ['must be a past or present date'] }]);
    if (input.communeCode && parseTerritoryCode(input.communeCode)?.kind !== 'commune') {
      throw DomainError.validation([{ field: 'communeCode', problems: ['must be an INSEE commune code'] }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const handOut = manager.create(HandOutEntity, {
        distributorOrganisationId: actor.organisationId,
        recordedByUserId: actor.userId,
        handedOutOn,
        ageBand: input.ageBand ?? null,
        situation: input.situation ?? null,
        communeCode: input.communeCode?.toUpperCase() ?? null,
        needs: input.needs ?? [],
      });
      await manager.getRepository(HandOutEntity).insert(handOut);
      const chequeIds = input.bookletSerial
        ? await this.distributeBooklet(manager, actor, input.bookletSerial, handOut.id)
        : await this.distributeCheques(manager, actor, input.chequeCodes ?? [], handOut.id);
      await this.audit.record(manager, actor, {
        action: 'cheques.handed_out',
        objectType: 'hand_out',
        objectId: handOut.id,
        changes: { bookletSerial: input.bookletSerial ?? null, cheques: chequeIds.length, handedOutOn },
      });
      return { handOutId: handOut.id, cheques: chequeIds.length };
    });
  }

  /** Lost or stolen: every cheque of the booklet not yet used becomes worthless, forever. */
  async cancelBooklet(actor: UserActor, serial: string, reason: string): Promise<{ cancelled: number }> {
    return this.dataSource.transaction(async (manager) => {
      const booklet = await this.visibleBooklet(manager, actor, serial, true);
      const cancelled = await this.cancelUnusedChequesOf(manager, booklet, reason);
      if (cancelled === 0) {
        throw voucherRefusal(
          'invalid_transition',
          'booklet_not_cancellable',
          'No cheque of this booklet can be cancelled (all used, expired or already cancelled)',
        );
      }
      await this.audit.record(manager, actor, {
        action: 'booklet.cancelled',
        objectType: 'booklet',
        objectId: booklet.id,
        changes: { serial: booklet.serial, reason, cheques: cancelled },
      });
      return { cancelled };
    });
  }

  /**
   * The one cancellation of a booklet's cheques (lost booklet, reissue): those not used yet (from
   * position `fromPosition` on, when given) become cancelled, their value released in the ledger.
   * Inside the caller's transaction, the booklet locked; answers how many were cancelled.
   */
  async cancelUnusedChequesOf(
    manager: EntityManager,
    booklet: Pick<BookletEntity, 'id' | 'programmeId'>,
    reason: string,
    fromPosition = 1,
  ): Promise<number> {
    await lockProgrammesForRelease(manager, [booklet.programmeId]);
    const now = this.clock.now();
    const rows: CancelledRow[] = await queryRows(
      manager,
      `UPDATE cheques c SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3
         FROM programmes p
        WHERE p.id = c.programme_id AND c.booklet_id = $1 AND c.position >= $4 AND c.status IN ('issued', 'distributed')
        RETURNING ${CANCELLED_COLUMNS}`,
      [booklet.id, now, reason, fromPosition],
    );
    if (rows.length > 0) {
      await this.ledger.recordReleases(manager, 'cheques_cancelled', `cancellation:${randomUUID()}`, rows.map(releasedCheque), now, reason);
    }
    return rows.length;
  }

  /** Single cheques (a page torn out): all or nothing. */
  async cancelCheques(actor: UserActor, codes: string[], reason: string): Promise<{ cancelled: number }> {
    const hashes = hashesOfTypedCodes(codes);
    return this.dataSource.transaction(async (manager) => {
      const scope = actor.organisationKind === 'operator' ? '' : 'AND b.distributor_organisation_id = $4';
      const now = this.clock.now();
      const parameters: unknown[] = [hashes, now, reason];
      if (scope) parameters.push(actor.organisationId);
      const programmes = await queryRows<{ programme_id: string }>(
        manager,
        'SELECT DISTINCT programme_id FROM cheques WHERE code_hash = ANY($1::bytea[])',
        [hashes],
      );
      await lockProgrammesForRelease(
        manager,
        programmes.map((row) => row.programme_id),
      );
      const rows: CancelledRow[] = await queryRows(
        manager,
        `UPDATE cheques c SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3
           FROM booklets b, programmes p
          WHERE b.id = c.booklet_id AND p.id = c.programme_id AND c.code_hash = ANY($1::bytea[]) AND c.status IN ('issued', 'distributed') ${scope}
          RETURNING ${CANCELLED_COLUMNS}`,
        parameters,
      );
      if (rows.length !== hashes.length) {
        throw voucherRefusal(
          'conflict',
          'cheques_not_cancellable',
          `${hashes.length - rows.length} of these cheques are unknown, not in your stock, or no longer cancellable; nothing was cancelled`,
        );
      }
      await this.ledger.recordReleases(manager, 'cheques_cancelled', `cancellation:${randomUUID()}`, rows.map(releasedCheque), now, reason);
      await this.audit.recordMany(
        manager,
        actor,
        rows.map((row) => ({ action: 'cheque.cancelled', objectType: 'cheque', objectId: String(row.id), changes: { reason } })),
      );
      return { cancelled: rows.length };
    });
  }

  private async distributeBooklet(manager: EntityManager, actor: UserActor, serial: string, handOutId: string): Promise<string[]> {
    const booklet = await this.visibleBooklet(manager, actor, serial, true);
    await this.assertProgrammeFunded(manager, booklet.programmeId);
    const rows: Array<{ id: string }> = await queryRows(
      manager,
      `UPDATE cheques SET status = 'distributed', distributed_at = $3, hand_out_id = $2
        WHERE booklet_id = $1 AND status = 'issued' RETURNING id`,
      [booklet.id, handOutId, this.clock.now()],
    );
    if (rows.length === 0) {
      const cancelled = await queryRows(manager, "SELECT 1 FROM cheques WHERE booklet_id = $1 AND status = 'cancelled' LIMIT 1", [
        booklet.id,
      ]);
      throw cancelled.length > 0
        ? voucherRefusal('invalid_transition', 'booklet_cancelled', `Booklet ${booklet.serial} was cancelled`)
        : voucherRefusal('invalid_transition', 'booklet_already_handed_out', `Booklet ${booklet.serial} was already handed out`);
    }
    return rows.map((row) => String(row.id));
  }

  private async distributeCheques(manager: EntityManager, actor: UserActor, codes: string[], handOutId: string): Promise<string[]> {
    const hashes = hashesOfTypedCodes(codes);
    const rows: Array<{ id: string; programme_status: string }> = await queryRows(
      manager,
      `UPDATE cheques c SET status = 'distributed', distributed_at = $3, hand_out_id = $2
         FROM booklets b, programmes p
        WHERE b.id = c.booklet_id AND p.id = c.programme_id AND c.code_hash = ANY($1::bytea[]) AND c.status = 'issued'
          AND b.distributor_organisation_id = $4 AND p.status IN ('funded', 'active')
        RETURNING c.id`,
      [hashes, handOutId, this.clock.now(), actor.organisationId],
    );
    if (rows.length !== hashes.length) {
      throw voucherRefusal(
        'conflict',
        'cheques_not_distributable',
        `${hashes.length - rows.length} of these cheques are unknown, not in your stock, not funded yet or already handed out; nothing was recorded`,
      );
    }
    return rows.map((row) => String(row.id));
  }

  async assertProgrammeFunded(manager: EntityManager, programmeId: string): Promise<void> {
    const programme = await manager.getRepository(ProgrammeEntity).findOneByOrFail({ id: programmeId });
    if (programme.status === 'closed')
      throw voucherRefusal('invalid_transition', 'programme_closed', 'Cheques of a closed programme cannot be handed out');
    if (programme.status !== 'funded' && programme.status !== 'active') {
      throw voucherRefusal(
        'invalid_transition',
        'programme_not_funded',
        `Cheques of a ${programme.status} programme cannot be handed out: it is not funded yet`,
      );
    }
  }

  /** A booklet the actor may act on: its distributor's (or, to cancel, the operator). 404 otherwise. */
  async visibleBooklet(manager: EntityManager, actor: AuthenticatedActor, serial: string, forChange = false): Promise<BookletEntity> {
    const query = manager
      .getRepository(BookletEntity)
      .createQueryBuilder('booklet')
      .innerJoin('booklet.programme', 'programme')
      .where('booklet.serial = :serial', { serial: serial.trim().toUpperCase() });
    if (forChange) query.setLock('pessimistic_write', undefined, ['booklet']);
    switch (actor.organisationKind) {
      case 'distributor':
        query.andWhere('booklet.distributor_organisation_id = :own', { own: actor.organisationId });
        break;
      case 'funder':
        if (forChange) throw DomainError.notFound('booklet');
        query.andWhere('programme.funder_organisation_id = :own', { own: actor.organisationId });
        break;
      case 'place':
        throw DomainError.notFound('booklet');
      case 'operator':
        break;
    }
    const booklet = await query.getOne();
    if (!booklet) throw DomainError.notFound('booklet');
    return booklet;
  }
}

type CancelledRow = Parameters<typeof releasedCheque>[0] & { id: string };
const CANCELLED_COLUMNS = 'c.id, c.programme_id, p.face_value_cents, p.funder_organisation_id, p.funded_at IS NOT NULL AS funded';

/**
 * Locks the programmes (shared) before their cheques change: a funding (which locks the programme
 * row) then either sees these cheques cancelled, or has committed and this sees the programme funded.
 */
async function lockProgrammesForRelease(manager: EntityManager, programmeIds: string[]): Promise<void> {
  if (programmeIds.length === 0) return;
  await manager.query('SELECT id FROM programmes WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE', [programmeIds]);
}

/** Hashes of typed or scanned codes; a mistyped one is a 400 naming its position in the list. */
function hashesOfTypedCodes(codes: string[]): Buffer[] {
  return codes.map((code, index) => {
    const parsed = parseChequeCode(code);
    if (!parsed.ok)
      throw DomainError.validation([{ field: `chequeCodes.${index}`, problems: [`is not a valid cheque code (${parsed.problem})`] }]);
    return hashChequeCode(parsed.code);
  });
}

function bookletSummary(row: Record<string, unknown>): BookletSummary {
  return {
    id: String(row.id),
    serial: String(row.serial),
    number: Number(row.number),
    programmeId: String(row.programme_id),
    programmeName: String(row.programme_name),
    distributorOrganisationId: (row.distributor_organisation_id as string | null) ?? null,
    allocatedAt: (row.allocated_at as Date | null) ?? null,
    counts: {
      issued: Number(row.issued),
      distributed: Number(row.distributed),
      redeemed: Number(row.redeemed),
      settled: Number(row.settled),
      cancelled: Number(row.cancelled),
      expired: Number(row.expired),
    },
  };
}
