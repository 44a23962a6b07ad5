/**
 * Bank files in, reconciliation automatic. An import records the file (once, by its SHA-256) and its
 * entries (once each, by their key) in one transaction, matched to settlement lines by EndToEndId;
 * then each matched entry is applied through SettlementService.markLine (its own transaction, audited,
 * idempotent by a key derived from the entry), and a rejection whose reason questions the place's
 * account sends its bank details back to « à vérifier » in the transaction that marks the entry
 * applied. A crash between two entries leaves them pending: importing the same file again resumes them.
 * Each entry is claimed by a row lock while it is applied, so concurrent imports of one file share the work.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { queryRows } from '@app/database';
import {
  type AuthenticatedActor,
  bankReturnReason,
  bankReturnReasonText,
  type Clock,
  CLOCK,
  DomainError,
  isFunderRefundReference,
  type UserActor,
} from '@app/domain';
import { FunderRefundTransfersService } from '@app/ledger/programme-accounts';
import { SettlementService } from '@app/settlement';
import { type BankFile, readBankFile } from './bank-file';
import { matchEntries, type PayableLine, splitLineReference } from './matching';

/** The largest bank file accepted: a camt.053 of about 20,000 entries. */
export const BANK_FILE_MAX_BYTES = 25 * 1024 * 1024;

export interface ImportSummary {
  id: string;
  kind: string;
  messageId: string;
  fileName: string;
  importedAt: Date;
  entryCount: number;
  ignoredCount: number;
  applied: number;
  unmatched: number;
  /** true when these bytes were imported before: nothing changed. */
  alreadyImported: boolean;
}

export interface UnmatchedEntry {
  id: string;
  fileId: string;
  fileName: string;
  outcome: string;
  status: string;
  endToEndId: string | null;
  amountCents: number | null;
  bookingDate: string;
  bankReference: string;
  reasonCode: string | null;
  reasonLabel: string | null;
  information: string | null;
  problem: string | null;
  handledAt: Date | null;
  handledNote: string | null;
}

interface EntryRow {
  id: string;
  outcome: 'paid' | 'rejected';
  line_id: string | null;
  refund_transfer_id: string | null;
  booking_date: string;
  bank_reference: string;
  reason_code: string | null;
}

const ENTRY_COLUMNS = `e.id, e.file_id, f.file_name, e.outcome, e.status, e.end_to_end_id, e.amount_cents::text AS amount_cents,
  to_char(e.booking_date, 'YYYY-MM-DD') AS booking_date, e.bank_reference, e.reason_code, e.information, e.problem, e.handled_at, e.handled_note`;

