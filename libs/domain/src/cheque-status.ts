/**
 * A cheque's life: issued → distributed (handed to a person) → redeemed (at a place) → settled
 * (the place was paid), or cancelled (lost or stolen booklet) or expired (after last day + grace).
 * And what the public check page says about it, in plain French.
 */
import { addDays, formatFrenchDate, type IsoDate } from './calendar';
import { type ProgrammeStatus } from './programme-lifecycle';

export const CHEQUE_STATUSES = ['issued', 'distributed', 'redeemed', 'settled', 'cancelled', 'expired'] as const;
export type ChequeStatus = (typeof CHEQUE_STATUSES)[number];

export const CHEQUE_VERDICTS = [
  'valid',
  'unknown_code',
  'mistyped_code',
  'not_funded',
  'not_handed_out',
  'not_yet_valid',
  'expired',
  'already_used',
  'cancelled',
  'programme_closed',
] as const;
export type ChequeVerdictCode = (typeof CHEQUE_VERDICTS)[number];

export interface ChequeFacts {
  status: ChequeStatus;
  programmeStatus: ProgrammeStatus;
  validFrom: IsoDate;
  validUntil: IsoDate;
  graceDays: number;
}

export interface ChequeVerdict {
  code: ChequeVerdictCode;
  usable: boolean;
  message: string;
}

/** Last day a place may still redeem: the printed last day plus the grace period. */
export function redemptionDeadline(facts: Pick<ChequeFacts, 'validUntil' | 'graceDays'>): IsoDate {
  return addDays(facts.validUntil, facts.graceDays);
}

/**
 * A cheque's validity as the check page and the scanner say it: the last day printed on the cheque
 * (the one date everywhere), then the grace period during which places still accept it, if any.
 */
export function validityInWords(cheque: { validUntil: IsoDate; redeemableUntil: IsoDate }): string {
  const printed = `valable jusqu'au ${formatFrenchDate(cheque.validUntil)}`;
  return cheque.redeemableUntil > cheque.validUntil
    ? `${printed} ; délai de grâce : les lieux l'acceptent encore jusqu'au ${formatFrenchDate(cheque.redeemableUntil)}`
    : printed;
}

/** Why a cheque can or cannot be used on this day. The order matters: the most definitive reason wins. */
export function chequeVerdict(facts: ChequeFacts, today: IsoDate): ChequeVerdict {
  const deadline = redemptionDeadline(facts);
  switch (facts.status) {
    case 'cancelled':
      return refused('cancelled', 'Ce chèque a été annulé (carnet perdu ou volé) : il ne peut plus être utilisé.');
    case 'redeemed':
    case 'settled':
      return refused('already_used', 'Ce chèque a déjà été utilisé.');
    case 'expired':
      return refused('expired', `Ce chèque a expiré le ${formatFrenchDate(deadline)}.`);
    case 'issued':
    case 'distributed':
      break;
  }
  if (today > deadline) return refused('expired', `Ce chèque a expiré le ${formatFrenchDate(deadline)}.`);
  switch (facts.programmeStatus) {
    case 'draft':
    case 'ordered':
      return refused('not_funded', "Ce chèque n'est pas encore utilisable : son financement n'a pas encore été reçu.");
    case 'closed':
      return refused('programme_closed', 'Le dispositif de ce chèque est terminé : il ne peut plus être utilisé.');
    case 'funded':
    case 'active':
      break;
  }
  if (facts.status === 'issued') {
    return refused(
      'not_handed_out',
      "Ce chèque n'a pas encore été remis à un bénéficiaire par une structure sociale : il ne peut pas encore être utilisé.",
    );
  }
  if (facts.programmeStatus === 'funded' || today < facts.validFrom) {
    const from = facts.validFrom > today ? facts.validFrom : today;
    return refused('not_yet_valid', `Ce chèque sera utilisable à partir du ${formatFrenchDate(from)}.`);
  }
  if (today > facts.validUntil) {
    return {
      code: 'valid',
      usable: true,
      message: `La date imprimée sur ce chèque (${formatFrenchDate(facts.validUntil)}) est passée, mais les lieux l'acceptent encore jusqu'au ${formatFrenchDate(deadline)} (délai de grâce). Présentez-le vite dans un lieu de médiation numérique qualifié.`,
    };
  }
  return {
    code: 'valid',
    usable: true,
    message: `Ce chèque est ${validityInWords({ validUntil: facts.validUntil, redeemableUntil: deadline })}. Présentez-le dans un lieu de médiation numérique qualifié.`,
  };
}

export function unknownCodeVerdict(): ChequeVerdict {
  return refused('unknown_code', 'Ce code ne correspond à aucun chèque. Vérifiez-le ou demandez de l’aide au lieu de médiation.');
}

export function mistypedCodeVerdict(): ChequeVerdict {
  return refused('mistyped_code', 'Ce code contient une erreur de saisie : vérifiez chaque caractère (le dernier sert de contrôle).');
}

function refused(code: ChequeVerdictCode, message: string): ChequeVerdict {
  return { code, usable: false, message };
}
