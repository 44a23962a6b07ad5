import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { queryRows, uniqueViolation } from '@app/database';
import { checkImage, LOGO_LIMITS } from '@app/documents';
import { FundsCoverageService } from '@app/funds-coverage';
import { NotificationsService, statementAvailableMail } from '@app/mail';
import { LedgerService } from '@app/ledger';
import {
  type AuthenticatedActor,
  CHEQUE_STATUSES,
  type ChequeStatus,
  type Clock,
  CLOCK,
  CROCKFORD_ALPHABET,
  DomainError,
  type FieldProblem,
  isIsoDate,
  parseTerritoryCode,
  programmeTransition,
  type ProgrammeStatus,
  type ProgrammeTransition,
  type Service,
  type UserActor,
  sniffDocumentType,
} from '@app/domain';
import { ChequeKeysService } from './cheque-keys.service';
import { issueBookletsAndCheques } from './cheque-issuance';
import { ProgrammeEntity } from './entities/programme.entity';
import { orderAmounts } from './programme-amounts';
import { voucherRefusal } from './voucher-conflicts';

export interface ProgrammeInput {
  name: string;
  faceValueCents: number;
  chequesPerBooklet: number;
  bookletCount: number;
  validFrom: string;
  validUntil: string;
  graceDays: number;
  territoryCodes: string[];
  eligibleServices: Service[];
  /** null (or absent) leaves the cover without it. */
  coverTitle?: string | null;
  coverText?: string | null;
}

/** A new programme: what the funder leaves out takes its default. */
export type NewProgrammeInput = Omit<ProgrammeInput, keyof typeof PROGRAMME_DEFAULTS> & Partial<typeof PROGRAMME_DEFAULTS>;

const PROGRAMME_DEFAULTS: Pick<ProgrammeInput, 'chequesPerBooklet' | 'graceDays' | 'territoryCodes' | 'eligibleServices'> = {
  chequesPerBooklet: 10,
  graceDays: 31,
  territoryCodes: [],
  eligibleServices: [],
};

export interface FundingInput {
  amountCents: number;
  receivedOn: string;
  reference: string;
}

const AUDIT_ACTIONS: Record<ProgrammeTransition, string> = {
  order: 'programme.ordered',
  fund: 'programme.funded',
  activate: 'programme.activated',
  close: 'programme.closed',
};

/** The operator sees every programme; a funder its own; nobody else any. */
/** The funder may change the cover until funding; the operator at any time. */
function assertCoverChangeable(actor: AuthenticatedActor, programme: ProgrammeEntity): void {
  const operator = actor.organisationKind === 'operator';
  if (!operator && programme.status !== 'draft' && programme.status !== 'ordered') {
    throw voucherRefusal(
      'invalid_transition',
      'programme_cover_locked',
      `the cover can change until funding (this programme is ${programme.status})`,
      { status: programme.status },
    );
  }
}

function canSee(actor: AuthenticatedActor, programme: ProgrammeEntity): boolean {
  return (
    actor.organisationKind === 'operator' ||
    (actor.organisationKind === 'funder' && actor.organisationId === programme.funderOrganisationId)
  );
}

