import { gunzipSync } from 'node:zlib';
import { type MapChunkRow, PlaceMap, type SerialisedMap } from './place-map';

const feature = (id: string): string => `{"type":"Feature","properties":{"id":"${id}","nom":"Lieu ${id}, « é »"}}`;
const WEEKDAYS = 'Mo-Fr 09:00-18:00';
const SUNDAYS = 'Su 10:00-12:00';

function row(chunk: number, version: string, horaires: string | null, ids: string[] | null): MapChunkRow {
  return { chunk, version, horaires, zone: null, features: ids && ids.map(feature).join(',') };
}

function ids(map: SerialisedMap): string[] {
  const fromGzip = JSON.parse(gunzipSync(map.gzip).toString('utf8')) as { features: Array<{ properties: { id: string } }> };
  expect(JSON.parse(map.json)).toEqual(fromGzip);
  return fromGzip.features.map((item) => item.properties.id);
}

describe('the public map kept in chunks', () => {
  const rows = [
    row(0, '3', WEEKDAYS, ['a', 'b']),
    row(0, '3', SUNDAYS, ['c']),
    row(1, '1', null, null), // a chunk without any place on the map
    row(2, '7', null, ['d']),
    row(3, '2', WEEKDAYS, ['e']),
  ];
  // A Wednesday at noon in Paris.
  const wednesdayNoon = new Date('2026-11-25T11:00:00Z');

  it('serves every chunk in order, as gzip and as JSON, without a comma too many', () => {
    const map = PlaceMap.fromRows(rows);
    expect(ids(map.all())).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(map.versions()).toEqual(['3', '1', '7', '2']);
    expect(ids(PlaceMap.fromRows([row(0, '1', null, null)]).all())).toEqual([]);
  });

  it('keeps only the places open now, in their own schedule', () => {
    const map = PlaceMap.fromRows(rows);
    expect(ids(map.openAt(wednesdayNoon))).toEqual(['a', 'b', 'e']);
    expect(ids(map.openAt(new Date('2026-11-29T10:00:00Z')))).toEqual(['c']);
    expect(map.openAt(wednesdayNoon)).toBe(map.openAt(new Date('2026-11-25T12:00:00Z')));
  });

  it('takes the chunks whose version did not move from the kept map, and the others from the rows', () => {
    const kept = PlaceMap.fromRows(rows);
    // The query sends no features for the chunks kept as they were (0 and 1), new ones for those that moved.
    const next = PlaceMap.fromRows(
      [row(0, '3', null, null), row(1, '2', WEEKDAYS, ['f']), row(2, '8', null, null), row(3, '2', null, null)],
      kept,
    );
    expect(ids(next.all())).toEqual(['a', 'b', 'c', 'f', 'e']);
    expect(ids(next.openAt(wednesdayNoon))).toEqual(['a', 'b', 'f', 'e']);
    expect(next.versions()).toEqual(['3', '2', '8', '2']);
    // Rows with features for a chunk at the kept version replace it rather than add to it.
    expect(ids(PlaceMap.fromRows([row(0, '3', WEEKDAYS, ['g'])], kept).all())).toEqual(['g']);
  });
});
