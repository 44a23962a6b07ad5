import { useEffect, useRef, useState } from 'react';
import { type AnomalyHold, api } from '../api';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { RadioGroup, TextAreaField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { SummaryList } from '../components/SummaryList';
import { type FormErrors, INVALID_FORM, toFormErrors } from '../forms';
import { holdError } from '../holds';
import { formatDateTime, formatEuros, plural } from '../labels';
import { newId } from '../scanner/offline-store';
import { useSubmit } from '../useSubmit';

type Decision = 'release' | 'reject' | 'confirm';

/**
 * "/verifications": the redemptions an anomaly rule held (docs/anomaly-holds.md), the oldest decision first.
 * An operator releases one (the next batch pays it) or proposes to refuse it with a reason; a refusal is
 * confirmed by a second operator (four eyes), and then the place is not paid and the cheques are cancelled.
 */
export function AnomalyHoldsPage() {
  const [holds, setHolds] = useState<AnomalyHold[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api.anomalyHolds().then(setHolds, (error: unknown) => setLoadError(holdError(error)));
  }, []);

  function decided(hold: AnomalyHold, message: string): void {
    setHolds(
      (list) =>
        list &&
        (hold.status === 'released' || hold.status === 'rejected'
          ? list.filter((item) => item.id !== hold.id)
          : list.map((item) => (item.id === hold.id ? hold : item))),
    );
    setStatus(message);
    window.setTimeout(() => feedbackRef.current?.focus(), 0);
  }

  return (
    <Page title="Encaissements en vérification">
      <p>
        Avant chaque lot de virements, des règles repèrent les encaissements inhabituels : beaucoup de chèques d’un même carnet dans un même
        lieu en moins d’une heure, un encaissement en dehors des horaires d’ouverture, un carnet remis dans un autre département, une
        journée très au-dessus de l’habitude du lieu. Ces encaissements ne sont pas payés tant que personne ne les a vérifiés ; le lieu les
        voit « en vérification », avec le motif.
      </p>
      <p>
        Libérez un encaissement vérifié : il part dans le prochain lot. Pour le refuser, indiquez le motif ; un second membre de l’opérateur
        confirme le refus. Le lieu n’est alors pas payé, les chèques sont annulés et leur valeur revient au financeur.
      </p>
      <ErrorMessage message={loadError} />
      <div ref={feedbackRef} tabIndex={-1}>
        <StatusMessage message={status} />
      </div>
      {holds === null ? (
        loadError ? null : (
          <p>Chargement des encaissements en vérification…</p>
        )
      ) : holds.length === 0 ? (
        <p>Aucun encaissement en vérification pour le moment.</p>
      ) : (
        <>
          <p>{plural(holds.length, 'encaissement')} en vérification.</p>
          {holds.map((hold) => (
            <HoldReview key={hold.id} hold={hold} onDecided={decided} />
          ))}
        </>
      )}
    </Page>
  );
}

function HoldReview({ hold, onDecided }: { hold: AnomalyHold; onDecided: (hold: AnomalyHold, message: string) => void }) {
  const proposed = hold.status === 'rejection_proposed';
  const [decision, setDecision] = useState<Decision | ''>('');
  const [text, setText] = useState('');
  const key = useRef(newId());
  const ids = { decision: `decision-${hold.id}`, text: `motif-${hold.id}` };
  const title = `${hold.placeName} — ${formatDateTime(hold.occurredAt)}`;
  const { errors, pending, onSubmit } = useSubmit(
    async (): Promise<FormErrors | void> => {
      if (!decision) return { message: INVALID_FORM, fields: { decision: ['Choisissez une décision.'] } };
      if (decision === 'reject' && !text.trim()) {
        return { message: INVALID_FORM, fields: { reason: ['Indiquez le motif du refus : le lieu le verra.'] } };
      }
      const attempt = key.current;
      key.current = newId();
      if (decision === 'release') {
        onDecided(
          await api.releaseHold(attempt, hold.id, text.trim() || undefined),
          `L’encaissement de « ${hold.placeName} » est libéré : il sera payé avec le prochain lot.`,
        );
      } else if (decision === 'reject') {
        onDecided(
          await api.rejectHold(attempt, hold.id, text.trim()),
          `Le refus de l’encaissement de « ${hold.placeName} » est proposé : un second membre de l’opérateur doit le confirmer.`,
        );
      } else {
        onDecided(
          await api.confirmHoldRejection(attempt, hold.id),
          `L’encaissement de « ${hold.placeName} » est refusé : il ne sera pas payé et ses chèques sont annulés.`,
        );
      }
      setDecision('');
      setText('');
    },
    (error) => ({ ...toFormErrors(error, {}), message: holdError(error) }),
  );

  const options = proposed
    ? [
        { value: 'confirm', label: 'Confirmer le refus (second regard)' },
        { value: 'release', label: 'Libérer plutôt : il sera payé avec le prochain lot' },
      ]
    : [
        { value: 'release', label: 'Libérer : il sera payé avec le prochain lot' },
        { value: 'reject', label: 'Refuser (un second membre de l’opérateur confirmera)' },
      ];
  return (
    <section className="panel" aria-labelledby={`titre-${hold.id}`}>
      <h2 id={`titre-${hold.id}`}>{title}</h2>
      <SummaryList
        facts={[
          ['Structure', hold.organisationName],
          ['Montant', `${formatEuros(hold.amountCents)} (${plural(hold.chequeCount, 'chèque')})`],
          ['Repéré le', formatDateTime(hold.flaggedAt)],
          [
            'État',
            proposed ? `Refus proposé le ${formatDateTime(hold.rejectionProposedAt)} : ${hold.rejectionReason ?? ''}` : 'À vérifier',
          ],
        ]}
      />
      <h3>Pourquoi</h3>
      <ul>
        {hold.reasons.map((reason) => (
          <li key={reason.rule}>{reason.text}</li>
        ))}
      </ul>
      <ErrorSummary
        errors={errors}
        fields={{
          decision: { id: ids.decision, label: 'Décision' },
          reason: { id: ids.text, label: 'Motif' },
          note: { id: ids.text, label: 'Note' },
        }}
      />
      <form onSubmit={onSubmit} noValidate>
        <RadioGroup
          id={ids.decision}
          legend={
            <>
              Décision<span className="visually-hidden"> pour {title}</span>
            </>
          }
          errors={errors?.fields.decision}
          options={options}
          value={decision}
          onChange={(value) => setDecision(value as Decision)}
        />
        {decision === 'confirm' ? null : (
          <TextAreaField
            id={ids.text}
            label={
              <>
                {decision === 'reject' ? 'Motif du refus' : 'Motif du refus, ou note de vérification'}
                <span className="visually-hidden"> pour {title}</span>
              </>
            }
            hint="Obligatoire pour refuser (le lieu le verra) ; facultatif pour libérer."
            rows={2}
            maxLength={500}
            errors={errors?.fields.reason ?? errors?.fields.note}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        )}
        <button type="submit" className="button" disabled={pending}>
          Enregistrer la décision<span className="visually-hidden"> pour {title}</span>
        </button>
      </form>
    </section>
  );
}
