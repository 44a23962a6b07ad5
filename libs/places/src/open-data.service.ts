/**
 * Open data of places under Licence Ouverte 2.0: qualified places in the national schema (CSV,
 * JSON, GeoJSON), the register of qualification decisions, and the data·inclusion v1 export.
 */
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  addDays,
  csvFile,
  type CsvFormat,
  decodeCursor,
  keysetSlice,
  type NationalSchemaRow,
  startOfDayIn,
  toHttpSecond,
} from '@app/domain';
import {
  DATA_INCLUSION_SCHEMA_URL,
  DATA_INCLUSION_VERSION,
  type DataInclusionProblem,
  type DataInclusionService,
  type DataInclusionStructure,
  toDataInclusion,
} from './domain/data-inclusion';
import { PlacesCsv } from './places-csv';
import { placeToRow } from './domain/place-fields';
import type { PlaceEntity } from './entities/place.entity';
import { placeFields, PlacesService } from './places.service';
import { QualificationService, type RegisterEntry } from './qualification.service';

export const OPEN_DATA_LICENCE = {
  name: 'Licence Ouverte / Open Licence version 2.0',
  url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
};

export const REGISTER_COLUMNS: Array<keyof RegisterEntry> = [
  'date',
  'event',
  'placeNationalId',
  'placeName',
  'commune',
  'referentialVersion',
  'validFrom',
  'validUntil',
];

/** What a dataset's content depends on (its entity tags derive from it) and when it last changed. */
export interface DatasetVersion {
  version: string;
  modified: Date;
}

