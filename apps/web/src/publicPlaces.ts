/**
 * The public side of places (map, place page, referential, register): types of the API's answers,
 * a small client, and French wording. Anonymous: no session needed.
 */
import {
  ApiError,
  type CatalogueEntry,
  type Page,
  type PlaceRatings,
  type PlaceQualificationState as QualificationState,
  type QualificationReferential as Referential,
  type ServiceModality,
} from './api';

// The qualification and catalogue types are the signed-in client's; the public pages read the same answers.
export type { CatalogueEntry, PlaceRatings, Referential, ServiceModality };

export interface DaySchedule {
  day: string;
  periods: string[];
}

export interface PublicPlace {
  id: string;
  nationalId: string;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee?: string | null;
  adresse: string;
  complement_adresse?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  telephone?: string | null;
  courriels?: string[];
  site_web?: string[];
  horaires?: string | null;
  presentation_resume?: string | null;
  presentation_detail?: string | null;
  services?: string[];
  publics_specifiquement_adresses?: string[];
  prise_en_charge_specifique?: string[];
  frais_a_charge?: string[];
  modalites_acces?: string[];
  modalites_accompagnement?: string[];
  fiche_acces_libre?: string | null;
  prise_rdv?: string | null;
  date_maj: string;
  qualification: {
    state: QualificationState;
    qualifiedUntil: string | null;
    referentialVersion: number | null;
    suspensionReason: string | null;
  };
  openNow: boolean | null;
  week: DaySchedule[] | null;
  /** When a closed place opens next (within a week), in words: « demain à 09:00 ». */
  nextOpening?: { at: string; inWords: string } | null;
}

/** A commune of the official list (GET /api/communes). */
export interface Commune {
  code: string;
  nom: string;
  codesPostaux: string[];
  departement: string;
  label: string;
  latitude: number | null;
  longitude: number | null;
  positionSource: 'commune' | 'postcode' | 'departement' | null;
}

/** A place near a commune or a position (GET /api/nearest-places). */
export interface NearPlace extends PublicPlace {
  distanceKm: number;
}

export interface NearestPlaces {
  commune: Commune | null;
  latitude: number;
  longitude: number;
  noneOpenNow: boolean;
  items: NearPlace[];
}

/** Where to look from: a commune's INSEE code, or a position the browser gave (sent once, never kept). */
export type ProximityOrigin = { commune: string } | { latitude: number; longitude: number };

export interface PlaceDetail extends PublicPlace {
  catalogue: CatalogueEntry[];
}

export type RegisterEvent = 'qualified' | 'changes_requested' | 'rejected' | 'suspended' | 'suspension_lifted' | 'expired';

export interface RegisterEntry {
  placeId: string;
  placeNationalId: string;
  placeName: string;
  commune: string;
  event: RegisterEvent;
  referentialVersion: number | null;
  date: string;
  validFrom: string | null;
  validUntil: string | null;
}

export interface MapConfig {
  tileUrl: string;
  attribution: string;
}

export interface PlaceFeatureCollection {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: { id: string; nom: string; commune: string; services?: string[] };
  }>;
}

/** The filters of the map and list, under the API's query names. */
export interface PlaceFilters {
  q?: string;
  service?: string;
  modality?: string;
  public?: string;
  fees?: string;
  accessibility?: string;
  departement?: string;
  commune?: string;
  openNow?: boolean;
}

export const FILTER_KEYS: Array<keyof PlaceFilters> = [
  'q',
  'service',
  'modality',
  'public',
  'fees',
  'accessibility',
  'departement',
  'commune',
  'openNow',
];

/** "?q=…&openNow=true" from filters (empty values left out); `extra` adds e.g. the page. */
export function filtersQuery(filters: PlaceFilters, extra: Record<string, string | number> = {}): string {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '' || value === false) continue;
    search.set(key, String(value));
  }
  for (const [key, value] of Object.entries(extra)) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Filters from an address's query string. `territoire=33,33063` (the cheque check page's link)
 * becomes a département (2–3 characters) or commune (5 characters) filter when one covers it.
 */
