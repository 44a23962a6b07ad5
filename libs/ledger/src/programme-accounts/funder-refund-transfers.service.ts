/**
 * Funder refunds by SEPA transfer: a closed programme's credit note paid back to its funder within
 * 30 days of the close. The job prepares the transfer at the close (to the funder's verified bank
 * details, the same verification as places'), a second operator approves it, the export writes the
 * pain.001 with the settlement's file writer, and the bank-statement import books it (the refund at
 * the bank's date) or rejects it with the bank's reason. Each step: one transaction, audited, replayable.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Answer, IdempotencyService, queryRows } from '@app/database';
import {
  addDays,
  assertFourEyes,
  assertPaidOnPossible,
  assertReturnedOnPossible,
  type AuthenticatedActor,
  bankReturnReason,
  bankReturnReasonText,
  type Clock,
  CLOCK,
  closingStatementAvailability,
  DomainError,
  funderRefundDueOn,
  funderRefundReference,
  funderRefundRemittance,
  funderRefundTransition,
  type FunderRefundTransferStatus,
  type IsoDate,
  localDate,
  startOfDayIn,
  type SystemActor,
  systemActor,
  type UserActor,
} from '@app/domain';
import { NotificationsService, refundTransferRejectedMail } from '@app/mail';
import { startPeriodicJob } from '@app/metrics';
import { SettlementFilesService, sepaCreditTransferXml } from '@app/settlement';
import { LedgerService } from '../ledger.service';
import { ProgrammeAccountsService } from './programme-accounts.service';

export interface RefundTransferView {
  id: string;
  reference: string;
  programmeId: string;
  programmeCode: string;
  programmeName: string;
  funderOrganisationId: string;
  funderName: string;
  amountCents: number;
  status: FunderRefundTransferStatus;
  closedOn: string;
  dueOn: string;
  /** Not paid and past its due day. */
  overdue: boolean;
  preparedAt: string;
  preparedByPerson: boolean;
  approvedAt: string | null;
  exportedAt: string | null;
  paidOn: string | null;
  bankReference: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
}

/** A closed programme whose credit note no transfer pays yet. */
export interface RefundToPrepare {
  programmeId: string;
  programmeCode: string;
  programmeName: string;
  funderOrganisationId: string;
  funderName: string;
  refundableCents: number;
  closedOn: string;
  dueOn: string;
  overdue: boolean;
  /** verified: the job prepares it; submitted: waits for the operator's verification; missing: the funder has given none. */
  funderBankDetails: 'verified' | 'submitted' | 'rejected' | 'missing';
}

export interface RefundTransfers {
  toPrepare: RefundToPrepare[];
  transfers: RefundTransferView[];
}

export type RefundTransferAnswer =
  { status: 'paid'; paidOn: IsoDate; bankReference: string } | { status: 'rejected'; reasonCode: string | null; rejectedOn: IsoDate };

interface TransferRow {
  id: string;
  reference: string;
  programme_id: string;
  programme_code: string;
  programme_name: string;
  funder_organisation_id: string;
  funder_name: string;
  bank_details_id: string;
  amount_cents: string;
  status: FunderRefundTransferStatus;
  closed_on: string;
  due_on: string;
  prepared_by: string | null;
  prepared_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  exported_at: Date | null;
  paid_on: string | null;
  bank_reference: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
}

const TRANSFER_COLUMNS = `t.id, t.reference, t.programme_id, p.code AS programme_code, p.name AS programme_name, t.funder_organisation_id,
  o.name AS funder_name, t.bank_details_id, t.amount_cents::text AS amount_cents, t.status, to_char(t.closed_on, 'YYYY-MM-DD') AS closed_on,
  to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.prepared_by, t.prepared_at, t.approved_by, t.approved_at, t.exported_at,
  to_char(r.paid_on, 'YYYY-MM-DD') AS paid_on, r.bank_reference, t.rejected_at, t.rejection_reason`;
const TRANSFER_FROM = `funder_refund_transfers t JOIN programmes p ON p.id = t.programme_id JOIN organisations o ON o.id = t.funder_organisation_id
  LEFT JOIN funder_refunds r ON r.id = t.funder_refund_id`;

