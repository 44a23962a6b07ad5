import fc from 'fast-check';
import { distanceInWords, distanceKm, nearestFirst } from './proximity';

const bordeaux = { latitude: 44.84124, longitude: -0.58046 };
const merignac = { latitude: 44.84247, longitude: -0.64512 };
const paris = { latitude: 48.85341, longitude: 2.3488 };

describe('distanceKm', () => {
  it('measures known distances as the crow flies', () => {
    expect(distanceKm(bordeaux, paris)).toBeCloseTo(498.6, 1);
    expect(distanceKm(bordeaux, merignac)).toBeCloseTo(5.1, 1);
    expect(distanceKm(paris, paris)).toBe(0);
  });

  it('is symmetric and never negative', () => {
    const point = fc.record({
      latitude: fc.double({ min: -90, max: 90, noNaN: true }),
      longitude: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(point, point, (a, b) => {
        const there = distanceKm(a, b);
        expect(there).toBeGreaterThanOrEqual(0);
        expect(there).toBeLessThanOrEqual(Math.PI * 6371.0088 + 1e-6);
        expect(Math.abs(there - distanceKm(b, a))).toBeLessThan(1e-6);
      }),
    );
  });
});

describe('nearestFirst', () => {
  const places = [
    { name: 'Paris', point: paris },
    { name: 'Sans position', point: null },
    { name: 'Mérignac', point: merignac },
    { name: 'Bordeaux', point: bordeaux },
  ];

  it('keeps the nearest first, leaves out what has no position and stops at the limit', () => {
    const found = nearestFirst(bordeaux, places, (place) => place.point, 2);
    expect(found.map(({ item }) => item.name)).toEqual(['Bordeaux', 'Mérignac']);
    expect(found[1].distanceKm).toBeCloseTo(5.1, 1);
    expect(nearestFirst(bordeaux, places, (place) => place.point, 10)).toHaveLength(3);
  });

  it('keeps the given order between equal distances', () => {
    const twins = [
      { name: 'A', point: merignac },
      { name: 'B', point: merignac },
    ];
    expect(nearestFirst(bordeaux, twins, (place) => place.point, 2).map(({ item }) => item.name)).toEqual(['A', 'B']);
  });

  it('returns distances in increasing order for any set of points', () => {
    const point = fc.record({
      latitude: fc.double({ min: -90, max: 90, noNaN: true }),
      longitude: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(point, fc.array(point, { maxLength: 30 }), fc.nat(40), (origin, points, limit) => {
        const found = nearestFirst(origin, points, (p) => p, limit);
        expect(found.length).toBe(Math.min(limit, points.length));
        for (let i = 1; i < found.length; i++) expect(found[i].distanceKm).toBeGreaterThanOrEqual(found[i - 1].distanceKm);
      }),
    );
  });
});

describe('distanceInWords', () => {
  it('says metres under a kilometre, one decimal under ten, whole kilometres beyond', () => {
    expect(distanceInWords(0.348)).toBe('350 m');
    expect(distanceInWords(0)).toBe('10 m');
    expect(distanceInWords(2.44)).toBe('2,4 km');
    expect(distanceInWords(31.4)).toBe('31 km');
  });
});
