/** Settlement words of the web app: statuses, periods and the API's refusals, in plain French. */
import { ApiError, type DelayFigures, type SettlementBatchStatus, type SettlementLineStatus } from './api';
import { errorMessage } from './forms';
import { formatDateTime, formatDay, plural, problemLabel } from './labels';
import { METROPOLITAN_TIME_ZONE } from './shared-domain';

export const BATCH_STATUS_LABELS: Record<SettlementBatchStatus, string> = {
  draft: 'Brouillon, à approuver',
  approved: 'Approuvé, à exporter',
  exported: 'Exporté, en attente de la banque',
  paid: 'Payé',
  cancelled: 'Annulé avant l’export',
};

export const LINE_STATUS_LABELS: Record<SettlementLineStatus, string> = {
  pending: 'En attente de la banque',
  paid: 'Payé',
  rejected: 'Rejeté par la banque',
  cancelled: 'Annulé avec son lot, avant l’envoi à la banque',
};

const REFUSALS: Record<string, string> = {
  four_eyes_required: 'Vous avez préparé ce lot : un autre membre de l’opérateur doit l’approuver (principe des quatre yeux).',
  batch_not_draft: 'Ce lot a déjà été approuvé. La page affiche maintenant son état à jour.',
  batch_not_approved: 'Ce lot doit d’abord être approuvé par un second membre de l’opérateur.',
  batch_not_exported: 'Ce lot doit d’abord être exporté vers la banque.',
  line_rejected: 'La banque a rejeté ce virement : il ne peut plus être marqué payé. Ses encaissements iront dans le prochain lot.',
  batch_cancelled: 'Ce lot a été annulé : ses encaissements iront dans le prochain lot. La page affiche maintenant son état à jour.',
  batch_already_exported:
    'Ce lot a déjà été exporté vers la banque : il ne peut plus être annulé. Enregistrez plutôt la réponse de la banque pour chaque virement.',
  nothing_to_settle: 'Aucun encaissement à rembourser pour cette période : aucun lot n’a été créé.',
  sepa_name_unwritable:
    'Le nom du titulaire d’un compte de ce lot ne contient aucune lettre lisible par la banque : le lieu doit corriger ses coordonnées bancaires.',
  sepa_debtor_not_configured: 'Le compte de l’opérateur n’est pas configuré : le fichier de virements ne peut pas être produit.',
};

/** A refusal of the settlement API in French (details.code), or the common wording. */
export function settlementError(error: unknown): string {
  const code = error instanceof ApiError ? (error.details as { code?: string } | undefined)?.code : undefined;
  return (code && REFUSALS[code]) || errorMessage(error);
}

/** The settlement API's field problems in French: the bank's payment day first, the common wording otherwise. */
export function settlementProblem(problem: string): string {
  const beforeExport = /must not be before the day the batch was exported \((\d{4}-\d{2}-\d{2})\)/.exec(problem);
  if (beforeExport)
    return `La banque ne peut pas avoir payé avant l’export du lot, le ${formatDay(beforeExport[1])} : vérifiez la date d’exécution.`;
  const afterToday = /must not be after today \((\d{4}-\d{2}-\d{2})/.exec(problem);
  if (afterToday) return `La date d’exécution ne peut pas être dans le futur : au plus tard aujourd’hui, le ${formatDay(afterToday[1])}.`;
  return problemLabel(problem);
}

/** "mai 2026", or "jusqu’au 23/11/2026 16:05" for a batch cut at another time. */
export function periodLabel(batch: { month: string | null; cutOff: string }): string {
  if (batch.month) {
    const [year, month] = batch.month.split('-').map(Number);
    return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, month - 1, 1)),
    );
  }
  return `jusqu’au ${formatDateTime(batch.cutOff)}`;
}

/** The previous calendar month in Paris, as YYYY-MM: the default batch. */
export function previousMonthInParis(now = new Date()): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: METROPOLITAN_TIME_ZONE, year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** A payment delay in words: « 5 jours en médiane, 9 jours au plus pour 95 % des encaissements ». */
export function delayText(delay: DelayFigures): string {
  return delay.medianDays === null
    ? 'Pas encore de paiement'
    : `${plural(delay.medianDays, 'jour')} en médiane, ${plural(delay.p95Days ?? 0, 'jour')} au plus pour 95 % des encaissements`;
}
