/**
 * Reissuing a lost booklet (docs/stock.md, page « Remplacer un carnet perdu »): the social worker of
 * the structure that handed it out gives the same person a new booklet of the same programme for the
 * remaining value. The lost booklet's unused cheques are cancelled by the one cancellation of the
 * distribution (ledger included); the new booklet's first cheques, as many as were left, are handed
 * out with the same anonymous profile, and its surplus cheques are cancelled the same way.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Answer, IdempotencyService, queryRows } from '@app/database';
import {
  type AgeBand,
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  DomainError,
  localDate,
  type Service,
  type Situation,
  type UserActor,
} from '@app/domain';
import { DistributionService } from './distribution.service';
import type { BookletEntity } from './entities/booklet.entity';
import { HandOutReissueEntity } from './entities/hand-out-reissue.entity';
import { HandOutEntity } from './entities/hand-out.entity';
import { ProgrammeEntity } from './entities/programme.entity';
import { voucherRefusal } from './voucher-conflicts';

/** What a reissue of this lost booklet would carry over, shown before the social worker confirms. */
export interface ReissuePreview {
  serial: string;
  programmeId: string;
  programmeName: string;
  faceValueCents: number;
  chequesPerBooklet: number;
  /** The lost booklet's cheques handed out and not used yet: the new booklet carries as many. */
  remainingCheques: number;
  remainingValueCents: number;
  handedOutOn: string;
  profile: { ageBand: AgeBand | null; situation: Situation | null; communeCode: string | null; needs: Service[] };
}

export interface ReissueResult {
  reissueId: string;
  lostBookletSerial: string;
  newBookletSerial: string;
  handOutId: string;
  /** The lost booklet's cheques cancelled (unused, handed out or not). */
  chequesCancelled: number;
  /** The new booklet's cheques handed out: numbers 1 to this. */
  chequesHandedOut: number;
  valueCents: number;
  /** The new booklet's cheque numbers cancelled before it was handed over (to be torn out), or null. */
  surplusPositions: { from: number; to: number } | null;
}

interface LostHandOut {
  booklet: BookletEntity;
  programme: ProgrammeEntity;
  handOut: HandOutEntity;
  remainingCheques: number;
}

