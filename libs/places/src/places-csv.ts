/**
 * The open-data CSV of the qualified places as an API instance keeps it: each place's record (its
 * CSV line) in the map's 64 chunks (see place-map.ts), each chunk with the version it was read at.
 * A new file reuses the records of every chunk whose version did not move, so a change to one place
 * re-reads and rewrites about 1/64 of the places; the file is their records in the order the
 * database gave (the schema's `id`), after the BOM and the header.
 */
import { type CsvFormat, CsvWriter, NATIONAL_SCHEMA_COLUMNS, type NationalSchemaRow } from '@app/domain';

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

const DECIMAL_COLUMNS: ReadonlySet<string> = new Set(['latitude', 'longitude']);

/** The writer of the places' CSV in a format (the open data's by default). */
export function placesCsvWriter(format: CsvFormat): CsvWriter {
  return new CsvWriter(
    NATIONAL_SCHEMA_COLUMNS.map((name) => ({ name, decimal: DECIMAL_COLUMNS.has(name) })),
    format,
  );
}

export class PlacesCsv {
  private constructor(
    readonly bytes: Buffer,
    private readonly chunks: ReadonlyMap<number, CsvChunk>,
    private readonly format: CsvFormat,
  ) {}

  /**
   * The file the rows describe, in this format; a place whose chunk the query did not read again (its
   * version is the one `kept` has) takes its record from `kept` (a file of the same format).
   */
  static fromRows(rows: readonly CsvPlaceRow[], kept?: PlacesCsv, format: CsvFormat = 'rfc4180'): PlacesCsv {
    if (kept && kept.format !== format) throw new Error(`places CSV: records kept in ${kept.format} cannot make a ${format} file`);
    const writer = placesCsvWriter(format);
    const header = Buffer.from(writer.header());
    const chunks = new Map<number, CsvChunk>();
    const records: Buffer[] = [header];
    let length = header.length;
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
        record = Buffer.from(writer.record(NATIONAL_SCHEMA_COLUMNS.map((column) => row[column])));
        chunk.records.set(place.id, record);
      }
      if (record === undefined) throw new Error(`places CSV: no record kept for place ${place.id} of chunk ${place.chunk}`);
      records.push(record);
      length += record.length;
    }
    return new PlacesCsv(Buffer.concat(records, length), chunks, format);
  }

  /** The version of each chunk this file was built from, by chunk number (null: not read). */
  versions(): Array<string | null> {
    const versions: Array<string | null> = [];
    for (const [number, chunk] of this.chunks) versions[number] = chunk.version;
    return Array.from(versions, (version) => version ?? null);
  }
}
