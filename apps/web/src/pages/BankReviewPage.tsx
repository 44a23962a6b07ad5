import { useEffect, useRef, useState } from 'react';
import { ApiError, type BankDetails, api } from '../api';
import { bankProblem } from '../bank-details';
import { BankDetailsFacts } from '../components/BankDetailsFacts';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { RadioGroup, TextAreaField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { plural } from '../labels';
import { useSubmit } from '../useSubmit';

type Verdict = 'verified' | 'rejected';

/** Why a review was refused, by the code in the answer's details. */
const REFUSALS: Record<string, string> = {
  proof_missing: 'Le RIB n’est pas joint : ce compte ne peut pas être vérifié. Refusez-le, ou attendez que le lieu joigne son RIB.',
  bank_details_superseded: 'Le lieu a envoyé d’autres coordonnées entre-temps : rechargez la page pour examiner les nouvelles.',
  bank_details_reviewed: 'Ces coordonnées ont déjà été examinées : rechargez la page.',
};

/** "/verification-rib": the operator checks each new account against its RIB, oldest first, and verifies or rejects it. */
export function BankReviewPage() {
  const [pending, setPending] = useState<BankDetails[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api.pendingBankDetails().then(setPending, (error: unknown) => setLoadError(errorMessage(error)));
  }, []);

  /** `details` as listed in the queue. */
  function reviewed(details: BankDetails, verdict: Verdict): void {
    setPending((list) => list && list.filter((item) => item.id !== details.id));
    const name = details.organisationName ?? 'l’organisation';
    setStatus(
      verdict === 'verified'
        ? `Le compte de « ${name} » est vérifié : ses remboursements peuvent être versés.`
        : `Le compte de « ${name} » est refusé : le lieu voit votre motif et peut saisir d’autres coordonnées.`,
    );
    window.setTimeout(() => feedbackRef.current?.focus(), 0);
  }

  return (
    <Page title="Coordonnées bancaires à vérifier">
      <p>
        Vérifiez chaque compte avec le RIB joint par le lieu : le titulaire, l’IBAN et le BIC doivent correspondre. Un compte vérifié reçoit
        les remboursements ; un refus est motivé et communiqué au lieu.
      </p>
      <ErrorMessage message={loadError} />
      <div ref={feedbackRef} tabIndex={-1}>
        <StatusMessage message={status} />
      </div>
      {pending === null ? (
        loadError ? null : (
          <p>Chargement des coordonnées à vérifier…</p>
        )
      ) : pending.length === 0 ? (
        <p>Aucune coordonnée bancaire à vérifier pour le moment.</p>
      ) : (
        <>
          <p>{plural(pending.length, 'compte')} à vérifier, le plus ancien en premier.</p>
          {pending.map((details) => (
            <ReviewForm key={details.id} details={details} onReviewed={reviewed} />
          ))}
        </>
      )}
    </Page>
  );
}

function ReviewForm({ details, onReviewed }: { details: BankDetails; onReviewed: (details: BankDetails, verdict: Verdict) => void }) {
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [note, setNote] = useState('');
  const ids = { verdict: `verdict-${details.id}`, note: `motif-${details.id}` };
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      if (!verdict) return { message: INVALID_FORM, fields: { verdict: ['Choisissez de vérifier ou de refuser ce compte.'] } };
      await api.reviewBankDetails(details.organisationId, details.id, { verdict, note: note.trim() || undefined });
      onReviewed(details, verdict);
    },
    (error) => {
      const refusal = error instanceof ApiError ? REFUSALS[(error.details as { code?: string } | undefined)?.code ?? ''] : undefined;
      return toFormErrors(error, refusal ? { invalid_transition: refusal } : {}, bankProblem);
    },
  );

  const name = details.organisationName ?? 'Organisation sans nom';
  return (
    <section className="panel" aria-labelledby={`titre-${details.id}`}>
      <h2 id={`titre-${details.id}`}>{name}</h2>
      <BankDetailsFacts details={details} wholeIban />
      <ErrorSummary
        errors={errors}
        fields={{ verdict: { id: ids.verdict, label: 'Décision' }, note: { id: ids.note, label: 'Motif du refus' } }}
      />
      <form onSubmit={onSubmit} noValidate>
        <RadioGroup
          id={ids.verdict}
          legend={
            <>
              Décision<span className="visually-hidden"> pour {name}</span>
            </>
          }
          errors={errors?.fields.verdict}
          options={[
            { value: 'verified', label: 'Vérifier : le RIB correspond' },
            { value: 'rejected', label: 'Refuser' },
          ]}
          value={verdict}
          onChange={(value) => setVerdict(value as Verdict)}
        />
        <TextAreaField
          id={ids.note}
          label={
            <>
              Motif du refus<span className="visually-hidden"> pour {name}</span>
            </>
          }
          hint="Obligatoire pour refuser ; il est communiqué au lieu."
          rows={2}
          maxLength={1000}
          errors={errors?.fields.note}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <button type="submit" className="button" disabled={pending}>
          Enregistrer la décision<span className="visually-hidden"> pour {name}</span>
        </button>
      </form>
    </section>
  );
}
