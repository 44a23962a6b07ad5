/**
 * « Près de chez vous »: the qualified places nearest to a commune (typed by name or postcode) or to
 * the person's position (« Autour de moi », asked of the browser, sent once as the query, never kept),
 * with the distance and the next opening. Never ends on an empty list without saying what to do.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../forms';
import { type Commune, type NearestPlaces, type ProximityOrigin, placesApi } from '../publicPlaces';
import { Link } from '../router';
import { distanceInWords } from '../shared-domain';
import { CommuneCombobox } from './CommuneCombobox';
import { OpenNowBadge } from './OpenNowBadge';

const FIRST_COUNT = 5;
const MORE_COUNT = 15;

type Search = { origin: ProximityOrigin; label: string };

export function NearestPlacesSection({ initialCommuneCode, intro }: { initialCommuneCode?: string; intro?: string }) {
  const [commune, setCommune] = useState<Commune | null>(null);
  const [openNow, setOpenNow] = useState(false);
  const [search, setSearch] = useState<Search | null>(null);
  const [limit, setLimit] = useState(FIRST_COUNT);
  const [result, setResult] = useState<NearestPlaces | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!initialCommuneCode) return;
    placesApi.commune(initialCommuneCode).then(
      (found) => {
        setCommune(found);
        setSearch({ origin: { commune: found.code }, label: found.nom });
      },
      () => setMessage(null),
    );
  }, [initialCommuneCode]);

  useEffect(() => {
    if (!search) return;
    let current = true;
    setBusy(true);
    placesApi
      .nearest(search.origin, { limit, openNow })
      .then(
        (found) => {
          if (!current) return;
          setResult(found);
          setMessage(null);
        },
        (error: unknown) => {
          if (!current) return;
          setResult(null);
          setMessage(
            errorMessage(error, {
              validation_failed: 'Cette commune ne peut pas servir de point de départ : choisissez une commune voisine.',
            }),
          );
        },
      )
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [search, limit, openNow]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!commune) {
      setMessage('Tapez le nom ou le code postal de votre commune, puis choisissez-la dans la liste.');
      return;
    }
    setLimit(FIRST_COUNT);
    setSearch({ origin: { commune: commune.code }, label: commune.nom });
  }

  function aroundMe(): void {
    if (!('geolocation' in navigator)) {
      setMessage('Votre navigateur ne peut pas donner votre position : tapez le nom de votre commune.');
      return;
    }
    setBusy(true);
    setMessage('Recherche de votre position…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        // Only the position's coordinates leave the browser, as the query; the server keeps nothing.
        setLimit(FIRST_COUNT);
        setSearch({ origin: { latitude: position.coords.latitude, longitude: position.coords.longitude }, label: 'votre position' });
      },
      () => {
        setBusy(false);
        setMessage("Votre position n'est pas disponible (refusée ou introuvable) : tapez le nom de votre commune.");
      },
      { maximumAge: 300_000, timeout: 15_000 },
    );
  }

  return (
    <section aria-labelledby="titre-proches" className="panel">
      <h2 id="titre-proches">Les lieux les plus proches</h2>
      {intro ? <p>{intro}</p> : null}
      <form role="search" aria-labelledby="titre-proches" onSubmit={submit} noValidate>
        <CommuneCombobox
          id="proche-commune"
          label="Votre commune"
          hint="Tapez son nom ou son code postal, par exemple Mérignac ou 33700, puis choisissez-la dans la liste."
          value={commune}
          onChange={setCommune}
        />
        <div className="checkbox">
          <input type="checkbox" id="proche-ouvert" checked={openNow} onChange={(event) => setOpenNow(event.target.checked)} />
          <label htmlFor="proche-ouvert">Seulement les lieux ouverts maintenant</label>
        </div>
        <div className="button-row">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            Chercher près de cette commune
          </button>
          <button type="button" className="button button--secondary" onClick={aroundMe}>
            Autour de moi
          </button>
        </div>
      </form>
      <p role="status" className="results-count">
        {busy ? 'Recherche des lieux proches…' : (message ?? (result && search ? summary(result, search.label) : ''))}
      </p>
      {result && result.items.length > 0 ? (
        <>
          <ol className="place-list" aria-label={`Lieux les plus proches de ${search?.label ?? ''}`}>
            {result.items.map((place) => (
              <li key={place.id} className="place-item">
                <h3 className="place-item__name">
                  <Link href={`/lieux/${place.id}`}>{place.nom}</Link>
                </h3>
                <p className="place-item__distance">
                  <strong>À {distanceInWords(place.distanceKm)}</strong> <span className="muted">(à vol d'oiseau)</span>
                </p>
                <p className="place-item__address">
                  {place.adresse}
                  {place.complement_adresse ? `, ${place.complement_adresse}` : ''}, {place.code_postal} {place.commune}
                </p>
                <OpenNowBadge openNow={place.openNow} nextOpening={place.nextOpening} />
                {place.telephone ? (
                  <p>
                    Téléphone : <a href={`tel:${place.telephone}`}>{place.telephone}</a>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
          {limit < MORE_COUNT && result.items.length === limit ? (
            <button type="button" className="button button--secondary" onClick={() => setLimit(MORE_COUNT)}>
              Voir plus de lieux proches
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function summary(result: NearestPlaces, label: string): string {
  if (result.items.length === 0)
    return "Aucun lieu qualifié n'a encore de position sur la carte : consultez la liste de tous les lieux ci-dessous.";
  const from = result.commune ? `de ${result.commune.nom}` : `de ${label}`;
  if (result.noneOpenNow)
    return `Aucun lieu proche n'est ouvert maintenant. Voici les plus proches ${from}, avec leur prochaine ouverture.`;
  const approximate =
    result.commune && result.commune.positionSource !== 'commune' ? ' Les distances sont approximatives pour cette commune.' : '';
  const which = result.items.length === 1 ? 'Le lieu le plus proche' : `Les ${result.items.length} lieux les plus proches`;
  return `${which} ${from}, du plus proche au plus loin.${approximate}`;
}
