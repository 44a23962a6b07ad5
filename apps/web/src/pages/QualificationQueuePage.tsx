import { useEffect, useState } from 'react';
import { type QualificationApplication, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { errorMessage } from '../forms';
import { formatDateTime, plural } from '../labels';
import { Link } from '../router';

/** The operator's queue: applications sent by places and waiting for a decision, oldest first. */
export function QualificationQueuePage() {
  const [applications, setApplications] = useState<QualificationApplication[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.applications({ status: 'submitted' }).then(
      (list) => setApplications([...list].sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''))),
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, []);

  return (
    <Page title="Qualification des lieux">
      <p>
        Les demandes ci-dessous ont été envoyées par des lieux de médiation numérique. Examinez chaque critère du référentiel, puis
        qualifiez le lieu, demandez des compléments ou refusez la demande, en motivant votre décision.
      </p>
      <ErrorMessage message={loadError} />
      <section aria-labelledby="titre-file">
        <h2 id="titre-file">Demandes à examiner</h2>
        {applications === null ? (
          loadError ? null : (
            <p>Chargement des demandes…</p>
          )
        ) : applications.length === 0 ? (
          <p>Aucune demande à examiner pour le moment.</p>
        ) : (
          <DataTable caption={`${plural(applications.length, 'demande')} à examiner, la plus ancienne en premier`}>
            <thead>
              <tr>
                <th scope="col">Lieu</th>
                <th scope="col">Envoyée le</th>
                <th scope="col">Référentiel</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((application) => (
                <tr key={application.id}>
                  <th scope="row" className="cell--name">
                    <Link href={`/qualification/${application.id}`}>{application.placeName || 'Demande sans nom'}</Link>
                  </th>
                  <td className="nowrap">{formatDateTime(application.submittedAt)}</td>
                  <td>version {application.referentialVersion}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
    </Page>
  );
}
