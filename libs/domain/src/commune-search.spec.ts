import { type CommuneRecord, indexCommunes, searchableText, searchCommunes } from './commune-search';

const communes: CommuneRecord[] = [
  { code: '33063', nom: 'Bordeaux', codesPostaux: ['33000', '33100', '33200', '33300', '33800'], departement: '33', population: 261804 },
  { code: '33281', nom: 'Mérignac', codesPostaux: ['33700'], departement: '33', population: 75000 },
  { code: '16216', nom: 'Mérignac', codesPostaux: ['16200'], departement: '16', population: 805 },
  { code: '33069', nom: 'Le Bouscat', codesPostaux: ['33110'], departement: '33', population: 25081 },
  { code: '33433', nom: 'Saint-Médard-en-Jalles', codesPostaux: ['33160'], departement: '33', population: 32000 },
  { code: '33449', nom: 'Saint-Médard-de-Bordeaux', codesPostaux: ['33230'], departement: '33', population: 400 },
  { code: '2A004', nom: 'Ajaccio', codesPostaux: ['20000', '20090'], departement: '2A', population: 73000 },
];
const index = indexCommunes(communes);
const codes = (typed: string, limit = 10): string[] => searchCommunes(index, typed, limit).map((commune) => commune.code);

describe('searchableText', () => {
  it('drops accents, case, hyphens and apostrophes, and reads « St » as « Saint »', () => {
    expect(searchableText('  Saint-Médard-en-Jalles ')).toBe('saint medard en jalles');
    expect(searchableText('st medard')).toBe('saint medard');
    expect(searchableText("L'Haÿ-les-Roses")).toBe('l hay les roses');
  });
});

describe('searchCommunes', () => {
  it('finds a commune by its name with or without accents, the most populated first', () => {
    expect(codes('Mérignac')).toEqual(['33281', '16216']);
    expect(codes('merignac')).toEqual(['33281', '16216']);
    expect(codes('MERIG')).toEqual(['33281', '16216']);
  });

  it('puts names starting with the words before names containing them', () => {
    expect(codes('bordeaux')).toEqual(['33063', '33449']);
    expect(codes('le bouscat')).toEqual(['33069']);
    expect(codes('bouscat')).toEqual(['33069']);
    expect(codes('st médard')).toEqual(['33433', '33449']);
  });

  it('reads digits as the start of a postcode, or a whole INSEE code', () => {
    expect(codes('33700')).toEqual(['33281']);
    expect(codes('331')).toEqual(['33063', '33433', '33069']);
    expect(codes('33069')).toEqual(['33069']);
    expect(codes('2a004')).toEqual(['2A004']);
  });

  it('stops at the limit and finds nothing for nothing', () => {
    expect(codes('33', 2)).toHaveLength(2);
    expect(codes('  ')).toEqual([]);
    expect(codes('zzz')).toEqual([]);
  });
});
