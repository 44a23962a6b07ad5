/**
 * A place's redemptions, by day and service, with totals (what it will be paid), and the same as
 * CSV. The operator sees every place's; a place organisation only its own.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { localDateSql } from '@app/database';
import {
  type AuthenticatedActor,
  type CursorPage,
  decodeCursor,
  formatEuros,
  keysetSlice,
  type PageRequest,
  pageOffset,
  toPage,
} from '@app/domain';

export interface RedemptionFilter {
  placeId?: string;
  /** A catalogue entry (all its versions). */
  serviceEntryId?: string;
  /** Days in the platform's time zone (Paris), inclusive. */
  from?: string;
  to?: string;
  includeUndone?: boolean;
}

export interface RedemptionLine {
  id: string;
  occurredAt: string;
  placeId: string;
  placeName: string;
  serviceId: string;
  serviceEntryId: string;
  serviceName: string;
  chequeCount: number;
  amountCents: number;
  amount: string;
  channel: string;
  maskedCodes: string[];
  undoneAt: string | null;
  settled: boolean;
}

export interface RedemptionTotals {
  redemptions: number;
  cheques: number;
  amountCents: number;
  amount: string;
}

interface LineRow {
  id: string;
  occurred_at: Date;
  /** occurred_at as PostgreSQL writes it, to the microsecond: the cursor's sort key. */
  position: string;
  place_id: string;
  place_name: string;
  service_id: string;
  service_entry_id: string;
  service_name: string;
  cheque_count: number;
  amount_cents: string;
  channel: string;
  masked_codes: string[];
  undone_at: Date | null;
  settled: boolean;
}

@Injectable()
export class RedemptionHistoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(
    actor: AuthenticatedActor,
    filter: RedemptionFilter,
    page: PageRequest,
  ): Promise<CursorPage<RedemptionLine> & { totals: RedemptionTotals }> {
    const { where, parameters } = conditions(actor, filter);
    const [totals]: Array<{ redemptions: number; cheques: number; amount_cents: string }> = await this.dataSource.query(
      `SELECT count(*)::int AS redemptions, coalesce(sum(r.cheque_count), 0)::int AS cheques, coalesce(sum(r.amount_cents), 0)::bigint AS amount_cents
         FROM redemptions r ${where}`,
      parameters,
    );
    let after = where;
    const afterParameters = [...parameters];
    if (page.cursor) {
      // Newest first, then by id: what comes after (t, id) is older, or as old with a greater id.
      const [at, id] = decodeCursor(page.cursor, ['instant', 'uuid']);
      afterParameters.push(at, id);
      const [a, b] = [afterParameters.length - 1, afterParameters.length];
      after = `${where ? `${where} AND` : 'WHERE'} (r.occurred_at < $${a}::timestamptz OR (r.occurred_at = $${a}::timestamptz AND r.id > $${b}::uuid))`;
    }
    const rows = await this.lines(after, afterParameters, `LIMIT ${page.pageSize + 1} OFFSET ${pageOffset(page)}`);
    const { items, nextCursor } = keysetSlice(rows, page.pageSize, (row) => [row.position, row.id]);
    const amountCents = Number(totals.amount_cents);
    return {
      ...toPage(items.map(line), totals.redemptions, page, nextCursor),
      totals: { redemptions: totals.redemptions, cheques: totals.cheques, amountCents, amount: formatEuros(amountCents) },
    };
  }

  /** Every matching line (an export: bounded by the filter, streamed by the caller). */
  async all(actor: AuthenticatedActor, filter: RedemptionFilter): Promise<RedemptionLine[]> {
    const { where, parameters } = conditions(actor, filter);
    return (await this.lines(where, parameters, '')).map(line);
  }

  private async lines(where: string, parameters: unknown[], tail: string): Promise<LineRow[]> {
    return this.dataSource.query(
      `SELECT r.id, r.occurred_at, r.occurred_at::text AS position, r.place_id, pl.nom AS place_name, e.id AS service_id, e.entry_id AS service_entry_id,
              e.name AS service_name, r.cheque_count, r.amount_cents, r.channel, r.undone_at,
              array(SELECT rc.masked_code FROM redemption_cheques rc WHERE rc.redemption_id = r.id ORDER BY rc.masked_code) AS masked_codes,
              EXISTS (SELECT 1 FROM redemption_cheques rc JOIN cheques c ON c.id = rc.cheque_id
                       WHERE rc.redemption_id = r.id AND rc.released_at IS NULL AND c.status = 'settled') AS settled
         FROM redemptions r JOIN places pl ON pl.id = r.place_id JOIN catalogue_entries e ON e.id = r.catalogue_entry_id
         ${where}
        ORDER BY r.occurred_at DESC, r.id ${tail}`,
      parameters,
    );
  }
}

function conditions(actor: AuthenticatedActor, filter: RedemptionFilter): { where: string; parameters: unknown[] } {
  const clauses: string[] = [];
  const parameters: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    parameters.push(value);
    clauses.push(sql.replace('?', `$${parameters.length}`));
  };
  if (actor.organisationKind !== 'operator') add('r.organisation_id = ?', actor.organisationId);
  if (filter.placeId) add('r.place_id = ?', filter.placeId);
  if (filter.serviceEntryId) add('r.catalogue_entry_id IN (SELECT id FROM catalogue_entries WHERE entry_id = ?)', filter.serviceEntryId);
  if (filter.from) add(`${localDateSql('r.occurred_at')} >= ?::date`, filter.from);
  if (filter.to) add(`${localDateSql('r.occurred_at')} <= ?::date`, filter.to);
  if (!filter.includeUndone) clauses.push('r.undone_at IS NULL');
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', parameters };
}

function line(row: LineRow): RedemptionLine {
  const amountCents = Number(row.amount_cents);
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    placeId: row.place_id,
    placeName: row.place_name,
    serviceId: row.service_id,
    serviceEntryId: row.service_entry_id,
    serviceName: row.service_name,
    chequeCount: row.cheque_count,
    amountCents,
    amount: formatEuros(amountCents),
    channel: row.channel,
    maskedCodes: row.masked_codes,
    undoneAt: row.undone_at?.toISOString() ?? null,
    settled: row.settled,
  };
}
