/** Turning API errors into what a form shows: one summary message and per-field problems. */
import { ApiError } from './api';
import { problemLabel } from './labels';
import { REFUSAL_LABELS, refusalOf } from './refusals';

export interface FormErrors {
  /** Shown at the top of the form (the error summary). */
  message: string;
  /** French problems, keyed by the API's field name. */
  fields: Record<string, string[]>;
}

export const INVALID_FORM = 'Le formulaire contient des erreurs. Corrigez les champs signalés.';

const MESSAGES: Record<string, string> = {
  network_error: 'Le service est injoignable. Vérifiez votre connexion à Internet puis réessayez.',
  validation_failed: INVALID_FORM,
  conflict: INVALID_FORM,
  invalid_transition: "Cette action n'est pas possible dans l'état actuel. Rechargez la page pour voir l'état à jour.",
  too_many_requests: 'Trop de tentatives. Patientez quelques minutes avant de réessayer.',
  forbidden: 'Votre rôle ne permet pas cette action.',
  csrf_rejected: 'La demande a été refusée par mesure de sécurité. Rechargez la page puis réessayez.',
  not_found: "L'élément demandé est introuvable.",
  malformed_request: "La demande n'a pas pu être lue. Rechargez la page puis réessayez.",
  payload_too_large: 'Le fichier ou le texte envoyé est trop volumineux.',
  unsupported_media_type: "Ce type de fichier n'est pas accepté ici.",
  unauthenticated: 'Votre session a pris fin. Connectez-vous à nouveau.',
};

/**
 * A French sentence for any failure: the reason of a refusal (details.code) if there is one, else
 * its error code. `overrides`, keyed by either, lets a page word one its own way.
 */
export function errorMessage(error: unknown, overrides: Record<string, string> = {}): string {
  if (error instanceof ApiError) {
    // A page's own wording of a refusal first, even of one refusals.ts does not know.
    const reason = (error.details as { code?: unknown } | undefined)?.code;
    if (typeof reason === 'string' && Object.hasOwn(overrides, reason)) return overrides[reason];
    const refusal = refusalOf(error.details);
    if (refusal) return REFUSAL_LABELS[refusal];
    return overrides[error.code] ?? MESSAGES[error.code] ?? 'Une erreur est survenue. Réessayez dans quelques instants.';
  }
  return 'Une erreur est survenue. Réessayez dans quelques instants.';
}

/** `translate` says a field's problem in French (the common wording by default; a page may know its API's own). */
export function toFormErrors(
  error: unknown,
  overrides: Record<string, string> = {},
  translate: (problem: string) => string = problemLabel,
): FormErrors {
  const fields: Record<string, string[]> = {};
  if (error instanceof ApiError) {
    for (const { field, problems } of error.fieldProblems) {
      fields[field] = [...new Set(problems.map(translate))];
    }
  }
  return { message: errorMessage(error, overrides), fields };
}

/** Problems of list items ("chequeCodes.2") shown on the list's field, each naming its item ("Code ABCD-… : …"). */
export function foldListProblems(errors: FormErrors, field: string, itemName: (index: number) => string): FormErrors {
  const fields: Record<string, string[]> = {};
  for (const [name, problems] of Object.entries(errors.fields)) {
    const item = name.startsWith(`${field}.`) ? Number(name.slice(field.length + 1)) : NaN;
    if (Number.isInteger(item)) {
      fields[field] = [...(fields[field] ?? []), ...problems.map((problem) => `${itemName(item)} : ${problem}`)];
    } else {
      fields[name] = [...(fields[name] ?? []), ...problems];
    }
  }
  return { ...errors, fields };
}
