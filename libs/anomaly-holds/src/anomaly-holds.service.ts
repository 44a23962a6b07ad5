/**
 * The review of held redemptions (docs/anomaly-holds.md): an operator releases a hold (the next batch
 * pays it), or proposes to reject it with a reason and another operator confirms (four eyes). A
 * confirmed rejection voids the redemption: the place is not paid, its cheques are cancelled (never
 * usable again: their codes were used in a refused redemption) and their value is the funder's again,
 * booked as the reversal of the redemption's entry plus the cancellation of its cheques. Every step is
 * transactional, idempotent (Idempotency-Key) and audited.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Answer, IdempotencyService, queryRows } from '@app/database';
import { type Clock, CLOCK, DomainError, type UserActor } from '@app/domain';
import { LedgerService } from '@app/ledger';
import { type AnomalyReason, type HoldStatus } from './domain/anomaly-rules';

export interface HoldView {
  id: string;
  redemptionId: string;
  organisationId: string;
  organisationName: string;
  placeId: string;
  placeName: string;
  occurredAt: string;
  amountCents: number;
  chequeCount: number;
  reasons: AnomalyReason[];
  status: HoldStatus;
  flaggedAt: string;
  /** The place undid the redemption while it was held: nothing is left to pay or to refuse. */
  redemptionUndone: boolean;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseNote: string | null;
  rejectionReason: string | null;
  rejectionProposedBy: string | null;
  rejectionProposedAt: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
}

/** "waiting": held or a rejection proposed, what the operators have to review. */
export const HOLD_FILTERS = ['waiting', 'held', 'rejection_proposed', 'released', 'rejected'] as const;
export type HoldFilter = (typeof HOLD_FILTERS)[number];

interface HoldRow {
  id: string;
  redemption_id: string;
  organisation_id: string;
  organisation_name: string;
  place_id: string;
  place_name: string;
  occurred_at: Date;
  amount_cents: string;
  cheque_count: number;
  reasons: AnomalyReason[];
  status: HoldStatus;
  flagged_at: Date;
  undone_at: Date | null;
  released_by: string | null;
  released_at: Date | null;
  release_note: string | null;
  rejection_reason: string | null;
  rejection_proposed_by: string | null;
  rejection_proposed_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
}

const HOLD_SELECT = `SELECT h.id, h.redemption_id, h.organisation_id, o.name AS organisation_name, r.place_id, p.nom AS place_name,
       r.occurred_at, r.amount_cents::text, r.cheque_count, h.reasons, h.status, h.flagged_at, r.undone_at,
       h.released_by, h.released_at, h.release_note, h.rejection_reason, h.rejection_proposed_by, h.rejection_proposed_at,
       h.rejected_by, h.rejected_at
  FROM redemption_holds h
  JOIN redemptions r ON r.id = h.redemption_id
  JOIN organisations o ON o.id = h.organisation_id
  JOIN places p ON p.id = r.place_id`;

/** At most this many holds per list (the review queue is short; older decisions are in the audit trail). */
const LIST_LIMIT = 500;

@Injectable()
export class AnomalyHoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: LedgerService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(filter: HoldFilter = 'waiting'): Promise<HoldView[]> {
    const statuses = filter === 'waiting' ? ['held', 'rejection_proposed'] : [filter];
    const rows = await queryRows<HoldRow>(
      this.dataSource.manager,
      `${HOLD_SELECT} WHERE h.status = ANY($1::redemption_hold_status[])
        ${filter === 'waiting' ? 'AND r.undone_at IS NULL' : ''}
        ORDER BY h.flagged_at DESC, h.id LIMIT ${LIST_LIMIT}`,
      [statuses],
    );
    return rows.map(holdView);
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<HoldView> {
    const [row] = await queryRows<HoldRow>(manager, `${HOLD_SELECT} WHERE h.id = $1`, [id]);
    if (!row) throw DomainError.notFound('redemption hold');
    return holdView(row);
  }

