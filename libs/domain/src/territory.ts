/**
 * French territory codes (INSEE): départements ("33", "2A", "971") and communes ("33063", "2A004",
 * "97411"). A programme restricted to a territory lists some of them; a place is inside when its
 * commune is listed or lies in a listed département.
 */
// "20" is no département: Corsica is 2A and 2B.
const DEPARTEMENT = /^(0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2A|2B|97[1-6])$/;
const COMMUNE = /^(?:(?:0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5])\d{3}|2[AB]\d{3}|97[1-6]\d{2})$/;

export type TerritoryCode = { kind: 'departement' | 'commune'; code: string };

export function parseTerritoryCode(input: string): TerritoryCode | null {
  const code = input.trim().toUpperCase();
  if (DEPARTEMENT.test(code)) return { kind: 'departement', code };
  if (COMMUNE.test(code)) return { kind: 'commune', code };
  return null;
}

/**
 * The département of a commune code ("33063" → "33", "2A004" → "2A", "97411" → "974"), the one rule
 * for the whole platform (redemption territory, reporting, open data, payment delays). Overseas codes
 * take three characters: the départements and collectivities (97x) and the Pacific ones (98x, e.g.
 * "98735" → "987"), which INSEE numbers the same way.
 */
export function departementOfCommune(commune: string): string {
  return commune.startsWith('97') || commune.startsWith('98') ? commune.slice(0, 3) : commune.slice(0, 2);
}

/** An empty territory means "anywhere". */
export function communeInTerritory(commune: string, territory: readonly string[]): boolean {
  if (territory.length === 0) return true;
  return territory.includes(commune) || territory.includes(departementOfCommune(commune));
}
