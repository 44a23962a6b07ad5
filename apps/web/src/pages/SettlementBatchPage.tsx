import { type ChangeEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { type Me, type SettlementBatchDetail, type SettlementLine, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextAreaField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { SummaryList } from '../components/SummaryList';
import { INVALID_FORM, toFormErrors } from '../forms';
import { formatDateTime, formatDay, formatEuros, plural, todayInParis } from '../labels';
import { Link } from '../router';
import { newId } from '../scanner/offline-store';
import { BATCH_STATUS_LABELS, LINE_STATUS_LABELS, periodLabel, settlementError, settlementProblem } from '../settlement';
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
  // A batch the settlement job built: its approver may not export it (four eyes at approval and export).
  const approvedByMe = batch.createdBy === null && batch.approvedBy === me.id;
  const pending = batch.lines.filter((line) => line.status === 'pending');
  // Lines the bank may still reject: pending or paid.
  const answerable = batch.lines.filter((line) => line.status === 'pending' || line.status === 'paid');
  const done = (message: string): void => void step(async () => {}, message);
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
          ['Préparé le', `${formatDateTime(batch.createdAt)}${batch.createdBy === null ? ' (automatiquement, à la date de coupure)' : ''}`],
          ['Approuvé le', formatDateTime(batch.approvedAt)],
          ['Exporté le', formatDateTime(batch.exportedAt)],
          ['Payé le', formatDateTime(batch.paidAt)],
          batch.status === 'cancelled' ? ['Annulé le', formatDateTime(batch.cancelledAt)] : null,
          batch.status === 'cancelled' ? ['Motif de l’annulation', batch.cancellationReason ?? '—'] : null,
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
                onClick={() => {
                  const question = `Approuver le lot ${batch.reference} : ${plural(batch.lineCount, 'virement')} pour ${formatEuros(batch.totalCents)} ? Vous confirmez avoir vérifié les virements et leurs bénéficiaires ; le lot pourra ensuite être exporté vers la banque.`;
                  if (window.confirm(question))
                    void step(() => api.approveSettlementBatch(batch.id), 'Lot approuvé : il peut être exporté vers la banque.');
                }}
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
          {approvedByMe ? (
            <p>
              Vous avez approuvé ce lot préparé automatiquement : une autre personne de l’opérateur doit l’exporter (principe des quatre
              yeux).
            </p>
          ) : (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                const question = `Exporter le lot ${batch.reference} vers la banque : ${plural(batch.lineCount, 'virement')} pour ${formatEuros(batch.totalCents)} ? C’est définitif : le lot est figé et ne peut plus être annulé.`;
                if (window.confirm(question))
                  void step(() => api.exportSettlementBatch(batch.id), 'Lot exporté : téléchargez le fichier de virements.');
              }}
            >
              Exporter le lot
            </button>
          )}
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
        <BatchActionForm
          id="paiement"
          title="Paiement par la banque"
          intro={`${plural(pending.length, 'virement')} en attente. Indiquez la date d’exécution et la référence donnée par la banque.`}
          fields={[
            { name: 'paidOn', id: 'paiement-date', label: 'Date d’exécution', shortLabel: 'Date', kind: 'date', initial: todayInParis() },
            {
              name: 'bankReference',
              id: 'paiement-reference',
              label: 'Référence bancaire',
              shortLabel: 'Référence bancaire',
              kind: 'text',
              maxLength: 100,
            },
          ]}
          submitLabel="Marquer les virements payés"
          send={async (key, { paidOn, bankReference }) => {
            await api.markSettlementBatchPaid(key, batch.id, { paidOn, bankReference });
            return `${plural(pending.length, 'virement')} marqué(s) payé(s) : les chèques sont remboursés.`;
          }}
          onDone={done}
        />
      ) : null}
      {(batch.status === 'exported' || batch.status === 'paid') && admin && answerable.length > 0 ? (
        <BatchActionForm
          id="rejet"
          title="Rejet d’un virement par la banque"
          fields={[
            {
              name: 'lineId',
              id: 'rejet-virement',
              label: 'Virement rejeté',
              shortLabel: 'Virement',
              kind: 'select',
              options: answerable.map((line) => ({
                value: line.id,
                label: `${line.reference} — ${line.payeeName} — ${formatEuros(line.amountCents)}`,
              })),
              missing: 'Choisissez le virement rejeté.',
            },
            { name: 'reason', id: 'rejet-motif', label: 'Motif donné par la banque', shortLabel: 'Motif', kind: 'text', maxLength: 500 },
          ]}
          submitLabel="Enregistrer le rejet"
          secondary
          send={async (key, { lineId, reason }) => {
            const line = await api.rejectSettlementLine(key, lineId, reason);
            return `Virement ${line.reference} rejeté : ses encaissements iront dans le prochain lot.`;
          }}
          onDone={done}
        />
      ) : null}
      {batch.status === 'draft' || batch.status === 'approved' ? (
        <BatchActionForm
          id="annulation"
          title="Annulation du lot"
          intro="Tant qu’il n’est pas exporté, le lot peut être annulé (par exemple si un virement est faux) : aucun virement ne part, et ses encaissements iront dans le prochain lot préparé."
          fields={[
            {
              name: 'reason',
              id: 'annulation-motif',
              label: 'Motif de l’annulation',
              shortLabel: 'Motif',
              kind: 'textarea',
              maxLength: 500,
            },
          ]}
          submitLabel="Annuler le lot"
          secondary
          confirmation={`Annuler le lot ${batch.reference} ? Ses ${plural(batch.lineCount, 'virement')} ne partiront pas ; leurs encaissements iront dans le prochain lot. Cette action est définitive.`}
          send={async (key, { reason }) => {
            await api.cancelSettlementBatch(key, batch.id, reason);
            return 'Lot annulé : ses encaissements iront dans le prochain lot préparé.';
          }}
          onDone={done}
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
                <td>
                  <Link href={`/remboursements/${line.organisationId}/paiements`}>{line.payeeName}</Link>
                </td>
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

/** One field of a batch action form; `name` is the API's (its refusals name it). */
interface ActionField {
  name: string;
  id: string;
  label: string;
  /** In the error summary. */
  shortLabel: string;
  kind: 'date' | 'text' | 'textarea' | 'select';
  initial?: string;
  maxLength?: number;
  options?: Array<{ value: string; label: string }>;
  /** A select left on its placeholder is refused before sending, with this text. */
  missing?: string;
}

/**
 * A form that moves the batch on (the bank's payment, a rejection, a cancellation): its fields, an
 * optional confirmation, and one Idempotency-Key per attempt, so a double click or a retry after a
 * lost answer records nothing twice. `send` answers the message to announce.
 */
function BatchActionForm({
  id,
  title,
  intro,
  fields,
  submitLabel,
  secondary = false,
  confirmation,
  send,
  onDone,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  fields: ActionField[];
  submitLabel: string;
  secondary?: boolean;
  confirmation?: string;
  send: (idempotencyKey: string, values: Record<string, string>) => Promise<string>;
  onDone: (message: string) => void;
}) {
  const initial = (): Record<string, string> => Object.fromEntries(fields.map((field) => [field.name, field.initial ?? '']));
  const [values, setValues] = useState(initial);
  const key = useRef(newId());
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      const missing = fields.filter((field) => field.missing && !values[field.name]);
      if (missing.length > 0) {
        return { message: INVALID_FORM, fields: Object.fromEntries(missing.map((field) => [field.name, [field.missing as string]])) };
      }
      if (confirmation && !window.confirm(confirmation)) return;
      const trimmed = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value.trim()]));
      const message = await send(key.current, trimmed);
      key.current = newId();
      setValues(initial());
      onDone(message);
    },
    (error) => {
      key.current = newId();
      return { ...toFormErrors(error, {}, settlementProblem), message: settlementError(error) };
    },
  );
  const change = (name: string) => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro ? <p>{intro}</p> : null}
      <ErrorSummary
        errors={errors}
        fields={Object.fromEntries(fields.map((field) => [field.name, { id: field.id, label: field.shortLabel }]))}
      />
      <form onSubmit={onSubmit} noValidate>
        {fields.map((field) => {
          const common = { id: field.id, label: field.label, errors: errors?.fields[field.name], value: values[field.name] };
          switch (field.kind) {
            case 'select':
              return (
                <SelectField
                  key={field.name}
                  {...common}
                  placeholder="Choisissez…"
                  options={field.options ?? []}
                  onChange={change(field.name)}
                />
              );
            case 'textarea':
              return (
                <TextAreaField key={field.name} {...common} required rows={3} maxLength={field.maxLength} onChange={change(field.name)} />
              );
            case 'date':
            case 'text':
              return (
                <TextField
                  key={field.name}
                  {...common}
                  type={field.kind}
                  required
                  maxLength={field.maxLength}
                  onChange={change(field.name)}
                />
              );
          }
        })}
        <button type="submit" className={secondary ? 'button button--secondary' : 'button'} disabled={pending}>
          {submitLabel}
        </button>
      </form>
    </section>
  );
}