@Injectable()
export class OpenDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly qualification: QualificationService,
    private readonly config: ConfigService,
  ) {}

  /** The last places' CSV built in each format, with the version of the places it was built at. */
  private readonly placesCsvKept = new Map<CsvFormat, { version: string; csv: Promise<PlacesCsv> }>();

  /**
   * The qualified places change with any committed change to `places` (the map version its trigger
   * bumps) and when a qualification lapses (at the start of the day after its last day). Last
   * change: the latest update of a place or lapse.
   */
  async placesVersion(): Promise<DatasetVersion> {
    const [row]: Array<{ version: string; updated: Date | null; lapsed: string | null }> = await this.dataSource.query(
      `SELECT (SELECT sum(version)::text FROM place_map_chunks) AS version, (SELECT max(updated_at) FROM places) AS updated,
              (SELECT to_char(max(qualified_until), 'YYYY-MM-DD') FROM places WHERE qualified_until < $1::date) AS lapsed`,
      [this.places.today()],
    );
    const lapsedAt = row.lapsed ? startOfDayIn(addDays(row.lapsed, 1)) : null;
    return { version: `${row.version}:${row.lapsed ?? ''}`, modified: latest(row.updated, lapsedAt) };
  }

  /**
   * The register changes with each decision (they are only ever added), with its places' names and
   * communes, suspensions and liftings (all changes to `places`, hence the map's chunk versions, which
   * only grow), and when a qualification lapses unrenewed (the day after its last day).
   */
  async registerVersion(): Promise<DatasetVersion> {
    const [row]: Array<{
      version: string;
      decisions: string;
      decided: Date | null;
      suspended: Date | null;
      updated: Date | null;
      lapsed: string | null;
    }> = await this.dataSource.query(
      `SELECT (SELECT sum(version)::text FROM place_map_chunks) AS version,
              (SELECT count(*)::text FROM qualification_decisions) AS decisions,
              (SELECT max(decided_at) FROM qualification_decisions) AS decided,
              (SELECT max(greatest(suspended_at, lifted_at)) FROM place_suspensions) AS suspended,
              (SELECT max(updated_at) FROM places
                WHERE id IN (SELECT place_id FROM qualification_decisions UNION SELECT place_id FROM place_suspensions)) AS updated,
              (SELECT to_char(max(valid_until), 'YYYY-MM-DD') FROM qualification_decisions
                WHERE outcome = 'qualified' AND valid_until < $1::date) AS lapsed`,
      [this.places.today()],
    );
    const lapsedAt = row.lapsed ? startOfDayIn(addDays(row.lapsed, 1)) : null;
    return {
      version: `${row.version}:${row.decisions}:${row.lapsed ?? ''}`,
      modified: latest(row.decided, row.suspended, row.updated, lapsedAt),
    };
  }

  async placeRows(): Promise<NationalSchemaRow[]> {
    return this.places.qualifiedNationalRows();
  }

  /** `limit` rows after this national id (national id order), and the cursor to the next ones. */
  /** The national id a places.json cursor carries (400 naming `cursor` if it is not one we gave). */
  placesCursorPosition(cursor: string): string {
    return decodeCursor(cursor, ['text'])[0];
  }

  async placeRowsPage(limit: number, after?: string): Promise<{ rows: NationalSchemaRow[]; nextCursor: string | null }> {
    const rows = await this.places.qualifiedNationalRows({ after, limit: limit + 1 });
    const { items, nextCursor } = keysetSlice(rows, limit, (row) => [String(row.id)]);
    return { rows: items, nextCursor };
  }

  /**
   * The places' CSV at `version` (placesVersion()) in a format: built once per version and kept, so every
   * download until the next change to the places sends the same bytes without reading them again;
   * the next file re-reads only the chunks of places that changed (PlacesCsv). Read after the
   * version, the places are at least that version: a change committed in between only makes the
   * next download build the file again.
   */
  placesCsv(version: string, format: CsvFormat = 'rfc4180'): Promise<Buffer> {
    let kept = this.placesCsvKept.get(format);
    if (kept?.version !== version) {
      const previous = kept?.csv.catch(() => undefined);
      const csv = (async () => {
        const last = await previous;
        return PlacesCsv.fromRows(await this.places.qualifiedCsvRows(last?.versions() ?? []), last, format);
      })();
      kept = { version, csv };
      this.placesCsvKept.set(format, kept);
      csv.catch(() => {
        if (this.placesCsvKept.get(format)?.csv === csv) this.placesCsvKept.delete(format);
      });
    }
    return kept.csv.then((csv) => csv.bytes);
  }

  async placesGeoJson(): Promise<object> {
    const places = await this.places.qualifiedPlaces();
    return {
      type: 'FeatureCollection',
      licence: OPEN_DATA_LICENCE,
      features: places
        .filter((place) => place.latitude !== null && place.longitude !== null)
        .map((place) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [place.longitude, place.latitude] },
          properties: nationalRow(place),
        })),
    };
  }

  async register(): Promise<RegisterEntry[]> {
    return this.qualification.register();
  }

  async registerCsv(): Promise<string> {
    const entries = await this.register();
    return csvFile(
      REGISTER_COLUMNS,
      entries.map((entry) => REGISTER_COLUMNS.map((column) => entry[column])),
    );
  }

  /**
   * data·inclusion v1: one structure and one service per qualified place (domain/data-inclusion.ts).
   * A place that cannot be written, or a value left out of one, is in `problems`: never dropped silently.
   */
  async dataInclusion(): Promise<DataInclusionExport> {
    const publicUrl = this.config.getOrThrow<string>('PUBLIC_URL').replace(/\/$/, '');
    const today = this.places.today();
    const exported: DataInclusionExport = {
      schema: { name: 'data·inclusion', version: DATA_INCLUSION_VERSION, url: DATA_INCLUSION_SCHEMA_URL },
      structures: [],
      services: [],
      problems: [],
    };
    for (const place of await this.places.qualifiedPlaces()) {
      const pageUrl = `${publicUrl}/lieux/${encodeURIComponent(place.id)}`;
      const { structure, service, problems } = toDataInclusion(
        { ...placeFields(place), id: place.nationalId, date_maj: place.date_maj, pageUrl },
        today,
      );
      if (structure) {
        exported.structures.push(structure);
        exported.services.push(service);
      }
      exported.problems.push(...problems);
    }
    return exported;
  }
}

export interface DataInclusionExport {
  schema: { name: string; version: string; url: string };
  structures: DataInclusionStructure[];
  services: DataInclusionService[];
  problems: DataInclusionProblem[];
}

/** The latest of these instants, to the second (the epoch when none). */
function latest(...instants: Array<Date | null>): Date {
  return toHttpSecond(new Date(Math.max(0, ...instants.map((instant) => instant?.getTime() ?? 0))));
}

export function nationalRow(place: PlaceEntity): NationalSchemaRow {
  return placeToRow({ ...placeFields(place), id: place.nationalId, date_maj: place.date_maj });
}