@Injectable()
export class ProgrammesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: ChequeKeysService,
    private readonly ledger: LedgerService,
    private readonly config: ConfigService,
    private readonly notifications: NotificationsService,
    private readonly fundsCoverage: FundsCoverageService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get currentFeeBasisPoints(): number {
    return this.config.get<number>('OPERATOR_FEE_BASIS_POINTS') ?? 0;
  }

  async create(actor: UserActor, input: NewProgrammeInput): Promise<ProgrammeEntity> {
    const normalised = normaliseInput({
      ...input,
      chequesPerBooklet: input.chequesPerBooklet ?? PROGRAMME_DEFAULTS.chequesPerBooklet,
      graceDays: input.graceDays ?? PROGRAMME_DEFAULTS.graceDays,
      territoryCodes: input.territoryCodes ?? PROGRAMME_DEFAULTS.territoryCodes,
      eligibleServices: input.eligibleServices ?? PROGRAMME_DEFAULTS.eligibleServices,
    });
    return this.dataSource.transaction(async (manager) => {
      const programme = await this.insertWithFreshCode(manager, {
        ...normalised,
        funderOrganisationId: actor.organisationId,
        createdByUserId: actor.userId,
        status: 'draft',
      });
      await this.audit.record(manager, actor, {
        action: 'programme.created',
        objectType: 'programme',
        objectId: programme.id,
        changes: { ...normalised },
      });
      return programme;
    });
  }

  async update(actor: AuthenticatedActor, id: string, changes: Partial<ProgrammeInput>): Promise<ProgrammeEntity> {
    return this.dataSource.transaction(async (manager) => {
      const programme = await this.lockVisible(manager, actor, id);
      if (programme.status !== 'draft') {
        throw voucherRefusal(
          'invalid_transition',
          'programme_not_draft',
          `only a draft can be edited (this programme is ${programme.status})`,
          {
            status: programme.status,
          },
        );
      }
      const merged = normaliseInput({ ...programme, ...changes });
      await manager.getRepository(ProgrammeEntity).update({ id }, merged);
      await this.audit.record(manager, actor, {
        action: 'programme.updated',
        objectType: 'programme',
        objectId: id,
        changes: { ...changes },
      });
      return manager.getRepository(ProgrammeEntity).findOneByOrFail({ id });
    });
  }

  async list(actor: AuthenticatedActor, status?: ProgrammeStatus): Promise<ProgrammeEntity[]> {
    const query = this.dataSource.getRepository(ProgrammeEntity).createQueryBuilder('programme');
    if (actor.organisationKind !== 'operator') query.andWhere('programme.funder_organisation_id = :own', { own: actor.organisationId });
    if (status) query.andWhere('programme.status = :status', { status });
    return query.orderBy('programme.created_at', 'DESC').getMany();
  }

  async get(actor: AuthenticatedActor, id: string): Promise<ProgrammeEntity> {
    const programme = await this.dataSource.getRepository(ProgrammeEntity).findOneBy({ id });
    if (!programme || !canSee(actor, programme)) throw DomainError.notFound('programme');
    return programme;
  }

  /** How many of the programme's cheques are in each status (statements count them; the ledger has the amounts). */
  async chequeCounts(programmeId: string): Promise<Record<ChequeStatus, number>> {
    const rows: Array<{ status: ChequeStatus; cheques: number }> = await this.dataSource.query(
      'SELECT status, count(*)::int AS cheques FROM cheques WHERE programme_id = $1 GROUP BY status',
      [programmeId],
    );
    const counts = Object.fromEntries(CHEQUE_STATUSES.map((status) => [status, 0])) as Record<ChequeStatus, number>;
    for (const row of rows) counts[row.status] = row.cheques;
    return counts;
  }

  /**
   * The funder's logo for the booklet covers: PNG or JPEG, 1 MB at most, recognised by its content,
   * decoded whole and test-printed (see checkImage). Stored as sent: what was checked is what prints.
   */
  async setLogo(actor: AuthenticatedActor, id: string, contentType: string | undefined, image: unknown): Promise<ProgrammeEntity> {
    // Who may change this cover, and whether it can still change, before the file costs anything
    // (checked again under lock by changeCover).
    assertCoverChangeable(actor, await this.get(actor, id));
    if (!Buffer.isBuffer(image) || image.length === 0) {
      throw new DomainError('unsupported_media_type', 'Send the logo as the request body, Content-Type image/png or image/jpeg', [
        { field: 'logo', problems: ['must be a PNG or JPEG image'] },
      ]);
    }
    if (image.length > MAX_LOGO_BYTES) {
      throw new DomainError('payload_too_large', 'The logo must be 1 MB at most', [{ field: 'logo', problems: ['must be 1 MB at most'] }]);
    }
    const detected = imageType(image);
    if (!detected || detected !== contentType) {
      throw DomainError.validation([
        { field: 'logo', problems: [`must be a PNG or JPEG image${detected ? ` (this is ${detected}, sent as ${contentType})` : ''}`] },
      ]);
    }
    const check = await checkImage(image, detected, LOGO_LIMITS);
    if (!check.ok) throw DomainError.validation([{ field: 'logo', problems: [check.problem] }]);
    return this.changeCover(
      actor,
      id,
      'programme.logo_changed',
      { coverLogo: image, coverLogoType: detected },
      {
        type: detected,
        bytes: image.length,
        width: check.image.width,
        height: check.image.height,
      },
    );
  }

  /** Takes the logo off the covers (same rule as changing it). */
  removeLogo(actor: AuthenticatedActor, id: string): Promise<ProgrammeEntity> {
    return this.changeCover(actor, id, 'programme.logo_removed', { coverLogo: null, coverLogoType: null }, {});
  }

  /**
   * The funder may change the cover until funding (after, booklets may be printed already); the
   * operator at any time, so that a programme whose logo does not print can be fixed. Audited
   * with the status it was changed in.
   */
  private changeCover(
    actor: AuthenticatedActor,
    id: string,
    action: 'programme.logo_changed' | 'programme.logo_removed',
    cover: Pick<ProgrammeEntity, 'coverLogo' | 'coverLogoType'>,
    changes: Record<string, unknown>,
  ): Promise<ProgrammeEntity> {
    return this.dataSource.transaction(async (manager) => {
      const programme = await this.lockVisible(manager, actor, id);
      assertCoverChangeable(actor, programme);
      await manager.getRepository(ProgrammeEntity).update({ id }, cover);
      await this.audit.record(manager, actor, {
        action,
        objectType: 'programme',
        objectId: id,
        changes: { ...changes, status: programme.status },
      });
      return manager.getRepository(ProgrammeEntity).findOneByOrFail({ id });
    });
  }

  /** The logo, for whoever may see the programme; 404 when there is none. */
  async visibleLogo(actor: AuthenticatedActor, id: string): Promise<{ image: Buffer; type: string }> {
    const programme = await this.get(actor, id);
    const logo = await this.logo(programme.id);
    if (!logo) throw DomainError.notFound('logo');
    return logo;
  }

  /** The logo bytes (not loaded with the programme, to keep lists light). */
  async logo(programmeId: string): Promise<{ image: Buffer; type: string } | null> {
    const rows: Array<{ cover_logo: Buffer | null; cover_logo_type: string | null }> = await this.dataSource.query(
      'SELECT cover_logo, cover_logo_type FROM programmes WHERE id = $1',
      [programmeId],
    );
    const row = rows[0];
    return row?.cover_logo && row.cover_logo_type ? { image: row.cover_logo, type: row.cover_logo_type } : null;
  }

  /** The funder places the order: the fee is fixed and every booklet and cheque is issued (not usable yet). */
  order(actor: AuthenticatedActor, id: string): Promise<ProgrammeEntity> {
    return this.transition(actor, id, 'order', async (manager, programme) => {
      programme.operatorFeeBasisPoints = this.currentFeeBasisPoints;
      const issued = await issueBookletsAndCheques(manager, this.keys, programme);
      return { operatorFeeBasisPoints: programme.operatorFeeBasisPoints, orderedAt: this.clock.now(), audit: issued };
    });
  }

  /** The operator records the money received; it must cover the order, so no unpaid cheque ever circulates. */
  fund(actor: AuthenticatedActor, id: string, funding: FundingInput): Promise<ProgrammeEntity> {
    if (!isIsoDate(funding.receivedOn)) throw DomainError.validation([{ field: 'receivedOn', problems: ['must be a valid date'] }]);
    return this.transition(actor, id, 'fund', async (manager, programme) => {
      const amounts = orderAmounts(programme, programme.operatorFeeBasisPoints ?? 0);
      const due = amounts.totalDueCents;
      if (funding.amountCents < due) {
        throw voucherRefusal(
          'conflict',
          'funding_below_total_due',
          `The amount received (${funding.amountCents} cents) is less than the total due (${due} cents)`,
          { totalDueCents: due, fields: [{ field: 'amountCents', problems: [`must be at least the total due, ${due} cents`] }] },
        );
      }
      const fundedAt = this.clock.now();
      // The programme row is locked (transition): cancellations and expiry lock it too before changing its cheques.
      const voided = await queryRows<{ status: 'cancelled' | 'expired'; cheques: number }>(
        manager,
        `SELECT status, count(*)::int AS cheques FROM cheques WHERE programme_id = $1 AND status IN ('cancelled', 'expired') GROUP BY status`,
        [programme.id],
      );
      const voidedCents = (status: 'cancelled' | 'expired'): number =>
        (voided.find((row) => row.status === status)?.cheques ?? 0) * programme.faceValueCents;
      await this.ledger.recordFunding(manager, {
        programmeId: programme.id,
        funderOrganisationId: programme.funderOrganisationId,
        receivedCents: funding.amountCents,
        faceValueTotalCents: amounts.faceValueTotalCents,
        feeCents: amounts.operatorFeeCents,
        occurredAt: fundedAt,
        reference: funding.reference,
        alreadyCancelledCents: voidedCents('cancelled'),
        alreadyExpiredCents: voidedCents('expired'),
      });
      // The funder's order statement exists from now on (docs/notifications.md).
      await this.notifications.notify(manager, [
        {
          kind: 'statement_available',
          organisationId: programme.funderOrganisationId,
          path: `/programmes/${programme.id}`,
          content: (links) => statementAvailableMail({ programmeName: programme.name, statement: 'order', ...links }),
        },
      ]);
      return {
        fundingAmountCents: String(funding.amountCents),
        fundingReceivedOn: funding.receivedOn,
        fundingReference: funding.reference,
        fundedAt,
        audit: { ...funding, dueCents: due },
      };
    });
  }

  activate(actor: AuthenticatedActor, id: string): Promise<ProgrammeEntity> {
    // No new programme while the operator's account does not cover what it owes (docs/funds-coverage.md).
    return this.transition(actor, id, 'activate', async (manager) => {
      await this.fundsCoverage.assertActivationAllowed(manager);
      return { activatedAt: this.clock.now(), audit: {} };
    });
  }

  close(actor: AuthenticatedActor, id: string): Promise<ProgrammeEntity> {
    return this.transition(actor, id, 'close', async () => ({ closedAt: this.clock.now(), audit: {} }));
  }

  /**
   * One state change: lock the row, check the move is allowed from its current status (409 with the
   * reason otherwise), apply it and audit it, all in one transaction.
   */
  private async transition(
    actor: AuthenticatedActor,
    id: string,
    transition: ProgrammeTransition,
    apply: (manager: EntityManager, programme: ProgrammeEntity) => Promise<Partial<ProgrammeEntity> & { audit: object }>,
  ): Promise<ProgrammeEntity> {
    return this.dataSource.transaction(async (manager) => {
      const programme = await this.lockVisible(manager, actor, id);
      const outcome = programmeTransition(programme.status, transition);
      if ('refused' in outcome) {
        throw voucherRefusal('invalid_transition', outcome.code, outcome.refused, { status: programme.status, transition });
      }
      const { audit, ...changes } = await apply(manager, programme);
      await manager.getRepository(ProgrammeEntity).update({ id }, { ...changes, status: outcome.to });
      await this.audit.record(manager, actor, {
        action: AUDIT_ACTIONS[transition],
        objectType: 'programme',
        objectId: id,
        changes: { from: programme.status, to: outcome.to, ...audit },
      });
      return manager.getRepository(ProgrammeEntity).findOneByOrFail({ id });
    });
  }

  private async lockVisible(manager: EntityManager, actor: AuthenticatedActor, id: string): Promise<ProgrammeEntity> {
    const programme = await manager
      .getRepository(ProgrammeEntity)
      .createQueryBuilder('programme')
      .setLock('pessimistic_write')
      .where('programme.id = :id', { id })
      .getOne();
    if (!programme || !canSee(actor, programme)) throw DomainError.notFound('programme');
    return programme;
  }

  private async insertWithFreshCode(manager: EntityManager, values: Partial<ProgrammeEntity>): Promise<ProgrammeEntity> {
    for (let attempt = 0; ; attempt++) {
      const programme = manager.create(ProgrammeEntity, { ...values, code: randomProgrammeCode() });
      try {
        await manager.transaction((savepoint) => savepoint.getRepository(ProgrammeEntity).insert(programme));
        return manager.getRepository(ProgrammeEntity).findOneByOrFail({ id: programme.id });
      } catch (error) {
        if (uniqueViolation(error) !== 'programmes_code_unique' || attempt >= 5) throw error;
      }
    }
  }
}

