import { nextOpening } from './opening-now';

const hours = 'Mo-Fr 09:00-12:00,14:00-18:00';
const bordeaux = '33063';

describe('nextOpening', () => {
  it('says when a closed place opens next, in its own time (Paris, winter: UTC+1)', () => {
    expect(nextOpening(hours, bordeaux, new Date('2026-12-07T19:00:00Z'))).toEqual({ at: '2026-12-08T09:00', inWords: 'demain à 09:00' });
    expect(nextOpening(hours, bordeaux, new Date('2026-12-07T11:30:00Z'))).toEqual({
      at: '2026-12-07T14:00',
      inWords: "aujourd'hui à 14:00",
    });
    expect(nextOpening(hours, bordeaux, new Date('2026-12-11T18:00:00Z'))).toEqual({
      at: '2026-12-14T09:00',
      inWords: 'lundi 14 décembre à 09:00',
    });
  });

  it('reads an overseas place in its own time zone (Réunion, UTC+4)', () => {
    // 05:00 UTC is 09:00 in Saint-Denis: open, so no next opening; 15:00 UTC is 19:00 there.
    expect(nextOpening(hours, '97411', new Date('2026-12-07T05:00:00Z'))).toBeNull();
    expect(nextOpening(hours, '97411', new Date('2026-12-07T15:00:00Z'))).toEqual({ at: '2026-12-08T09:00', inWords: 'demain à 09:00' });
  });

  it('is null when open now, without hours, or never opening within a week', () => {
    expect(nextOpening(hours, bordeaux, new Date('2026-12-07T09:00:00Z'))).toBeNull();
    expect(nextOpening(null, bordeaux, new Date('2026-12-07T19:00:00Z'))).toBeNull();
    expect(nextOpening('off', bordeaux, new Date('2026-12-07T19:00:00Z'))).toBeNull();
    expect(nextOpening('Dec 25 10:00-12:00', bordeaux, new Date('2026-12-07T19:00:00Z'))).toBeNull();
  });
});
