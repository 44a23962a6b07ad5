import { useCallback, useEffect, useRef, useState } from 'react';
import { type Me, type SettlementBatchDetail, type SettlementLine, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { SummaryList } from '../components/SummaryList';
import { toFormErrors } from '../forms';
import { formatDateTime, formatDay, formatEuros, plural, todayInParis } from '../labels';
import { Link } from '../router';
import { newId } from '../scanner/offline-store';
import { BATCH_STATUS_LABELS, LINE_STATUS_LABELS, periodLabel, settlementError } from '../settlement';
import { useSubmit } from '../useSubmit';

/** "/remboursements/<id>": one batch, its transfers and carried-over payees, and the next step of its life. */
export function SettlementBatchPage({ me, id }: { me: Me; id: string }) {
  const [batch, setBatch] = useState<SettlementBatchDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);

  const reload = useCallback(() => api.settlementBatch(id).then(setBatch, (error: unknown) => setLoadError(settlementError(error))), [id]);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function step(action: () => Promise<unknown>, done: string): Promise<void> {
    if (busy) return;
    setBusy(true);
    setActionError(null);
    try {
      await action();
      setStatus(done);
      window.setTimeout(() => statusRef.current?.focus(), 0);
    } catch (error) {
      setActionError(settlementError(error));
    } finally {
      await reload();
      setBusy(false);
    }
  }

  if (!batch) {
    return (
      <Page title="Lot de remboursement">
        <ErrorMessage message={loadError} />
        {loadError ? null : <p>Chargement du lot…</p>}
      </Page>
    );
  }
  const admin = me.role === 'operator_admin';
  const ownBatch = batch.createdBy === me.id;
  const pending = batch.lines.filter((line) => line.status === 'pending');
  return (
    <Page title={`Lot ${batch.reference}`}>
      <p>
        <Link href="/remboursements">Tous les lots</Link>
      </p>
      <StatusMessage message={status} ref={statusRef} />
      <ErrorMessage message={actionError} />
      <SummaryList
        facts={[
          ['Période', periodLabel(batch)],
          ['Encaissements enregistrés avant le', formatDateTime(batch.cutOff)],
          ['Statut', BATCH_STATUS_LABELS[batch.status]],
          ['Virements', `${batch.lineCount} pour ${formatEuros(batch.totalCents)}`],
          ['Reporté (coordonnées bancaires non vérifiées)', formatEuros(batch.carriedOverCents)],
          ['Préparé le', formatDateTime(batch.createdAt)],
          ['Approuvé le', formatDateTime(batch.approvedAt)],
          ['Exporté le', formatDateTime(batch.exportedAt)],
          ['Payé le', formatDateTime(batch.paidAt)],
        ]}
      />

      {batch.status === 'draft' ? (
        <section className="panel" aria-labelledby="approbation">
          <h2 id="approbation">Approbation</h2>
          {ownBatch ? (
            <p>Vous avez préparé ce lot : une autre personne de l’opérateur doit le vérifier et l’approuver (principe des quatre yeux).</p>
          ) : (
            <>
              <p>Vérifiez les virements et les bénéficiaires ci-dessous, puis approuvez le lot.</p>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void step(() => api.approveSettlementBatch(batch.id), 'Lot approuvé : il peut être exporté vers la banque.')}
              >
                Approuver le lot
              </button>
            </>
          )}
        </section>
      ) : null}
      {batch.status === 'approved' && admin ? (
        <section className="panel" aria-labelledby="export">
          <h2 id="export">Export vers la banque</h2>
          <p>L’export fige le lot et produit le fichier de virements SEPA (pain.001) à transmettre à la banque.</p>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void step(() => api.exportSettlementBatch(batch.id), 'Lot exporté : téléchargez le fichier de virements.')}
          >
            Exporter le lot
          </button>
        </section>
      ) : null}

      <h2>Fichiers</h2>
      <ul>
        {admin && (batch.status === 'exported' || batch.status === 'paid') ? (
          <li>
            <a href={api.settlementSepaUrl(batch.id)} download>
              Fichier de virements SEPA (XML)
            </a>
          </li>
        ) : null}
        <li>
          <a href={api.settlementCsvUrl(batch.id)} download>
            Liste des virements (CSV)
          </a>
        </li>
      </ul>

      {batch.status === 'exported' && admin && pending.length > 0 ? (
        <PaymentForm batchId={batch.id} pendingCount={pending.length} onDone={(message) => void step(async () => {}, message)} />
      ) : null}
      {(batch.status === 'exported' || batch.status === 'paid') && admin && batch.lines.some((line) => line.status !== 'rejected') ? (
        <RejectionForm
          lines={batch.lines.filter((line) => line.status !== 'rejected')}
          onDone={(message) => void step(async () => {}, message)}
        />
      ) : null}

      <h2>Virements</h2>
      {batch.lines.length === 0 ? (
        <p>Aucun virement dans ce lot.</p>
      ) : (
        <DataTable caption={`Virements du lot ${batch.reference}`} captionHidden wide>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Bénéficiaire</th>
              <th scope="col">Montant</th>
              <th scope="col">Chèques</th>
              <th scope="col">Compte</th>
              <th scope="col">Statut</th>
              <th scope="col">Relevé</th>
            </tr>
          </thead>
          <tbody>
            {batch.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">{line.reference}</th>
                <td>{line.payeeName}</td>
                <td>{formatEuros(line.amountCents)}</td>
                <td>{line.chequeCount}</td>
                <td>
                  {line.accountHolder}
                  <br />
                  {line.iban}
                </td>
                <td>
                  <LineStatus line={line} />
                </td>
                <td>
                  <a href={api.settlementStatementUrl(line.id)} download>
                    PDF<span className="visually-hidden"> du relevé {line.reference}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      <h2>Bénéficiaires reportés</h2>
      {batch.carryOvers.length === 0 ? (
        <p>Aucun : tous les bénéficiaires ont des coordonnées bancaires vérifiées.</p>
      ) : (
        <>
          <p>Ces sommes restent dues : elles iront dans le premier lot préparé après la vérification de leurs coordonnées bancaires.</p>
          <DataTable caption="Bénéficiaires reportés au prochain lot" captionHidden>
            <thead>
              <tr>
                <th scope="col">Bénéficiaire</th>
                <th scope="col">Motif</th>
                <th scope="col">Montant</th>
              </tr>
            </thead>
            <tbody>
              {batch.carryOvers.map((carry) => (
                <tr key={carry.organisationId}>
                  <th scope="row">{carry.payeeName}</th>
                  <td>{carry.reasonText}</td>
                  <td>{formatEuros(carry.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      )}
    </Page>
  );
}

export function LineStatus({ line }: { line: SettlementLine }) {
  return (
    <>
      {LINE_STATUS_LABELS[line.status]}
      {line.status === 'paid' ? ` le ${formatDay(line.paidOn)} (réf. ${line.bankReference ?? '—'})` : null}
      {line.status === 'rejected' ? ` : ${line.rejectionReason ?? ''}` : null}
    </>
  );
}

function PaymentForm({ batchId, pendingCount, onDone }: { batchId: string; pendingCount: number; onDone: (message: string) => void }) {
  const [paidOn, setPaidOn] = useState(todayInParis());
  const [bankReference, setBankReference] = useState('');
  const key = useRef(newId());
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      await api.markSettlementBatchPaid(key.current, batchId, { paidOn, bankReference: bankReference.trim() });
      key.current = newId();
      onDone(`${plural(pendingCount, 'virement')} marqué(s) payé(s) : les chèques sont remboursés.`);
    },
    (error) => {
      key.current = newId();
      return { ...toFormErrors(error), message: settlementError(error) };
    },
  );
  return (
    <section className="panel" aria-labelledby="paiement">
      <h2 id="paiement">Paiement par la banque</h2>
      <p>{plural(pendingCount, 'virement')} en attente. Indiquez la date d’exécution et la référence donnée par la banque.</p>
      <ErrorSummary
        errors={errors}
        fields={{
          paidOn: { id: 'paiement-date', label: 'Date' },
          bankReference: { id: 'paiement-reference', label: 'Référence bancaire' },
        }}
      />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="paiement-date"
          label="Date d’exécution"
          type="date"
          required
          errors={errors?.fields.paidOn}
          value={paidOn}
          onChange={(event) => setPaidOn(event.target.value)}
        />
        <TextField
          id="paiement-reference"
          label="Référence bancaire"
          required
          maxLength={100}
          errors={errors?.fields.bankReference}
          value={bankReference}
          onChange={(event) => setBankReference(event.target.value)}
        />
        <button type="submit" className="button" disabled={pending}>
          Marquer les virements payés
        </button>
      </form>
    </section>
  );
}

function RejectionForm({ lines, onDone }: { lines: SettlementLine[]; onDone: (message: string) => void }) {
  const [lineId, setLineId] = useState('');
  const [reason, setReason] = useState('');
  const key = useRef(newId());
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      if (!lineId) return { message: 'Le formulaire contient des erreurs.', fields: { lineId: ['Choisissez le virement rejeté.'] } };
      const line = await api.rejectSettlementLine(key.current, lineId, reason.trim());
      key.current = newId();
      setLineId('');
      setReason('');
      onDone(`Virement ${line.reference} rejeté : ses encaissements iront dans le prochain lot.`);
    },
    (error) => {
      key.current = newId();
      return { ...toFormErrors(error), message: settlementError(error) };
    },
  );
  return (
    <section className="panel" aria-labelledby="rejet">
      <h2 id="rejet">Rejet d’un virement par la banque</h2>
      <ErrorSummary
        errors={errors}
        fields={{ lineId: { id: 'rejet-virement', label: 'Virement' }, reason: { id: 'rejet-motif', label: 'Motif' } }}
      />
      <form onSubmit={onSubmit} noValidate>
        <SelectField
          id="rejet-virement"
          label="Virement rejeté"
          placeholder="Choisissez…"
          options={lines.map((line) => ({
            value: line.id,
            label: `${line.reference} — ${line.payeeName} — ${formatEuros(line.amountCents)}`,
          }))}
          errors={errors?.fields.lineId}
          value={lineId}
          onChange={(event) => setLineId(event.target.value)}
        />
        <TextField
          id="rejet-motif"
          label="Motif donné par la banque"
          required
          maxLength={500}
          errors={errors?.fields.reason}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <button type="submit" className="button button--secondary" disabled={pending}>
          Enregistrer le rejet
        </button>
      </form>
    </section>
  );
}