  /** The hold is lifted: the redemption goes into the next batch. Replaying answers the same hold. */
  async release(actor: UserActor, key: string | undefined, id: string, note: string | undefined): Promise<Answer<HoldView>> {
    return this.decide(actor, key, 'anomaly_hold.release', { id, note: note ?? null }, async (manager, hold) => {
      if (hold.status === 'released') return;
      if (hold.status === 'rejected') throw holdDecided('rejected');
      await manager.query(
        "UPDATE redemption_holds SET status = 'released', released_by = $2, released_at = $3, release_note = $4 WHERE id = $1",
        [id, actor.userId, this.clock.now(), note ?? null],
      );
      await this.audit.record(manager, actor, {
        action: 'redemption_hold.released',
        objectType: 'redemption_hold',
        objectId: id,
        changes: { redemptionId: hold.redemption_id, from: hold.status, to: 'released', note: note ?? null },
      });
    });
  }

  /** The first operator's rejection, with its reason: still held until another operator confirms it. */
  async proposeRejection(actor: UserActor, key: string | undefined, id: string, reason: string): Promise<Answer<HoldView>> {
    return this.decide(actor, key, 'anomaly_hold.reject', { id, reason }, async (manager, hold) => {
      if (hold.status !== 'held') throw holdDecided(hold.status);
      if (hold.undone_at) throw redemptionUndone();
      await manager.query(
        "UPDATE redemption_holds SET status = 'rejection_proposed', rejection_reason = $2, rejection_proposed_by = $3, rejection_proposed_at = $4 WHERE id = $1",
        [id, reason, actor.userId, this.clock.now()],
      );
      await this.audit.record(manager, actor, {
        action: 'redemption_hold.rejection_proposed',
        objectType: 'redemption_hold',
        objectId: id,
        changes: { redemptionId: hold.redemption_id, from: 'held', to: 'rejection_proposed', reason },
      });
    });
  }

  /**
   * Four eyes: another operator than the one who proposed it confirms the rejection. The redemption is
   * voided in the same transaction: undone (the place is owed nothing for it: its entry is reversed),
   * its cheques cancelled (their value released to the funder, as for a cancelled booklet).
   */
  async confirmRejection(actor: UserActor, key: string | undefined, id: string): Promise<Answer<HoldView>> {
    return this.decide(actor, key, 'anomaly_hold.confirm_rejection', { id }, async (manager, hold) => {
      if (hold.status === 'rejected') return;
      if (hold.status !== 'rejection_proposed') {
        throw new DomainError('invalid_transition', 'No rejection of this hold waits for a confirmation', {
          code: 'hold_rejection_not_proposed',
          status: hold.status,
        });
      }
      if (hold.rejection_proposed_by === actor.userId) {
        throw new DomainError('conflict', 'A rejection must be confirmed by another operator than the one who proposed it', {
          code: 'four_eyes_required',
        });
      }
      if (hold.undone_at) throw redemptionUndone();
      const now = this.clock.now();
      const reason = `Refusé après vérification : ${hold.rejection_reason ?? ''}`;
      // First the redemption (the undo guard of settlement runs under this statement's lock), then its cheques.
      await manager.query('UPDATE redemptions SET undone_at = $2, undone_by = $3, undo_reason = $4 WHERE id = $1 AND undone_at IS NULL', [
        hold.redemption_id,
        now,
        actor.userId,
        reason,
      ]);
      const programmes = await queryRows<{ id: string }>(
        manager,
        `SELECT p.id FROM programmes p WHERE p.id IN (SELECT programme_id FROM redemption_cheques WHERE redemption_id = $1)
          ORDER BY p.id FOR SHARE`,
        [hold.redemption_id],
      );
      const cancelled = await queryRows<{
        id: string;
        programme_id: string;
        face_value_cents: number;
        funder_organisation_id: string;
        funded: boolean;
      }>(
        manager,
        `UPDATE cheques c SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3
           FROM programmes p
          WHERE p.id = c.programme_id AND c.status = 'redeemed'
            AND c.id IN (SELECT cheque_id FROM redemption_cheques WHERE redemption_id = $1 AND released_at IS NULL)
          RETURNING c.id, c.programme_id, p.face_value_cents, p.funder_organisation_id, p.funded_at IS NOT NULL AS funded`,
        [hold.redemption_id, now, reason],
      );
      if (cancelled.length !== hold.cheque_count) {
        throw new DomainError('conflict', "The redemption's cheques changed while it was reviewed: reload and try again", {
          code: 'hold_cheques_changed',
        });
      }
      await manager.query('UPDATE redemption_cheques SET released_at = $2 WHERE redemption_id = $1 AND released_at IS NULL', [
        hold.redemption_id,
        now,
      ]);
      await this.ledger.reverseRedemption(manager, hold.redemption_id, now, reason);
      await this.ledger.recordReleases(
        manager,
        'cheques_cancelled',
        `hold:${id}`,
        cancelled.map((cheque) => ({
          programmeId: cheque.programme_id,
          funderOrganisationId: cheque.funder_organisation_id,
          faceValueCents: Number(cheque.face_value_cents),
          funded: cheque.funded,
        })),
        now,
        reason,
      );
      await manager.query("UPDATE redemption_holds SET status = 'rejected', rejected_by = $2, rejected_at = $3 WHERE id = $1", [
        id,
        actor.userId,
        now,
      ]);
      await this.audit.record(manager, actor, {
        action: 'redemption_hold.rejected',
        objectType: 'redemption_hold',
        objectId: id,
        changes: {
          redemptionId: hold.redemption_id,
          from: 'rejection_proposed',
          to: 'rejected',
          reason: hold.rejection_reason,
          proposedBy: hold.rejection_proposed_by,
          cancelledChequeIds: cancelled.map((cheque) => cheque.id),
          programmes: programmes.map((programme) => programme.id),
          amountCents: Number(hold.amount_cents),
        },
      });
    });
  }

