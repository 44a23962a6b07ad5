/**
 * Verify and redeem cheques at a place. The one rule that matters: a cheque is spent at most once.
 * Redeeming is a single guarded statement — lock the candidate cheques that are distributed and
 * valid here and now, and spend them only if all of them qualify — plus a partial unique index on
 * the active redemption of each cheque. Never read-then-write.
 */
import { randomUUID } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Answer, IdempotencyService, pipelinedTransaction, preparedRows, queryRows, triggerRefusal } from '@app/database';
import { LedgerService } from '@app/ledger';
import { WebhooksService } from '@app/webhooks';
import {
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  DomainError,
  hashChequeCode,
  invalidSignatureRefusal,
  laCoopReportUrl,
  localDate,
  type Redeemability,
  redeemability,
  readScannedCheque,
  RecentFacts,
  type RedemptionFacts,
  type RefusedRedemption,
  scanRefusal,
  type Service,
  type ServiceModality,
  suspensionAt,
  unknownChequeRefusal,
  verifyChequeSignature,
} from '@app/domain';
import { CatalogueEntryEntity, PlaceEntity } from '@app/places';
import { ChequeKeysService } from '@app/vouchers';
import { countRedemption } from '@app/metrics';
import { type ChequeSummary, chequeSummary, readCheques } from './cheque-facts';
import { CodeFailuresService } from './code-failures.service';
import { programmePaysForSql } from './redemption-rules.sql';
import { SPEND_CHEQUES_SQL, spendChequesParameters } from './spend-cheques.sql';
import { RedemptionEntity, type RedemptionChannel } from './entities/redemption.entity';
import { type RedemptionView, redemptionView } from './redemption-view';

export interface RedeemInput {
  /** Scanned QR contents or typed codes, one per cheque. */
  cheques: string[];
  /** The catalogue entry version chosen. */
  serviceId: string;
}

/** When and how the cheques were scanned (offline scans are recorded later, with the device's time). */
export interface RedeemContext {
  occurredAt: Date;
  channel: RedemptionChannel;
  ip?: string;
}

/** One cheque's verdict, with what the agent may see of it (nothing when it is unknown). */
export interface ChequeOutcome {
  redeemable: boolean;
  code: Redeemability['code'];
  message: string;
  cheque: ChequeSummary | null;
}

export interface VerifyAnswer extends ChequeOutcome {
  place: { id: string; nom: string };
  /** The place's current services this cheque can pay for (empty when it cannot be redeemed). */
  services: Array<{ id: string; name: string; category: string; priceInCheques: number; durationMinutes: number }>;
}

export interface RefusalBody {
  code: 'conflict';
  message: string;
  details: { code: 'cheques_refused'; cheques: ChequeOutcome[] };
}

/** A redemption attempt's answer: 201 with the redemption, or 409 with each cheque's verdict. */
export type RedeemAnswer = Answer<RedemptionView | RefusalBody>;

interface Scanned {
  input: string;
  code: string | null;
  refusal: RefusedRedemption | null;
  /** Refused for a key id this process does not know (yet: another process may have registered a new key). */
  unknownKey?: true;
}

interface SpentRow {
  cheque_id: string;
  programme_id: string;
  programme_name: string;
  face_value_cents: number;
  masked_code: string;
}

interface ServiceRow {
  id: string;
  entry_id: string;
  version: number;
  place_id: string;
  name: string;
  description: string | null;
  category: Service;
  modality: ServiceModality;
  duration_minutes: number;
  price_in_cheques: number;
  created_at: Date;
  retired_at: Date | null;
  nom: string;
  organisation_id: string | null;
  code_insee: string | null;
  qualified_until: string | null;
  suspended_at: Date | null;
}

// A place's services, enough for every place agent of a busy instance; a minute keeps the hint fresh.
const RECENT_SERVICES = 1000;
const RECENT_SERVICE_MS = 60_000;

const ONE_PLACE_REQUIRED = 'give serviceId or placeId: your organisation manages several places';

