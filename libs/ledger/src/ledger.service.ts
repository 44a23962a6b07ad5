/**
 * Writes journal entries in the caller's transaction (so a business change and its postings commit
 * together) and reads balances. Every write is one SQL statement: the entries and their postings go
 * in together, `ON CONFLICT (kind, source) DO NOTHING` makes a second write of the same event a no-op,
 * and a statement-level trigger refuses postings that do not sum to zero per entry.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedRows, queryRows } from '@app/database';
import {
  accountKey,
  type Cents,
  fundingEntry,
  type FundingFacts,
  type LedgerAccount,
  type LedgerAccountKind,
  type LedgerEntryDraft,
  type LedgerEntryKind,
  type PageRequest,
  pageOffset,
  type CursorPage,
  decodeCursor,
  keysetSlice,
  redemptionEntry,
  releaseEntries,
  type SettlementLineFacts,
  settlementPaidEntry,
  settlementRejectedEntry,
  type SpentCheque,
  toPage,
} from '@app/domain';
import { checkLedger, type LedgerCheckReport } from './ledger-check';

export interface AccountBalance {
  account: string;
  kind: LedgerAccountKind;
  ref: string | null;
  /** The funder's, the place organisation's or the programme's name. */
  name: string | null;
  balanceCents: Cents;
  postings: number;
}

export interface AccountEntry {
  entryId: string;
  kind: LedgerEntryKind;
  source: string;
  programmeId: string | null;
  occurredAt: Date;
  memo: string | null;
  amountCents: Cents;
}

/** Who may read which balances: the operator all of them, a funder its own account and its programmes'. */
export type BalanceScope = { all: true } | { funderOrganisationId: string };

/** What a funding books on top of the payment itself: cheques already void when the money arrives. */
export interface FundingBooking extends Omit<FundingFacts, 'reference'> {
  reference: string;
  /** Face value of the programme's cheques already cancelled or expired before the funding (owed back). */
  alreadyCancelledCents: Cents;
  alreadyExpiredCents: Cents;
}

/** A settlement line, as the settlement batches record it paid or returned by the bank. */
export interface SettlementPayment {
  lineId: string;
  payeeOrganisationId: string;
  amountCents: Cents;
  paidAt: Date;
  memo?: string | null;
}

