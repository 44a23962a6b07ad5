/**
 * The place registry: place organisations manage their places (national-schema fields), the
 * operator sees them all; the public sees qualified places only (search, map, detail).
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '@app/audit';
import {
  type Actor,
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  DomainError,
  isPlaceQualified,
  localDate,
  type Page,
  type PageRequest,
  pageOffset,
  toPage,
} from '@app/domain';
import { OrganisationsService } from '@app/identity';
import { isOpenAt } from './domain/opening-now';
import { emptyPlaceFields, normaliseOpeningHours, pickPlaceFields, type PlaceFields, placeFieldProblems } from './domain/place-fields';
import { PlaceEntity } from './entities/place.entity';

export interface PlaceSearch {
  text?: string;
  service?: string;
  communeCode?: string;
  departementCode?: string;
  openNow?: boolean;
  modality?: string;
  public?: string;
  fees?: string;
  accessibility?: string;
  /** [west, south, east, north] in degrees. */
  bbox?: [number, number, number, number];
}

export interface SerialisedMap {
  json: string;
  gzip: Buffer;
}

interface CachedPoint extends MapPoint {
  horaires: string | null;
  codeInsee: string | null;
}

const MAP_CACHE_MS = 30_000;

function serialiseMap(points: CachedPoint[]): SerialisedMap {
  const json = JSON.stringify({
    type: 'FeatureCollection',
    features: points.map(({ id, nom, commune, latitude, longitude, services }) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [longitude, latitude] },
      properties: { id, nom, commune, services },
    })),
  });
  return { json, gzip: gzipSync(json) };
}

export interface MapPoint {
  id: string;
  nom: string;
  commune: string;
  latitude: number;
  longitude: number;
  services: string[];
}

/** SQL condition of a place the public may see and that may redeem cheques. */
export const QUALIFIED_PLACE_SQL = 'place.qualified_until >= :today AND place.suspended_at IS NULL';