@Injectable()
export class RedemptionService {
  private readonly recentServices = new RecentFacts<{ place: PlaceEntity; service: CatalogueEntryEntity }>(
    RECENT_SERVICES,
    RECENT_SERVICE_MS,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: ChequeKeysService,
    private readonly idempotency: IdempotencyService,
    private readonly failures: CodeFailuresService,
    private readonly ledger: LedgerService,
    private readonly webhooks: WebhooksService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Can this cheque be redeemed here and now? Checks the typing, then the signature, then the database. */
  async verify(
    actor: AuthenticatedActor,
    input: { cheque: string; serviceId?: string; placeId?: string },
    ip?: string,
  ): Promise<VerifyAnswer> {
    const { place, service } = await this.resolvePlace(actor, input);
    const now = this.clock.now();
    let scanned = [this.scan(input.cheque)];
    if (scanned[0].unknownKey) scanned = await this.rescanWithFreshKeys([input.cheque], scanned);
    const [outcome] = await this.evaluate(this.dataSource.manager, scanned, place, service, now);
    await this.failures.recordIfSuspicious(actor, [outcome.code], ip);
    const eligible = outcome.redeemable && outcome.cheque ? await this.eligibleServices(outcome.cheque.programmeId, place.id) : [];
    return {
      ...outcome,
      place: { id: place.id, nom: place.nom },
      services: eligible.map((entry) => ({
        id: entry.id,
        name: entry.name,
        category: entry.category,
        priceInCheques: entry.priceInCheques,
        durationMinutes: entry.durationMinutes,
      })),
    };
  }

  /** Redeems all the cheques for one service, or none; the Idempotency-Key makes retries safe. */
  async redeem(actor: AuthenticatedActor, key: string | undefined, input: RedeemInput, ip?: string): Promise<RedeemAnswer> {
    this.idempotency.assertKey(key);
    return this.redeemOnce(actor, { organisationId: actor.organisationId, key, operation: 'redemption', body: input }, input, {
      occurredAt: this.clock.now(),
      channel: 'online',
      ip,
    });
  }

  /** One idempotent attempt (also used for each item of an offline sync). */
  async redeemOnce(
    actor: AuthenticatedActor,
    request: { organisationId: string; key: string; operation: string; body: unknown },
    input: RedeemInput,
    context: RedeemContext,
  ): Promise<RedeemAnswer> {
    let { place, service } = await this.recentService(actor, input.serviceId);
    let scanned = this.scanAll(input.cheques);
    if (scanned.some((item) => item.unknownKey)) scanned = await this.rescanWithFreshKeys(input.cheques, scanned);
    if (input.cheques.length !== service.priceInCheques) {
      throw DomainError.validation([
        {
          field: 'cheques',
          problems: [`this service costs ${service.priceInCheques} cheque(s); ${input.cheques.length} given`],
        },
      ]);
    }
    // Three exchanges with PostgreSQL (pipelined): BEGIN, the key's claim and the spend statement;
    // then the ledger entry, the audit event, the stored answer and COMMIT; the session before.
    const answer: RedeemAnswer = await pipelinedTransaction(this.dataSource, async (manager, commitBehind) => {
      const claiming = this.idempotency.claim(manager, request);
      const early = scanned.some((item) => item.refusal);
      // Sent behind the claim without waiting for it: the statement spends nothing unless this
      // transaction holds the key's claim (not when the key is answered already or in progress).
      const spending = early ? null : this.spend(manager, actor, scanned, place, service, context, request);
      // Should the claim throw, the spend's outcome no longer matters (the transaction rolls back).
      spending?.catch(() => undefined);
      const earlier = await claiming;
      if (earlier) {
        // By construction the statement spent nothing under a key answered before; should it ever, roll back.
        if (await spending?.catch(() => null)) throw new Error('cheques spent under an Idempotency-Key answered before');
        return earlier as RedeemAnswer;
      }
      let done = spending ? await spending : null;
      if (!done) {
        // What was kept of the service may be out of date: read it afresh (this throws if it was
        // retired or the place changed hands), spend again if the place moved, else explain.
        const fresh = await this.resolveService(actor, input.serviceId, manager);
        const moved = fresh.place.code_insee !== place.code_insee;
        ({ place, service } = fresh);
        if (moved && !early) done = await this.spend(manager, actor, scanned, place, service, context, request);
      }
      if (!done) {
        const outcomes = await this.evaluate(manager, scanned, place, service, context.occurredAt);
        return this.idempotency.store(manager, request, 409, refusal(outcomes));
      }
      const storing = this.idempotency.store(manager, request, 201, redemptionView(done.redemption, done.place, service, done.spent));
      // Sent right behind the ledger entry and the audit event, and COMMIT behind them: the four travel together.
      const [created] = await commitBehind(Promise.all([storing, done.booked]));
      return created;
    });
    if (!answer.replayed && answer.status === 409) {
      const codes = (answer.body as RefusalBody).details.cheques.map((outcome) => outcome.code);
      await this.failures.recordIfSuspicious(actor, codes, context.ip);
    }
    countRedemption(redemptionOutcome(answer));
    return answer;
  }

  /**
   * The guard and the record, in one statement: lock the cheques that are distributed and
   * redeemable for this place and service on that day, and only when every one of them qualifies,
   * spend them and write the redemption and its lines. Locks are taken in id order so two
   * redemptions sharing cheques cannot deadlock. Answers null when nothing was spent.
   */
  private async spend(
    manager: EntityManager,
    actor: AuthenticatedActor,
    scanned: Scanned[],
    place: PlaceEntity,
    service: CatalogueEntryEntity,
    context: RedeemContext,
    claim: { organisationId: string; key: string },
  ): Promise<{ redemption: RedemptionEntity; place: PlaceEntity; spent: SpentRow[]; booked: Promise<unknown> } | null> {
    const codes = scanned.map((item) => item.code as string);
    const redemption = Object.assign(new RedemptionEntity(), {
      id: randomUUID(),
      organisationId: place.organisationId as string,
      placeId: place.id,
      catalogueEntryId: service.id,
      chequeCount: codes.length,
      channel: context.channel,
      occurredAt: context.occurredAt,
      agentUserId: actor.kind === 'user' ? actor.userId : null,
      agentApiTokenId: actor.kind === 'api_token' ? actor.tokenId : null,
      undoneAt: null,
      undoneBy: null,
      undoReason: null,
    });
    const rows = await preparedRows<SpentRow & { recorded_at: Date; place_nom: string }>(
      manager,
      'redemption_spend',
      SPEND_CHEQUES_SQL,
      spendChequesParameters({
        codes,
        occurredAt: context.occurredAt,
        place: { id: place.id, organisationId: redemption.organisationId, communeCode: place.code_insee },
        service: { id: service.id, category: service.category },
        redemption,
        claim,
      }),
    );
    if (rows.length !== codes.length) return null;
    redemption.recordedAt = rows[0].recorded_at;
    // The ledger entry and its postings (outstanding → payable to the place) and the audit event
    // need nothing from each other: both are sent now and awaited by the caller with its answer.
    const booked = this.ledger.recordRedemption(manager, {
      redemptionId: redemption.id,
      payeeOrganisationId: redemption.organisationId,
      occurredAt: context.occurredAt,
      cheques: rows.map((row) => ({ programmeId: row.programme_id, faceValueCents: row.face_value_cents })),
    });
    // Awaited by the caller; should what follows throw first, its failure is not left unhandled.
    booked.catch(() => undefined);
    redemption.amountCents = String(rows.reduce((sum, row) => sum + row.face_value_cents, 0));
    const audited = this.audit.record(manager, actor, {
      action: 'redemption.created',
      objectType: 'redemption',
      objectId: redemption.id,
      changes: {
        placeId: place.id,
        catalogueEntryId: service.id,
        chequeIds: rows.map((row) => row.cheque_id),
        amountCents: Number(redemption.amountCents),
        channel: context.channel,
        occurredAt: context.occurredAt.toISOString(),
      },
    });
    // The place's software hears of it if it asked to (one index look-up when it did not).
    const announced = this.webhooks.enqueue(manager, {
      organisationId: redemption.organisationId,
      type: 'redemption.created',
      at: redemption.recordedAt,
      data: {
        redemptionId: redemption.id,
        placeId: place.id,
        serviceId: service.id,
        serviceName: service.name,
        chequeCount: rows.length,
        amountCents: Number(redemption.amountCents),
        currency: 'EUR',
        channel: context.channel,
        occurredAt: context.occurredAt.toISOString(),
      },
    });
    // The place's name as it is now, not as it was kept.
    return {
      redemption,
      place: Object.assign(new PlaceEntity(), place, { nom: rows[0].place_nom }),
      spent: rows,
      booked: Promise.all([booked, audited, announced]),
    };
  }

  /** Each cheque's verdict, for answers and refusals (never used to decide a redemption). */
  private async evaluate(
    manager: EntityManager,
    scanned: Scanned[],
    place: PlaceEntity,
    service: CatalogueEntryEntity | null,
    at: Date,
  ): Promise<ChequeOutcome[]> {
    const known = scanned.filter((item) => !item.refusal).map((item) => hashChequeCode(item.code as string));
    const records = known.length > 0 ? await readCheques(manager, known) : new Map();
    const today = localDate(at);
    const placeFacts: RedemptionFacts['place'] = {
      communeCode: place.code_insee ?? '',
      qualifiedUntil: place.qualifiedUntil,
      suspendedAt: suspensionAt(place.suspendedAt, at),
    };
    return scanned.map((item) => {
      if (item.refusal) return { ...item.refusal, cheque: null };
      const record = records.get(hashChequeCode(item.code as string).toString('hex'));
      if (!record) return { ...unknownChequeRefusal(), cheque: null };
      const verdict = redeemability({ ...record.facts, place: placeFacts, service }, today);
      return { ...verdict, cheque: chequeSummary(item.code as string, record) };
    });
  }

  private scanAll(inputs: string[]): Scanned[] {
    const scanned = inputs.map((input) => this.scan(input));
    const codes = scanned.map((item) => item.code).filter((code) => code !== null);
    if (new Set(codes).size !== codes.length) {
      throw DomainError.validation([{ field: 'cheques', problems: ['the same cheque is given twice'] }]);
    }
    return scanned;
  }

  /** After a key rotation elsewhere, re-reads the recorded public keys (at most once a second) and scans again. */
  private async rescanWithFreshKeys(inputs: string[], scanned: Scanned[]): Promise<Scanned[]> {
    return (await this.keys.refreshForUnknownKey()) ? inputs.map((input) => this.scan(input)) : scanned;
  }

  /** Typing first, then the signature of a QR, both without the database. */
  private scan(input: string): Scanned {
    const scanned = readScannedCheque(input);
    if (!scanned.ok) return { input, code: null, refusal: scanRefusal(scanned.problem) };
    if (scanned.qr) {
      const key = this.keys.publicKey(scanned.qr.keyId);
      if (!key) return { input, code: scanned.code, refusal: invalidSignatureRefusal(), unknownKey: true };
      if (!verifyChequeSignature(key, scanned.qr, scanned.qr.signature)) {
        return { input, code: scanned.code, refusal: invalidSignatureRefusal() };
      }
    }
    return { input, code: scanned.code, refusal: null };
  }

  /** The programme's eligible services among the place's current catalogue. */
  private async eligibleServices(programmeId: string, placeId: string): Promise<CatalogueEntryEntity[]> {
    return this.dataSource
      .getRepository(CatalogueEntryEntity)
      .createQueryBuilder('entry')
      .where('entry.place_id = :placeId AND entry.retired_at IS NULL', { placeId })
      .andWhere(`EXISTS (SELECT 1 FROM programmes p WHERE p.id = :programmeId AND ${programmePaysForSql('p', 'entry.category')})`, {
        programmeId,
      })
      .orderBy('entry.name')
      .getMany();
  }

  /**
   * The service and its place as read in the last minute, or afresh. Saves a query per redemption:
   * the spend statement confirms what it relies on (current version, same organisation and commune).
   */
  private async recentService(
    actor: AuthenticatedActor,
    serviceId: string,
  ): Promise<{ place: PlaceEntity; service: CatalogueEntryEntity }> {
    const recent = this.recentServices.get(serviceId);
    if (recent && recent.place.organisationId === actor.organisationId) return recent;
    return this.resolveService(actor, serviceId);
  }

  /** The service (current version) and its place, which must be one of the agent's organisation. */
  async resolveService(
    actor: AuthenticatedActor,
    serviceId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ place: PlaceEntity; service: CatalogueEntryEntity }> {
    // Raw SQL with only the columns needed.
    const [row]: ServiceRow[] = await manager.query(
      `SELECT e.id, e.entry_id, e.version, e.place_id, e.name, e.description, e.category, e.modality, e.duration_minutes,
              e.price_in_cheques, e.created_at, e.retired_at, pl.nom, pl.organisation_id, pl.code_insee,
              to_char(pl.qualified_until, 'YYYY-MM-DD') AS qualified_until, pl.suspended_at
         FROM catalogue_entries e JOIN places pl ON pl.id = e.place_id WHERE e.id = $1`,
      [serviceId],
    );
    if (!row || row.organisation_id !== actor.organisationId) throw DomainError.notFound('service');
    if (row.retired_at) {
      throw DomainError.validation([
        { field: 'serviceId', problems: ['this service is no longer offered (the catalogue changed): choose it again'] },
      ]);
    }
    const place = Object.assign(new PlaceEntity(), {
      id: row.place_id,
      nom: row.nom,
      organisationId: row.organisation_id,
      code_insee: row.code_insee,
      qualifiedUntil: row.qualified_until,
      suspendedAt: row.suspended_at,
    });
    const service = Object.assign(new CatalogueEntryEntity(), {
      id: row.id,
      entryId: row.entry_id,
      version: row.version,
      placeId: row.place_id,
      name: row.name,
      description: row.description,
      category: row.category,
      modality: row.modality,
      durationMinutes: row.duration_minutes,
      priceInCheques: row.price_in_cheques,
      createdAt: row.created_at,
      retiredAt: row.retired_at,
    });
    this.recentServices.set(serviceId, { place, service });
    return { place, service };
  }

  /** The place a verification is for: the service's, the one named, or the organisation's only place. */
  async resolvePlace(
    actor: AuthenticatedActor,
    input: { serviceId?: string; placeId?: string },
  ): Promise<{ place: PlaceEntity; service: CatalogueEntryEntity | null }> {
    if (input.serviceId) return this.resolveService(actor, input.serviceId);
    const places = await this.dataSource.getRepository(PlaceEntity).find({
      where: { organisationId: actor.organisationId, ...(input.placeId ? { id: input.placeId } : {}) },
      take: 2,
    });
    if (places.length === 0) throw DomainError.notFound('place');
    if (places.length > 1) throw DomainError.validation([{ field: 'placeId', problems: [ONE_PLACE_REQUIRED] }]);
    return { place: places[0], service: null };
  }

  /** Puts the cheques back in the holder's hands, as long as the place has not been paid for them. */
  async undo(actor: AuthenticatedActor, id: string, reason: string | undefined): Promise<RedemptionView> {
    // READ COMMITTED whatever the server's default: settlement's trigger must see a line committed
    // while this undo waited for the table lock (a REPEATABLE READ snapshot would predate the wait).
    await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const [redemption] = await queryRows<{ organisation_id: string; place_id: string; undone_at: Date | null; cheque_count: number }>(
        manager,
        'SELECT organisation_id, place_id, undone_at, cheque_count FROM redemptions WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!redemption || (actor.organisationKind !== 'operator' && redemption.organisation_id !== actor.organisationId)) {
        throw DomainError.notFound('redemption');
      }
      if (redemption.undone_at) return; // undoing twice changes nothing
      const now = this.clock.now();
      const undoneBy = actor.kind === 'user' ? actor.userId : actor.tokenId;
      // First, so that settlement's trigger (a live line covering it refuses the undo) runs under this
      // statement's lock on the table, which a batch build waits for and which waits for a build.
      await manager
        .query('UPDATE redemptions SET undone_at = $2, undone_by = $3, undo_reason = $4 WHERE id = $1', [id, now, undoneBy, reason ?? null])
        .catch((error: unknown) => {
          throw triggerRefusal(error) === 'redemption_settled' ? settledRedemption() : error;
        });
      const released = await queryRows<{ id: string }>(
        manager,
        `UPDATE cheques SET status = 'distributed'
          WHERE id IN (SELECT cheque_id FROM redemption_cheques WHERE redemption_id = $1 AND released_at IS NULL) AND status = 'redeemed'
          RETURNING id`,
        [id],
      );
      if (released.length !== redemption.cheque_count) throw settledRedemption();
      await manager.query('UPDATE redemption_cheques SET released_at = $2 WHERE redemption_id = $1 AND released_at IS NULL', [id, now]);
      await this.ledger.reverseRedemption(manager, id, now, reason ?? null);
      await this.audit.record(manager, actor, {
        action: 'redemption.undone',
        objectType: 'redemption',
        objectId: id,
        changes: { chequeIds: released.map((row) => row.id), reason: reason ?? null },
      });
      await this.webhooks.enqueue(manager, {
        organisationId: redemption.organisation_id,
        type: 'redemption.undone',
        at: now,
        data: {
          redemptionId: id,
          placeId: redemption.place_id,
          chequeCount: redemption.cheque_count,
          undoneAt: now.toISOString(),
          reason: reason ?? null,
        },
      });
    });
    return this.get(actor, id);
  }

  /** La Coop's activity-report form pre-filled from one of the place's redemptions (docs/la-coop.md). */
  async laCoopReportUrl(actor: AuthenticatedActor, id: string): Promise<string> {
    const baseUrl = this.config.get<string>('LA_COOP_URL');
    if (!baseUrl) throw DomainError.notFound('La Coop link (LA_COOP_URL is not set)');
    const redemption = await this.dataSource
      .getRepository(RedemptionEntity)
      .findOne({ where: { id }, relations: { catalogueEntry: true } });
    if (!redemption || redemption.organisationId !== actor.organisationId) throw DomainError.notFound('redemption');
    const service = redemption.catalogueEntry as CatalogueEntryEntity;
    return laCoopReportUrl(baseUrl, {
      day: localDate(redemption.occurredAt),
      durationMinutes: service.durationMinutes,
      category: service.category,
      modality: service.modality,
      chequeCount: redemption.chequeCount,
      serviceName: service.name,
    });
  }

  async get(actor: AuthenticatedActor, id: string): Promise<RedemptionView> {
    const redemption = await this.dataSource.getRepository(RedemptionEntity).findOne({
      where: { id },
      relations: { place: true, catalogueEntry: true },
    });
    if (!redemption || (actor.organisationKind !== 'operator' && redemption.organisationId !== actor.organisationId)) {
      throw DomainError.notFound('redemption');
    }
    const cheques: SpentRow[] = await this.dataSource.query(
      `SELECT rc.cheque_id, rc.programme_id, p.name AS programme_name, rc.face_value_cents, rc.masked_code
         FROM redemption_cheques rc JOIN programmes p ON p.id = rc.programme_id
        WHERE rc.redemption_id = $1 ORDER BY rc.masked_code`,
      [id],
    );
    return redemptionView(redemption, redemption.place as PlaceEntity, redemption.catalogueEntry as CatalogueEntryEntity, cheques);
  }
}

/** The /metrics label of an answer: redeemed, replayed, or the first refused cheque's code (a bounded set). */
function redemptionOutcome(answer: RedeemAnswer): string {
  if (answer.replayed) return 'replayed';
  if (answer.status === 201) return 'redeemed';
  const cheques = (answer.body as RefusalBody).details?.cheques ?? [];
  return cheques.find((outcome) => outcome.code !== 'redeemable')?.code ?? 'refused';
}

function refusal(outcomes: ChequeOutcome[]): RefusalBody {
  const refused = outcomes.filter((outcome) => !outcome.redeemable);
  const message =
    refused.length === 0
      ? "Aucun chèque n'a été encaissé : l'état d'un chèque vient de changer, vérifiez-les à nouveau."
      : outcomes.length === 1
        ? `Chèque refusé : ${refused[0].message}`
        : `Aucun chèque n'a été encaissé : ${refused.length} chèque(s) sur ${outcomes.length} refusé(s).`;
  return { code: 'conflict', message, details: { code: 'cheques_refused', cheques: outcomes } };
}

function settledRedemption(): DomainError {
  return new DomainError('invalid_transition', 'This redemption is already in a settlement batch: it can no longer be undone', {
    code: 'redemption_settled',
  });
}
