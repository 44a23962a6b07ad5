/** Distances between points on the Earth and the nearest places to a point (docs/places.md, « Proximité »). */

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** Mean Earth radius (IUGG), in kilometres. */
const EARTH_RADIUS_KM = 6371.0088;

const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine formula), as the crow flies. */
export function distanceKm(from: GeoPoint, to: GeoPoint): number {
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface WithDistance<T> {
  item: T;
  distanceKm: number;
}

/**
 * The `limit` items nearest to `origin`, nearest first; items without coordinates are left out;
 * equal distances keep the order they came in (the caller sorts by name first for a stable list).
 */
export function nearestFirst<T>(
  origin: GeoPoint,
  items: readonly T[],
  pointOf: (item: T) => GeoPoint | null,
  limit: number,
): WithDistance<T>[] {
  const measured: WithDistance<T>[] = [];
  for (const item of items) {
    const point = pointOf(item);
    if (point) measured.push({ item, distanceKm: distanceKm(origin, point) });
  }
  return measured.sort((a, b) => a.distanceKm - b.distanceKm).slice(0, Math.max(0, limit));
}

/** A distance as people read it: « 350 m », « 2,4 km », « 31 km ». */
export function distanceInWords(km: number): string {
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)} m`;
  if (km < 10) return `${km.toFixed(1).replace('.', ',')} km`;
  return `${Math.round(km)} km`;
}
