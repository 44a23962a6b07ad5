/**
 * The open-data CSV of the qualified places as an API instance keeps it: each place's record (its
 * CSV line) in the map's 64 chunks (see place-map.ts), each chunk with the version it was read at.
 * A new file reuses the records of every chunk whose version did not move, so a change to one place
 * re-reads and rewrites about 1/64 of the places; the file is their records in the order the
 * database gave (the schema's `id`), after the BOM and the header.
 */
import { NATIONAL_SCHEMA_COLUMNS, type NationalSchemaRow } from '@app/domain';
import { csvRecord, openDataCsv } from './domain/open-data-csv';

/** A row of the CSV query: one per qualified place, in the file's order; `row` is null when the place's chunk is kept. */
export interface CsvPlaceRow {
  chunk: number;
  version: string;
  /** The schema's `id` of the place. */
  id: string;
  row: NationalSchemaRow | null;
}

interface CsvChunk {
  version: string;
  /** Records as UTF-8 bytes (the file is their copies end to end), by the schema's `id` of their place. */
  records: Map<string, Buffer>;
}

const HEADER = Buffer.from(openDataCsv(NATIONAL_SCHEMA_COLUMNS, []));

export class PlacesCsv {
  private constructor(
    readonly bytes: Buffer,
    private readonly chunks: ReadonlyMap<number, CsvChunk>,
  ) {}

  /**
   * The file the rows describe; a place whose chunk the query did not read again (its version is the
   * one `kept` has) takes its record from `kept`.
   */
  static fromRows(rows: readonly CsvPlaceRow[], kept?: PlacesCsv): PlacesCsv {
    const chunks = new Map<number, CsvChunk>();
    const records: Buffer[] = [HEADER];
    let length = HEADER.length;
    for (const place of rows) {
      let chunk = chunks.get(place.chunk);
      if (!chunk) {
        const same = kept?.chunks.get(place.chunk);
        chunk = place.row === null && same?.version === place.version ? same : { version: place.version, records: new Map() };
        chunks.set(place.chunk, chunk);
      }
      const { row } = place;
      let record = chunk.records.get(place.id);
      if (row !== null) {
        record = Buffer.from(csvRecord(NATIONAL_SCHEMA_COLUMNS.map((column) => row[column])));
        chunk.records.set(place.id, record);
      }
      if (record === undefined) throw new Error(`places CSV: no record kept for place ${place.id} of chunk ${place.chunk}`);
      records.push(record);
      length += record.length;
    }
    return new PlacesCsv(Buffer.concat(records, length), chunks);
  }

  /** The version of each chunk this file was built from, by chunk number (null: not read). */
  versions(): Array<string | null> {
    const versions: Array<string | null> = [];
    for (const [number, chunk] of this.chunks) versions[number] = chunk.version;
    return Array.from(versions, (version) => version ?? null);
  }
}