@Injectable()
export class BankStatementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settlement: SettlementService,
    private readonly refundTransfers: FunderRefundTransfersService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async import(actor: AuthenticatedActor, fileName: string, body: unknown): Promise<ImportSummary> {
    if (!Buffer.isBuffer(body)) {
      throw new DomainError('unsupported_media_type', 'Send the bank file as the request body, with Content-Type application/xml');
    }
    const sha256 = createHash('sha256').update(body).digest('hex');
    const parsed = readBankFile(body);
    const { fileId, alreadyImported } = await this.record(actor, sha256, fileName, parsed);
    if (!alreadyImported) await this.applyPending(actor, fileId);
    return this.summary(fileId, alreadyImported);
  }

  /** Files imported, latest first. */
  async files(): Promise<ImportSummary[]> {
    const ids = await queryRows<{ id: string }>(
      this.dataSource.manager,
      'SELECT id FROM bank_statement_files ORDER BY imported_at DESC, id LIMIT 50',
    );
    return Promise.all(ids.map((row) => this.summary(row.id, false)));
  }

  /** Entries a person must look at (and, with `handled`, those already handled), oldest first. */
  async unmatched(includeHandled: boolean): Promise<UnmatchedEntry[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource.manager,
      `SELECT ${ENTRY_COLUMNS} FROM bank_statement_entries e JOIN bank_statement_files f ON f.id = e.file_id
        WHERE e.status = 'unmatched' ${includeHandled ? "OR e.status = 'handled'" : ''}
        ORDER BY e.booking_date, e.bank_reference LIMIT 500`,
    );
    return rows.map(unmatchedView);
  }

  /** A person looked at an unmatched entry and says what was done. */
  async handle(actor: UserActor, id: string, note: string): Promise<UnmatchedEntry> {
    return this.dataSource.transaction(async (manager) => {
      const [entry] = await queryRows<{ status: string }>(manager, 'SELECT status FROM bank_statement_entries WHERE id = $1 FOR UPDATE', [
        id,
      ]);
      if (!entry) throw DomainError.notFound('bank statement entry');
      if (entry.status !== 'unmatched' && entry.status !== 'handled') {
        throw new DomainError('invalid_transition', 'This entry was reconciled automatically: nothing to handle', {
          code: 'entry_reconciled',
        });
      }
      if (entry.status === 'unmatched') {
        await manager.query(
          "UPDATE bank_statement_entries SET status = 'handled', handled_by = $2, handled_at = $3, handled_note = $4 WHERE id = $1",
          [id, actor.userId, this.clock.now(), note.trim()],
        );
        await this.audit.record(manager, actor, {
          action: 'bank_statement_entry.handled',
          objectType: 'bank_statement_entry',
          objectId: id,
          changes: { from: 'unmatched', to: 'handled', note: note.trim() },
        });
      }
      const [row] = await queryRows<Record<string, unknown>>(
        manager,
        `SELECT ${ENTRY_COLUMNS} FROM bank_statement_entries e JOIN bank_statement_files f ON f.id = e.file_id WHERE e.id = $1`,
        [id],
      );
      return unmatchedView(row);
    });
  }

  /** The file and its new entries, matched, in one transaction; the same bytes again find the first import. */
  private async record(
    actor: AuthenticatedActor,
    sha256: string,
    fileName: string,
    parsed: BankFile,
  ): Promise<{ fileId: string; alreadyImported: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bank-file:${sha256}`]);
      const [existing] = await queryRows<{ id: string; completed_at: Date | null }>(
        manager,
        'SELECT id, completed_at FROM bank_statement_files WHERE sha256 = $1',
        [sha256],
      );
      if (existing) return { fileId: existing.id, alreadyImported: existing.completed_at !== null };
      const [file] = await queryRows<{ id: string }>(
        manager,
        `INSERT INTO bank_statement_files (sha256, kind, message_id, file_name, entry_count, ignored_count, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          sha256,
          parsed.kind,
          parsed.messageId,
          fileName.slice(0, 200) || `${parsed.kind}.xml`,
          parsed.entries.length,
          parsed.ignored,
          personOf(actor),
        ],
      );
      const matches = matchEntries(parsed.entries, await this.lines(manager, parsed));
      const columns = {
        key: [] as string[],
        outcome: [] as string[],
        status: [] as string[],
        e2e: [] as (string | null)[],
        amount: [] as (number | null)[],
        date: [] as string[],
        reference: [] as string[],
        reason: [] as (string | null)[],
        information: [] as (string | null)[],
        line: [] as (string | null)[],
        refundTransfer: [] as (string | null)[],
        problem: [] as (string | null)[],
      };
      for (const { entry, line, problem } of matches) {
        columns.key.push(entry.key);
        columns.outcome.push(entry.outcome);
        columns.status.push(line ? 'pending' : 'unmatched');
        columns.e2e.push(entry.endToEndId);
        columns.amount.push(entry.amountCents);
        columns.date.push(entry.bookingDate);
        columns.reference.push(entry.bankReference);
        columns.reason.push(entry.reasonCode);
        columns.information.push(entry.information);
        columns.line.push(line?.kind === 'settlement_line' ? line.id : null);
        columns.refundTransfer.push(line?.kind === 'refund_transfer' ? line.id : null);
        columns.problem.push(problem);
      }
      // Entries already known from another file (a camt.054 then the day's camt.053) are skipped.
      await manager.query(
        `INSERT INTO bank_statement_entries (file_id, entry_key, outcome, status, end_to_end_id, amount_cents, booking_date, bank_reference,
                                             reason_code, information, line_id, refund_transfer_id, problem)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::date[], $8::text[], $9::text[], $10::text[],
                                  $11::uuid[], $12::uuid[], $13::text[])
         ON CONFLICT (entry_key) DO NOTHING`,
        [
          file.id,
          columns.key,
          columns.outcome,
          columns.status,
          columns.e2e,
          columns.amount,
          columns.date,
          columns.reference,
          columns.reason,
          columns.information,
          columns.line,
          columns.refundTransfer,
          columns.problem,
        ],
      );
      await this.audit.record(manager, actor, {
        action: 'bank_statement.imported',
        objectType: 'bank_statement_file',
        objectId: file.id,
        changes: { kind: parsed.kind, messageId: parsed.messageId, sha256, entries: parsed.entries.length, ignored: parsed.ignored },
      });
      return { fileId: file.id, alreadyImported: false };
    });
  }

  /** The settlement lines and funder refund transfers the file's EndToEndIds name, by reference. */
  private async lines(manager: EntityManager, parsed: BankFile): Promise<Map<string, PayableLine>> {
    const batches: string[] = [];
    const positions: number[] = [];
    const refunds: string[] = [];
    for (const entry of parsed.entries) {
      if (entry.endToEndId && isFunderRefundReference(entry.endToEndId)) {
        refunds.push(entry.endToEndId);
        continue;
      }
      const split = entry.endToEndId ? splitLineReference(entry.endToEndId) : null;
      if (!split) continue;
      batches.push(split.batchReference);
      positions.push(split.position);
    }
    const rows = await queryRows<{ id: string; reference: string; amount_cents: string }>(
      manager,
      `SELECT l.id, b.reference || '-' || lpad(l.position::text, 4, '0') AS reference, l.amount_cents::text AS amount_cents
         FROM unnest($1::text[], $2::int[]) AS wanted(batch_reference, position)
         JOIN settlement_batches b ON b.reference = wanted.batch_reference
         JOIN settlement_lines l ON l.batch_id = b.id AND l.position = wanted.position`,
      [batches, positions],
    );
    const payable: PayableLine[] = rows.map((row) => ({
      kind: 'settlement_line',
      id: row.id,
      reference: row.reference,
      amountCents: Number(row.amount_cents),
    }));
    if (refunds.length > 0) {
      for (const transfer of await this.refundTransfers.byReferences(manager, refunds))
        payable.push({ kind: 'refund_transfer', ...transfer });
    }
    return new Map(payable.map((line) => [line.reference, line]));
  }

  /**
   * Every pending entry of the file, in order, through the settlement's own answers of the bank. Each
   * entry is claimed by a row lock held while it is applied (SKIP LOCKED: another import of the same file
   * passes it by), so two imports at once never apply one entry twice nor mark an applied one unmatched.
   */
  private async applyPending(actor: AuthenticatedActor, fileId: string): Promise<void> {
    const pending = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM bank_statement_entries WHERE file_id = $1 AND status = 'pending' ORDER BY booking_date, outcome, bank_reference`,
      [fileId],
    );
    for (const { id } of pending) await this.applyEntry(actor, id);
    // Complete once nothing waits: an entry another import still holds keeps the file open until it is done.
    await this.dataSource.query(
      `UPDATE bank_statement_files f SET completed_at = $2 WHERE f.id = $1 AND f.completed_at IS NULL
          AND NOT EXISTS (SELECT FROM bank_statement_entries e WHERE e.file_id = f.id AND e.status = 'pending')`,
      [fileId, this.clock.now()],
    );
  }

  private async applyEntry(actor: AuthenticatedActor, id: string): Promise<void> {
    await this.dataSource.transaction(async (claim) => {
      const [entry] = await queryRows<EntryRow>(
        claim,
        `SELECT id, outcome, line_id, refund_transfer_id, to_char(booking_date, 'YYYY-MM-DD') AS booking_date, bank_reference, reason_code
           FROM bank_statement_entries WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED`,
        [id],
      );
      if (!entry) return; // applied meanwhile, or being applied by another import
      let problem: string | null = null;
      try {
        // Its own transaction (audited, idempotent by the entry): committed before the entry says applied.
        if (entry.refund_transfer_id) {
          await this.refundTransfers.answer(
            actor,
            `bank-entry:${entry.id}`,
            entry.refund_transfer_id,
            entry.outcome === 'paid'
              ? { status: 'paid', paidOn: entry.booking_date, bankReference: entry.bank_reference }
              : { status: 'rejected', reasonCode: entry.reason_code, rejectedOn: entry.booking_date },
          );
        } else {
          await this.settlement.markLine(
            actor,
            `bank-entry:${entry.id}`,
            entry.line_id as string,
            entry.outcome === 'paid'
              ? { status: 'paid', payment: { paidOn: entry.booking_date, bankReference: entry.bank_reference } }
              : { status: 'rejected', reason: bankReturnReasonText(entry.reason_code), rejectedOn: entry.booking_date },
          );
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Another process answers this very entry right now: it stays pending, the next import resumes it.
        if (error.details && (error.details as { code?: unknown }).code === 'idempotency_key_in_progress') return;
        problem = `La plateforme refuse cette réponse de la banque : ${error.message}`;
      }
      if (problem) {
        await claim.query("UPDATE bank_statement_entries SET status = 'unmatched', problem = $2 WHERE id = $1", [entry.id, problem]);
        return;
      }
      // A refund transfer's answer sent its funder's details back itself.
      if (entry.line_id && entry.outcome === 'rejected' && bankReturnReason(entry.reason_code).detailsToVerify) {
        await this.reverifyBankDetails(claim, actor, entry);
      }
      await claim.query("UPDATE bank_statement_entries SET status = 'applied' WHERE id = $1", [entry.id]);
    });
  }

  /**
   * The bank refused the place's account: the details the transfer used go back to the operator's
   * queue (« à vérifier ») if they are still the current ones; a late return of an old account leaves
   * a newer, verified one alone.
   */
  private async reverifyBankDetails(manager: EntityManager, actor: AuthenticatedActor, entry: EntryRow): Promise<void> {
    const details = await queryRows<{ id: string; organisation_id: string }>(
      manager,
      `UPDATE bank_details d SET status = 'submitted', reviewed_by = NULL, reviewed_at = NULL, review_note = $2
         FROM settlement_lines l
        WHERE l.id = $1 AND d.id = l.bank_details_id AND d.superseded_at IS NULL AND d.status = 'verified'
        RETURNING d.id, d.organisation_id`,
      [entry.line_id, bankReturnReasonText(entry.reason_code).slice(0, 500)],
    );
    for (const row of details) {
      await this.audit.record(manager, actor, {
        action: 'bank_details.to_verify_again',
        objectType: 'bank_details',
        objectId: row.id,
        changes: { from: 'verified', to: 'submitted', reasonCode: entry.reason_code, bankStatementEntryId: entry.id },
      });
    }
  }

  private async summary(fileId: string, alreadyImported: boolean): Promise<ImportSummary> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.dataSource.manager,
      `SELECT f.id, f.kind, f.message_id, f.file_name, f.imported_at, f.entry_count, f.ignored_count,
              count(*) FILTER (WHERE e.status = 'applied')::int AS applied,
              count(*) FILTER (WHERE e.status IN ('unmatched', 'handled'))::int AS unmatched
         FROM bank_statement_files f LEFT JOIN bank_statement_entries e ON e.file_id = f.id
        WHERE f.id = $1 GROUP BY f.id`,
      [fileId],
    );
    return {
      id: row.id as string,
      kind: row.kind as string,
      messageId: row.message_id as string,
      fileName: row.file_name as string,
      importedAt: row.imported_at as Date,
      entryCount: row.entry_count as number,
      ignoredCount: row.ignored_count as number,
      applied: row.applied as number,
      unmatched: row.unmatched as number,
      alreadyImported,
    };
  }
}

function unmatchedView(row: Record<string, unknown>): UnmatchedEntry {
  const reasonCode = (row.reason_code as string | null) ?? null;
  return {
    id: row.id as string,
    fileId: row.file_id as string,
    fileName: row.file_name as string,
    outcome: row.outcome as string,
    status: row.status as string,
    endToEndId: (row.end_to_end_id as string | null) ?? null,
    amountCents: row.amount_cents === null ? null : Number(row.amount_cents),
    bookingDate: row.booking_date as string,
    bankReference: row.bank_reference as string,
    reasonCode,
    reasonLabel: reasonCode ? bankReturnReason(reasonCode).label : null,
    information: (row.information as string | null) ?? null,
    problem: (row.problem as string | null) ?? null,
    handledAt: (row.handled_at as Date | null) ?? null,
    handledNote: (row.handled_note as string | null) ?? null,
  };
}

function personOf(actor: AuthenticatedActor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}