  private decide(
    actor: UserActor,
    key: string | undefined,
    operation: string,
    body: Record<string, unknown>,
    apply: (manager: EntityManager, hold: HoldRow) => Promise<void>,
  ): Promise<Answer<HoldView>> {
    this.idempotency.assertKey(key);
    const request = { organisationId: actor.organisationId, key, operation, body };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<HoldView>;
      const [hold] = await queryRows<HoldRow>(manager, `${HOLD_SELECT} WHERE h.id = $1 FOR UPDATE OF h`, [body.id]);
      if (!hold) throw DomainError.notFound('redemption hold');
      await apply(manager, hold);
      return this.idempotency.store(manager, request, 200, await this.get(hold.id, manager));
    });
  }
}

function holdView(row: HoldRow): HoldView {
  return {
    id: row.id,
    redemptionId: row.redemption_id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    placeId: row.place_id,
    placeName: row.place_name,
    occurredAt: row.occurred_at.toISOString(),
    amountCents: Number(row.amount_cents),
    chequeCount: row.cheque_count,
    reasons: row.reasons,
    status: row.status,
    flaggedAt: row.flagged_at.toISOString(),
    redemptionUndone: row.undone_at !== null && row.status !== 'rejected',
    releasedBy: row.released_by,
    releasedAt: row.released_at?.toISOString() ?? null,
    releaseNote: row.release_note,
    rejectionReason: row.rejection_reason,
    rejectionProposedBy: row.rejection_proposed_by,
    rejectionProposedAt: row.rejection_proposed_at?.toISOString() ?? null,
    rejectedBy: row.rejected_by,
    rejectedAt: row.rejected_at?.toISOString() ?? null,
  };
}

function holdDecided(status: HoldStatus): DomainError {
  return new DomainError('invalid_transition', `This hold is already ${status.replace('_', ' ')}`, { code: `hold_${status}`, status });
}

function redemptionUndone(): DomainError {
  return new DomainError('invalid_transition', 'The place undid this redemption while it was held: there is nothing left to refuse', {
    code: 'hold_redemption_undone',
  });
}
