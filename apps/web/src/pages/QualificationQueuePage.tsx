import { useEffect, useState } from 'react';
import { type QualificationApplication, type RenewalReminder, type RenewalReminders, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { errorMessage } from '../forms';
import { formatDateTime, formatDay, plural } from '../labels';
import { APPLICATION_STATUS_LABELS } from '../qualification-labels';
import { Link } from '../router';

/**
 * The operator's review pipeline: applications sent by places and waiting for a decision, oldest
 * first; then qualifications ending soon and those expired without renewal.
 */
export function QualificationQueuePage() {
  const [applications, setApplications] = useState<QualificationApplication[] | null>(null);
  const [renewals, setRenewals] = useState<RenewalReminders | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.applications({ status: 'submitted' }).then(
      (list) => setApplications([...list].sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''))),
      (error: unknown) => setLoadError(errorMessage(error)),
    );
    api.renewals().then(setRenewals, (error: unknown) => setLoadError(errorMessage(error)));
  }, []);

  return (
    <Page title="Qualification des lieux">
      <p>
        Les demandes ci-dessous ont été envoyées par des lieux de médiation numérique. Examinez chaque critère du référentiel, puis
        qualifiez le lieu, demandez des compléments ou refusez la demande, en motivant votre décision. Plus bas : les qualifications qui
        arrivent à leur fin et celles qui ont expiré sans être renouvelées.
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
                <th scope="col">Type</th>
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
                  <td>{application.renewalOfDecisionId ? 'Renouvellement' : 'Première demande'}</td>
                  <td className="nowrap">{formatDateTime(application.submittedAt)}</td>
                  <td>version {application.referentialVersion}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
      {renewals ? (
        <>
          <RenewalTable
            id="titre-echeances"
            title={`Qualifications arrivant à échéance (${Math.max(...renewals.reminderDays)} jours)`}
            empty="Aucune qualification ne se termine dans les prochains jours."
            caption={(count) => `${plural(count, 'qualification')} à renouveler, la plus proche de sa fin en premier`}
            reminders={renewals.expiring}
          />
          <RenewalTable
            id="titre-expirees"
            title="Qualifications expirées sans renouvellement"
            empty="Aucune qualification n’a expiré sans être renouvelée."
            caption={(count) => `${plural(count, 'qualification expirée', 'qualifications expirées')}, la plus récente en premier`}
            reminders={renewals.expired}
          />
        </>
      ) : null}
    </Page>
  );
}

function RenewalTable({
  id,
  title,
  empty,
  caption,
  reminders,
}: {
  id: string;
  title: string;
  empty: string;
  caption: (count: number) => string;
  reminders: RenewalReminder[];
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {reminders.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <DataTable caption={caption(reminders.length)}>
          <thead>
            <tr>
              <th scope="col">Lieu</th>
              <th scope="col">Fin de qualification</th>
              <th scope="col">Échéance</th>
              <th scope="col">Renouvellement</th>
            </tr>
          </thead>
          <tbody>
            {reminders.map((reminder) => (
              <tr key={reminder.placeId}>
                <th scope="row" className="cell--name">
                  <Link href={`/lieux-geres/${reminder.placeId}`}>{reminder.placeName}</Link>
                  <br />
                  <span className="muted">
                    {reminder.commune}
                    {reminder.suspended ? ', suspendu' : ''}
                  </span>
                </th>
                <td className="nowrap">{formatDay(reminder.qualifiedUntil)}</td>
                <td>
                  {reminder.daysLeft < 0
                    ? `expirée depuis ${plural(-reminder.daysLeft, 'jour')}`
                    : reminder.daysLeft === 0
                      ? 'dernier jour'
                      : `dans ${plural(reminder.daysLeft, 'jour')} (rappel des ${reminder.reminder} jours)`}
                </td>
                <td>
                  {reminder.renewal ? (
                    <Link href={`/qualification/${reminder.renewal.applicationId}`}>
                      {APPLICATION_STATUS_LABELS[reminder.renewal.status]}
                      <span className="visually-hidden"> : demande de renouvellement de {reminder.placeName}</span>
                    </Link>
                  ) : (
                    'Pas encore demandé'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