@Injectable()
export class LedgerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes the entries and their postings in one statement; answers how many entries were new. Not
   * async: the statement is built and sent within the call (see CommitBehind in @app/database).
   */
  post(manager: EntityManager, drafts: LedgerEntryDraft[]): Promise<number> {
    if (drafts.length === 0) return Promise.resolve(0);
    const postings = drafts.flatMap((draft, index) => draft.postings.map((posting) => ({ index, posting })));
    const written = preparedRows<{ entry_id: string }>(
      manager,
      'ledger_post',
      `WITH drafts AS (
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::text[])
                    AS d(n, kind, source, programme_id, occurred_at, memo)
       ), entries AS (
         INSERT INTO ledger_entries (kind, source, programme_id, occurred_at, memo)
         SELECT kind::ledger_entry_kind, source, programme_id, occurred_at, memo FROM drafts ORDER BY n
         ON CONFLICT (kind, source) DO NOTHING
         RETURNING id, kind::text AS kind, source
       )
       INSERT INTO ledger_postings (entry_id, account_kind, account_ref, amount_cents)
       SELECT e.id, p.account_kind::ledger_account_kind, p.account_ref, p.amount_cents
         FROM unnest($7::int[], $8::text[], $9::uuid[], $10::bigint[]) AS p(n, account_kind, account_ref, amount_cents)
         JOIN drafts d ON d.n = p.n
         JOIN entries e ON e.kind = d.kind AND e.source = d.source
       RETURNING entry_id`,
      [
        drafts.map((_draft, index) => index),
        drafts.map((draft) => draft.kind),
        drafts.map((draft) => draft.source),
        drafts.map((draft) => draft.programmeId),
        drafts.map((draft) => draft.occurredAt),
        drafts.map((draft) => draft.memo),
        postings.map(({ index }) => index),
        postings.map(({ posting }) => posting.account.kind),
        postings.map(({ posting }) => posting.account.ref),
        postings.map(({ posting }) => posting.amountCents),
      ],
    );
    return written.then((rows) => new Set(rows.map((row) => row.entry_id)).size);
  }

  /** The funder's payment, and the release of any cheque already void by then (cancelled or expired before it). */
  recordFunding(manager: EntityManager, booking: FundingBooking): Promise<number> {
    const voided = (kind: 'cheques_cancelled' | 'cheques_expired', cents: Cents): LedgerEntryDraft[] =>
      cents > 0
        ? releaseEntries(
            kind,
            'funding',
            [{ programmeId: booking.programmeId, funderOrganisationId: booking.funderOrganisationId, faceValueCents: cents, funded: true }],
            booking.occurredAt,
            'before funding',
          )
        : [];
    return this.post(manager, [
      fundingEntry(booking),
      ...voided('cheques_cancelled', booking.alreadyCancelledCents),
      ...voided('cheques_expired', booking.alreadyExpiredCents),
    ]);
  }

  /** Cheques spent at a place (the redemption hot path: exactly one statement). */
  recordRedemption(
    manager: EntityManager,
    redemption: { redemptionId: string; payeeOrganisationId: string; occurredAt: Date; cheques: SpentCheque[] },
  ): Promise<number> {
    return this.post(manager, [redemptionEntry(redemption)]);
  }

  /** An undone redemption: the exact reverse of its entry, in one statement. Answers false if nothing was booked. */
  async reverseRedemption(manager: EntityManager, redemptionId: string, occurredAt: Date, reason: string | null): Promise<boolean> {
    return this.reverse(manager, { kind: 'redemption', source: redemptionId }, 'redemption_undone', occurredAt, reason);
  }

  /**
   * Funded cheques that will never be used: one entry per programme for the set (an expiry run, a
   * cancellation). `sourcePrefix` names the run or the cancellation, so each is booked once.
   */
  recordReleases(
    manager: EntityManager,
    kind: 'cheques_expired' | 'cheques_cancelled',
    sourcePrefix: string,
    cheques: Array<{ programmeId: string; funderOrganisationId: string; faceValueCents: Cents; funded: boolean }>,
    occurredAt: Date,
    memo: string | null = null,
  ): Promise<number> {
    return this.post(manager, releaseEntries(kind, sourcePrefix, cheques, occurredAt, memo));
  }

  /** A settlement line paid by transfer (payable → bank). Booked once per line. */
  recordSettlementPaid(manager: EntityManager, payment: SettlementPayment): Promise<number> {
    return this.post(manager, [settlementPaidEntry(settlementFacts(payment))]);
  }

  /** The bank returned a paid line's transfer (bank → payable again). Booked once per line. */
  recordSettlementRejected(manager: EntityManager, payment: SettlementPayment): Promise<number> {
    return this.post(manager, [settlementRejectedEntry(settlementFacts(payment))]);
  }

  private async reverse(
    manager: EntityManager,
    original: { kind: LedgerEntryKind; source: string },
    kind: LedgerEntryKind,
    occurredAt: Date,
    memo: string | null,
  ): Promise<boolean> {
    const rows = await queryRows<{ entry_id: string }>(
      manager,
      `WITH original AS (
         SELECT id, programme_id FROM ledger_entries WHERE kind = $1::ledger_entry_kind AND source = $2
       ), entry AS (
         INSERT INTO ledger_entries (kind, source, programme_id, occurred_at, memo, reverses_entry_id)
         SELECT $3::ledger_entry_kind, $2, programme_id, $4, $5, id FROM original
         ON CONFLICT (kind, source) DO NOTHING
         RETURNING id, reverses_entry_id
       )
       INSERT INTO ledger_postings (entry_id, account_kind, account_ref, amount_cents)
       SELECT entry.id, p.account_kind, p.account_ref, -p.amount_cents FROM entry JOIN ledger_postings p ON p.entry_id = entry.reverses_entry_id
       RETURNING entry_id`,
      [original.kind, original.source, kind, occurredAt, memo],
    );
    return rows.length > 0;
  }

  /** Every invariant of the ledger against the cheques and redemptions (see ledger-check.ts). */
  check(): Promise<LedgerCheckReport> {
    return checkLedger((sql, parameters) => this.dataSource.query(sql, parameters));
  }

  /** Every account's balance at that instant (entries that occurred then or before), with a name to show. */
  async balances(at: Date, scope: BalanceScope): Promise<AccountBalance[]> {
    const parameters: unknown[] = [at];
    let filter = '';
    if ('funderOrganisationId' in scope) {
      parameters.push(scope.funderOrganisationId);
      filter = `AND ((p.account_kind = 'funder' AND p.account_ref = $2)
                  OR (p.account_kind = 'programme_outstanding' AND p.account_ref IN (SELECT id FROM programmes WHERE funder_organisation_id = $2)))`;
    }
    // Names come from the organisations and programmes tables, read only.
    const rows: Array<{
      account_kind: LedgerAccountKind;
      account_ref: string | null;
      balance: string;
      postings: number;
      name: string | null;
    }> = await this.dataSource.query(
      `SELECT b.account_kind, b.account_ref, b.balance, b.postings,
                coalesce(o.name, pr.name) AS name
           FROM (SELECT p.account_kind, p.account_ref, sum(p.amount_cents)::text AS balance, count(*)::int AS postings
                   FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
                  WHERE e.occurred_at <= $1 ${filter}
                  GROUP BY p.account_kind, p.account_ref) b
           LEFT JOIN organisations o ON o.id = b.account_ref AND b.account_kind IN ('funder', 'place_payable')
           LEFT JOIN programmes pr ON pr.id = b.account_ref AND b.account_kind = 'programme_outstanding'
          ORDER BY b.account_kind, name, b.account_ref`,
      parameters,
    );
    return rows.map((row) => {
      const account: LedgerAccount = { kind: row.account_kind, ref: row.account_ref };
      return {
        account: accountKey(account),
        kind: row.account_kind,
        ref: row.account_ref,
        name: row.name,
        balanceCents: Number(row.balance),
        postings: row.postings,
      };
    });
  }

  /** One account's postings, newest first. */
  async accountEntries(account: LedgerAccount, page: PageRequest): Promise<CursorPage<AccountEntry>> {
    const where = `p.account_kind = $1::ledger_account_kind AND p.account_ref IS NOT DISTINCT FROM $2::uuid`;
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM ledger_postings p WHERE ${where}`,
      [account.kind, account.ref],
    );
    const parameters: unknown[] = [account.kind, account.ref, page.pageSize + 1, pageOffset(page)];
    let after = '';
    if (page.cursor) {
      // Newest first: what comes after (t, entry, posting) is older, or as old with smaller ids.
      const [at, entryId, postingId] = decodeCursor(page.cursor, ['instant', 'integer', 'integer']);
      parameters.push(at, entryId, postingId);
      after = 'AND (e.occurred_at, e.id, p.id) < ($5::timestamptz, $6::bigint, $7::bigint)';
    }
    const rows: Array<{
      id: string;
      posting_id: string;
      position: string;
      kind: LedgerEntryKind;
      source: string;
      programme_id: string | null;
      occurred_at: Date;
      memo: string | null;
      amount_cents: string;
    }> = await this.dataSource.query(
      `SELECT e.id, p.id AS posting_id, e.occurred_at::text AS position, e.kind, e.source, e.programme_id, e.occurred_at, e.memo, p.amount_cents
         FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
        WHERE ${where} ${after}
        ORDER BY e.occurred_at DESC, e.id DESC, p.id DESC
        LIMIT $3 OFFSET $4`,
      parameters,
    );
    const { items, nextCursor } = keysetSlice(rows, page.pageSize, (row) => [row.position, String(row.id), String(row.posting_id)]);
    return toPage(
      items.map((row) => ({
        entryId: String(row.id),
        kind: row.kind,
        source: row.source,
        programmeId: row.programme_id,
        occurredAt: row.occurred_at,
        memo: row.memo,
        amountCents: Number(row.amount_cents),
      })),
      total,
      page,
      nextCursor,
    );
  }

  /**
   * A programme's figures as the ledger has them, from the entries about it: what its funding booked,
   * what its cheques became (redeemed, expired, cancelled), what is owed back and refunded.
   */
  async programmeFigures(manager: EntityManager, programmeId: string): Promise<ProgrammeLedgerFigures> {
    const [row]: Array<Record<string, string>> = await manager.query(
      `SELECT
         coalesce(sum(-p.amount_cents) FILTER (WHERE e.kind = 'programme_funded' AND p.account_kind = 'programme_outstanding' AND p.account_ref = $1 AND e.programme_id = $1), 0)::text AS face_value,
         coalesce(sum(p.amount_cents) FILTER (WHERE e.kind = 'programme_funded' AND p.account_kind = 'bank' AND e.programme_id = $1), 0)::text AS received,
         coalesce(sum(-p.amount_cents) FILTER (WHERE e.kind = 'programme_funded' AND p.account_kind = 'operator_fees' AND e.programme_id = $1), 0)::text AS fee,
         coalesce(sum(p.amount_cents) FILTER (WHERE e.kind IN ('redemption', 'redemption_undone') AND p.account_kind = 'programme_outstanding' AND p.account_ref = $1), 0)::text AS redeemed,
         coalesce(sum(p.amount_cents) FILTER (WHERE e.kind = 'cheques_expired' AND p.account_kind = 'programme_outstanding' AND p.account_ref = $1), 0)::text AS expired,
         coalesce(sum(p.amount_cents) FILTER (WHERE e.kind = 'cheques_cancelled' AND p.account_kind = 'programme_outstanding' AND p.account_ref = $1), 0)::text AS cancelled,
         coalesce(sum(-p.amount_cents) FILTER (WHERE p.account_kind = 'programme_outstanding' AND p.account_ref = $1), 0)::text AS outstanding,
         coalesce(sum(-p.amount_cents) FILTER (WHERE p.account_kind = 'funder' AND e.programme_id = $1), 0)::text AS refundable,
         coalesce(sum(p.amount_cents) FILTER (WHERE e.kind = 'refund_paid' AND p.account_kind = 'funder' AND e.programme_id = $1), 0)::text AS refunded
         FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
        WHERE e.programme_id = $1 OR (p.account_kind = 'programme_outstanding' AND p.account_ref = $1)`,
      [programmeId],
    );
    const cents = (key: string): Cents => Number(row[key]);
    return {
      faceValueCents: cents('face_value'),
      receivedCents: cents('received'),
      feeCents: cents('fee'),
      redeemedCents: cents('redeemed'),
      expiredCents: cents('expired'),
      cancelledCents: cents('cancelled'),
      outstandingCents: cents('outstanding'),
      refundableCents: Math.max(0, cents('refundable')),
      refundedCents: cents('refunded'),
    };
  }
}

export interface ProgrammeLedgerFigures {
  /** Face value of every cheque, as booked at funding. */
  faceValueCents: Cents;
  receivedCents: Cents;
  feeCents: Cents;
  redeemedCents: Cents;
  expiredCents: Cents;
  cancelledCents: Cents;
  /** Funded cheques still usable. */
  outstandingCents: Cents;
  /** Still owed back to the funder for this programme (the credit note). */
  refundableCents: Cents;
  refundedCents: Cents;
}

function settlementFacts(payment: SettlementPayment): SettlementLineFacts {
  return {
    lineId: payment.lineId,
    payeeOrganisationId: payment.payeeOrganisationId,
    amountCents: payment.amountCents,
    occurredAt: payment.paidAt,
    memo: payment.memo ?? null,
  };
}
