/**
 * The ISO 20022 reasons a bank gives when it rejects or returns a credit transfer (ExternalStatusReason1Code
 * and ExternalReturnReason1Code, the codes the EPC's SEPA rulebook uses), worded in French for the
 * operator and the place, with what to do. One catalogue: the import of bank files, the place's page and
 * the e-mail all read it.
 */
export interface BankReturnReason {
  code: string;
  /** What the bank said, in plain French. */
  label: string;
  /** What to do next, in plain French. */
  action: string;
  /** The place's bank details are in question: they go back to « à vérifier » before the next payment. */
  detailsToVerify: boolean;
}

const CHECK_DETAILS =
  'La structure doit vérifier son RIB et le transmettre à nouveau ; le montant sera repris dans le prochain lot une fois le RIB vérifié.';

export const BANK_RETURN_REASONS: readonly BankReturnReason[] = [
  { code: 'AC01', label: 'Numéro de compte (IBAN) incorrect', action: CHECK_DETAILS, detailsToVerify: true },
  { code: 'AC04', label: 'Compte clôturé', action: CHECK_DETAILS, detailsToVerify: true },
  { code: 'AC06', label: 'Compte bloqué', action: CHECK_DETAILS, detailsToVerify: true },
  { code: 'AG01', label: 'Opération interdite sur ce type de compte', action: CHECK_DETAILS, detailsToVerify: true },
  {
    code: 'AG02',
    label: 'Code opération ou format de fichier invalide',
    action: "Problème de fichier côté opérateur : contacter la banque de l'opérateur, puis renvoyer le virement.",
    detailsToVerify: false,
  },
  {
    code: 'AM04',
    label: "Provision insuffisante sur le compte de l'opérateur",
    action: "Alimenter le compte de l'opérateur ; le montant sera repris dans le prochain lot.",
    detailsToVerify: false,
  },
  {
    code: 'AM05',
    label: 'Virement en double',
    action: 'Vérifier que la structure a bien reçu le premier virement ; rien à refaire si c’est le cas.',
    detailsToVerify: false,
  },
  { code: 'BE04', label: 'Adresse du bénéficiaire absente ou incorrecte', action: CHECK_DETAILS, detailsToVerify: true },
  {
    code: 'FF01',
    label: 'Fichier ou format invalide',
    action: "Problème de fichier côté opérateur : contacter la banque de l'opérateur.",
    detailsToVerify: false,
  },
  { code: 'MD07', label: 'Titulaire du compte décédé', action: CHECK_DETAILS, detailsToVerify: true },
  {
    code: 'MS02',
    label: 'Refusé par le bénéficiaire, sans motif précisé',
    action: 'Contacter la structure pour connaître la raison, puis vérifier son RIB.',
    detailsToVerify: true,
  },
  {
    code: 'MS03',
    label: 'Refusé par la banque, sans motif précisé',
    action: 'Contacter la banque de la structure, puis vérifier son RIB.',
    detailsToVerify: true,
  },
  { code: 'RC01', label: 'Code BIC de la banque incorrect', action: CHECK_DETAILS, detailsToVerify: true },
  {
    code: 'RR01',
    label: "Identification du compte de l'opérateur manquante (règle réglementaire)",
    action: "Compléter les informations de l'opérateur auprès de sa banque, puis renvoyer le virement.",
    detailsToVerify: false,
  },
  {
    code: 'RR02',
    label: "Nom ou adresse de l'opérateur manquant (règle réglementaire)",
    action: "Compléter les informations de l'opérateur auprès de sa banque, puis renvoyer le virement.",
    detailsToVerify: false,
  },
  { code: 'RR03', label: 'Nom ou adresse du bénéficiaire manquant (règle réglementaire)', action: CHECK_DETAILS, detailsToVerify: true },
  {
    code: 'RR04',
    label: 'Refusé pour raison réglementaire',
    action: "Contacter la banque de l'opérateur pour connaître la règle en cause.",
    detailsToVerify: true,
  },
  {
    code: 'CUST',
    label: "Annulé à la demande de l'opérateur",
    action: 'Rien à faire : le montant sera repris dans le prochain lot.',
    detailsToVerify: false,
  },
  {
    code: 'DUPL',
    label: 'Virement en double',
    action: 'Vérifier que la structure a bien reçu le premier virement ; rien à refaire si c’est le cas.',
    detailsToVerify: false,
  },
  {
    code: 'TM01',
    label: 'Reçu par la banque après l’heure limite',
    action: 'Renvoyer le virement dans le prochain lot.',
    detailsToVerify: false,
  },
];

const BY_CODE = new Map(BANK_RETURN_REASONS.map((reason) => [reason.code, reason]));

/** The reason of a code; a code the catalogue does not know is still shown, and the details checked to be safe. */
export function bankReturnReason(code: string | null | undefined): BankReturnReason {
  const known = code ? BY_CODE.get(code.trim().toUpperCase()) : undefined;
  if (known) return known;
  return {
    code: code?.trim().toUpperCase() || 'NARR',
    label: code ? `Motif de la banque : ${code.trim()}` : 'Refusé par la banque sans code motif',
    action: 'Contacter la banque pour connaître le motif, puis vérifier le RIB de la structure.',
    detailsToVerify: true,
  };
}

/** The sentence kept as a line's rejection reason (shown on the place's page and in its e-mail). */
export function bankReturnReasonText(code: string | null | undefined): string {
  const reason = bankReturnReason(code);
  return `${reason.code} — ${reason.label}. ${reason.action}`;
}