@Injectable()
export class FunderRefundTransfersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FunderRefundTransfers');
  private stop = (): void => undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly accounts: ProgrammeAccountsService,
    private readonly files: SettlementFilesService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    // With the settlement job's rhythm: a programme closes at most once a day (the expiry job).
    this.stop = startPeriodicJob(
      'funder_refund_transfers',
      { minutes: this.config.get<number>('SETTLEMENT_JOB_INTERVAL_MINUTES') ?? 15, firstAfterMs: 45_000 },
      () => this.prepareDue(),
    );
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** What the operator's page shows: closed programmes to refund (with their deadline) and every transfer. */
  async list(): Promise<RefundTransfers> {
    const rows = await queryRows<TransferRow>(
      this.dataSource.manager,
      `SELECT ${TRANSFER_COLUMNS} FROM ${TRANSFER_FROM} ORDER BY t.prepared_at DESC, t.id LIMIT 200`,
    );
    return { toPrepare: await this.toPrepare(this.dataSource.manager), transfers: rows.map((row) => this.view(row)) };
  }

  /** The transfers of one programme, for its funder's accounts. */
  async ofProgramme(programmeId: string): Promise<RefundTransferView[]> {
    const rows = await queryRows<TransferRow>(
      this.dataSource.manager,
      `SELECT ${TRANSFER_COLUMNS} FROM ${TRANSFER_FROM} WHERE t.programme_id = $1 ORDER BY t.prepared_at, t.id`,
      [programmeId],
    );
    return rows.map((row) => this.view(row));
  }

  /** The job: a transfer for each closed programme owed a refund whose funder's details are verified. */
  async prepareDue(): Promise<{ ran: boolean; prepared: number }> {
    let prepared = 0;
    for (const due of await this.toPrepare(this.dataSource.manager)) {
      if (due.funderBankDetails !== 'verified') continue;
      const answer = await this.prepareTransfer(systemActor('funder-refund-transfers'), due.programmeId).catch((error: unknown) => {
        if (error instanceof DomainError) return null; // changed meanwhile: the next run sees it again
        throw error;
      });
      if (answer?.created) prepared += 1;
    }
    if (prepared > 0) this.logger.log({ prepared }, 'funder refund transfers prepared');
    return { ran: true, prepared };
  }

  /** The operator prepares it now (e.g. just after verifying the funder's details); the open transfer again if there is one. */
  async prepare(actor: UserActor, programmeId: string): Promise<RefundTransferView> {
    return (await this.prepareTransfer(actor, programmeId)).transfer;
  }

  async approve(actor: UserActor, id: string): Promise<RefundTransferView> {
    return this.step(actor, id, 'approve', async (manager, row) => {
      assertFourEyes('approve', { createdBy: row.prepared_by, approvedBy: row.approved_by }, actor.userId);
      await manager.query("UPDATE funder_refund_transfers SET status = 'approved', approved_by = $2, approved_at = $3 WHERE id = $1", [
        id,
        actor.userId,
        this.clock.now(),
      ]);
    });
  }

  /** Approved → exported: from now on the pain.001 may be at the bank. The funder's details must still be the verified ones. */
  async export(actor: UserActor, id: string): Promise<RefundTransferView> {
    return this.step(actor, id, 'export', async (manager, row) => {
      assertFourEyes('export', { createdBy: row.prepared_by, approvedBy: row.approved_by }, actor.userId);
      const [details] = await queryRows<{ id: string }>(
        manager,
        "SELECT id FROM bank_details WHERE id = $1 AND superseded_at IS NULL AND status = 'verified'",
        [row.bank_details_id],
      );
      if (!details) {
        throw new DomainError(
          'conflict',
          "The funder's bank details changed since the transfer was prepared: cancel it and prepare it again",
          {
            code: 'funder_bank_details_unverified',
          },
        );
      }
      await manager.query("UPDATE funder_refund_transfers SET status = 'exported', exported_by = $2, exported_at = $3 WHERE id = $1", [
        id,
        actor.userId,
        this.clock.now(),
      ]);
    });
  }

  async cancel(actor: UserActor, id: string): Promise<RefundTransferView> {
    return this.step(actor, id, 'cancel', async (manager) => {
      await manager.query("UPDATE funder_refund_transfers SET status = 'cancelled', cancelled_at = $2 WHERE id = $1", [
        id,
        this.clock.now(),
      ]);
    });
  }

  /** The pain.001.001.03 of one exported transfer: the settlement's file writer, the operator's account as debtor. */
  async sepa(id: string): Promise<{ fileName: string; content: string }> {
    const row = await this.row(this.dataSource.manager, id);
    if (row.status === 'prepared' || row.status === 'approved' || row.status === 'cancelled') {
      throw new DomainError('invalid_transition', 'Export the approved refund transfer first: its SEPA file is made at export', {
        code: 'refund_transfer_not_exported',
        status: row.status,
      });
    }
    const [account] = await queryRows<{ iban: string; bic: string; account_holder: string }>(
      this.dataSource.manager,
      'SELECT iban, bic, account_holder FROM bank_details WHERE id = $1',
      [row.bank_details_id],
    );
    const exportedAt = row.exported_at as Date;
    const content = sepaCreditTransferXml({
      messageId: row.reference,
      createdAt: exportedAt,
      executionDate: [localDate(exportedAt), localDate(this.clock.now())].sort()[1],
      debtor: this.files.debtor(),
      transfers: [
        {
          endToEndId: row.reference,
          amountCents: Number(row.amount_cents),
          creditor: { name: account.account_holder, otherName: row.funder_name, iban: account.iban, bic: account.bic },
          remittanceInformation: funderRefundRemittance({
            reference: row.reference,
            programmeCode: row.programme_code,
            programmeName: row.programme_name,
          }),
        },
      ],
    });
    return { fileName: `remboursement-${row.reference}.xml`, content };
  }

  /**
   * The bank's word on an exported transfer (from its statement): paid → the refund booked at the bank's
   * date; rejected → the reason in French, and the funder's details back to « à vérifier » when the
   * reason questions the account. Idempotent by `key` (the bank entry).
   */
  async answer(actor: AuthenticatedActor, key: string, id: string, outcome: RefundTransferAnswer): Promise<Answer<RefundTransferView>> {
    const request = {
      organisationId: actor.organisationId,
      key,
      operation: `funder_refund_transfer.${outcome.status}`,
      body: { id, ...outcome },
    };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<RefundTransferView>;
      const row = await this.row(manager, id, true);
      const next = funderRefundTransition(row.status, outcome.status);
      if (next.changed) {
        const exportedAt = row.exported_at as Date;
        if (outcome.status === 'paid') {
          assertPaidOnPossible(outcome.paidOn, exportedAt, this.clock.now());
          const refund = await this.accounts.bookRefund(
            manager,
            actor,
            { id: row.programme_id, funderOrganisationId: row.funder_organisation_id },
            {
              amountCents: Number(row.amount_cents),
              paidOn: outcome.paidOn,
              bankReference: outcome.bankReference,
              occurredAt: startOfDayIn(outcome.paidOn),
              refundTransferId: id,
            },
          );
          await manager.query("UPDATE funder_refund_transfers SET status = 'paid', funder_refund_id = $2 WHERE id = $1", [id, refund.id]);
        } else {
          assertReturnedOnPossible(outcome.rejectedOn, null, exportedAt, this.clock.now());
          const reason = bankReturnReasonText(outcome.reasonCode);
          await manager.query(
            "UPDATE funder_refund_transfers SET status = 'rejected', rejected_at = $2, rejection_reason = $3 WHERE id = $1",
            [id, startOfDayIn(outcome.rejectedOn), reason],
          );
          if (bankReturnReason(outcome.reasonCode).detailsToVerify)
            await this.reverifyFunderDetails(manager, actor, row, outcome.reasonCode);
          await this.notifications.notify(manager, [
            {
              kind: 'refund_transfer_rejected',
              organisationId: row.funder_organisation_id,
              path: `/programmes/${row.programme_id}`,
              content: (links) =>
                refundTransferRejectedMail({ programmeName: row.programme_name, amountCents: Number(row.amount_cents), reason, ...links }),
            },
          ]);
        }
        await this.audit.record(manager, actor, {
          action: `funder_refund_transfer.${outcome.status}`,
          objectType: 'funder_refund_transfer',
          objectId: id,
          changes: { from: row.status, to: next.status, ...outcome },
        });
      }
      return this.idempotency.store(manager, request, 200, this.view(await this.row(manager, id)));
    });
  }

  /** The transfers a bank file's EndToEndIds name, by reference. */
  async byReferences(manager: EntityManager, references: string[]): Promise<Array<{ id: string; reference: string; amountCents: number }>> {
    const rows = await queryRows<{ id: string; reference: string; amount_cents: string }>(
      manager,
      'SELECT id, reference, amount_cents::text AS amount_cents FROM funder_refund_transfers WHERE reference = ANY($1::text[])',
      [references],
    );
    return rows.map((row) => ({ id: row.id, reference: row.reference, amountCents: Number(row.amount_cents) }));
  }

  private async prepareTransfer(
    actor: UserActor | SystemActor,
    programmeId: string,
  ): Promise<{ transfer: RefundTransferView; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      // Under the refund lock of the programme (bookRefund's): a typed refund and a preparation never both take the same money.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`funder-refund:${programmeId}`]);
      const [open] = await queryRows<{ id: string }>(
        manager,
        "SELECT id FROM funder_refund_transfers WHERE programme_id = $1 AND status IN ('prepared', 'approved', 'exported')",
        [programmeId],
      );
      if (open) return { transfer: this.view(await this.row(manager, open.id)), created: false };
      const due = (await this.toPrepare(manager, programmeId))[0];
      if (!due) {
        throw new DomainError('conflict', 'Nothing to refund by transfer: the programme is not closed, or its credit note is paid back', {
          code: 'nothing_to_refund',
        });
      }
      const [details] = await queryRows<{ id: string }>(
        manager,
        "SELECT id FROM bank_details WHERE organisation_id = $1 AND superseded_at IS NULL AND status = 'verified'",
        [due.funderOrganisationId],
      );
      if (!details) {
        throw new DomainError('conflict', "The funder's bank details are not verified: the transfer waits for them", {
          code: 'funder_bank_details_unverified',
        });
      }
      const [{ number }] = await queryRows<{ number: number }>(
        manager,
        "SELECT nextval(pg_get_serial_sequence('funder_refund_transfers', 'number'))::int AS number",
      );
      const reference = funderRefundReference(Number(localDate(this.clock.now()).slice(0, 4)), number);
      const [inserted] = await queryRows<{ id: string }>(
        manager,
        `INSERT INTO funder_refund_transfers (number, reference, programme_id, funder_organisation_id, bank_details_id, amount_cents, closed_on, due_on, prepared_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          number,
          reference,
          programmeId,
          due.funderOrganisationId,
          details.id,
          due.refundableCents,
          due.closedOn,
          due.dueOn,
          actor.kind === 'user' ? actor.userId : null,
        ],
      );
      await this.audit.record(manager, actor, {
        action: 'funder_refund_transfer.prepared',
        objectType: 'funder_refund_transfer',
        objectId: inserted.id,
        changes: { programmeId, reference, amountCents: due.refundableCents, dueOn: due.dueOn, bankDetailsId: details.id },
      });
      return { transfer: this.view(await this.row(manager, inserted.id)), created: true };
    });
  }

  /** Closed, funded programmes with money still refundable and no open transfer (one, or all). */
  private async toPrepare(manager: EntityManager, programmeId?: string): Promise<RefundToPrepare[]> {
    const programmes = await queryRows<{
      id: string;
      code: string;
      name: string;
      funder_organisation_id: string;
      funder_name: string;
      valid_until: string;
      grace_days: number;
      closed_at: Date;
      details_status: string | null;
    }>(
      manager,
      `SELECT p.id, p.code, p.name, p.funder_organisation_id, o.name AS funder_name, to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until,
              p.grace_days, p.closed_at, d.status::text AS details_status
         FROM programmes p JOIN organisations o ON o.id = p.funder_organisation_id
         LEFT JOIN bank_details d ON d.organisation_id = p.funder_organisation_id AND d.superseded_at IS NULL
        WHERE p.status = 'closed' AND p.funded_at IS NOT NULL AND ($1::uuid IS NULL OR p.id = $1)
          AND NOT EXISTS (SELECT FROM funder_refund_transfers t WHERE t.programme_id = p.id AND t.status IN ('prepared', 'approved', 'exported'))
        ORDER BY p.closed_at, p.id`,
      [programmeId ?? null],
    );
    const today = localDate(this.clock.now());
    const due: RefundToPrepare[] = [];
    for (const programme of programmes) {
      const figures = await this.ledger.programmeFigures(manager, programme.id);
      const closing = closingStatementAvailability(
        { funded: true, validUntil: programme.valid_until, graceDays: programme.grace_days, outstandingCents: figures.outstandingCents },
        today,
      );
      if (!closing.available || figures.refundableCents <= 0) continue;
      const closedOn = [localDate(programme.closed_at), addDays(programme.valid_until, programme.grace_days + 1)].sort()[1];
      const dueOn = funderRefundDueOn(closedOn);
      due.push({
        programmeId: programme.id,
        programmeCode: programme.code,
        programmeName: programme.name,
        funderOrganisationId: programme.funder_organisation_id,
        funderName: programme.funder_name,
        refundableCents: figures.refundableCents,
        closedOn,
        dueOn,
        overdue: today > dueOn,
        funderBankDetails: (programme.details_status as RefundToPrepare['funderBankDetails'] | null) ?? 'missing',
      });
    }
    return due;
  }

  /** An operator's step on the transfer, under its row lock; a replay of a step already taken answers the transfer. */
  private async step(
    actor: UserActor,
    id: string,
    step: 'approve' | 'export' | 'cancel',
    apply: (manager: EntityManager, row: TransferRow) => Promise<void>,
  ): Promise<RefundTransferView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.row(manager, id, true);
      const next = funderRefundTransition(row.status, step);
      if (next.changed) {
        await apply(manager, row);
        await this.audit.record(manager, actor, {
          action: `funder_refund_transfer.${next.status}`,
          objectType: 'funder_refund_transfer',
          objectId: id,
          changes: { from: row.status, to: next.status },
        });
      }
      return this.view(await this.row(manager, id));
    });
  }

  /** The bank refused the funder's account: the details the transfer used go back to « à vérifier » if they are still current. */
  private async reverifyFunderDetails(
    manager: EntityManager,
    actor: AuthenticatedActor,
    row: TransferRow,
    reasonCode: string | null,
  ): Promise<void> {
    const details = await queryRows<{ id: string }>(
      manager,
      `UPDATE bank_details SET status = 'submitted', reviewed_by = NULL, reviewed_at = NULL, review_note = $2
        WHERE id = $1 AND superseded_at IS NULL AND status = 'verified' RETURNING id`,
      [row.bank_details_id, bankReturnReasonText(reasonCode).slice(0, 500)],
    );
    for (const detail of details) {
      await this.audit.record(manager, actor, {
        action: 'bank_details.to_verify_again',
        objectType: 'bank_details',
        objectId: detail.id,
        changes: { from: 'verified', to: 'submitted', reasonCode, refundTransferId: row.id },
      });
    }
  }

  private async row(manager: EntityManager, id: string, lock = false): Promise<TransferRow> {
    if (lock) await manager.query('SELECT id FROM funder_refund_transfers WHERE id = $1 FOR UPDATE', [id]);
    const [row] = await queryRows<TransferRow>(manager, `SELECT ${TRANSFER_COLUMNS} FROM ${TRANSFER_FROM} WHERE t.id = $1`, [id]);
    if (!row) throw DomainError.notFound('refund transfer');
    return row;
  }

  private view(row: TransferRow): RefundTransferView {
    const today = localDate(this.clock.now());
    return {
      id: row.id,
      reference: row.reference,
      programmeId: row.programme_id,
      programmeCode: row.programme_code,
      programmeName: row.programme_name,
      funderOrganisationId: row.funder_organisation_id,
      funderName: row.funder_name,
      amountCents: Number(row.amount_cents),
      status: row.status,
      closedOn: row.closed_on,
      dueOn: row.due_on,
      overdue: row.status !== 'paid' && row.status !== 'cancelled' && today > row.due_on,
      preparedAt: row.prepared_at.toISOString(),
      preparedByPerson: row.prepared_by !== null,
      approvedAt: row.approved_at?.toISOString() ?? null,
      exportedAt: row.exported_at?.toISOString() ?? null,
      paidOn: row.paid_on,
      bankReference: row.bank_reference,
      rejectedAt: row.rejected_at?.toISOString() ?? null,
      rejectionReason: row.rejection_reason,
    };
  }
}
