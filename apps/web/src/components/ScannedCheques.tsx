import type { ChequeSummary, Redemption } from '../api';
import { formatDateTime, formatDay, formatEuros, plural } from '../labels';
import type { QueuedRedemption } from '../scanner/offline-store';
import { maskChequeCode } from '../shared-domain';
import { VerdictIcon } from './VerdictIcon';

/** A cheque's verdict, from the API or from this device (offline refusals have their own codes). */
export interface Verdict {
  redeemable: boolean;
  code: string;
  message: string;
  cheque: ChequeSummary | null;
}

export interface ScannedCheque {
  key: string;
  /** What was scanned or typed, sent as is (a QR's signature is checked by the API too). */
  input: string;
  code: string;
  /** null while it is being checked. */
  verdict: Verdict | null;
  /** Checked on this device, without network. */
  offline: boolean;
}

/** A cheque in the scanner's list: checking, valid (value, programme, last day) or refused (the exact reason). */
export function ScannedChequeRow({ item, onRemove }: { item: ScannedCheque; onRemove: () => void }) {
  const { verdict } = item;
  const masked = verdict?.cheque?.maskedCode ?? maskChequeCode(item.code);
  const state = verdict ? (verdict.redeemable ? 'valid' : 'refused') : 'pending';
  return (
    <li className={`scanned scanned--${state}`}>
      <p className="scanned__title">
        {verdict ? <VerdictIcon usable={verdict.redeemable} size={24} /> : null}
        <strong>{verdict ? (verdict.redeemable ? 'Valable' : 'Refusé') : 'Vérification…'}</strong>
        <code className="cheque-code">{masked}</code>
      </p>
      {verdict?.cheque ? (
        <p>
          {verdict.cheque.faceValue} — {verdict.cheque.programmeName} — utilisable jusqu'au {formatDay(verdict.cheque.redeemableUntil)}
        </p>
      ) : null}
      {verdict && !verdict.redeemable ? <p className="scanned__reason">{verdict.message}</p> : null}
      {verdict && item.offline ? <p className="hint">Vérifié sur cet appareil, sans connexion.</p> : null}
      <button type="button" className="button button--secondary button--small" onClick={onRemove}>
        Retirer<span className="visually-hidden"> le chèque {masked}</span>
      </button>
    </li>
  );
}

export function RedeemedPanel({ redemption }: { redemption: Redemption }) {
  return (
    <div className="outcome outcome--done">
      <p className="outcome__title">
        <VerdictIcon usable size={28} />
        Encaissement enregistré : {plural(redemption.chequeCount, 'chèque')}, {redemption.amount}
      </p>
      <p>
        {redemption.service.name} — {formatDateTime(redemption.occurredAt)}
      </p>
      <p>Chèques : {redemption.cheques.map((cheque) => cheque.maskedCode).join(', ')}</p>
      <p>
        {/* A plain link: nothing is loaded until the mediator asks for it (the API answers with La Coop's pre-filled form). */}
        <a href={`/api/redemptions/${encodeURIComponent(redemption.id)}/la-coop`} target="_blank" rel="noopener">
          Compléter mon compte rendu sur La Coop<span className="visually-hidden"> (nouvel onglet)</span>
        </a>
      </p>
    </div>
  );
}

export function QueuedPanel({ queued }: { queued: QueuedRedemption }) {
  return (
    <div className="outcome outcome--queued">
      <p className="outcome__title">
        Encaissement gardé sur cet appareil : {plural(queued.maskedCodes.length, 'chèque')}, {formatEuros(queued.amountCents)}
      </p>
      <p>Il sera envoyé à la plateforme dès le retour de la connexion. Chèques : {queued.maskedCodes.join(', ')}</p>
    </div>
  );
}
