/**
 * Scanning without network. The bundle gives a place's scanner what it needs to check cheques on
 * its own (public keys, cancelled cheques, catalogue, programmes and their rules) for a limited
 * time; queued redemptions come back through sync, each item idempotent by its id. Offline cannot
 * prevent a cheque from being used twice in two places at once: it makes it detectable (the second
 * one syncs as a conflict) and OFFLINE_MAX_CHEQUES bounds the exposure. See docs/redemption.md.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import {
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  departementOfCommune,
  DomainError,
  isConflictRefusal,
  type RedemptionRefusal,
} from '@app/domain';
import { CatalogueEntryEntity } from '@app/places';
import { ChequeKeysService, type PublishedKey } from '@app/vouchers';
import { territoryCoversSql } from './redemption-rules.sql';
import type { RedemptionView } from './redemption-view';
import { type ChequeOutcome, type RefusalBody, RedemptionService } from './redemption.service';

export interface OfflineBundle {
  version: 1;
  generatedAt: string;
  /** After this instant the scanner stops accepting cheques offline and asks to reconnect. */
  validUntil: string;
  keys: PublishedKey[];
  place: { id: string; nom: string; communeCode: string; departement: string; qualifiedUntil: string | null; suspended: boolean };
  catalogue: Array<{ id: string; entryId: string; name: string; category: string; durationMinutes: number; priceInCheques: number }>;
  programmes: Array<{
    id: string;
    name: string;
    faceValueCents: number;
    validFrom: string;
    validUntil: string;
    graceDays: number;
    territoryCodes: string[];
    eligibleServices: string[];
  }>;
  /** SHA-256 (hex) of the normalised codes of cancelled cheques of these programmes. */
  cancelledCheques: string[];
  /** How many cheques may be queued before a sync is required. */
  maxQueuedCheques: number;
}

export interface SyncItem {
  id: string;
  cheques: string[];
  serviceId: string;
  scannedAt: string;
}

export type SyncResult =
  | { id: string; status: 'accepted'; redemption: RedemptionView; replayed: boolean }
  | { id: string; status: 'conflict' | 'refused'; code: string; message: string; cheques: ChequeOutcome[] };

/** How far back an offline scan may be (beyond, the bundle it was made with had long expired). */
const MAX_OFFLINE_DAYS = 8;
/** Devices' clocks drift: a scan a few minutes "in the future" is still accepted. */
const CLOCK_SKEW_MS = 10 * 60_000;

@Injectable()
export class OfflineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redemptions: RedemptionService,
    private readonly keys: ChequeKeysService,
    private readonly config: ConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async bundle(actor: AuthenticatedActor, placeId: string | undefined): Promise<OfflineBundle> {
    const { place } = await this.redemptions.resolvePlace(actor, { placeId });
    const now = this.clock.now();
    const commune = place.code_insee ?? '';
    const departement = commune ? departementOfCommune(commune) : '';
    const catalogue = await this.dataSource
      .getRepository(CatalogueEntryEntity)
      .find({ where: { placeId: place.id, retiredAt: IsNull() }, order: { name: 'ASC' } });
    const programmes: Array<OfflineBundle['programmes'][number]> = await this.dataSource.query(
      `SELECT p.id, p.name, p.face_value_cents AS "faceValueCents", to_char(p.valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(p.valid_until, 'YYYY-MM-DD') AS "validUntil", p.grace_days AS "graceDays",
              p.territory_codes AS "territoryCodes", p.eligible_services AS "eligibleServices"
         FROM programmes p
        WHERE p.status = 'active' AND ${territoryCoversSql('p', '$1::text', '$2::text')}
        ORDER BY p.name`,
      [commune, departement],
    );
    const cancelled: Array<{ hash: string }> = await this.dataSource.query(
      `SELECT encode(code_hash, 'hex') AS hash FROM cheques WHERE status = 'cancelled' AND programme_id = ANY($1::uuid[]) ORDER BY 1`,
      [programmes.map((programme) => programme.id)],
    );
    const hours = this.config.getOrThrow<number>('OFFLINE_BUNDLE_HOURS');
    return {
      version: 1,
      generatedAt: now.toISOString(),
      validUntil: new Date(now.getTime() + hours * 3_600_000).toISOString(),
      keys: this.keys.published(),
      place: {
        id: place.id,
        nom: place.nom,
        communeCode: commune,
        departement,
        qualifiedUntil: place.qualifiedUntil,
        suspended: !!place.suspendedAt,
      },
      catalogue: catalogue.map(({ id, entryId, name, category, durationMinutes, priceInCheques }) => ({
        id,
        entryId,
        name,
        category,
        durationMinutes,
        priceInCheques,
      })),
      programmes,
      cancelledCheques: cancelled.map((row) => row.hash),
      maxQueuedCheques: this.config.getOrThrow<number>('OFFLINE_MAX_CHEQUES'),
    };
  }

  /** Each item on its own (one refused item does not block the others), in the order scanned. */
  async sync(actor: AuthenticatedActor, items: SyncItem[], ip?: string): Promise<SyncResult[]> {
    const ids = new Set(items.map((item) => item.id));
    if (ids.size !== items.length) throw DomainError.validation([{ field: 'items', problems: ['each item needs its own id'] }]);
    const ordered = [...items].sort((a, b) => Date.parse(a.scannedAt) - Date.parse(b.scannedAt));
    const results = new Map<string, SyncResult>();
    for (const item of ordered) results.set(item.id, await this.syncItem(actor, item, ip));
    return items.map((item) => results.get(item.id) as SyncResult);
  }

  private async syncItem(actor: AuthenticatedActor, item: SyncItem, ip: string | undefined): Promise<SyncResult> {
    const scannedAt = new Date(item.scannedAt);
    const now = this.clock.now().getTime();
    if (scannedAt.getTime() > now + CLOCK_SKEW_MS || scannedAt.getTime() < now - MAX_OFFLINE_DAYS * 86_400_000) {
      return refusedItem(
        item.id,
        'invalid_scan_time',
        "L'heure de ce scan n'est pas plausible (horloge de l'appareil ?) : il n'a pas été enregistré.",
      );
    }
    try {
      const answer = await this.redemptions.redeemOnce(
        actor,
        { organisationId: actor.organisationId, key: `offline:${item.id}`, operation: 'offline_sync', body: item },
        { cheques: item.cheques, serviceId: item.serviceId },
        { occurredAt: scannedAt, channel: 'offline', ip },
      );
      if (answer.status === 201)
        return { id: item.id, status: 'accepted', redemption: answer.body as RedemptionView, replayed: answer.replayed };
      const body = answer.body as RefusalBody;
      const refusals = body.details.cheques.filter((cheque) => !cheque.redeemable);
      const conflict = refusals.length > 0 && refusals.every((cheque) => isConflictRefusal(cheque.code as RedemptionRefusal));
      return {
        id: item.id,
        status: conflict ? 'conflict' : 'refused',
        code: refusals[0]?.code ?? 'conflict',
        message: body.message,
        cheques: body.details.cheques,
      };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'internal_error') throw error;
      return refusedItem(item.id, error.code, error.message);
    }
  }
}

function refusedItem(id: string, code: string, message: string): SyncResult {
  return { id, status: 'refused', code, message, cheques: [] };
}
