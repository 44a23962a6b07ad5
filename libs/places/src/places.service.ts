/**
 * The place registry: place organisations manage their places (national-schema fields), the
 * operator sees them all; the public sees qualified places only (search, map, detail).
 */
import { randomUUID } from 'node:crypto';
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
  NATIONAL_SCHEMA_COLUMNS,
  type NationalSchemaColumn,
  type NationalSchemaRow,
  OVERSEAS_COMMUNE_PREFIXES,
  type Page,
  type PageRequest,
  pageOffset,
  decodeCursor,
  keysetSlice,
  type CursorPage,
  toPage,
} from '@app/domain';
import { OrganisationsService } from '@app/identity';
import { isOpenAt } from './domain/opening-now';
import {
  emptyPlaceFields,
  MULTI_VALUED_FIELDS,
  normaliseOpeningHours,
  pickPlaceFields,
  type PlaceFields,
  placeFieldProblems,
  schemaText,
} from './domain/place-fields';
import { PlaceEntity } from './entities/place.entity';
import { type MapChunkRow, PlaceMap, type SerialisedMap } from './place-map';
import type { CsvPlaceRow } from './places-csv';

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

/** Where a map answer's time went, in milliseconds (sent as the Server-Timing header). */
export interface MapTimings {
  /** Reading the chunks that changed from the database: query, transfer and rows. */
  read: number;
  /** Compressing what changed and putting the answer together. */
  compress: number;
}

export interface MapAnswer {
  map: SerialisedMap;
  timings: MapTimings;
}

/** SQL condition of a place the public may see and that may redeem cheques. */
export const QUALIFIED_PLACE_SQL = 'place.qualified_until >= :today AND place.suspended_at IS NULL';

const MULTI_VALUED: ReadonlySet<string> = new Set(MULTI_VALUED_FIELDS);

type RawNationalRow = Record<NationalSchemaColumn, string | number | null>;

/** A places cursor: the name and id of the last place read (in name order, then id). */
function cursorAfter(cursor: string): { afterName: string; afterId: string } {
  const [afterName, afterId] = decodeCursor(cursor, ['text', 'uuid']);
  return { afterName, afterId };
}

function nationalSchemaRow(raw: RawNationalRow): NationalSchemaRow {
  const row = {} as NationalSchemaRow;
  for (const column of NATIONAL_SCHEMA_COLUMNS) row[column] = schemaText(raw[column]);
  return row;
}

/** Each column of the national schema in SQL: lists joined with `|` (a null element as empty, as Array.join), dates as YYYY-MM-DD. */
const NATIONAL_COLUMN_SQL = Object.fromEntries(
  NATIONAL_SCHEMA_COLUMNS.map((column) => [
    column,
    column === 'id'
      ? 'place.national_id'
      : column === 'date_maj'
        ? "to_char(place.date_maj, 'YYYY-MM-DD')"
        : MULTI_VALUED.has(column)
          ? `array_to_string(place.${column}, '|', '')`
          : `place.${column}`,
  ]),
) as Record<NationalSchemaColumn, string>;