@Injectable()
export class PlacesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private readonly mapCache = new Map<string, { expiresAt: number; points: CachedPoint[]; serialised: SerialisedMap }>();

  now(): Date {
    return this.clock.now();
  }

  today(): string {
    return localDate(this.clock.now());
  }

  /** A place organisation creates its own place; the operator creates one for any place organisation. */
  async create(actor: AuthenticatedActor, organisationId: string | undefined, input: PlaceInput): Promise<PlaceEntity> {
    const fields = withDefaults(input);
    const owner = actor.organisationKind === 'operator' ? organisationId : actor.organisationId;
    if (!owner) throw DomainError.validation([{ field: 'organisationId', problems: ['is required when the operator creates a place'] }]);
    await this.assertPlaceOrganisation(owner);
    assertValid(fields);
    return this.dataSource.transaction(async (manager) => {
      const id = randomUUID();
      const place = manager.getRepository(PlaceEntity).create({
        ...fields,
        id,
        nationalId: id,
        organisationId: owner,
        date_maj: this.today(),
      });
      await manager.getRepository(PlaceEntity).insert(place);
      this.invalidateMap();
      await this.audit.record(manager, actor, { action: 'place.created', objectType: 'place', objectId: id, changes: { nom: fields.nom } });
      return manager.getRepository(PlaceEntity).findOneByOrFail({ id });
    });
  }

  async update(actor: AuthenticatedActor, id: string, changes: Partial<PlaceFields>): Promise<PlaceEntity> {
    return this.dataSource.transaction(async (manager) => {
      const place = await this.lockManaged(manager, actor, id);
      const merged: PlaceFields = { ...placeFields(place), ...definedOnly(changes) };
      assertValid(merged);
      const changed = Object.keys(definedOnly(changes)).filter(
        (field) =>
          JSON.stringify((place as unknown as Record<string, unknown>)[field]) !== JSON.stringify(merged[field as keyof PlaceFields]),
      );
      if (changed.length === 0) return place;
      await manager.getRepository(PlaceEntity).update({ id }, { ...merged, date_maj: this.today() });
      this.invalidateMap();
      await this.audit.record(manager, actor, { action: 'place.updated', objectType: 'place', objectId: id, changes: { fields: changed } });
      return manager.getRepository(PlaceEntity).findOneByOrFail({ id });
    });
  }

  /** The operator gives an imported (or misfiled) place to the place organisation that runs it. */
  async assignOrganisation(actor: AuthenticatedActor, id: string, organisationId: string): Promise<PlaceEntity> {
    await this.assertPlaceOrganisation(organisationId);
    return this.dataSource.transaction(async (manager) => {
      const place = await this.lockManaged(manager, actor, id);
      if (place.organisationId === organisationId) return place;
      await manager.getRepository(PlaceEntity).update({ id }, { organisationId });
      this.invalidateMap();
      await this.audit.record(manager, actor, {
        action: 'place.organisation_assigned',
        objectType: 'place',
        objectId: id,
        changes: { from: place.organisationId, to: organisationId },
      });
      return manager.getRepository(PlaceEntity).findOneByOrFail({ id });
    });
  }

  /** A place as its managers see it (any state); not found for everybody else. */
  async getManaged(actor: AuthenticatedActor, id: string): Promise<PlaceEntity> {
    const place = await this.dataSource.getRepository(PlaceEntity).findOneBy({ id });
    if (!place || !canManage(actor, place)) throw DomainError.notFound('place');
    return place;
  }

  /** The places an organisation manages; every place for the operator. */
  async listManaged(actor: AuthenticatedActor, pageRequest: PageRequest, text?: string): Promise<Page<PlaceEntity>> {
    const query = this.dataSource.getRepository(PlaceEntity).createQueryBuilder('place');
    if (actor.organisationKind !== 'operator')
      query.where('place.organisation_id = :organisationId', { organisationId: actor.organisationId });
    if (text) query.andWhere('(place.nom ILIKE :text OR place.commune ILIKE :text)', { text: `%${escapeLike(text)}%` });
    const [items, total] = await query.orderBy('place.nom').skip(pageOffset(pageRequest)).take(pageRequest.pageSize).getManyAndCount();
    return toPage(items, total, pageRequest);
  }

  /** A qualified place for the public; its managers also see it when it is not (yet) qualified. */
  async getPublic(actor: Actor, id: string): Promise<PlaceEntity> {
    const place = await this.dataSource.getRepository(PlaceEntity).findOneBy({ id });
    const manager = place && (actor.kind === 'user' || actor.kind === 'api_token') && canManage(actor, place);
    if (!place || (!manager && !this.isQualified(place))) throw DomainError.notFound('place');
    return place;
  }

  isQualified(place: PlaceEntity): boolean {
    return isPlaceQualified(place, this.today());
  }

  async search(search: PlaceSearch, pageRequest: PageRequest): Promise<Page<PlaceEntity>> {
    const query = this.qualifiedQuery(search).orderBy('place.nom').addOrderBy('place.id');
    if (!search.openNow) {
      const [items, total] = await query.skip(pageOffset(pageRequest)).take(pageRequest.pageSize).getManyAndCount();
      return toPage(items, total, pageRequest);
    }
    // Opening hours are evaluated in the place's time zone by the opening_hours library, not in SQL.
    const now = this.clock.now();
    const open = (await query.getMany()).filter((place) => isOpenAt(place.horaires, place.code_insee, now));
    return toPage(open.slice(pageOffset(pageRequest), pageOffset(pageRequest) + pageRequest.pageSize), open.length, pageRequest);
  }

  /**
   * The map's GeoJSON, serialised and gzipped once per filter and kept for MAP_CACHE_MS (or until a
   * place changes on this instance): 20,000 places take far longer to read and write than to send.
   * "Open now" changes by the minute, so it filters the cached points at each request instead.
   */
  async mapGeoJson(search: PlaceSearch): Promise<SerialisedMap> {
    const { openNow, ...cacheable } = search;
    const key = `${this.today()}|${JSON.stringify(cacheable)}`;
    let cached = this.mapCache.get(key);
    if (!cached || cached.expiresAt < Date.now()) {
      const points = await this.mapPoints(cacheable);
      if (this.mapCache.size > 200) this.mapCache.clear();
      cached = { expiresAt: Date.now() + MAP_CACHE_MS, points, serialised: serialiseMap(points) };
      this.mapCache.set(key, cached);
    }
    if (!openNow) return cached.serialised;
    const now = this.clock.now();
    return serialiseMap(cached.points.filter((point) => isOpenAt(point.horaires, point.codeInsee, now)));
  }

  /** Forgets the cached map (called by every change of a place's fields or qualification). */
  invalidateMap(): void {
    this.mapCache.clear();
  }

  private async mapPoints(search: PlaceSearch): Promise<CachedPoint[]> {
    // Raw rows, no entity hydration: this is the hot path of the public map.
    const rows: Array<{
      id: string;
      nom: string;
      commune: string;
      lat: number;
      lon: number;
      services: string;
      horaires: string | null;
      code_insee: string | null;
    }> = await this.qualifiedQuery(search)
      .andWhere('place.latitude IS NOT NULL')
      .select('place.id', 'id')
      .addSelect('place.nom', 'nom')
      .addSelect('place.commune', 'commune')
      .addSelect('round(place.latitude::numeric, 5)::float8', 'lat')
      .addSelect('round(place.longitude::numeric, 5)::float8', 'lon')
      .addSelect("array_to_string(place.services, '|')", 'services')
      .addSelect('place.horaires', 'horaires')
      .addSelect('place.code_insee', 'code_insee')
      .orderBy('place.id')
      .getRawMany();
    return rows.map((row) => ({
      id: row.id,
      nom: row.nom,
      commune: row.commune,
      latitude: row.lat,
      longitude: row.lon,
      services: row.services ? row.services.split('|') : [],
      horaires: row.horaires,
      codeInsee: row.code_insee,
    }));
  }

  /** Qualified places in the schema's form, for open data (ordered by the schema's `id`). */
  async qualifiedPlaces(): Promise<PlaceEntity[]> {
    return this.qualifiedQuery({}).orderBy('place.national_id').getMany();
  }

  private qualifiedQuery(search: PlaceSearch): SelectQueryBuilder<PlaceEntity> {
    const query = this.dataSource
      .getRepository(PlaceEntity)
      .createQueryBuilder('place')
      .where(QUALIFIED_PLACE_SQL, { today: this.today() });
    if (search.text) {
      query.andWhere('(place.nom ILIKE :text OR place.commune ILIKE :text OR place.adresse ILIKE :text OR place.code_postal LIKE :text)', {
        text: `%${escapeLike(search.text)}%`,
      });
    }
    if (search.service) query.andWhere(':service = ANY(place.services)', { service: search.service });
    if (search.modality) query.andWhere(':modality = ANY(place.modalites_accompagnement)', { modality: search.modality });
    if (search.public) query.andWhere(':public = ANY(place.publics_specifiquement_adresses)', { public: search.public });
    if (search.fees) query.andWhere(':fees = ANY(place.frais_a_charge)', { fees: search.fees });
    if (search.accessibility)
      query.andWhere(':accessibility = ANY(place.prise_en_charge_specifique)', { accessibility: search.accessibility });
    if (search.communeCode) query.andWhere('place.code_insee = :communeCode', { communeCode: search.communeCode });
    if (search.departementCode)
      query.andWhere('place.code_insee LIKE :departement', { departement: `${escapeLike(search.departementCode)}%` });
    if (search.bbox) {
      const [west, south, east, north] = search.bbox;
      query.andWhere('place.longitude BETWEEN :west AND :east AND place.latitude BETWEEN :south AND :north', { west, south, east, north });
    }
    return query;
  }

  /** Locks a place its actor manages (owner organisation or operator), for a change. */
  async lockManaged(manager: EntityManager, actor: AuthenticatedActor, id: string): Promise<PlaceEntity> {
    const place = await manager.getRepository(PlaceEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!place || !canManage(actor, place)) throw DomainError.notFound('place');
    return place;
  }

  private async assertPlaceOrganisation(organisationId: string): Promise<void> {
    const organisation = await this.organisations.findById(organisationId);
    if (!organisation || organisation.kind !== 'place') {
      throw DomainError.validation([{ field: 'organisationId', problems: ['must be a place organisation'] }]);
    }
  }
}

export function canManage(actor: AuthenticatedActor, place: PlaceEntity): boolean {
  return actor.organisationKind === 'operator' || (place.organisationId !== null && place.organisationId === actor.organisationId);
}

/** What a caller sends to create a place: the required fields, the others optional. */
export type PlaceInput = Pick<PlaceFields, 'pivot' | 'nom' | 'commune' | 'code_postal' | 'adresse'> & Partial<PlaceFields>;

function withDefaults(input: PlaceInput): PlaceFields {
  return { ...emptyPlaceFields(), ...definedOnly(input) } as PlaceFields;
}

function assertValid(fields: PlaceFields): void {
  fields.horaires = normaliseOpeningHours(fields.horaires);
  const problems = placeFieldProblems(fields);
  if (problems.length > 0) throw DomainError.validation(problems);
}

export function placeFields(place: PlaceEntity): PlaceFields {
  return pickPlaceFields(place);
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
