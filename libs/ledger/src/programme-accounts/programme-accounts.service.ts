/**
 * A programme's money as its funder sees it: balances from the ledger, refunds of the credit note
 * (operator), and the order and closing statements (PDF).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import {
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  closingStatementAvailability,
  DomainError,
  isIsoDate,
  localDate,
  orderStatementAvailability,
  refundEntry,
  type StatementAvailability,
  type UserActor,
} from '@app/domain';
import { OrganisationsService } from '@app/identity';
import { type Answer, IdempotencyService, queryRows } from '@app/database';
import { type ProgrammeEntity, ProgrammesService } from '@app/vouchers';
import { FunderRefundEntity } from '../entities/funder-refund.entity';
import { LedgerService, type ProgrammeLedgerFigures } from '../ledger.service';
import { closingStatementPdf, orderStatementPdf, type StatementProgramme } from './statement-pdf';

export interface RefundInput {
  amountCents: number;
  paidOn: string;
  bankReference: string;
}

export interface RefundView {
  id: string;
  programmeId: string;
  amountCents: number;
  paidOn: string;
  bankReference: string;
  recordedAt: string;
}

export interface ProgrammeAccounts extends ProgrammeLedgerFigures {
  orderStatementAvailable: boolean;
  closingStatementAvailable: boolean;
  closingAvailableFrom: string;
  refunds: RefundView[];
}

@Injectable()
export class ProgrammeAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly programmes: ProgrammesService,
    private readonly organisations: OrganisationsService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async accounts(actor: AuthenticatedActor, programmeId: string): Promise<ProgrammeAccounts> {
    const programme = await this.programmes.get(actor, programmeId);
    const figures = await this.ledger.programmeFigures(this.dataSource.manager, programme.id);
    const closing = this.closingAvailability(programme, figures);
    return {
      ...figures,
      orderStatementAvailable: orderStatementAvailability(programme.fundedAt !== null).available,
      closingStatementAvailable: closing.available,
      closingAvailableFrom: closing.available ? this.today() : (closing.availableFrom ?? ''),
      refunds: await this.refunds(programme.id),
    };
  }

  /** The operator pays back (part of) the programme's credit note; never more than is refundable. */
  async refund(actor: UserActor, programmeId: string, key: string | undefined, input: RefundInput): Promise<Answer<RefundView>> {
    this.idempotency.assertKey(key);
    if (!isIsoDate(input.paidOn) || input.paidOn > this.today()) {
      throw DomainError.validation([{ field: 'paidOn', problems: ['must be a valid date, today or before'] }]);
    }
    const programme = await this.programmes.get(actor, programmeId);
    const request = {
      organisationId: actor.organisationId,
      key,
      operation: 'funder_refund',
      body: { programmeId: programme.id, ...input },
    };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<RefundView>;
      const refund = await this.bookRefund(manager, actor, programme, { ...input, occurredAt: this.clock.now(), refundTransferId: null });
      return this.idempotency.store(manager, request, 201, refundView(refund));
    });
  }

  /**
   * A refund paid to the funder, booked: the funder_refunds row, its ledger entry and the audit event,
   * never more than is refundable (less what an open refund transfer already holds). Typed by the
   * operator, or read from the bank's statement for a refund transfer (refundTransferId).
   */
  async bookRefund(
    manager: EntityManager,
    actor: AuthenticatedActor,
    programme: { id: string; funderOrganisationId: string },
    input: RefundInput & { occurredAt: Date; refundTransferId: string | null },
  ): Promise<FunderRefundEntity> {
    // One refund of a programme at a time, so two cannot both fit in what is refundable.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`funder-refund:${programme.id}`]);
    const { refundableCents: refundable } = await this.ledger.programmeFigures(manager, programme.id);
    const [held] = await queryRows<{ cents: string }>(
      manager,
      `SELECT coalesce(sum(amount_cents), 0)::text AS cents FROM funder_refund_transfers
        WHERE programme_id = $1 AND status IN ('prepared', 'approved', 'exported') AND id IS DISTINCT FROM $2`,
      [programme.id, input.refundTransferId],
    );
    const refundableCents = refundable - Number(held.cents);
    if (input.amountCents > refundableCents) {
      throw new DomainError('conflict', `Only ${refundableCents} cents are refundable for this programme`, {
        code: 'refund_exceeds_refundable',
        refundableCents,
        fields: [{ field: 'amountCents', problems: [`must be at most the refundable amount, ${refundableCents} cents`] }],
      });
    }
    const refund = manager.create(FunderRefundEntity, {
      programmeId: programme.id,
      funderOrganisationId: programme.funderOrganisationId,
      amountCents: String(input.amountCents),
      paidOn: input.paidOn,
      bankReference: input.bankReference,
      recordedByUserId: actor.kind === 'user' && input.refundTransferId === null ? actor.userId : null,
      refundTransferId: input.refundTransferId,
    });
    await manager.getRepository(FunderRefundEntity).insert(refund);
    await this.ledger.post(manager, [
      refundEntry({
        refundId: refund.id,
        programmeId: programme.id,
        funderOrganisationId: programme.funderOrganisationId,
        amountCents: input.amountCents,
        occurredAt: input.occurredAt,
        bankReference: input.bankReference,
      }),
    ]);
    await this.audit.record(manager, actor, {
      action: 'programme.refund_paid',
      objectType: 'programme',
      objectId: programme.id,
      changes: {
        refundId: refund.id,
        amountCents: input.amountCents,
        paidOn: input.paidOn,
        bankReference: input.bankReference,
        ...(input.refundTransferId ? { refundTransferId: input.refundTransferId } : {}),
      },
    });
    return manager.getRepository(FunderRefundEntity).findOneByOrFail({ id: refund.id });
  }

  async orderStatement(actor: AuthenticatedActor, programmeId: string): Promise<{ pdf: Buffer; filename: string }> {
    const programme = await this.programmes.get(actor, programmeId);
    refuseUnless(orderStatementAvailability(programme.fundedAt !== null));
    const figures = await this.ledger.programmeFigures(this.dataSource.manager, programme.id);
    const pdf = await orderStatementPdf(
      await this.statementProgramme(programme),
      {
        faceValueTotalCents: figures.faceValueCents,
        feeCents: figures.feeCents,
        feeBasisPoints: programme.operatorFeeBasisPoints ?? 0,
        receivedCents: figures.receivedCents,
        receivedOn: programme.fundingReceivedOn ?? localDate(programme.fundedAt as Date),
        reference: programme.fundingReference ?? '',
      },
      localDate(programme.fundedAt as Date),
    );
    return { pdf, filename: `releve-commande-${programme.code}.pdf` };
  }

  async closingStatement(actor: AuthenticatedActor, programmeId: string): Promise<{ pdf: Buffer; filename: string }> {
    const programme = await this.programmes.get(actor, programmeId);
    const figures = await this.ledger.programmeFigures(this.dataSource.manager, programme.id);
    refuseUnless(this.closingAvailability(programme, figures));
    const counts = await this.programmes.chequeCounts(programme.id);
    const pdf = await closingStatementPdf(await this.statementProgramme(programme), {
      lines: [
        { label: 'Chèques émis', cheques: Object.values(counts).reduce((sum, n) => sum + n, 0), amountCents: figures.faceValueCents },
        { label: 'Utilisés dans les lieux', cheques: counts.redeemed + counts.settled, amountCents: figures.redeemedCents },
        { label: 'Expirés', cheques: counts.expired, amountCents: figures.expiredCents },
        { label: 'Annulés (perte, vol)', cheques: counts.cancelled, amountCents: figures.cancelledCents },
      ],
      refundableCents: figures.refundableCents,
      refunds: (await this.refunds(programme.id)).map((refund) => ({
        paidOn: refund.paidOn,
        bankReference: refund.bankReference,
        amountCents: refund.amountCents,
      })),
      issuedOn: this.today(),
    });
    return { pdf, filename: `releve-cloture-${programme.code}.pdf` };
  }

  private closingAvailability(programme: ProgrammeEntity, figures: ProgrammeLedgerFigures): StatementAvailability {
    return closingStatementAvailability(
      {
        funded: programme.fundedAt !== null,
        validUntil: programme.validUntil,
        graceDays: programme.graceDays,
        outstandingCents: figures.outstandingCents,
      },
      this.today(),
    );
  }

  private async refunds(programmeId: string): Promise<RefundView[]> {
    const refunds = await this.dataSource.getRepository(FunderRefundEntity).find({ where: { programmeId }, order: { createdAt: 'ASC' } });
    return refunds.map(refundView);
  }

  private async statementProgramme(programme: ProgrammeEntity): Promise<StatementProgramme> {
    const funder = await this.organisations.findById(programme.funderOrganisationId);
    return {
      name: programme.name,
      code: programme.code,
      funderName: funder?.name ?? '',
      faceValueCents: programme.faceValueCents,
      chequeCount: programme.chequesPerBooklet * programme.bookletCount,
      validFrom: programme.validFrom,
      validUntil: programme.validUntil,
      graceDays: programme.graceDays,
    };
  }

  private today(): string {
    return localDate(this.clock.now());
  }
}

function refuseUnless(availability: StatementAvailability): void {
  if (!availability.available) {
    throw new DomainError('conflict', `This statement is not available: ${availability.reason}`, {
      code: availability.code,
      reason: availability.reason,
      availableFrom: availability.availableFrom,
    });
  }
}

function refundView(refund: FunderRefundEntity): RefundView {
  return {
    id: refund.id,
    programmeId: refund.programmeId,
    amountCents: Number(refund.amountCents),
    paidOn: refund.paidOn,
    bankReference: refund.bankReference,
    recordedAt: refund.createdAt.toISOString(),
  };
}
