import type { RenewalReminder, RenewalReminders } from '../api';
import { formatDay, plural } from '../labels';
import { Link } from '../router';
import { useApplicationOpener } from '../useApplicationOpener';
import { ErrorMessage } from './ErrorSummary';

/** "se termine le 15 janvier 2027, dans 20 jours" / "a pris fin le 15 janvier 2027". */
export function renewalDeadline(reminder: RenewalReminder): string {
  if (reminder.daysLeft < 0) return `a pris fin le ${formatDay(reminder.qualifiedUntil)}`;
  if (reminder.daysLeft === 0) return `se termine aujourd’hui, ${formatDay(reminder.qualifiedUntil)}`;
  return `se termine le ${formatDay(reminder.qualifiedUntil)}, dans ${plural(reminder.daysLeft, 'jour')}`;
}

const RENEWAL_STATUS: Record<string, string> = {
  draft: 'Votre demande de renouvellement est commencée : complétez-la puis envoyez-la pour examen.',
  submitted: 'Votre demande de renouvellement est en cours d’examen par l’opérateur.',
  changes_requested: 'L’opérateur demande des compléments à votre demande de renouvellement.',
};

/**
 * A place organisation's qualifications ending soon (from the first reminder, 90 days by default)
 * or expired without renewal: the date, the days left, and the way to ask for the renewal.
 * `currentApplicationId`: the page is that application (no link to itself).
 */
export function RenewalBanner({ reminders, currentApplicationId }: { reminders: RenewalReminders | null; currentApplicationId?: string }) {
  const { opening, error, open } = useApplicationOpener();
  const items = reminders ? [...reminders.expiring, ...reminders.expired] : [];
  if (items.length === 0) return null;

  return (
    <section aria-labelledby="titre-renouvellement" className="notice notice--warning renewal-banner">
      <h2 id="titre-renouvellement">{items.length === 1 ? 'Qualification à renouveler' : 'Qualifications à renouveler'}</h2>
      <ErrorMessage message={error} />
      <ul className="plain">
        {items.map((reminder) => (
          <li key={reminder.placeId}>
            <p>
              La qualification de <strong>{reminder.placeName}</strong> {renewalDeadline(reminder)}.
              {reminder.daysLeft < 0
                ? ' Le lieu n’apparaît plus sur la carte et ne peut plus encaisser de chèques tant que sa qualification n’est pas renouvelée.'
                : ' Le lieu reste sur la carte et peut encaisser des chèques jusqu’à cette date.'}
            </p>
            {reminder.renewal ? (
              <p>
                {RENEWAL_STATUS[reminder.renewal.status]}{' '}
                {reminder.renewal.applicationId === currentApplicationId ? null : (
                  <Link href={`/qualification/${reminder.renewal.applicationId}`}>
                    Voir la demande de renouvellement<span className="visually-hidden"> de {reminder.placeName}</span>
                  </Link>
                )}
              </p>
            ) : (
              <p>
                <button
                  type="button"
                  className="button button--small"
                  disabled={opening !== null}
                  onClick={() => void open({ id: reminder.placeId, name: reminder.placeName }, true)}
                >
                  Demander le renouvellement<span className="visually-hidden"> de {reminder.placeName}</span>
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
      <p>
        La demande reprend vos réponses de la dernière qualification et vous propose d’en joindre à nouveau les justificatifs : mettez-les à
        jour avant de l’envoyer. Renouvelée avant la fin, la nouvelle qualification prend la suite sans interruption ; après, elle court à
        partir de la décision.
      </p>
    </section>
  );
}
