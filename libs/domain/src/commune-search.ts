/** Finding a commune of the official list by its name or postcode, as a person types it. */

export interface CommuneRecord {
  /** INSEE code (COG). */
  code: string;
  nom: string;
  codesPostaux: readonly string[];
  departement: string;
  population: number;
}

/** Lower case, no accents, hyphens and apostrophes as spaces, « saint » and « st » alike. */
export function searchableText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[-'’_.,/]+/g, ' ')
    .replace(/\bste?\b/g, (word) => (word === 'st' ? 'saint' : 'sainte'))
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a commune is searched by, computed once per commune. */
export interface IndexedCommune<C extends CommuneRecord = CommuneRecord> {
  commune: C;
  name: string;
}

export function indexCommunes<C extends CommuneRecord>(communes: readonly C[]): IndexedCommune<C>[] {
  return communes.map((commune) => ({ commune, name: searchableText(commune.nom) }));
}

/**
 * Up to `limit` communes for what was typed: digits are a postcode (or INSEE code) prefix; words
 * match the start of the name first (« Bordeaux » before « Saint-Médard-de-Bordeaux »), then any
 * word of it, the most populated first within each rank.
 */
export function searchCommunes<C extends CommuneRecord>(index: readonly IndexedCommune<C>[], typed: string, limit: number): C[] {
  const query = searchableText(typed);
  if (query === '') return [];
  const digits = query.replace(/\s/g, '');
  const ranked: Array<{ commune: C; rank: number }> = [];
  if (/^\d[\dab]{1,4}$/.test(digits)) {
    for (const { commune } of index) {
      if (commune.codesPostaux.some((postcode) => postcode.startsWith(digits))) ranked.push({ commune, rank: 0 });
      else if (commune.code.toLowerCase() === digits) ranked.push({ commune, rank: 1 });
    }
  } else {
    for (const { commune, name } of index) {
      if (name === query) ranked.push({ commune, rank: 0 });
      else if (name.startsWith(query)) ranked.push({ commune, rank: 1 });
      else if (name.includes(` ${query}`)) ranked.push({ commune, rank: 2 });
    }
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || b.commune.population - a.commune.population || a.commune.code.localeCompare(b.commune.code))
    .slice(0, limit)
    .map(({ commune }) => commune);
}
