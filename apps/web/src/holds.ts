/** Anomaly holds in the web app's words: the API's refusals in plain French (docs/anomaly-holds.md). */
import { ApiError } from './api';
import { errorMessage } from './forms';

const REFUSALS: Record<string, string> = {
  four_eyes_required: 'Vous avez proposé ce refus : un autre membre de l’opérateur doit le confirmer (principe des quatre yeux).',
  hold_released: 'Cet encaissement a déjà été libéré : il sera payé avec le prochain lot. Rechargez la page.',
  hold_rejected: 'Cet encaissement a déjà été refusé. Rechargez la page.',
  hold_rejection_proposed:
    'Un refus de cet encaissement est déjà proposé : il attend la confirmation d’un second membre. Rechargez la page.',
  hold_rejection_not_proposed: 'Aucun refus de cet encaissement n’attend de confirmation. Rechargez la page.',
  hold_redemption_undone: 'Le lieu a annulé cet encaissement entre-temps : il n’y a plus rien à payer ni à refuser.',
  hold_cheques_changed: 'Les chèques de cet encaissement ont changé pendant la vérification : rechargez la page et recommencez.',
};

/** A refusal of the anomaly-holds API in French (details.code), or the common wording. */
export function holdError(error: unknown): string {
  const code = error instanceof ApiError ? (error.details as { code?: string } | undefined)?.code : undefined;
  return (code && REFUSALS[code]) || errorMessage(error);
}