/** The image type by its first bytes, never by what the client claims. */
function imageType(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  const type = sniffDocumentType(bytes);
  return type === 'image/png' || type === 'image/jpeg' ? type : null;
}

/** A cover logo: 1 MB at most. */
export const MAX_LOGO_BYTES = 1024 * 1024;

function randomProgrammeCode(): string {
  return Array.from({ length: 4 }, () => CROCKFORD_ALPHABET[randomInt(CROCKFORD_ALPHABET.length)]).join('');
}

/** Cross-field rules the DTO cannot express, with the fields named. */
function normaliseInput(input: ProgrammeInput): ProgrammeInput {
  const problems: FieldProblem[] = [];
  if (!isIsoDate(input.validFrom)) problems.push({ field: 'validFrom', problems: ['must be a valid date'] });
  if (!isIsoDate(input.validUntil)) problems.push({ field: 'validUntil', problems: ['must be a valid date'] });
  if (problems.length === 0 && input.validUntil < input.validFrom)
    problems.push({ field: 'validUntil', problems: ['must not be before validFrom'] });
  const territory = input.territoryCodes.map((code) => parseTerritoryCode(code));
  const badCodes = input.territoryCodes.filter((_code, index) => territory[index] === null);
  if (badCodes.length > 0)
    problems.push({ field: 'territoryCodes', problems: badCodes.map((code) => `"${code}" is not an INSEE département or commune code`) });
  if (problems.length > 0) throw DomainError.validation(problems);
  return {
    name: input.name,
    faceValueCents: input.faceValueCents,
    chequesPerBooklet: input.chequesPerBooklet,
    bookletCount: input.bookletCount,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    graceDays: input.graceDays,
    territoryCodes: [...new Set(territory.map((code) => code!.code))],
    eligibleServices: input.eligibleServices,
    coverTitle: input.coverTitle,
    coverText: input.coverText,
  };
}
