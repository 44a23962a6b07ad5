/**
 * Redemption rules: can this cheque be spent at this place, for this service, today — and if not,
 * why, with a stable code and a plain-French sentence for the place's agent. Pure: the service
 * reads the facts, these functions decide. No Node.js imports: the offline scanner uses this file too.
 */
import { formatFrenchDate, type IsoDate } from './calendar';
import { type CodeProblem, parseChequeCode } from './cheque-code-text';
import { type ChequeQrContent, parseChequeQrUrl } from './cheque-qr';
import { CHEQUE_VERDICTS, type ChequeFacts, type ChequeVerdictCode, chequeVerdict } from './cheque-status';
import { isPlaceQualified } from './qualification';
import { communeInTerritory } from './territory';

/** Refusals about the place and the QR, on top of the cheque's own (the public check page's). */
const PLACE_REFUSALS = [
  'invalid_signature',
  'outside_territory',
  'service_not_eligible',
  'place_not_qualified',
  'place_suspended',
] as const;
type ChequeRefusal = Exclude<ChequeVerdictCode, 'valid'>;
export type RedemptionRefusal = ChequeRefusal | (typeof PLACE_REFUSALS)[number];
export const REDEMPTION_REFUSALS: readonly RedemptionRefusal[] = [
  ...CHEQUE_VERDICTS.filter((code): code is ChequeRefusal => code !== 'valid'),
  ...PLACE_REFUSALS,
];

export type Redeemability = { redeemable: true; code: 'redeemable'; message: string } | RefusedRedemption;

export interface RefusedRedemption {
  redeemable: false;
  code: RedemptionRefusal;
  message: string;
}

/** A scanned QR (with its signature) or a typed code, checked for typing errors only. */
export type ScannedCheque = { ok: true; code: string; qr: ChequeQrContent | null } | { ok: false; problem: CodeProblem };

/** What the scanner or the keyboard gave: our QR URL, or a code typed with or without dashes. */
export function readScannedCheque(input: string): ScannedCheque {
  const qr = parseChequeQrUrl(input);
  const parsed = parseChequeCode(qr ? qr.code : input);
  if (!parsed.ok) return parsed;
  return { ok: true, code: parsed.code, qr: qr && { ...qr, code: parsed.code } };
}

export interface RedemptionFacts {
  cheque: ChequeFacts & {
    /** Day of the redemption that used it, when it is used. */
    usedOn: IsoDate | null;
  };
  programme: { territoryCodes: readonly string[]; eligibleServices: readonly string[] };
  /** `suspendedAt`: a suspension in force at the attempt (see suspensionAt), or null. */
  place: { communeCode: string; qualifiedUntil: IsoDate | null; suspendedAt: Date | null };
  /** The catalogue service chosen; absent when the agent only checks the cheque. */
  service?: { category: string } | null;
}

/**
 * The cheque's own state first (its most definitive reason wins, as on the public page), then the
 * place, then the programme's territory and services.
 */
export function redeemability(facts: RedemptionFacts, today: IsoDate): Redeemability {
  const verdict = chequeVerdict(facts.cheque, today);
  if (!verdict.usable) {
    if (verdict.code === 'already_used' && facts.cheque.usedOn) {
      return refused('already_used', `Ce chèque a déjà été utilisé le ${formatFrenchDate(facts.cheque.usedOn)}.`);
    }
    return refused(verdict.code as ChequeRefusal, verdict.message);
  }
  const placeRefused = placeRefusal(facts.place, today);
  if (placeRefused) return placeRefused;
  if (!communeInTerritory(facts.place.communeCode, facts.programme.territoryCodes)) {
    return refused(
      'outside_territory',
      'Ce chèque ne peut être utilisé que sur le territoire de son financeur, qui ne comprend pas votre lieu.',
    );
  }
  if (facts.service && facts.programme.eligibleServices.length > 0 && !facts.programme.eligibleServices.includes(facts.service.category)) {
    return refused('service_not_eligible', `Ce chèque ne finance pas ce service (« ${facts.service.category} »).`);
  }
  return { redeemable: true, code: 'redeemable', message: 'Ce chèque peut être encaissé.' };
}

/** Why this place cannot redeem any cheque on `today` (suspended, never qualified or no longer), or null when it can. */
export function placeRefusal(
  place: Pick<RedemptionFacts['place'], 'qualifiedUntil' | 'suspendedAt'>,
  today: IsoDate,
): RefusedRedemption | null {
  if (place.suspendedAt) {
    return refused('place_suspended', 'La qualification de votre lieu est suspendue : il ne peut pas encaisser de chèques.');
  }
  if (!isPlaceQualified(place, today)) {
    return refused(
      'place_not_qualified',
      "Votre lieu n'est pas qualifié (ou sa qualification a expiré) : il ne peut pas encaisser de chèques.",
    );
  }
  return null;
}

/**
 * The place's suspension as it stood at the instant of the attempt: one that began later (an offline
 * scan synced after it) does not count. The spend statement applies the same rule (`suspended_at > $7`).
 */
export function suspensionAt(suspendedAt: Date | null, at: Date): Date | null {
  return suspendedAt && suspendedAt.getTime() <= at.getTime() ? suspendedAt : null;
}

/** Refusals known before any database read. */
export function scanRefusal(problem: CodeProblem): RefusedRedemption {
  return problem === 'wrong_check'
    ? refused('mistyped_code', 'Ce code contient une erreur de saisie : vérifiez chaque caractère (le dernier sert de contrôle).')
    : refused('unknown_code', "Ce code n'est pas celui d'un chèque Pass numérique.");
}

export function unknownChequeRefusal(): RefusedRedemption {
  return refused('unknown_code', 'Ce code ne correspond à aucun chèque.');
}

export function invalidSignatureRefusal(): RefusedRedemption {
  return refused('invalid_signature', "La signature de ce QR code n'est pas valide : ce chèque n'a pas été émis par le Pass numérique.");
}

/**
 * Refusals that mean "the bundle was right when scanned, the server changed since" (a conflict in the
 * offline sync), not "never valid": used elsewhere meanwhile, or cancelled after the bundle was made
 * (a lost booklet reissued; one cancelled before is in the bundle's list and never queued).
 */
export function isConflictRefusal(code: RedemptionRefusal): boolean {
  return code === 'already_used' || code === 'cancelled';
}

function refused(code: RedemptionRefusal, message: string): RefusedRedemption {
  return { redeemable: false, code, message };
}
