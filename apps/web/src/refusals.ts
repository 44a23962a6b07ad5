/**
 * The API's 409 answers say why in `details.code` (docs/cheques.md, « Refusals »): each reason in plain French,
 * for the person who tried. Same codes as libs/vouchers/src/voucher-conflicts.ts.
 */

const PAGE_UPDATED = 'La page affiche maintenant son état à jour.';

export const REFUSAL_LABELS = {
  programme_not_draft: `Ce programme n'est plus un brouillon : il ne peut plus être modifié ni commandé. ${PAGE_UPDATED}`,
  programme_not_ordered: `Le financement ne s'enregistre que pour un programme commandé et pas encore financé. ${PAGE_UPDATED}`,
  funding_below_total_due: "Le montant reçu ne couvre pas le total dû : le financement n'est pas enregistré.",
  programme_not_activatable: `Seul un programme financé peut être activé : celui-ci n'est pas encore financé, ou il est déjà actif ou clos. ${PAGE_UPDATED}`,
  programme_not_closable: `Seul un programme financé ou actif peut être clos. ${PAGE_UPDATED}`,
  programme_cover_locked:
    "Le logo de la couverture ne peut plus être changé par le financeur : le programme est déjà financé. L'opérateur peut encore le remplacer.",
  programme_logo_unprintable:
    "Les carnets ne peuvent pas être imprimés : le logo enregistré pour la couverture est endommagé. L'opérateur doit le remplacer ou le retirer, puis relancer l'impression.",
  booklet_codes_not_held:
    "Ces carnets ont été émis par l'opérateur précédent : leurs codes n'existent que sur le papier, ils ne peuvent pas être réimprimés. Un carnet abîmé ou perdu s'annule, puis un nouveau carnet est remis.",
  booklets_not_issued: "Les carnets de ce programme n'existent pas encore : la commande doit d'abord être passée.",
  programme_closed: 'Ce programme est clos : ses carnets ne peuvent plus être attribués ni remis.',
  booklets_already_allocated:
    "Certains carnets de cette plage sont déjà attribués à une structure : aucun carnet n'a été attribué. Consultez la liste des carnets puis choisissez une autre plage.",
  programme_not_funded: "Les chèques de ce carnet ne peuvent pas encore être remis : leur financement n'a pas encore été reçu.",
  booklet_already_handed_out: 'Ce carnet a déjà été remis : il ne peut pas être remis une seconde fois.',
  booklet_cancelled: 'Ce carnet a été annulé (perte ou vol) : il ne peut pas être remis.',
  cheques_not_distributable:
    "Certains de ces chèques sont inconnus, ne font pas partie de votre stock, ne sont pas encore financés ou ont déjà été remis : aucun chèque n'a été enregistré.",
  booklet_not_cancellable:
    "Aucun chèque de ce carnet ne peut être annulé : ils ont tous déjà été utilisés, ont expiré ou sont déjà annulés. Rien n'a été modifié.",
  cheques_not_cancellable:
    "Certains de ces chèques sont inconnus, ne font pas partie de votre stock ou ne peuvent plus être annulés (déjà utilisés, expirés ou annulés) : aucun chèque n'a été annulé.",
  booklet_not_reissuable:
    "Ce carnet ne peut pas être remplacé : il n'a pas été remis en entier par votre structure, ou aucun de ses chèques n'est encore utilisable (tous utilisés, expirés ou annulés). Rien n'a été modifié.",
  replacement_not_in_programme:
    "Le nouveau carnet est d'un autre programme : il doit être du même programme que le carnet perdu (même valeur, mêmes règles). Prenez un autre carnet de votre stock.",
  replacement_not_available:
    'Le nouveau carnet a déjà été remis ou annulé, en tout ou en partie : prenez un carnet complet de votre stock.',
  transfer_stock_short:
    "Votre stock n'a pas assez de carnets de ce programme qui ne soient ni remis ni déjà dans une autre demande de transfert : demandez-en moins. Rien n'a été demandé.",
  transfer_not_pending: `Ce transfert a déjà été approuvé ou refusé. ${PAGE_UPDATED}`,
  transfer_nothing_to_move:
    'Tous les carnets de ce transfert ont été remis ou annulés depuis la demande : rien ne serait déplacé. Refusez plutôt la demande.',
  funds_coverage_below_liabilities:
    "Le programme n'est pas activé : le solde confirmé du compte cantonné ne couvre plus tout ce que la plateforme doit (couverture des fonds sous 100 %). Il pourra l'être dès qu'un nouveau solde, confirmé par un second administrateur, couvre ces sommes.",
} as const;

export type RefusalCode = keyof typeof REFUSAL_LABELS;

/** The reason of a 409, when the answer carries one this app knows. */
export function refusalOf(details: unknown): RefusalCode | null {
  const code = typeof details === 'object' && details !== null ? (details as { code?: unknown }).code : undefined;
  return typeof code === 'string' && Object.hasOwn(REFUSAL_LABELS, code) ? (code as RefusalCode) : null;
}
