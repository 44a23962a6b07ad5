import { type FormEvent, Suspense, lazy, useEffect, useState } from 'react';
import type { Page as ResultPage } from '../api';
import { ErrorMessage } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { errorMessage } from '../forms';
import { plural } from '../labels';
import {
  FRAIS_A_CHARGE,
  MODALITES_ACCOMPAGNEMENT,
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '../national-schema';
import { type PlaceFilters, type PublicPlace, filtersFromSearch, filtersQuery, placesApi } from '../publicPlaces';
import { NearestPlacesSection } from '../components/NearestPlaces';
import { OpenNowBadge } from '../components/OpenNowBadge';
import { Link } from '../router';
import '../places.css';

// Leaflet is only loaded when someone opens the map view.
const PlacesMap = lazy(() => import('../components/PlacesMap'));

type View = 'liste' | 'carte';

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/** The filters that pick one value of a national vocabulary. */
const VOCABULARY_FILTERS: Array<{
  key: 'service' | 'modality' | 'public' | 'fees' | 'accessibility';
  id: string;
  label: string;
  placeholder: string;
  values: readonly string[];
}> = [
  { key: 'service', id: 'filtre-service', label: 'Service', placeholder: 'Tous les services', values: SERVICES },
  {
    key: 'modality',
    id: 'filtre-modalite',
    label: "Modalité d'accompagnement",
    placeholder: 'Toutes les modalités',
    values: MODALITES_ACCOMPAGNEMENT,
  },
  {
    key: 'public',
    id: 'filtre-public',
    label: 'Public accueilli',
    placeholder: 'Tous les publics',
    values: PUBLICS_SPECIFIQUEMENT_ADRESSES,
  },
  { key: 'fees', id: 'filtre-frais', label: 'Frais', placeholder: 'Tous', values: FRAIS_A_CHARGE },
  {
    key: 'accessibility',
    id: 'filtre-accessibilite',
    label: 'Accessibilité et accompagnement adapté',
    placeholder: 'Sans préférence',
    values: PRISES_EN_CHARGE_SPECIFIQUES,
  },
];

/**
 * "/carte": qualified places, as a list (first, and enough on its own) or on a map, with the same
 * filters. The filters live in the address (`/carte?departement=33`) so other pages can link here.
 */
export function PlacesMapPage() {
  const [filters, setFilters] = useState<PlaceFilters>(() => filtersFromSearch(window.location.search));
  const [draft, setDraft] = useState<PlaceFilters>(filters);
  // A commune given by the address (e.g. from a cheque): offered as a box to untick.
  const [communeFromAddress] = useState(filters.commune);
  // The territory of a cheque (link of the cheque check page), shown as a reminder.
  const [territory] = useState(() =>
    (new URLSearchParams(window.location.search).get('territoire') ?? '')
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean),
  );
  // `?proche=<INSEE>` (the QR code of the « Où utiliser vos chèques » sheet): the places nearest to that commune.
  const [nearCommune] = useState(() => new URLSearchParams(window.location.search).get('proche') ?? undefined);
  const [view, setView] = useState<View>(() => (new URLSearchParams(window.location.search).get('vue') === 'carte' ? 'carte' : 'liste'));
  const [pageNumber, setPageNumber] = useState(1);
  const [result, setResult] = useState<ResultPage<PublicPlace> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setLoadError(null);
    placesApi.search(filters, pageNumber).then(
      (page) => current && setResult(page),
      (error: unknown) => {
        if (!current) return;
        setResult(null);
        setLoadError(errorMessage(error, { validation_failed: 'Un des filtres est incorrect : vérifiez le code du département.' }));
      },
    );
    return () => {
      current = false;
    };
  }, [filters, pageNumber]);

  useEffect(() => {
    // Keep the address shareable (no new history entry for each search).
    const query = filtersQuery(filters, view === 'carte' ? { vue: 'carte' } : {});
    window.history.replaceState(window.history.state, '', `/carte${query}`);
  }, [filters, view]);

  function set<K extends keyof PlaceFilters>(key: K, value: PlaceFilters[K]): void {
    setDraft((previous) => ({ ...previous, [key]: value }));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setFilters({ ...draft, q: draft.q?.trim(), departement: draft.departement?.trim() });
    setPageNumber(1);
  }

  function reset(): void {
    setDraft({});
    setFilters({});
    setPageNumber(1);
  }

  const count = result
    ? result.total === 0
      ? 'Aucun lieu ne correspond à votre recherche.'
      : `${plural(result.total, 'lieu trouvé', 'lieux trouvés')}${result.totalPages > 1 ? ` (page ${result.page} sur ${result.totalPages})` : ''}.`
    : loadError
      ? null
      : 'Recherche des lieux en cours…';

  return (
    <Page title="Trouver un lieu" heading="Trouver un lieu de médiation numérique">
      <p className="lead">
        Les lieux qualifiés acceptent le Pass numérique : vous y êtes accompagné·e pour apprendre à utiliser le numérique ou faire vos
        démarches.
      </p>
      {territory.length > 0 ? (
        <p className="notice">
          Votre chèque s'utilise dans les lieux de ce territoire (codes de département ou de commune) : {territory.join(', ')}.
        </p>
      ) : null}
      <NearestPlacesSection initialCommuneCode={nearCommune} />

      <p>
        <a href="#titre-resultats">Aller directement à tous les lieux</a>
      </p>

      <section aria-labelledby="titre-filtres" className="panel">
        <h2 id="titre-filtres">Filtrer les lieux</h2>
        <form role="search" aria-labelledby="titre-filtres" onSubmit={submit} className="place-filters">
          <TextField
            id="filtre-q"
            label="Nom, commune ou code postal"
            autoComplete="off"
            value={draft.q ?? ''}
            onChange={(event) => set('q', event.target.value)}
          />
          {VOCABULARY_FILTERS.map((filter) => (
            <SelectField
              key={filter.key}
              id={filter.id}
              label={filter.label}
              placeholder={filter.placeholder}
              options={options(filter.values)}
              value={draft[filter.key] ?? ''}
              onChange={(event) => set(filter.key, event.target.value)}
            />
          ))}
          <TextField
            id="filtre-departement"
            label="Département"
            hint="Son numéro, par exemple 33 ou 2A."
            autoComplete="off"
            maxLength={3}
            value={draft.departement ?? ''}
            onChange={(event) => set('departement', event.target.value)}
          />
          {communeFromAddress ? (
            <div className="checkbox">
              <input
                type="checkbox"
                id="filtre-commune"
                checked={draft.commune === communeFromAddress}
                onChange={(event) => set('commune', event.target.checked ? communeFromAddress : undefined)}
              />
              <label htmlFor="filtre-commune">Seulement la commune de code INSEE {communeFromAddress}</label>
            </div>
          ) : null}
          <div className="checkbox">
            <input
              type="checkbox"
              id="filtre-ouvert"
              checked={draft.openNow ?? false}
              onChange={(event) => set('openNow', event.target.checked)}
            />
            <label htmlFor="filtre-ouvert">Ouvert maintenant</label>
          </div>
          <div className="button-row">
            <button type="submit" className="button">
              Rechercher
            </button>
            <button type="button" className="button button--secondary" onClick={reset}>
              Effacer les filtres
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="titre-resultats">
        <h2 id="titre-resultats" tabIndex={-1}>
          Résultats
        </h2>
        <p role="status" className="results-count">
          {count}
        </p>
        <ErrorMessage message={loadError} />
        <div className="view-switch" role="group" aria-label="Affichage des résultats">
          <button type="button" className="button button--secondary" aria-pressed={view === 'liste'} onClick={() => setView('liste')}>
            Liste
          </button>
          <button type="button" className="button button--secondary" aria-pressed={view === 'carte'} onClick={() => setView('carte')}>
            Carte
          </button>
        </div>
        {view === 'carte' ? (
          <Suspense fallback={<p>Chargement de la carte…</p>}>
            <PlacesMap filters={filters} />
            <p className="hint">La carte montre tous les lieux trouvés. La liste donne les mêmes lieux, lisibles au clavier.</p>
          </Suspense>
        ) : result ? (
          <PlaceList places={result.items} />
        ) : null}
        {view === 'liste' && result && result.totalPages > 1 ? (
          <nav className="pagination" aria-label="Pages de résultats">
            <button
              type="button"
              className="button button--secondary"
              disabled={result.page <= 1}
              onClick={() => setPageNumber(result.page - 1)}
            >
              Page précédente
            </button>
            <span>
              Page {result.page} sur {result.totalPages}
            </span>
            <button
              type="button"
              className="button button--secondary"
              disabled={result.page >= result.totalPages}
              onClick={() => setPageNumber(result.page + 1)}
            >
              Page suivante
            </button>
          </nav>
        ) : null}
      </section>

      <p>
        Voir aussi : <Link href="/referentiel">le référentiel de qualification</Link> et{' '}
        <Link href="/registre">le registre des qualifications et les données ouvertes</Link>.
      </p>
    </Page>
  );
}

function PlaceList({ places }: { places: PublicPlace[] }) {
  if (places.length === 0) return null;
  return (
    <ul className="place-list" aria-label="Lieux trouvés">
      {places.map((place) => (
        <li key={place.id} className="place-item">
          <h3 className="place-item__name">
            <Link href={`/lieux/${place.id}`}>{place.nom}</Link>
          </h3>
          <p className="place-item__address">
            {place.adresse}
            {place.complement_adresse ? `, ${place.complement_adresse}` : ''}, {place.code_postal} {place.commune}
          </p>
          <OpenNowBadge openNow={place.openNow} nextOpening={place.nextOpening} />
          {place.services?.length ? (
            <p className="place-item__services">
              <span className="muted">Services : </span>
              {place.services.join(' · ')}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
