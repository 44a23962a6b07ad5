/**
 * A Leaflet map as this app draws them (the public map, the place form's position): controls named in
 * French, the tiles of the server's configuration when there are any (the map works without them).
 */
import L from 'leaflet';
import { placesApi } from './publicPlaces';

const FRANCE: L.LatLngExpression = [46.6, 2.4];

/** The map on France; `remove` also drops a tile configuration still on its way. */
export function frenchMap(container: HTMLElement): { map: L.Map; remove: () => void } {
  // maxZoom on the map itself: the marker clusters need it, and the tiles (which would give it) may come later or never.
  const map = L.map(container, { zoomControl: false, attributionControl: false, maxZoom: 19 }).setView(FRANCE, 5);
  L.control.zoom({ zoomInTitle: 'Zoom avant', zoomOutTitle: 'Zoom arrière' }).addTo(map);
  const attribution = L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' }).addTo(map);
  let removed = false;
  placesApi.mapConfig().then(
    (config) => {
      if (removed || !config.tileUrl) return;
      L.tileLayer(config.tileUrl, { maxZoom: 19 }).addTo(map);
      if (config.attribution) attribution.addAttribution(config.attribution);
    },
    () => {
      // No tiles: the markers are still placed on a blank background.
    },
  );
  return {
    map,
    remove: () => {
      removed = true;
      map.remove();
    },
  };
}

export function showFrance(map: L.Map): void {
  map.setView(FRANCE, 5);
}
