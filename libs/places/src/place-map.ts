/**
 * The public map as an API instance keeps it: the places' GeoJSON features in the database's 64
 * chunks (see the PlaceMapChunks migration), each chunk with the version it was read at, its
 * features grouped by opening schedule and time zone ("open now" is decided per group), and its
 * compressed parts. A new map reuses every chunk whose version did not move, so a change to one
 * place re-reads and recompresses about 1/64 of the map; the gzip answer is the parts put end to end.
 */
import { isOpenAt } from './domain/opening-now';
import { gzipFromParts, type GzipPart, gzipPart, gzipPartInPool } from './domain/gzip-parts';

/** A row of the map query: one per chunk and schedule group; `features` is null for an empty or kept chunk. */
export interface MapChunkRow {
  chunk: number;
  version: string;
  horaires: string | null;
  /** An INSEE prefix with its own time zone (overseas), null for Paris time. */
  zone: string | null;
  /** Comma-separated GeoJSON features. */
  features: string | null;
}

interface MapGroup {
  horaires: string | null;
  zone: string | null;
  features: string;
}

interface MapChunk {
  version: string;
  groups: MapGroup[];
  /** Compressed features of a selection of the groups (all, or the open ones), by selection. */
  parts: Map<string, GzipPart>;
}

/** zlib level 1: about four times as fast as the default 6 on the map's text, for about 15 % more bytes. */
const GZIP_LEVEL = 1;
const HEAD = '{"type":"FeatureCollection","features":[';
const TAIL = ']}';
const HEAD_PART = gzipPart(HEAD, GZIP_LEVEL);
const TAIL_PART = gzipPart(TAIL, GZIP_LEVEL);
const COMMA_PART = gzipPart(',', GZIP_LEVEL);

/** The map's answer: gzip for the browsers (the usual case), plain JSON text only when asked for. */
export class SerialisedMap {
  private text?: string;

  constructor(
    readonly gzip: Buffer,
    private readonly features: () => string[],
  ) {}

  get json(): string {
    this.text ??= `${HEAD}${this.features().join(',')}${TAIL}`;
    return this.text;
  }
}

export class PlaceMap {
  private whole?: SerialisedMap;
  /** "Open now" maps by the set of open groups: that set changes only when a schedule opens or closes. */
  private readonly openNow = new Map<string, SerialisedMap>();

  private constructor(private readonly chunks: ReadonlyArray<[number, MapChunk]>) {}

  /**
   * The map the rows describe; a chunk whose version is the one `kept` has (the query sent no
   * features for it) is taken from `kept` as it is.
   */
  static fromRows(rows: MapChunkRow[], kept?: PlaceMap): PlaceMap {
    const keptChunks = new Map(kept?.chunks);
    const chunks = new Map<number, MapChunk>();
    for (const row of rows) {
      let chunk = chunks.get(row.chunk);
      if (!chunk) {
        const same = keptChunks.get(row.chunk);
        const unchanged = same?.version === row.version && row.features === null;
        chunk = unchanged ? same : { version: row.version, groups: [], parts: new Map() };
        chunks.set(row.chunk, chunk);
      }
      if (row.features !== null) chunk.groups.push({ horaires: row.horaires, zone: row.zone, features: row.features });
    }
    return new PlaceMap([...chunks].sort(([a], [b]) => a - b));
  }

  /** The version of each chunk this map was built from, by chunk number (null: not read). */
  versions(): Array<string | null> {
    const versions: Array<string | null> = [];
    for (const [number, chunk] of this.chunks) versions[number] = chunk.version;
    return Array.from(versions, (version) => version ?? null);
  }

  /** Compresses, in the thread pool and all at once, the chunks the whole map still lacks (every chunk of a first build). */
  async compressAll(): Promise<void> {
    const missing = this.chunks.filter(([, chunk]) => chunk.groups.length > 0 && !chunk.parts.has(allOf(chunk)));
    await Promise.all(
      missing.map(async ([, chunk]) => chunk.parts.set(allOf(chunk), await gzipPartInPool(textOf(chunk, allIndexes(chunk)), GZIP_LEVEL))),
    );
  }

  all(): SerialisedMap {
    this.whole ??= this.serialise(allIndexes);
    return this.whole;
  }

  /** The places open at `instant`, each in its own time zone. */
  openAt(instant: Date): SerialisedMap {
    const open = new Map<string, boolean>();
    const isOpen = (group: MapGroup): boolean => {
      const key = `${group.zone ?? ''}|${group.horaires ?? ''}`;
      let answer = open.get(key);
      if (answer === undefined) {
        answer = isOpenAt(group.horaires, group.zone, instant);
        open.set(key, answer);
      }
      return answer;
    };
    const selections = new Map(
      this.chunks.map(([, chunk]) => [chunk, chunk.groups.flatMap((group, index) => (isOpen(group) ? [index] : []))]),
    );
    const key = [...selections.values()].map((indexes) => indexes.join(',')).join(';');
    let map = this.openNow.get(key);
    if (!map) {
      if (this.openNow.size > 50) this.openNow.clear();
      map = this.serialise((chunk) => selections.get(chunk) ?? []);
      this.openNow.set(key, map);
    }
    return map;
  }

  private serialise(select: (chunk: MapChunk) => number[]): SerialisedMap {
    const parts: GzipPart[] = [HEAD_PART];
    const texts: Array<() => string> = [];
    for (const [, chunk] of this.chunks) {
      const indexes = select(chunk);
      if (indexes.length === 0) continue;
      const text = (): string => textOf(chunk, indexes);
      if (texts.length > 0) parts.push(COMMA_PART);
      parts.push(chunkPart(chunk, indexes.join(','), text));
      texts.push(text);
    }
    parts.push(TAIL_PART);
    return new SerialisedMap(gzipFromParts(parts), () => texts.map((text) => text()));
  }
}

function chunkPart(chunk: MapChunk, selection: string, text: () => string): GzipPart {
  let part = chunk.parts.get(selection);
  if (!part) {
    if (chunk.parts.size > 20) chunk.parts.clear();
    part = gzipPart(text(), GZIP_LEVEL);
    chunk.parts.set(selection, part);
  }
  return part;
}

const allIndexes = (chunk: MapChunk): number[] => chunk.groups.map((_group, index) => index);
const allOf = (chunk: MapChunk): string => allIndexes(chunk).join(',');
const textOf = (chunk: MapChunk, indexes: number[]): string => indexes.map((index) => chunk.groups[index].features).join(',');
