import { useEffect, useState } from 'react';
import { ApiError } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { PlaceRatingsFacts } from '../components/PlaceRatingsFacts';
import { ServiceRowHeader } from '../components/ServiceRowHeader';
import { errorMessage } from '../forms';
import { formatDay, plural } from '../labels';
import {
  type PlaceDetail,
  QUALIFICATION_STATE_LABELS,
  SERVICE_MODALITY_LABELS,
  durationInWords,
  formatPhone,
  placesApi,
} from '../publicPlaces';
import { Link } from '../router';
import { OpenNowBadge } from '../components/OpenNowBadge';
import '../places.css';

const NOT_FOUND = "Ce lieu est introuvable : il n'existe pas, ou il n'est plus qualifié pour accepter le Pass numérique.";

/** "/lieux/<id>": the public page of a qualified place. */
export function PlacePage({ id }: { id: string }) {
  const [place, setPlace] = useState<PlaceDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    placesApi.place(id).then(setPlace, (error: unknown) =>
      // 404, or 400 for an address that is not a place id: the same answer for the visitor.
      setLoadError(error instanceof ApiError && (error.status === 404 || error.status === 400) ? NOT_FOUND : errorMessage(error)),
    );
  }, [id]);

  if (!place) {
    return (
      <Page title={loadError ? 'Lieu introuvable' : 'Lieu de médiation numérique'}>
        {loadError ? (
          <>
            <ErrorMessage message={loadError} />
            <p>
              <Link href="/carte">Chercher un autre lieu</Link>
            </p>
          </>
        ) : (
          <p role="status">Chargement du lieu…</p>
        )}
      </Page>
    );
  }

  const hasPosition = typeof place.latitude === 'number' && typeof place.longitude === 'number';
  const address = `${place.adresse}${place.complement_adresse ? `, ${place.complement_adresse}` : ''}, ${place.code_postal} ${place.commune}`;
  const qualification = place.qualification;

  return (
    <Page title={place.nom}>
      <p className="lead">{address}</p>
      <OpenNowBadge openNow={place.openNow} nextOpening={place.nextOpening} />
      {place.presentation_resume ? <p>{place.presentation_resume}</p> : null}

      <section aria-labelledby="titre-contact">
        <h2 id="titre-contact">Coordonnées</h2>
        <dl className="summary-list">
          <div>
            <dt>Adresse</dt>
            <dd>{address}</dd>
          </div>
          {place.telephone ? (
            <div>
              <dt>Téléphone</dt>
              <dd>
                <a href={`tel:${place.telephone}`}>{formatPhone(place.telephone)}</a>
              </dd>
            </div>
          ) : null}
          {place.courriels?.length ? (
            <div>
              <dt>Adresse e-mail</dt>
              <dd>
                {place.courriels.map((email) => (
                  <a key={email} href={`mailto:${email}`} className="block-link">
                    {email}
                  </a>
                ))}
              </dd>
            </div>
          ) : null}
          {place.site_web?.length ? (
            <div>
              <dt>Site internet</dt>
              <dd>
                {place.site_web.map((url) => (
                  <a key={url} href={url} className="block-link" rel="noopener noreferrer">
                    {url}
                  </a>
                ))}
              </dd>
            </div>
          ) : null}
          {place.prise_rdv ? (
            <div>
              <dt>Prendre rendez-vous</dt>
              <dd>
                <a href={place.prise_rdv} rel="noopener noreferrer">
                  Prendre rendez-vous en ligne
                </a>
              </dd>
            </div>
          ) : null}
        </dl>
        {hasPosition ? (
          <>
            <p>
              <a
                className="button button--secondary"
                href={`https://www.openstreetmap.org/directions?to=${place.latitude}%2C${place.longitude}`}
                rel="noopener noreferrer"
              >
                Itinéraire pour s'y rendre <span className="visually-hidden">(OpenStreetMap)</span>
              </a>
            </p>
            <p>
              <a href={`geo:${place.latitude},${place.longitude}`}>Ouvrir dans une application de cartes</a>
            </p>
          </>
        ) : null}
      </section>

      {place.presentation_detail ? (
        <section aria-labelledby="titre-presentation">
          <h2 id="titre-presentation">Présentation</h2>
          <p className="preserve-lines">{place.presentation_detail}</p>
        </section>
      ) : null}

      <section aria-labelledby="titre-horaires">
        <h2 id="titre-horaires">Horaires</h2>
        {place.week?.length ? (
          <DataTable caption="Horaires d'ouverture de la semaine" captionHidden>
            <thead>
              <tr>
                <th scope="col">Jour</th>
                <th scope="col">Horaires</th>
              </tr>
            </thead>
            <tbody>
              {place.week.map((day) => (
                <tr key={day.day}>
                  <th scope="row" className="capitalize">
                    {day.day}
                  </th>
                  <td>{day.periods.length > 0 ? day.periods.join(', ') : 'Fermé'}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : (
          <p>Les horaires ne sont pas renseignés : contactez le lieu avant de vous déplacer.</p>
        )}
      </section>

      <section aria-labelledby="titre-services">
        <h2 id="titre-services">Services et accueil</h2>
        <dl className="summary-list">
          <ListEntry term="Services proposés" values={place.services} />
          <ListEntry term="Modalités d'accompagnement" values={place.modalites_accompagnement} />
          <ListEntry term="Modalités d'accès" values={place.modalites_acces} />
          <ListEntry term="Publics accueillis en particulier" values={place.publics_specifiquement_adresses} />
          <ListEntry term="Accessibilité et accompagnement adapté" values={place.prise_en_charge_specifique} />
          <ListEntry term="Frais" values={place.frais_a_charge} />
        </dl>
        {place.fiche_acces_libre ? (
          <p>
            <a href={place.fiche_acces_libre} rel="noopener noreferrer">
              Fiche d'accessibilité du lieu (Acceslibre)
            </a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="titre-catalogue">
        <h2 id="titre-catalogue">Ce que vous pouvez payer avec le Pass numérique</h2>
        {place.catalogue.length > 0 ? (
          <DataTable caption="Accompagnements payables en chèques Pass numérique" captionHidden>
            <thead>
              <tr>
                <th scope="col">Accompagnement</th>
                <th scope="col">Modalité</th>
                <th scope="col">Durée</th>
                <th scope="col">Prix</th>
              </tr>
            </thead>
            <tbody>
              {place.catalogue.map((entry) => (
                <tr key={entry.id}>
                  <ServiceRowHeader entry={entry} />
                  <td>{SERVICE_MODALITY_LABELS[entry.modality] ?? entry.modality}</td>
                  <td>{durationInWords(entry.durationMinutes)}</td>
                  <td>{plural(entry.priceInCheques, 'chèque')}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : (
          <p>Ce lieu n'a pas encore publié ses accompagnements : demandez-lui ce que couvrent vos chèques.</p>
        )}
      </section>

      <section aria-labelledby="titre-avis">
        <h2 id="titre-avis">Avis des personnes accompagnées</h2>
        <PlaceRatingsFacts placeId={place.id} />
        <p className="hint">Après un accompagnement payé avec le Pass numérique, chacun peut donner son avis, une fois, avec son chèque.</p>
      </section>

      <section aria-labelledby="titre-qualification">
        <h2 id="titre-qualification">Qualification</h2>
        <p>
          <span className={qualification.state === 'qualified' ? 'badge badge--current' : 'badge'}>
            {QUALIFICATION_STATE_LABELS[qualification.state]}
          </span>
          {qualification.state === 'qualified' && qualification.qualifiedUntil ? (
            <> Qualifié jusqu'au {formatDay(qualification.qualifiedUntil)}</>
          ) : null}
          {qualification.referentialVersion ? <>, selon le référentiel version {qualification.referentialVersion}</> : null}.
        </p>
        <p>
          <Link href="/referentiel">Voir les critères de qualification</Link> · <Link href="/registre">Registre des qualifications</Link>
        </p>
        <p className="hint">Fiche mise à jour le {formatDay(place.date_maj)}.</p>
      </section>

      <p>
        <Link href="/carte">Chercher un autre lieu</Link>
      </p>
    </Page>
  );
}

function ListEntry({ term, values }: { term: string; values?: string[] }) {
  if (!values?.length) return null;
  return (
    <div>
      <dt>{term}</dt>
      <dd>{values.join(', ')}</dd>
    </div>
  );
}
