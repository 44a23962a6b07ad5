/**
 * Where a place is, set by clicking a map (Leaflet) centred on its commune, instead of typing
 * degrees. Keyboard: the map takes the focus, the arrow keys move it and « Placer le lieu au centre
 * de la carte » puts the place under the cross; the latitude and longitude fields stay the other way.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import '../places.css';
import { useEffect, useRef, useState } from 'react';
import { frenchMap } from '../leaflet-map';
import { placesApi } from '../publicPlaces';

/** Six decimals: about 10 cm, the schema's usual precision. */
const degrees = (value: number): string => value.toFixed(6).replace(/\.?0+$/, '');

interface PositionPickerProps {
  latitude: string;
  longitude: string;
  /** Where to look first when the place has no position yet. */
  communeCode: string;
  postcode: string;
  onPick: (latitude: string, longitude: string) => void;
}

export default function PositionPicker({ latitude, longitude, communeCode, postcode, onPick }: PositionPickerProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerRef = useRef<L.Marker | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const [message, setMessage] = useState('');

  const current =
    latitude.trim() && longitude.trim() ? ([Number(latitude.replace(',', '.')), Number(longitude.replace(',', '.'))] as const) : null;
  const position = current && current.every(Number.isFinite) && Math.abs(current[0]) <= 90 && Math.abs(current[1]) <= 180 ? current : null;

  function pick(at: L.LatLng): void {
    onPickRef.current(degrees(at.lat), degrees(at.lng));
    setMessage(`Position choisie : latitude ${degrees(at.lat)}, longitude ${degrees(at.lng)}.`);
  }

  // The map, once; a click places the place there.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    // Without tiles the map is blank, but a click still gives a position; the fields remain.
    const { map, remove } = frenchMap(container);
    map.on('click', (event: L.LeafletMouseEvent) => pick(event.latlng));
    mapRef.current = map;
    return () => {
      remove();
      mapRef.current = null;
      markerRef.current = null;
    };
  }, []);

  // The marker follows the fields (typed or picked).
  const [lat, lng] = position ?? [null, null];
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (lat === null || lng === null) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    if (!markerRef.current) {
      markerRef.current = L.marker([lat, lng], {
        keyboard: false,
        icon: L.divIcon({ className: 'map-marker', iconSize: L.point(24, 24), iconAnchor: L.point(12, 24) }),
      }).addTo(map);
      map.setView([lat, lng], Math.max(map.getZoom(), 16));
    } else {
      markerRef.current.setLatLng([lat, lng]);
    }
  }, [lat, lng]);

  // No position yet: the map looks at the commune (by its INSEE code, else its postcode).
  const hasPosition = position !== null;
  useEffect(() => {
    if (hasPosition) return;
    let cancelled = false;
    const code = communeCode.trim();
    const postal = postcode.trim();
    const found =
      code.length === 5
        ? placesApi.commune(code)
        : /^\d{5}$/.test(postal)
          ? placesApi.communes(postal).then((communes) => communes[0])
          : Promise.resolve(undefined);
    found.then(
      (commune) => {
        if (cancelled || !commune || commune.latitude === null || commune.longitude === null) return;
        mapRef.current?.setView([commune.latitude, commune.longitude], 14);
        setMessage(`La carte montre ${commune.nom} : cliquez à l’endroit exact du lieu.`);
      },
      () => {
        // Unknown commune: the map stays on France.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [communeCode, postcode, hasPosition]);

  return (
    <div className="position-picker">
      <p className="hint" id="lieu-position-aide">
        Cliquez sur la carte à l’endroit exact du lieu : la latitude et la longitude se remplissent. Au clavier, placez-vous sur la carte,
        déplacez-la avec les flèches (+ et − pour zoomer), puis utilisez le bouton « Placer le lieu au centre de la carte ».
      </p>
      <div className="position-picker__frame">
        <div
          ref={containerRef}
          className="places-map position-picker__map"
          role="region"
          aria-label="Carte pour placer le lieu"
          aria-describedby="lieu-position-aide"
        />
        <span className="position-picker__cross" aria-hidden="true" />
      </div>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          const map = mapRef.current;
          if (map) pick(map.getCenter());
        }}
      >
        Placer le lieu au centre de la carte
      </button>
      <p className="hint" role="status">
        {message}
      </p>
    </div>
  );
}