export function filtersFromSearch(search: string): PlaceFilters {
  const params = new URLSearchParams(search);
  const filters: PlaceFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value === null || value === '') continue;
    if (key === 'openNow') filters.openNow = value === 'true' || value === '1';
    else filters[key] = value.slice(0, 100);
  }
  const territory = (params.get('territoire') ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  if (territory.length > 0 && !filters.departement && !filters.commune) Object.assign(filters, territoryFilter(territory));
  return filters;
}

/**
 * The one filter that covers a cheque's territory: its département when the territory is one
 * département (and communes inside it), its commune when it is one commune; else none.
 */
export function territoryFilter(codes: string[]): Pick<PlaceFilters, 'departement' | 'commune'> {
  const departements = [...new Set(codes.filter((code) => code.length <= 3))];
  const communes = [...new Set(codes.filter((code) => code.length === 5))];
  if (departements.length === 1 && communes.every((commune) => commune.startsWith(departements[0]))) {
    return { departement: departements[0] };
  }
  if (departements.length === 0 && communes.length === 1) return { commune: communes[0] };
  return {};
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network_error', 'Network error');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const body = payload as { code?: unknown; message?: unknown; details?: unknown } | undefined;
    throw typeof body?.code === 'string'
      ? new ApiError(response.status, body.code, String(body.message ?? ''), body.details)
      : new ApiError(response.status, 'internal_error', `HTTP ${response.status}`);
  }
  return payload as T;
}

export const placesApi = {
  search: (filters: PlaceFilters, page: number, pageSize = 20) =>
    getJson<Page<PublicPlace>>(`/api/places${filtersQuery(filters, { page, pageSize })}`),
  geojson: (filters: PlaceFilters) => getJson<PlaceFeatureCollection>(`/api/places.geojson${filtersQuery(filters)}`),
  mapConfig: () => getJson<MapConfig>('/api/map-config'),
  place: (id: string) => getJson<PlaceDetail>(`/api/places/${encodeURIComponent(id)}`),
  ratings: (id: string) => getJson<PlaceRatings>(`/api/places/${encodeURIComponent(id)}/ratings`),
  referential: () => getJson<Referential>('/api/qualification/referential'),
  register: () => getJson<{ licence: unknown; data: RegisterEntry[] }>('/api/open-data/qualifications.json'),
  communes: (typed: string) => getJson<Commune[]>(`/api/communes?${new URLSearchParams({ q: typed, limit: '8' }).toString()}`),
  commune: (code: string) => getJson<Commune>(`/api/communes/${encodeURIComponent(code)}`),
  nearest: (origin: ProximityOrigin, options: { limit?: number; openNow?: boolean } = {}) => {
    const query = new URLSearchParams(
      'commune' in origin ? { commune: origin.commune } : { latitude: origin.latitude.toFixed(4), longitude: origin.longitude.toFixed(4) },
    );
    if (options.limit) query.set('limit', String(options.limit));
    if (options.openNow) query.set('openNow', 'true');
    return getJson<NearestPlaces>(`/api/nearest-places?${query.toString()}`);
  },
};

export const SERVICE_MODALITY_LABELS: Record<ServiceModality, string> = {
  individual: 'Accompagnement individuel',
  collective_workshop: 'Atelier collectif',
  remote: 'À distance',
  self_service: 'En autonomie',
};

export const QUALIFICATION_STATE_LABELS: Record<QualificationState, string> = {
  never_qualified: 'Non qualifié',
  qualified: 'Qualifié',
  expired: 'Qualification expirée',
  suspended: 'Qualification suspendue',
};

export const REGISTER_EVENT_LABELS: Record<RegisterEvent, string> = {
  qualified: 'Qualification accordée',
  changes_requested: 'Compléments demandés',
  rejected: 'Qualification refusée',
  suspended: 'Qualification suspendue',
  suspension_lifted: 'Suspension levée',
  expired: 'Qualification expirée',
};

/** 45 → "45 min", 120 → "2 h", 90 → "1 h 30". */
export function durationInWords(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')}`;
}

/** "+33556000000" → "05 56 00 00 00" for French numbers; others as given. */
export function formatPhone(phone: string): string {
  const french = /^\+33(\d{9})$/.exec(phone);
  if (!french) return phone;
  return `0${french[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}
