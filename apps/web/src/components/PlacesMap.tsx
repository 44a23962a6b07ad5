/// <reference types="leaflet.markercluster" />
/**
 * The map of places (Leaflet, markers grouped by leaflet.markercluster). It never depends on the
 * tiles: without them (offline, blocked) the markers and their popups still work, and the list
 * view of the same page stays the full alternative.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { useEffect, useRef, useState } from 'react';
import { frenchMap, showFrance } from '../leaflet-map';
import { type PlaceFilters, placesApi } from '../publicPlaces';
import { navigate } from '../router';
import { ratingsSentence } from './PlaceRatingsFacts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function popupContent(id: string, name: string, commune: string): HTMLElement {
  const box = document.createElement('div');
  const link = document.createElement('a');
  link.href = `/lieux/${encodeURIComponent(id)}`;
  link.textContent = name;
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(link.pathname);
  });
  const town = document.createElement('p');
  town.textContent = commune;
  const ratings = document.createElement('p');
  ratings.className = 'map-popup__ratings';
  box.append(link, town, ratings);
  return box;
}

/** The place's ratings in its popup, read when the popup first opens (not for every marker). */
function showRatingsOnOpen(marker: L.Marker, id: string): void {
  marker.once('popupopen', () => {
    const line = marker.getPopup()?.getElement()?.querySelector('.map-popup__ratings');
    placesApi.ratings(id).then(
      (ratings) => {
        if (line) line.textContent = ratingsSentence(ratings);
      },
      () => {
        // Without ratings the popup still names the place and links to it.
      },
    );
  });
}

export default function PlacesMap({ filters }: { filters: PlaceFilters }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // The map itself, once.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const { map, remove } = frenchMap(container);
    // Leaflet names the popup's close button in English, with no option to change it.
    map.on('popupopen', (event) => {
      event.popup.getElement()?.querySelector('.leaflet-popup-close-button')?.setAttribute('aria-label', 'Fermer la fenêtre du lieu');
    });
    mapRef.current = map;
    return () => {
      remove();
      mapRef.current = null;
      layerRef.current = null;
    };
  }, []);

  // Its markers, for each search.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      (globalThis as { L?: typeof L }).L ??= L; // leaflet.markercluster extends the global L.
      await import('leaflet.markercluster');
      const collection = await placesApi.geojson(filters);
      const map = mapRef.current;
      if (cancelled || !map) return;
      layerRef.current?.remove();
      const cluster = L.markerClusterGroup({
        showCoverageOnHover: false,
        iconCreateFunction: (group) => {
          const count = group.getChildCount();
          return L.divIcon({
            html: `<span>${count}<span class="visually-hidden"> lieux, zoomer pour les voir</span></span>`,
            className: 'map-cluster',
            iconSize: L.point(40, 40),
          });
        },
      });
      for (const feature of collection.features) {
        const [longitude, latitude] = feature.geometry.coordinates;
        const { id, nom, commune } = feature.properties;
        const marker = L.marker([latitude, longitude], {
          icon: L.divIcon({
            html: `<span class="visually-hidden">${escapeHtml(nom)}</span>`,
            className: 'map-marker',
            iconSize: L.point(24, 24),
            iconAnchor: L.point(12, 24),
            popupAnchor: L.point(0, -24),
          }),
        });
        marker.bindPopup(popupContent(id, nom, commune));
        showRatingsOnOpen(marker, id);
        cluster.addLayer(marker);
      }
      cluster.addTo(map);
      layerRef.current = cluster;
      if (collection.features.length > 0) {
        map.fitBounds(cluster.getBounds(), { padding: [30, 30], maxZoom: 15 });
      } else {
        showFrance(map);
      }
      setMessage(
        collection.features.length === 0
          ? 'Aucun lieu à montrer sur la carte.'
          : `${collection.features.length} lieu${collection.features.length > 1 ? 'x' : ''} sur la carte.`,
      );
    })().catch(() => {
      if (!cancelled) setMessage('La carte ne peut pas être chargée. Utilisez la liste.');
    });
    return () => {
      cancelled = true;
    };
  }, [filters]);

  return (
    <>
      <div ref={containerRef} className="places-map" role="region" aria-label="Carte des lieux trouvés" />
      <p className="hint" role="status">
        {message}
      </p>
    </>
  );
}