@Injectable()
export class PlacesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The kept maps by day and filter: a first build in flight, then the latest map built. */
  private readonly mapCache = new Map<string, Promise<PlaceMap>>();

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

  async search(search: PlaceSearch, pageRequest: PageRequest): Promise<CursorPage<PlaceEntity>> {
    const query = this.qualifiedQuery(search).orderBy('place.nom').addOrderBy('place.id');
    const keyOf = (place: PlaceEntity) => [place.nom, place.id];
    if (!search.openNow) {
      const total = await query.getCount();
      if (pageRequest.cursor) query.andWhere('(place.nom, place.id) > (:afterName, :afterId)', cursorAfter(pageRequest.cursor));
      const rows = await query
        .skip(pageOffset(pageRequest))
        .take(pageRequest.pageSize + 1)
        .getMany();
      const { items, nextCursor } = keysetSlice(rows, pageRequest.pageSize, keyOf);
      return toPage(items, total, pageRequest, nextCursor);
    }
    // Opening hours are evaluated in the place's time zone by the opening_hours library, not in SQL.
    const now = this.clock.now();
    const open = (await query.getMany()).filter((place) => isOpenAt(place.horaires, place.code_insee, now));
    let rest = open;
    if (pageRequest.cursor) {
      // What comes after the cursor, as PostgreSQL orders names (its collation, not JavaScript's).
      const after = query.clone().andWhere('(place.nom, place.id) > (:afterName, :afterId)', cursorAfter(pageRequest.cursor));
      const ids = new Set((await after.select('place.id', 'id').getRawMany<{ id: string }>()).map((row) => row.id));
      rest = open.filter((place) => ids.has(place.id));
    }
    const start = pageOffset(pageRequest);
    const { items, nextCursor } = keysetSlice(rest.slice(start, start + pageRequest.pageSize + 1), pageRequest.pageSize, keyOf);
    return toPage(items, open.length, pageRequest, nextCursor);
  }

  /**
   * The map's GeoJSON, built as text by PostgreSQL and kept per filter in 64 chunks with their
   * versions (see PlaceMap): each request reads the versions and, in the same statement (one
   * snapshot), the features of the chunks whose version moved, so a committed change shows at once
   * on every API instance and an uncommitted one never. "Open now" changes by the minute: it picks
   * the open groups of the map at each request.
   */
  async mapGeoJson(search: PlaceSearch): Promise<MapAnswer> {
    const { openNow, ...cacheable } = search;
    const timings = { read: 0, compress: 0 };
    const map = await this.freshMap(`${this.today()}|${JSON.stringify(cacheable)}`, cacheable, timings);
    const started = performance.now();
    const answer = openNow ? map.openAt(this.clock.now()) : map.all();
    timings.compress += performance.now() - started;
    return { map: answer, timings };
  }

  private async freshMap(key: string, search: PlaceSearch, timings: MapTimings): Promise<PlaceMap> {
    const kept = this.mapCache.get(key);
    if (!kept) {
      if (this.mapCache.size > 200) this.mapCache.clear();
      // The first build reads the whole map: the requests arriving meanwhile wait for it and start from it.
      const first = this.readMap(search, timings);
      this.mapCache.set(key, first);
      first.catch(() => {
        if (this.mapCache.get(key) === first) this.mapCache.delete(key);
      });
      return first;
    }
    const map = await this.readMap(search, timings, await kept.catch(() => undefined));
    this.mapCache.set(key, Promise.resolve(map));
    return map;
  }

  private async readMap(search: PlaceSearch, timings: MapTimings, kept?: PlaceMap): Promise<PlaceMap> {
    const zone = 'CASE WHEN left(trim(place.code_insee), 3) = ANY(:overseas) THEN left(trim(place.code_insee), 3) END';
    const features = this.qualifiedQuery(search)
      .andWhere('place.map_feature IS NOT NULL')
      .select('place.horaires', 'horaires')
      .addSelect(zone, 'zone')
      .addSelect("string_agg(place.map_feature, ',')", 'features')
      .setParameter('overseas', [...OVERSEAS_COMMUNE_PREFIXES])
      .groupBy('1')
      .addGroupBy('2');
    let sql: string;
    if (kept) {
      // Per chunk, through the chunk index, and only for the chunks whose version moved.
      features
        .andWhere('place_map_chunk(place.id) = chunks.chunk')
        .andWhere('chunks.version IS DISTINCT FROM (CAST(:kept AS bigint[]))[chunks.chunk + 1]', { kept: kept.versions() });
      sql = `LEFT JOIN LATERAL (${features.getQuery()}) AS features ON true`;
    } else {
      features.addSelect('place_map_chunk(place.id)', 'chunk').addGroupBy('4');
      sql = `LEFT JOIN (${features.getQuery()}) AS features ON features.chunk = chunks.chunk`;
    }
    // CAST rather than `::`, which TypeORM would read as the `:text` parameter of a text filter.
    const [query, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT chunks.chunk, CAST(chunks.version AS text) AS version, features.horaires, features.zone, features.features
       FROM place_map_chunks chunks ${sql} ORDER BY chunks.chunk, features.horaires, features.zone`,
      features.getParameters(),
    );
    const started = performance.now();
    const map = PlaceMap.fromRows(await this.dataSource.query<MapChunkRow[]>(query, parameters), kept);
    const read = performance.now();
    timings.read += read - started;
    await map.compressAll();
    timings.compress += performance.now() - read;
    return map;
  }

  /** Qualified places in the schema's form, for open data (ordered by the schema's `id`). */
  async qualifiedPlaces(): Promise<PlaceEntity[]> {
    return this.qualifiedQuery({}).orderBy('place.national_id').getMany();
  }

  /**
   * The rows of the national schema of qualifiedPlaces(), in its order, as placeToRow writes them:
   * PostgreSQL joins the lists and writes the dates, and no entity is built (building 20,000 of
   * them, then their rows, took most of the open-data export's time).
   */
  /** Every qualified place's national row by national id, or `limit` of them after the national id `after` (cursor pages). */
  async qualifiedNationalRows(page?: { after?: string; limit: number }): Promise<NationalSchemaRow[]> {
    const query = this.qualifiedQuery({}).select([]).orderBy('place.national_id');
    for (const column of NATIONAL_SCHEMA_COLUMNS) query.addSelect(NATIONAL_COLUMN_SQL[column], column);
    if (page?.after !== undefined) query.andWhere('place.national_id > :after', { after: page.after });
    if (page) query.limit(page.limit);
    return (await query.getRawMany<RawNationalRow>()).map(nationalSchemaRow);
  }

  /**
   * The places of the open-data CSV (see PlacesCsv): every qualified place in the file's order with
   * its chunk and the chunk's version, and its national row only where that version is not the one
   * in `kept` (by chunk number): one statement, one snapshot, as the map reads its chunks.
   */
  async qualifiedCsvRows(kept: Array<string | null>): Promise<CsvPlaceRow[]> {
    const moved = 'chunks.version IS DISTINCT FROM (CAST(:kept AS bigint[]))[chunks.chunk + 1]';
    const query = this.qualifiedQuery({})
      .innerJoin('place_map_chunks', 'chunks', 'chunks.chunk = place_map_chunk(place.id)')
      .select('chunks.chunk', 'chunk')
      .addSelect('CAST(chunks.version AS text)', 'version')
      .addSelect('place.national_id', 'national_id')
      .addSelect(moved, 'moved')
      .setParameter('kept', kept)
      .orderBy('place.national_id');
    for (const column of NATIONAL_SCHEMA_COLUMNS) query.addSelect(`CASE WHEN ${moved} THEN ${NATIONAL_COLUMN_SQL[column]} END`, column);
    const rows = await query.getRawMany<RawNationalRow & { chunk: number; version: string; national_id: string; moved: boolean }>();
    return rows.map((raw) => ({
      chunk: raw.chunk,
      version: raw.version,
      id: raw.national_id,
      row: raw.moved ? nationalSchemaRow(raw) : null,
    }));
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
