import { useEffect, useState } from 'react';
import { type ManagedPlace, type Me, type Page as ApiPage, type QualificationApplication, type RenewalReminders, api } from '../api';
import { PLACE_EDITORS } from '../access';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { QualificationRequest } from '../components/QualificationRequest';
import { RenewalBanner } from '../components/RenewalBanner';
import { errorMessage } from '../forms';
import { formatDateTime, plural } from '../labels';
import { APPLICATION_STATUS_LABELS, OPEN_STATUSES, placeQualificationLabel } from '../qualification-labels';
import { Link } from '../router';
import { useApplicationOpener } from '../useApplicationOpener';

/** The places an organisation manages, their qualification, and its applications. */
export function ManagedPlacesPage({ me }: { me: Me }) {
  const [places, setPlaces] = useState<ApiPage<ManagedPlace> | null>(null);
  const [applications, setApplications] = useState<QualificationApplication[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { opening, error: actionError, open } = useApplicationOpener();
  const [renewals, setRenewals] = useState<RenewalReminders | null>(null);
  const placeAgent = me.role === 'place_agent';

  useEffect(() => {
    Promise.all([api.managedPlaces({ pageSize: 200 }), api.applications()]).then(
      ([placePage, list]) => {
        setPlaces(placePage);
        setApplications(list);
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
    if (placeAgent) api.renewals().then(setRenewals, () => setRenewals(null));
  }, [placeAgent]);

  const editor = PLACE_EDITORS.includes(me.role);

  function openApplicationOf(place: ManagedPlace): QualificationApplication | undefined {
    return applications?.find((application) => application.placeId === place.id && OPEN_STATUSES.includes(application.status));
  }

  return (
    <Page title={placeAgent ? 'Mes lieux' : 'Lieux gérés'}>
      <p>
        Un lieu qualifié apparaît sur la carte publique et peut encaisser des chèques Pass numérique. La qualification s’obtient en
        répondant aux critères du référentiel, puis un relecteur de l’opérateur examine la demande.
      </p>
      <ErrorMessage message={loadError} />
      <ErrorMessage message={actionError} />
      {placeAgent ? <RenewalBanner reminders={renewals} /> : null}

      <section aria-labelledby="titre-lieux">
        <h2 id="titre-lieux">{placeAgent ? 'Les lieux de votre organisation' : 'Tous les lieux'}</h2>
        {editor ? (
          <ul className="actions plain">
            <li>
              <Link href="/lieux-geres/nouveau" className="button">
                Ajouter un lieu
              </Link>
            </li>
            {me.role === 'operator_admin' ? (
              <li>
                <Link href="/import-lieux" className="button button--secondary">
                  Importer des lieux (CSV)
                </Link>
              </li>
            ) : null}
          </ul>
        ) : null}
        {places === null ? (
          loadError ? null : (
            <p>Chargement des lieux…</p>
          )
        ) : places.items.length === 0 ? (
          <p>Aucun lieu pour le moment.</p>
        ) : (
          <DataTable caption={plural(places.total, 'lieu', 'lieux')}>
            <thead>
              <tr>
                <th scope="col">Lieu</th>
                <th scope="col">Commune</th>
                <th scope="col">Qualification</th>
                {editor ? <th scope="col">Fiche</th> : null}
                {placeAgent ? <th scope="col">Demande</th> : null}
              </tr>
            </thead>
            <tbody>
              {places.items.map((place) => {
                const inProgress = openApplicationOf(place);
                return (
                  <tr key={place.id}>
                    <th scope="row" className="cell--name">
                      <Link href={`/lieux-geres/${place.id}`}>{place.nom}</Link>
                    </th>
                    <td>
                      {place.code_postal} {place.commune}
                    </td>
                    <td>
                      {placeQualificationLabel(place.qualification)}
                      {place.qualification.state === 'suspended' && place.qualification.suspensionReason ? (
                        <>
                          <br />
                          <span className="muted">Motif : {place.qualification.suspensionReason}</span>
                        </>
                      ) : null}
                    </td>
                    {editor ? (
                      <td>
                        <Link href={`/lieux-geres/${place.id}/modifier`}>
                          Modifier<span className="visually-hidden"> la fiche de {place.nom}</span>
                        </Link>
                      </td>
                    ) : null}
                    {placeAgent ? (
                      <td>
                        <QualificationRequest place={place} inProgress={inProgress} renewals={renewals} opening={opening} onOpen={open} />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </DataTable>
        )}
      </section>

      <section aria-labelledby="titre-demandes">
        <h2 id="titre-demandes">Demandes de qualification</h2>
        {applications === null ? (
          loadError ? null : (
            <p>Chargement des demandes…</p>
          )
        ) : applications.length === 0 ? (
          <p>Aucune demande de qualification pour le moment.</p>
        ) : (
          <DataTable caption={plural(applications.length, 'demande')}>
            <thead>
              <tr>
                <th scope="col">Lieu</th>
                <th scope="col">Statut</th>
                <th scope="col">Envoyée le</th>
                <th scope="col">Mise à jour</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((application) => (
                <tr key={application.id}>
                  <th scope="row" className="cell--name">
                    <Link href={`/qualification/${application.id}`}>
                      {application.placeName || 'Demande'}
                      <span className="visually-hidden"> : ouvrir la demande du {formatDateTime(application.updatedAt)}</span>
                    </Link>
                  </th>
                  <td>{APPLICATION_STATUS_LABELS[application.status]}</td>
                  <td className="nowrap">{formatDateTime(application.submittedAt)}</td>
                  <td className="nowrap">{formatDateTime(application.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
    </Page>
  );
}
