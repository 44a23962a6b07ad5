/** How a refund transfer to a funder reads, for the operator's page and the funder's « Relevés » alike. */
import type { RefundToPrepare, RefundTransfer } from './api';
import { formatDateTime, formatDay } from './labels';

export function refundTransferStatusText(transfer: RefundTransfer): string {
  switch (transfer.status) {
    case 'prepared':
      return 'Préparé : à approuver par un second membre de l’opérateur';
    case 'approved':
      return 'Approuvé : à exporter pour la banque';
    case 'exported':
      return `Envoyé à la banque le ${transfer.exportedAt ? formatDateTime(transfer.exportedAt) : '—'}`;
    case 'paid':
      return `Payé le ${formatDay(transfer.paidOn)} (référence de la banque ${transfer.bankReference ?? '—'})`;
    case 'rejected':
      return `Rejeté par la banque : ${transfer.rejectionReason ?? 'motif non précisé'}`;
    case 'cancelled':
      return 'Annulé avant l’envoi à la banque';
  }
}

/** The deadline, and whether it has passed while the money is not paid back yet. */
export function refundDeadlineText(item: Pick<RefundTransfer, 'dueOn' | 'overdue'> | RefundToPrepare): string {
  return `À rembourser au plus tard le ${formatDay(item.dueOn)}${item.overdue ? ' (en retard)' : ''}`;
}

export const FUNDER_BANK_DETAILS_TEXT: Record<RefundToPrepare['funderBankDetails'], string> = {
  verified: 'RIB du financeur vérifié',
  submitted: 'RIB du financeur à vérifier (page « RIB à vérifier »)',
  rejected: 'RIB du financeur refusé : il doit en saisir un nouveau',
  missing: 'Le financeur n’a pas encore saisi son RIB (page « Coordonnées bancaires » de son espace)',
};
