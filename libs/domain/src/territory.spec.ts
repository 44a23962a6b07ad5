import { communeInTerritory, departementOfCommune, parseTerritoryCode } from './territory';
import { timeZoneOfCommune } from './time-zone';
import { feeOf, formatEuros } from './money';
import { programmeTransition } from './programme-lifecycle';

describe('territory codes', () => {
  it('recognises départements and communes, Corsica and overseas included', () => {
    expect(parseTerritoryCode('33')).toEqual({ kind: 'departement', code: '33' });
    expect(parseTerritoryCode('2a')).toEqual({ kind: 'departement', code: '2A' });
    expect(parseTerritoryCode('974')).toEqual({ kind: 'departement', code: '974' });
    expect(parseTerritoryCode('33063')).toEqual({ kind: 'commune', code: '33063' });
    expect(parseTerritoryCode('2B033')).toEqual({ kind: 'commune', code: '2B033' });
    expect(parseTerritoryCode('97411')).toEqual({ kind: 'commune', code: '97411' });
    for (const bad of ['00', '96', '20', '977', '3306', '330633', 'AB']) expect(parseTerritoryCode(bad)).toBeNull();
  });

  it('places a commune inside a territory', () => {
    expect(departementOfCommune('97411')).toBe('974');
    expect(departementOfCommune('98735')).toBe('987');
    expect(communeInTerritory('33063', [])).toBe(true);
    expect(communeInTerritory('33063', ['33'])).toBe(true);
    expect(communeInTerritory('33063', ['33318', '24'])).toBe(false);
    expect(communeInTerritory('33318', ['33318'])).toBe(true);
    expect(timeZoneOfCommune('97411')).toBe('Indian/Reunion');
    expect(timeZoneOfCommune('75056')).toBe('Europe/Paris');
  });
});

describe('money', () => {
  it('formats cents as French euros and computes fees to the cent', () => {
    expect(formatEuros(1050)).toBe('10,50\u202f€');
    expect(formatEuros(100_000_00)).toMatch(/^100.000,00\u202f€$/);
    expect(feeOf(10_000_00, 250)).toBe(25_000);
    expect(feeOf(999, 150)).toBe(15); // 14.985 rounds half up
    expect(() => formatEuros(10.5)).toThrow();
  });
});

describe('programme life cycle', () => {
  it('moves draft → ordered → funded → active → closed and refuses the rest with a reason', () => {
    expect(programmeTransition('draft', 'order')).toEqual({ to: 'ordered' });
    expect(programmeTransition('ordered', 'fund')).toEqual({ to: 'funded' });
    expect(programmeTransition('funded', 'activate')).toEqual({ to: 'active' });
    expect(programmeTransition('active', 'close')).toEqual({ to: 'closed' });
    expect(programmeTransition('draft', 'fund')).toEqual({
      refused: 'only an ordered programme can be funded (this programme is draft)',
      code: 'programme_not_ordered',
    });
    expect(programmeTransition('closed', 'activate')).toMatchObject({ code: 'programme_not_activatable' });
    expect(programmeTransition('ordered', 'order')).toMatchObject({ code: 'programme_not_draft' });
    expect(programmeTransition('draft', 'close')).toMatchObject({ code: 'programme_not_closable' });
  });
});
