import { useCallback, useEffect, useRef, useState } from 'react';
import { type RefundToPrepare, type RefundTransfer, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { errorMessage } from '../forms';
import { formatDay, formatEuros, plural } from '../labels';
import { FUNDER_BANK_DETAILS_TEXT, refundDeadlineText, refundTransferStatusText } from '../refund-transfers';

/** This page's refusals (details.code of a 409) in plain French. */
const REFUSALS: Record<string, string> = {
  four_eyes_required:
    'Une autre personne doit faire cette étape : celle qui a préparé le virement ne l’approuve pas, et un virement préparé automatiquement est exporté par une autre personne que celle qui l’a approuvé.',
  funder_bank_details_unverified:
    'Le RIB du financeur n’est pas (ou plus) vérifié : vérifiez-le sur la page « RIB à vérifier », puis annulez et préparez de nouveau le virement si besoin.',
  nothing_to_refund: 'Il n’y a rien à rembourser pour ce programme : il n’est pas clos, ou son avoir est déjà remboursé.',
  refund_transfer_status: 'Cette étape n’est plus possible pour ce virement : la page affiche maintenant son état à jour.',
};

type Step = 'approve' | 'export' | 'cancel';

const STEP_DONE: Record<Step, string> = {
  approve: 'est approuvé',
  export: 'est exporté : téléchargez le fichier SEPA et transmettez-le à la banque',
  cancel: 'est annulé',
};

/**
 * "/remboursements-financeurs": a closed programme's credit note paid back to its funder by SEPA
 * transfer within 30 days of the close: what waits, and each transfer from its preparation to the
 * bank's answer (read from the bank statements imported).
 */
export function FunderRefundsPage({ canAct }: { canAct: boolean }) {
  const [data, setData] = useState<{ toPrepare: RefundToPrepare[]; transfers: RefundTransfer[] } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const feedbackRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => api.refundTransfers().then(setData, (error: unknown) => setLoadError(errorMessage(error))), []);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(run: () => Promise<RefundTransfer>, done: (transfer: RefundTransfer) => string): Promise<void> {
    setBusy(true);
    setStatus(null);
    setFailure(null);
    try {
      setStatus(done(await run()));
    } catch (error) {
      setFailure(errorMessage(error, REFUSALS));
    } finally {
      setBusy(false);
      await load();
      window.setTimeout(() => feedbackRef.current?.focus(), 0);
    }
  }

  return (
    <Page title="Remboursements aux financeurs">
      <p>
        Quand un programme est clos, la valeur des chèques non utilisés (l’avoir) est remboursée au financeur par virement, au plus tard 30
        jours après la clôture. Le virement est préparé automatiquement dès que le RIB du financeur est vérifié ; une seconde personne
        l’approuve, puis il est exporté dans un fichier SEPA pour la banque. Le relevé de la banque importé sur la page « Relevés bancaires
        » l’enregistre payé à la date de la banque, ou rejeté avec le motif de la banque.
      </p>
      <div ref={feedbackRef} tabIndex={-1}>
        <StatusMessage message={status} />
        <ErrorMessage message={failure} />
      </div>
      <ErrorMessage message={loadError} />
      {data === null ? (
        loadError ? null : (
          <p>Chargement des remboursements…</p>
        )
      ) : (
        <>
          <section aria-labelledby="titre-a-preparer">
            <h2 id="titre-a-preparer">Programmes clos à rembourser</h2>
            {data.toPrepare.length === 0 ? (
              <p>Aucun programme clos n’attend de virement.</p>
            ) : (
              <DataTable caption={`${plural(data.toPrepare.length, 'programme clos', 'programmes clos')} sans virement en cours`} wide>
                <thead>
                  <tr>
                    <th scope="col">Programme</th>
                    <th scope="col">Financeur</th>
                    <th scope="col">Avoir</th>
                    <th scope="col">Échéance</th>
                    <th scope="col">RIB du financeur</th>
                    {canAct ? <th scope="col">Action</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {data.toPrepare.map((due) => (
                    <tr key={due.programmeId}>
                      <th scope="row" className="cell--name">
                        {due.programmeName}
                      </th>
                      <td>{due.funderName}</td>
                      <td className="nowrap">{formatEuros(due.refundableCents)}</td>
                      <td>
                        Clos le {formatDay(due.closedOn)}. {refundDeadlineText(due)}
                      </td>
                      <td>{FUNDER_BANK_DETAILS_TEXT[due.funderBankDetails]}</td>
                      {canAct ? (
                        <td>
                          {due.funderBankDetails === 'verified' ? (
                            <button
                              type="button"
                              className="button"
                              disabled={busy}
                              onClick={() =>
                                void act(
                                  () => api.prepareRefundTransfer(due.programmeId),
                                  (transfer) =>
                                    `Le virement ${transfer.reference} de ${formatEuros(transfer.amountCents)} au financeur est préparé : une seconde personne doit l’approuver.`,
                                )
                              }
                            >
                              Préparer le virement <span className="visually-hidden">pour {due.programmeName}</span>
                            </button>
                          ) : (
                            'En attente du RIB'
                          )}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )}
          </section>

          <section aria-labelledby="titre-virements">
            <h2 id="titre-virements">Virements de remboursement</h2>
            {data.transfers.length === 0 ? (
              <p>Aucun virement de remboursement pour le moment.</p>
            ) : (
              <DataTable caption={`${plural(data.transfers.length, 'virement')}, le plus récent en premier`} wide>
                <thead>
                  <tr>
                    <th scope="col">Référence</th>
                    <th scope="col">Programme et financeur</th>
                    <th scope="col">Montant</th>
                    <th scope="col">Où en est-il</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {data.transfers.map((transfer) => (
                    <tr key={transfer.id}>
                      <th scope="row" className="nowrap">
                        {transfer.reference}
                      </th>
                      <td>
                        {transfer.programmeName}
                        <br />
                        {transfer.funderName}
                      </td>
                      <td className="nowrap">{formatEuros(transfer.amountCents)}</td>
                      <td>
                        {refundTransferStatusText(transfer)}
                        {transfer.status === 'paid' || transfer.status === 'cancelled' ? null : (
                          <>
                            <br />
                            {refundDeadlineText(transfer)}
                          </>
                        )}
                      </td>
                      <td>
                        <TransferActions transfer={transfer} canAct={canAct} busy={busy} act={act} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

function TransferActions({
  transfer,
  canAct,
  busy,
  act,
}: {
  transfer: RefundTransfer;
  canAct: boolean;
  busy: boolean;
  act: (run: () => Promise<RefundTransfer>, done: (transfer: RefundTransfer) => string) => Promise<void>;
}) {
  const step = (name: Step, label: string, secondary = false) => (
    <button
      type="button"
      className={secondary ? 'button button--secondary' : 'button'}
      disabled={busy}
      onClick={() =>
        void act(
          () => api.refundTransferStep(transfer.id, name),
          (done) => `Le virement ${done.reference} ${STEP_DONE[name]}.`,
        )
      }
    >
      {label} <span className="visually-hidden">le virement {transfer.reference}</span>
    </button>
  );
  const exported = transfer.status === 'exported' || transfer.status === 'paid' || transfer.status === 'rejected';
  return (
    <div className="actions">
      {/* A reviewer approves too (the second pair of eyes); the other steps are the administrator's. */}
      {transfer.status === 'prepared' ? step('approve', 'Approuver') : null}
      {canAct && transfer.status === 'approved' ? step('export', 'Exporter pour la banque') : null}
      {canAct && (transfer.status === 'prepared' || transfer.status === 'approved') ? step('cancel', 'Annuler', true) : null}
      {canAct && exported ? (
        <a href={api.refundTransferSepaUrl(transfer.id)} download>
          Fichier SEPA <span className="visually-hidden">du virement {transfer.reference}</span> (XML)
        </a>
      ) : null}
      {!canAct && transfer.status !== 'prepared' ? '—' : null}
    </div>
  );
}
