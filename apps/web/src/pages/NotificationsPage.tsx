/** « Mes notifications »: the e-mails a person receives, and the non-essential ones they may switch off. */
import { useEffect, useRef, useState } from 'react';
import { type NotificationKind, type NotificationPreference, api } from '../api';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { errorMessage } from '../forms';
import { NOTIFICATION_LABELS } from '../labels';
import { useSubmit } from '../useSubmit';

export function NotificationsPage() {
  const [preferences, setPreferences] = useState<NotificationPreference[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [wanted, setWanted] = useState<NotificationKind[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api.notificationPreferences().then(
      (loaded) => {
        setPreferences(loaded);
        setWanted(loaded.filter((preference) => preference.enabled).map((preference) => preference.kind));
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, []);

  const optional = preferences?.filter((preference) => !preference.essential) ?? [];
  const essential = preferences?.filter((preference) => preference.essential) ?? [];

  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      setStatus(null);
      const saved = await api.setNotificationPreferences(
        optional.filter((preference) => !wanted.includes(preference.kind)).map((preference) => preference.kind),
      );
      setPreferences(saved);
      setStatus('Vos choix sont enregistrés.');
      statusRef.current?.focus();
    },
    (error) => ({ message: errorMessage(error), fields: {} }),
  );

  function toggle(kind: NotificationKind, on: boolean): void {
    setWanted((current) => (on ? [...current, kind] : current.filter((candidate) => candidate !== kind)));
  }

  return (
    <Page title="Mes notifications">
      <p>
        La plateforme vous écrit par e-mail quand quelque chose concerne votre organisation. Choisissez ici les messages que vous voulez
        recevoir ; ce choix ne vaut que pour vous, pas pour les autres personnes de votre organisation.
      </p>
      <StatusMessage message={status} ref={statusRef} />
      <ErrorMessage message={loadError} />
      <ErrorMessage message={errors?.message ?? null} />
      {preferences === null ? (
        loadError ? null : (
          <p>Chargement de vos notifications…</p>
        )
      ) : (
        <>
          {optional.length > 0 ? (
            <form onSubmit={onSubmit} noValidate className="panel">
              <fieldset className="field">
                <legend>Messages que vous pouvez choisir</legend>
                <p className="hint" id="notifications-aide">
                  Cochez ceux que vous voulez recevoir. Même sans e-mail, vous retrouvez ces informations en vous connectant.
                </p>
                {optional.map((preference) => {
                  const id = `notification-${preference.kind}`;
                  return (
                    <div className="checkbox checkbox--with-hint" key={preference.kind}>
                      <input
                        type="checkbox"
                        id={id}
                        name="notifications"
                        value={preference.kind}
                        checked={wanted.includes(preference.kind)}
                        aria-describedby={`${id}-aide`}
                        onChange={(event) => toggle(preference.kind, event.target.checked)}
                      />
                      <label htmlFor={id}>{NOTIFICATION_LABELS[preference.kind].label}</label>
                      <p className="hint" id={`${id}-aide`}>
                        {NOTIFICATION_LABELS[preference.kind].hint}
                      </p>
                    </div>
                  );
                })}
              </fieldset>
              <button type="submit" className="button" disabled={pending}>
                Enregistrer mes choix
              </button>
            </form>
          ) : (
            <p>Votre rôle ne reçoit aucun message facultatif : il n’y a rien à choisir.</p>
          )}
          {essential.length > 0 ? (
            <section aria-labelledby="titre-essentiels">
              <h2 id="titre-essentiels">Messages toujours envoyés</h2>
              <p>Ils vous disent que de l’argent ou des coordonnées bancaires ont été refusés : ils ne peuvent pas être désactivés.</p>
              <ul>
                {essential.map((preference) => (
                  <li key={preference.kind}>
                    <strong>{NOTIFICATION_LABELS[preference.kind].label}</strong> — {NOTIFICATION_LABELS[preference.kind].hint}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <p>
            Les messages d’accès à votre compte (invitation, mot de passe oublié) sont toujours envoyés, eux aussi. Aucun message ne
            contient d’image ni de lien de suivi.
          </p>
        </>
      )}
    </Page>
  );
}
