/** French wording of the qualification of places, and its API errors turned into form errors. */
import { ApiError, type ApplicationStatus, type ManagedPlace, type QualificationCriterion, type QualificationOutcome } from './api';
import { DOCUMENT_MESSAGES } from './documents';
import { type FormErrors, errorMessage } from './forms';
import { formatDay, problemLabel } from './labels';

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: 'Brouillon',
  submitted: 'Envoyée, en attente d’examen',
  changes_requested: 'Compléments demandés',
  qualified: 'Qualifiée',
  rejected: 'Refusée',
};

export const OUTCOME_LABELS: Record<QualificationOutcome, string> = {
  qualified: 'Qualifier',
  changes_requested: 'Demander des compléments',
  rejected: 'Refuser',
};

/** The outcome once decided, as a sentence ending. */
export const OUTCOME_RESULTS: Record<QualificationOutcome, string> = {
  qualified: 'le lieu est qualifié',
  changes_requested: 'des compléments sont demandés au lieu',
  rejected: 'la demande est refusée',
};

/** An application the place can still change or send. */
export const EDITABLE_STATUSES: ApplicationStatus[] = ['draft', 'changes_requested'];
/** An application still in progress: the place cannot open another one. */
export const OPEN_STATUSES: ApplicationStatus[] = ['draft', 'submitted', 'changes_requested'];

export function placeQualificationLabel(qualification: ManagedPlace['qualification']): string {
  switch (qualification.state) {
    case 'never_qualified':
      return 'Jamais qualifié';
    case 'qualified':
      return `Qualifié jusqu'au ${formatDay(qualification.qualifiedUntil)}`;
    case 'expired':
      return 'Qualification expirée';
    case 'suspended':
      return 'Suspendu';
  }
}

/** "obligatoire" or "noté, poids 2". */
export function criterionKindLabel(criterion: QualificationCriterion): string {
  return criterion.kind === 'mandatory' ? 'obligatoire' : `noté, poids ${criterion.weight}`;
}

/** The qualification API's problems (in English) in French; other problems as everywhere else. */
export function qualificationProblem(problem: string, criteria: QualificationCriterion[] = []): string {
  const titles = (codes: string) =>
    codes
      .split(',')
      .map((code) => code.trim())
      .map((code) => criteria.find((criterion) => criterion.code === code)?.title ?? code)
      .map((title) => `« ${title} »`)
      .join(', ');
  let match: RegExpExecArray | null;
  if (/needs an answer before submitting/.test(problem)) return 'Répondez à ce critère avant d’envoyer la demande.';
  if ((match = /"([^"]*)" is not an http\(s\) link/.exec(problem)))
    return `Le lien « ${match[1]} » n’est pas valide : il doit commencer par https:// ou http://.`;
  if (/is mandatory: say whether it is met/.test(problem)) return 'Indiquez si ce critère obligatoire est rempli.';
  if ((match = /needs a score from 0 to (\d+)/.exec(problem))) return `Choisissez une note de 0 à ${match[1]}.`;
  if (/must be scored/.test(problem)) return 'Évaluez ce critère.';
  if (/is scored more than once/.test(problem)) return 'Ce critère est évalué plusieurs fois.';
  if ((match = /mandatory criteria not met: (.*)$/.exec(problem)))
    return `Le lieu ne peut pas être qualifié : des critères obligatoires ne sont pas remplis (${titles(match[1])}). Choisissez « Demander des compléments » ou « Refuser ».`;
  if ((match = /score (\d+) % is below the pass threshold/.exec(problem)))
    return `Le lieu ne peut pas être qualifié : son score de ${match[1]} % est sous le seuil de réussite. Choisissez « Demander des compléments » ou « Refuser ».`;
  if (/must be a PDF, PNG or JPEG/.test(problem)) return 'Le fichier doit être un PDF, un PNG ou un JPEG.';
  if (/is not a criterion/.test(problem)) return 'Ce critère ne fait pas partie du référentiel.';
  if ((match = /must be longer than or equal to (\d+) characters/.exec(problem))) return `Saisissez au moins ${match[1]} caractères.`;
  return problemLabel(problem);
}

const MESSAGES: Record<string, string> = {
  ...DOCUMENT_MESSAGES,
  forbidden: 'Votre rôle ou votre organisation ne permet pas cette action sur cette demande.',
};

/**
 * API errors as form errors, each problem under the key `fieldOf` gives (the API names fields
 * "answers.ACCUEIL", "scores.MEDIATEUR", "scores.2.score"…); problems of the same key are merged.
 */
export function toQualificationErrors(
  error: unknown,
  criteria: QualificationCriterion[],
  fieldOf: (field: string, problem: string) => string,
  overrides: Record<string, string> = {},
): FormErrors {
  const fields: Record<string, string[]> = {};
  if (error instanceof ApiError) {
    for (const { field, problems } of error.fieldProblems) {
      for (const problem of problems) {
        const key = fieldOf(field, problem);
        const text = qualificationProblem(problem, criteria);
        if (!fields[key]?.includes(text)) fields[key] = [...(fields[key] ?? []), text];
      }
    }
  }
  return { message: errorMessage(error, { ...MESSAGES, ...overrides }), fields };
}
