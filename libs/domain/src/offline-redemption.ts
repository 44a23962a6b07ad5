/**
 * What a place's scanner decides on its own when the network is down, from the offline bundle
 * (GET /api/redemptions/offline-bundle). It can tell that a QR code was signed by the operator, that
 * the cheque is not in the cancelled list and that its programme allows this place and service
 * today; it cannot know whether the cheque was used elsewhere meanwhile: the sync tells. The
 * signature and the cancelled list are checked by the caller (WebCrypto), these rules decide.
 * No Node.js imports: the web scanner runs this file.
 */
import { formatFrenchDate, type IsoDate, localDate } from './calendar';
import { maskChequeCode } from './cheque-code-text';
import { redemptionDeadline } from './cheque-status';
import { formatEuros } from './money';
import { invalidSignatureRefusal, type Redeemability, redeemability, type ScannedCheque } from './redemption';

export interface OfflineProgramme {
  id: string;
  name: string;
  faceValueCents: number;
  validFrom: IsoDate;
  validUntil: IsoDate;
  graceDays: number;
  territoryCodes: string[];
  eligibleServices: string[];
}

/** The parts of the offline bundle these rules read. */
export interface OfflineRules {
  /** ISO instant after which nothing is accepted offline any more. */
  validUntil: string;
  place: { communeCode: string; qualifiedUntil: IsoDate | null; suspended: boolean };
  catalogue: ReadonlyArray<{ id: string; category: string }>;
  /** The active programmes whose cheques this place may redeem. */
  programmes: readonly OfflineProgramme[];
}

/** What the caller found out about the cheque with the bundle's keys and cancelled list. */
export interface OfflineFacts {
  /** The QR's signature verified with the bundle's key of its key id (false when the key is unknown). */
  signatureValid: boolean;
  /** The cheque's code hash is in the bundle's cancelled list. */
  cancelled: boolean;
  /** When this device already queued this cheque for a redemption not synced yet. */
  queuedAt: Date | null;
}

/** Refusals that exist only offline: the scanner cannot decide, the network will. */
export const OFFLINE_REFUSALS = ['offline_typed_code', 'offline_unknown_programme', 'offline_data_expired'] as const;
export type OfflineRefusal = (typeof OFFLINE_REFUSALS)[number];

/** Same fields as the API's cheque summary, so that both show alike. */
export interface OfflineChequeSummary {
  maskedCode: string;
  faceValueCents: number;
  faceValue: string;
  programmeId: string;
  programmeName: string;
  validUntil: IsoDate;
  redeemableUntil: IsoDate;
}

export type OfflineVerdict = (Redeemability | { redeemable: false; code: OfflineRefusal; message: string }) & {
  cheque: OfflineChequeSummary | null;
};

/** Whether the bundle may still be relied on at `now` (up to its last instant included). */
export function offlineDataUsable(rules: Pick<OfflineRules, 'validUntil'>, now: Date): boolean {
  return now.getTime() <= Date.parse(rules.validUntil);
}

/**
 * A scanned cheque (typing already checked) judged offline for one service of the place, at `now`.
 * A typed code is refused: without its QR signature nothing proves the cheque exists.
 */
export function offlineVerdict(
  scanned: Extract<ScannedCheque, { ok: true }>,
  facts: OfflineFacts,
  rules: OfflineRules,
  serviceId: string,
  now: Date,
): OfflineVerdict {
  if (!offlineDataUsable(rules, now)) {
    return offlineRefusal(
      'offline_data_expired',
      `Les données hors connexion de votre lieu ont expiré le ${formatFrenchDate(localDate(new Date(rules.validUntil)))} : reconnectez-vous pour les mettre à jour.`,
    );
  }
  if (!scanned.qr) {
    return offlineRefusal(
      'offline_typed_code',
      "Hors connexion, seul le QR code d'un chèque peut être vérifié (sa signature prouve son authenticité) : scannez-le, ou attendez le retour de la connexion pour saisir son code.",
    );
  }
  if (!facts.signatureValid) return { ...invalidSignatureRefusal(), cheque: null };
  const programme = rules.programmes.find((candidate) => candidate.id === scanned.qr?.programmeId);
  if (!programme) {
    return offlineRefusal(
      'offline_unknown_programme',
      "Hors connexion, ce chèque ne peut pas être vérifié : son programme n'est pas dans les données de votre lieu (programme terminé ou autre territoire). Vérifiez-le quand la connexion reviendra.",
    );
  }
  const service = rules.catalogue.find((entry) => entry.id === serviceId) ?? null;
  const verdict = redeemability(
    {
      cheque: {
        // Offline, a signed cheque that is neither cancelled nor queued here is taken as handed out and unused.
        status: facts.cancelled ? 'cancelled' : facts.queuedAt ? 'redeemed' : 'distributed',
        programmeStatus: 'active',
        validFrom: programme.validFrom,
        validUntil: programme.validUntil,
        graceDays: programme.graceDays,
        usedOn: facts.queuedAt ? localDate(facts.queuedAt) : null,
      },
      programme,
      place: {
        communeCode: rules.place.communeCode,
        qualifiedUntil: rules.place.qualifiedUntil,
        suspendedAt: rules.place.suspended ? now : null,
      },
      service,
    },
    localDate(now),
  );
  const cheque: OfflineChequeSummary = {
    maskedCode: maskChequeCode(scanned.code),
    faceValueCents: programme.faceValueCents,
    faceValue: formatEuros(programme.faceValueCents),
    programmeId: programme.id,
    programmeName: programme.name,
    validUntil: programme.validUntil,
    redeemableUntil: redemptionDeadline(programme),
  };
  if (verdict.code === 'already_used' && facts.queuedAt) {
    return {
      ...verdict,
      message: `Ce chèque a déjà été encaissé hors connexion sur cet appareil le ${formatFrenchDate(localDate(facts.queuedAt))} : il attend la synchronisation.`,
      cheque,
    };
  }
  return { ...verdict, cheque };
}

function offlineRefusal(code: OfflineRefusal, message: string): OfflineVerdict {
  return { redeemable: false, code, message, cheque: null };
}
