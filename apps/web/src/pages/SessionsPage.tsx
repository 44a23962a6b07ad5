import { useEffect, useRef, useState } from 'react';
import { type Session, api } from '../api';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { ErrorMessage } from '../components/ErrorSummary';
import { DataTable } from '../components/DataTable';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { errorMessage } from '../forms';
import { browserLabel, formatDateTime } from '../labels';

export function SessionsPage() {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  async function load(): Promise<void> {
    try {
      setSessions(await api.sessions());
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function end(session: Session): Promise<void> {
    setActionError(null);
    try {
      await api.endSession(session.id);
      setStatus(`La session ouverte le ${formatDateTime(session.createdAt)} (${browserLabel(session.userAgent)}) a été fermée.`);
    } catch (error) {
      setStatus(null);
      setActionError(errorMessage(error, { not_found: 'Cette session était déjà fermée.' }));
    }
    await load();
    // The button is gone with its row: keep the keyboard focus on the result.
    statusRef.current?.focus();
  }

  return (
    <Page title="Mes sessions">
      <p>
        Chaque connexion à votre compte ouvre une session. Si vous ne reconnaissez pas une session, ou si vous avez oublié de vous
        déconnecter d'un ordinateur partagé, fermez-la.
      </p>
      <StatusMessage message={status} ref={statusRef} />
      <ErrorMessage message={actionError} />
      <ErrorMessage message={loadError} />
      {sessions === null ? (
        loadError ? null : (
          <p>Chargement des sessions…</p>
        )
      ) : (
        <DataTable caption="Vos sessions ouvertes">
          <thead>
            <tr>
              <th scope="col">Début</th>
              <th scope="col">Dernière activité</th>
              <th scope="col">Fin</th>
              <th scope="col">Navigateur</th>
              <th scope="col">Adresse IP</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>{formatDateTime(session.createdAt)}</td>
                <td>{formatDateTime(session.lastSeenAt)}</td>
                <td>{formatDateTime(session.expiresAt)}</td>
                <td>{browserLabel(session.userAgent)}</td>
                <td>{session.ipAddress ?? 'Inconnue'}</td>
                <td>
                  {session.current ? (
                    <span className="badge badge--current">Session actuelle</span>
                  ) : (
                    <button type="button" className="button button--secondary button--small" onClick={() => void end(session)}>
                      Fermer cette session
                      <span className="visually-hidden"> ouverte le {formatDateTime(session.createdAt)}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <ChangePasswordForm onChanged={() => void load()} />
    </Page>
  );
}