@Injectable()
export class ReissueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly distribution: DistributionService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async preview(actor: AuthenticatedActor, serial: string): Promise<ReissuePreview> {
    const lost = await this.lostHandOut(this.dataSource.manager, actor, serial, false);
    return {
      serial: lost.booklet.serial,
      programmeId: lost.programme.id,
      programmeName: lost.programme.name,
      faceValueCents: lost.programme.faceValueCents,
      chequesPerBooklet: lost.programme.chequesPerBooklet,
      remainingCheques: lost.remainingCheques,
      remainingValueCents: lost.remainingCheques * lost.programme.faceValueCents,
      handedOutOn: lost.handOut.handedOutOn,
      profile: {
        ageBand: lost.handOut.ageBand,
        situation: lost.handOut.situation,
        communeCode: lost.handOut.communeCode,
        needs: lost.handOut.needs,
      },
    };
  }

  /** All or nothing, once per Idempotency-Key (the same key and body answer the first answer again). */
  async reissue(actor: UserActor, key: string | undefined, serial: string, newBookletSerial: string): Promise<Answer<ReissueResult>> {
    this.idempotency.assertKey(key);
    const request = { organisationId: actor.organisationId, key, operation: 'booklet.reissue', body: { serial, newBookletSerial } };
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.idempotency.claim(manager, request);
      if (stored) return stored as Answer<ReissueResult>;
      const lost = await this.lostHandOut(manager, actor, serial, true);
      const replacement = await this.replacementBooklet(manager, actor, lost, newBookletSerial);
      const reason = `Carnet ${lost.booklet.serial} remplacé par le carnet ${replacement.serial}`;
      const chequesCancelled = await this.distribution.cancelUnusedChequesOf(manager, lost.booklet, `${reason} (perdu)`);

      const handOut = manager.create(HandOutEntity, {
        distributorOrganisationId: actor.organisationId,
        recordedByUserId: actor.userId,
        handedOutOn: localDate(this.clock.now()),
        ageBand: lost.handOut.ageBand,
        situation: lost.handOut.situation,
        communeCode: lost.handOut.communeCode,
        needs: lost.handOut.needs,
      });
      await manager.getRepository(HandOutEntity).insert(handOut);
      const handedOut = await queryRows<{ id: string }>(
        manager,
        `UPDATE cheques SET status = 'distributed', distributed_at = $3, hand_out_id = $2
          WHERE booklet_id = $1 AND status = 'issued' AND position <= $4 RETURNING id`,
        [replacement.id, handOut.id, this.clock.now(), lost.remainingCheques],
      );
      const surplus = await this.distribution.cancelUnusedChequesOf(
        manager,
        replacement,
        `${reason} (au-delà du reste)`,
        lost.remainingCheques + 1,
      );

      const reissue = manager.create(HandOutReissueEntity, {
        distributorOrganisationId: actor.organisationId,
        lostHandOutId: lost.handOut.id,
        newHandOutId: handOut.id,
        lostBookletId: lost.booklet.id,
        newBookletId: replacement.id,
        chequesCarried: handedOut.length,
        surplusChequesCancelled: surplus,
      });
      await manager.getRepository(HandOutReissueEntity).insert(reissue);
      const result: ReissueResult = {
        reissueId: reissue.id,
        lostBookletSerial: lost.booklet.serial,
        newBookletSerial: replacement.serial,
        handOutId: handOut.id,
        chequesCancelled,
        chequesHandedOut: handedOut.length,
        valueCents: handedOut.length * lost.programme.faceValueCents,
        surplusPositions: surplus > 0 ? { from: lost.remainingCheques + 1, to: lost.programme.chequesPerBooklet } : null,
      };
      await this.audit.record(manager, actor, {
        action: 'booklet.reissued',
        objectType: 'booklet',
        objectId: lost.booklet.id,
        changes: {
          lostBookletSerial: result.lostBookletSerial,
          newBookletSerial: result.newBookletSerial,
          handOutId: handOut.id,
          chequesCancelled,
          chequesHandedOut: result.chequesHandedOut,
          surplusChequesCancelled: surplus,
        },
      });
      return this.idempotency.store(manager, request, 201, result);
    });
  }

  /**
   * The lost booklet: in the actor's stock, handed out by the actor's structure to one person, with
   * cheques still unused. A booklet of another structure is 404, as if it did not exist.
   */
  private async lostHandOut(manager: EntityManager, actor: AuthenticatedActor, serial: string, forChange: boolean): Promise<LostHandOut> {
    if (actor.organisationKind !== 'distributor') throw DomainError.notFound('booklet');
    const booklet = await this.distribution.visibleBooklet(manager, actor, serial, forChange);
    const programme = await manager.getRepository(ProgrammeEntity).findOneByOrFail({ id: booklet.programmeId });
    const [counts] = await queryRows<{ unused: number; issued: number; hand_outs: string[] }>(
      manager,
      `SELECT count(*) FILTER (WHERE status = 'distributed')::int AS unused, count(*) FILTER (WHERE status = 'issued')::int AS issued,
              coalesce(array_agg(DISTINCT hand_out_id::text) FILTER (WHERE hand_out_id IS NOT NULL), '{}') AS hand_outs
         FROM cheques WHERE booklet_id = $1`,
      [booklet.id],
    );
    if (counts.hand_outs.length === 0) {
      throw voucherRefusal(
        'invalid_transition',
        'booklet_not_reissuable',
        `Booklet ${booklet.serial} was never handed out: cancel it instead`,
      );
    }
    if (counts.hand_outs.length > 1 || counts.issued > 0) {
      throw voucherRefusal(
        'invalid_transition',
        'booklet_not_reissuable',
        `Booklet ${booklet.serial} was handed out cheque by cheque, not as a whole: cancel its cheques instead`,
      );
    }
    if (counts.unused === 0) {
      throw voucherRefusal(
        'invalid_transition',
        'booklet_not_reissuable',
        `No cheque of booklet ${booklet.serial} is left to reissue (used, expired or cancelled)`,
      );
    }
    const handOut = await manager.getRepository(HandOutEntity).findOneByOrFail({ id: counts.hand_outs[0] });
    if (handOut.distributorOrganisationId !== actor.organisationId) throw DomainError.notFound('booklet');
    return { booklet, programme, handOut, remainingCheques: counts.unused };
  }

  /** The new booklet: of the actor's stock, of the same programme (same face value and rules), not a cheque handed out or cancelled. */
  private async replacementBooklet(manager: EntityManager, actor: UserActor, lost: LostHandOut, serial: string): Promise<BookletEntity> {
    const booklet = await this.distribution.visibleBooklet(manager, actor, serial, true);
    if (booklet.id === lost.booklet.id) {
      throw DomainError.validation([{ field: 'newBookletSerial', problems: ['must be another booklet than the lost one'] }]);
    }
    if (booklet.programmeId !== lost.booklet.programmeId) {
      throw voucherRefusal(
        'conflict',
        'replacement_not_in_programme',
        `Booklet ${booklet.serial} is of another programme: the new booklet must be of the lost one's programme`,
        { field: 'newBookletSerial' },
      );
    }
    await this.distribution.assertProgrammeFunded(manager, booklet.programmeId);
    const [{ touched }] = await queryRows<{ touched: number }>(
      manager,
      "SELECT count(*) FILTER (WHERE status <> 'issued')::int AS touched FROM cheques WHERE booklet_id = $1",
      [booklet.id],
    );
    if (touched > 0) {
      throw voucherRefusal(
        'conflict',
        'replacement_not_available',
        `Booklet ${booklet.serial} was already handed out or cancelled, in whole or in part: take a booklet still complete in your stock`,
        { field: 'newBookletSerial' },
      );
    }
    return booklet;
  }
}
