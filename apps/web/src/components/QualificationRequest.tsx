/**
 * What a place agent can do about a place's qualification, on the list of its places and on the
 * place's page: follow the application in progress, wait for the renewal window, or apply.
 */
import type { ManagedPlace, QualificationApplication, RenewalReminders } from '../api';
import { formatDay } from '../labels';
import { Link } from '../router';
import { addDays } from '../shared-domain';

/** A place qualified before asks for a renewal from the first reminder before its end; null when it may apply now. */
export function renewableFrom(place: ManagedPlace, renewals: RenewalReminders | null): string | null {
  const until = place.qualification.qualifiedUntil;
  if (until === null || !renewals) return null;
  const from = addDays(until, -Math.max(...renewals.reminderDays));
  return from > renewals.today ? from : null;
}

const IN_PROGRESS: Partial<Record<QualificationApplication['status'], { text: string; link: string }>> = {
  draft: { text: 'Votre demande est commencée : complétez-la puis envoyez-la pour examen.', link: 'Reprendre la demande' },
  submitted: { text: 'Votre demande est en cours d’examen par l’opérateur.', link: 'Voir la demande en cours' },
  changes_requested: {
    text: 'L’opérateur demande des compléments : lisez son message, complétez la demande et renvoyez-la.',
    link: 'Compléter la demande',
  },
};

export function QualificationRequest({
  place,
  inProgress,
  renewals,
  opening,
  onOpen,
  detailed = false,
}: {
  place: ManagedPlace;
  inProgress: QualificationApplication | undefined;
  renewals: RenewalReminders | null;
  /** The place whose application is being opened, if any. */
  opening: string | null;
  onOpen: (place: { id: string; name: string }, renewal: boolean) => Promise<void>;
  /** On the place's own page: a sentence with the link, and no place name repeated for screen readers. */
  detailed?: boolean;
}) {
  const forPlace = detailed ? null : <span className="visually-hidden"> pour {place.nom}</span>;
  if (inProgress) {
    const step = IN_PROGRESS[inProgress.status];
    const link = (
      <Link href={`/qualification/${inProgress.id}`}>
        {detailed && step ? step.link : 'Voir la demande en cours'}
        {forPlace}
      </Link>
    );
    return detailed && step ? (
      <p>
        {step.text} {link}
      </p>
    ) : (
      link
    );
  }
  const from = renewableFrom(place, renewals);
  if (from) return <span className="muted">Renouvellement possible à partir du {formatDay(from)}</span>;
  const renewal = place.qualification.qualifiedUntil !== null;
  return (
    <button
      type="button"
      className={detailed ? 'button' : 'button button--small'}
      disabled={opening !== null}
      onClick={() => void onOpen({ id: place.id, name: place.nom }, renewal)}
    >
      {renewal ? 'Demander le renouvellement' : 'Demander la qualification'}
      {detailed ? null : <span className="visually-hidden"> de {place.nom}</span>}
    </button>
  );
}
