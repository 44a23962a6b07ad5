/**
 * The holder of a used cheque says, once, how the help went: a 1–5 scale and three ticks. No free
 * text, nothing about the person, no place named: the cheque's code is the only key, for "once".
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, type FeedbackStatus, api } from '../api';
import { type FormErrors, INVALID_FORM, errorMessage } from '../forms';
import { useSubmit } from '../useSubmit';
import { ErrorSummary, type FieldMap } from './ErrorSummary';
import { CheckboxGroup, RadioGroup } from './FormField';

export const RATING_LABELS = ['Pas du tout satisfait·e', 'Peu satisfait·e', 'Moyennement satisfait·e', 'Satisfait·e', 'Très satisfait·e'];

const TICKS = {
  learned: "J'ai appris quelque chose",
  solved: 'Mon problème est réglé',
  willReturn: 'Je reviendrai',
} as const;

const FIELDS: FieldMap = { rating: { id: 'avis-note', label: 'Votre satisfaction' } };

const ALREADY_GIVEN = 'Un avis a déjà été donné avec ce chèque. On ne peut répondre qu’une fois. Merci !';

function refusalCode(error: unknown): string | undefined {
  return error instanceof ApiError ? (error.details as { code?: string } | undefined)?.code : undefined;
}

function feedbackErrors(error: unknown): FormErrors {
  return {
    message: errorMessage(error, {
      too_many_requests: 'Trop d’envois depuis cette connexion. Attendez une minute, puis appuyez de nouveau sur « Envoyer mon avis ».',
      validation_failed: 'Votre avis n’a pas pu être lu. Choisissez une réponse de 1 à 5, puis envoyez de nouveau.',
      not_found: 'Ce chèque est introuvable : votre avis n’a pas été enregistré.',
      conflict: 'Ce chèque n’a pas encore été utilisé : vous pourrez donner votre avis après l’accompagnement.',
    }),
    fields: {},
  };
}

export function ChequeFeedback({ code }: { code: string }) {
  const [status, setStatus] = useState<FeedbackStatus | null>(null);
  const [rating, setRating] = useState('');
  const [ticks, setTicks] = useState<string[]>([]);
  const [thanks, setThanks] = useState<string | null>(null);
  const thanksRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Without an answer (network, unknown code) there is simply no invitation.
    api.chequeFeedback(code).then(setStatus, () => setStatus(null));
  }, [code]);

  function thank(message: string): void {
    setThanks(message);
    setStatus({ invited: false, given: true });
    window.setTimeout(() => thanksRef.current?.focus(), 0);
  }

  const { errors, pending, onSubmit } = useSubmit(async () => {
    if (!rating) return { message: INVALID_FORM, fields: { rating: ['Choisissez une réponse, de 1 (pas du tout) à 5 (très).'] } };
    try {
      await api.giveChequeFeedback(code, {
        rating: Number(rating),
        learned: ticks.includes(TICKS.learned),
        solved: ticks.includes(TICKS.solved),
        willReturn: ticks.includes(TICKS.willReturn),
      });
    } catch (error) {
      // Sent from another tab or phone in the meantime: the answer is there, that is what counts.
      if (refusalCode(error) === 'feedback_already_given') return thank(ALREADY_GIVEN);
      throw error;
    }
    thank('Merci ! Votre avis est enregistré. Il aide à garder des lieux d’accompagnement de qualité.');
  }, feedbackErrors);

  if (thanks) {
    return (
      <div className="notice notice--success" role="status" tabIndex={-1} ref={thanksRef}>
        <p>{thanks}</p>
      </div>
    );
  }
  if (!status) return null;
  if (!status.invited) return status.given ? <p className="hint">Un avis a déjà été donné avec ce chèque. Merci !</p> : null;

  return (
    <section className="panel feedback" aria-labelledby="titre-avis">
      <h2 id="titre-avis">Votre avis sur l’aide reçue</h2>
      <p>
        Ce chèque a servi à payer un accompagnement. L’aide vous a-t-elle été utile ? Votre réponse est anonyme : on ne vous demande ni
        votre nom, ni rien sur vous. Vous pouvez répondre une seule fois.
      </p>
      <ErrorSummary errors={errors} fields={FIELDS} />
      <form onSubmit={onSubmit} noValidate>
        <RadioGroup
          id="avis-note"
          legend="Êtes-vous satisfait·e de l’aide reçue ?"
          errors={errors?.fields.rating}
          options={RATING_LABELS.map((label, index) => ({ value: String(index + 1), label: `${index + 1} — ${label}` }))}
          value={rating}
          onChange={setRating}
        />
        <CheckboxGroup
          id="avis-coches"
          legend="Cochez ce qui est vrai pour vous (facultatif)"
          options={Object.values(TICKS).map((label) => ({ value: label, label }))}
          values={ticks}
          onChange={setTicks}
        />
        <button type="submit" className="button feedback__send" disabled={pending}>
          Envoyer mon avis
        </button>
      </form>
    </section>
  );
}
