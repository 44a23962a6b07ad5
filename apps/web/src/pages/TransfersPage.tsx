import { useEffect, useRef, useState } from 'react';
import { type Me, type StockTransfer, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { SelectField, TextAreaField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { parseWholeNumber } from '../input';
import { formatDateTime, plural } from '../labels';
import { useSubmit } from '../useSubmit';

const REQUEST_FIELDS: FieldMap = {
  programmeId: { id: 'transfert-programme', label: 'Programme' },
  toDistributorOrganisationId: { id: 'transfert-destination', label: 'Structure qui reçoit les carnets' },
  bookletCount: { id: 'transfert-nombre', label: 'Nombre de carnets' },
  reason: { id: 'transfert-motif', label: 'Pourquoi (facultatif)' },
};
const DECISION_FIELDS: FieldMap = { note: { id: 'transfert-decision-motif', label: 'Motif' } };

/** Where a transfer stands, in words: what moved and what stayed (handed out meanwhile). */
function statusInWords(transfer: StockTransfer): string {
  switch (transfer.status) {
    case 'pending':
      return 'En attente de décision';
    case 'refused':
      return `Refusé${transfer.decisionNote ? ` : ${transfer.decisionNote}` : ''}`;
    case 'approved': {
      const moved = transfer.booklets.filter((booklet) => booklet.moved).length;
      const kept = transfer.booklets.length - moved;
      return `Approuvé : ${plural(moved, 'carnet transféré', 'carnets transférés')}${
        kept > 0 ? `, ${plural(kept, 'resté', 'restés')} chez le demandeur (remis ou annulés entre-temps)` : ''
      }${transfer.decisionNote ? `. ${transfer.decisionNote}` : ''}`;
    }
  }
}

/**
 * Booklet transfers between distributors of a programme (docs/stock.md). A distributor asks; the
 * programme's funder (management role) or the operator's administrator approves or refuses, after a
 * confirmation step; the others read. Each submission carries its own Idempotency-Key.
 */
export function TransfersPage({ me }: { me: Me }) {
  const isDistributor = me.role === 'distributor_agent';
  const canDecide = me.role === 'funder_manager' || me.role === 'operator_admin';
  const [transfers, setTransfers] = useState<StockTransfer[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  function reload(): void {
    api.stockTransfers().then(setTransfers, (error: unknown) => setLoadError(errorMessage(error)));
  }
  useEffect(reload, []);

  function done(message: string): void {
    setStatus(message);
    reload();
    statusRef.current?.focus();
  }

  const pending = transfers?.filter((transfer) => transfer.status === 'pending') ?? [];
  const decided = transfers?.filter((transfer) => transfer.status !== 'pending') ?? [];

  return (
    <Page title="Transferts de carnets">
      <p>
        Une structure qui a plus de carnets qu'elle ne peut en remettre peut en transférer à une autre structure distributrice du même
        programme. Le financeur du programme ou l'opérateur approuve ou refuse la demande ; rien ne bouge avant. Un carnet remis entre-temps
        reste chez la structure qui l'a remis.
      </p>
      <StatusMessage message={status} ref={statusRef} />
      {isDistributor ? <RequestForm onDone={done} /> : null}
      <ErrorMessage message={loadError} />
      {transfers === null ? (
        loadError ? null : (
          <p>Chargement des transferts…</p>
        )
      ) : (
        <>
          <TransferTable caption="Demandes en attente" transfers={pending} canDecide={canDecide} onDone={done} />
          <TransferTable caption="Demandes traitées" transfers={decided} canDecide={false} onDone={done} />
        </>
      )}
    </Page>
  );
}

function RequestForm({ onDone }: { onDone: (message: string) => void }) {
  const [programmes, setProgrammes] = useState<Array<{ value: string; label: string }>>([]);
  const [destinations, setDestinations] = useState<Array<{ value: string; label: string }>>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [destination, setDestination] = useState('');
  const [count, setCount] = useState('');
  const [reason, setReason] = useState('');
  const idempotencyKey = useRef(crypto.randomUUID());

  useEffect(() => {
    // The programmes of the structure's stock (a distributor does not read the programmes list).
    api.booklets({ pageSize: 200, page: 1 }).then(
      (page) => {
        const names = new Map(page.items.map((booklet) => [booklet.programmeId, booklet.programmeName]));
        setProgrammes([...names].map(([value, label]) => ({ value, label })));
      },
      () => {},
    );
  }, []);

  useEffect(() => {
    setDestination('');
    setDestinations([]);
    if (programmeId) {
      api.transferDestinations(programmeId).then(
        (list) => setDestinations(list.map((distributor) => ({ value: distributor.id, label: distributor.name }))),
        () => {},
      );
    }
  }, [programmeId]);

  const form = useSubmit(
    async (): Promise<FormErrors | void> => {
      const fields: Record<string, string[]> = {};
      const parsed = parseWholeNumber(count);
      if (!programmeId) fields.programmeId = ['Choisissez le programme des carnets.'];
      if (!destination) fields.toDistributorOrganisationId = ['Choisissez la structure qui recevra les carnets.'];
      if (!parsed.ok || parsed.value < 1) fields.bookletCount = ['Indiquez un nombre de carnets, 1 ou plus.'];
      if (Object.keys(fields).length > 0 || !parsed.ok) return { message: INVALID_FORM, fields };
      const transfer = await api.requestTransfer(idempotencyKey.current, {
        programmeId,
        toDistributorOrganisationId: destination,
        bookletCount: parsed.value,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      idempotencyKey.current = crypto.randomUUID();
      setCount('');
      setReason('');
      onDone(
        `Demande envoyée : ${plural(transfer.booklets.length, 'carnet')} (${transfer.booklets.map((booklet) => booklet.serial).join(', ')}) pour ${transfer.toDistributorName}. Le financeur ou l'opérateur va la traiter ; gardez ces carnets de côté.`,
      );
    },
    (error) => toFormErrors(error),
  );

  return (
    <section aria-labelledby="titre-demande" className="panel">
      <h2 id="titre-demande">Demander un transfert</h2>
      <ErrorSummary errors={form.errors} fields={REQUEST_FIELDS} />
      <form onSubmit={form.onSubmit} noValidate>
        <SelectField
          id="transfert-programme"
          label="Programme"
          placeholder="Choisissez un programme"
          options={programmes}
          value={programmeId}
          onChange={(event) => setProgrammeId(event.target.value)}
          errors={form.errors?.fields.programmeId}
        />
        <SelectField
          id="transfert-destination"
          label="Structure qui reçoit les carnets"
          hint="Les autres structures distributrices de ce programme."
          placeholder={programmeId && destinations.length === 0 ? 'Aucune autre structure pour ce programme' : 'Choisissez une structure'}
          options={destinations}
          value={destination}
          onChange={(event) => setDestination(event.target.value)}
          errors={form.errors?.fields.toDistributorOrganisationId}
        />
        <TextField
          id="transfert-nombre"
          label="Nombre de carnets"
          hint="Des carnets de votre stock qu'aucune personne n'a reçus ; les plus petits numéros sont choisis."
          inputMode="numeric"
          autoComplete="off"
          value={count}
          onChange={(event) => setCount(event.target.value)}
          errors={form.errors?.fields.bookletCount}
        />
        <TextAreaField
          id="transfert-motif"
          label="Pourquoi (facultatif)"
          hint="Pour la personne qui décide. 200 caractères au plus."
          rows={2}
          maxLength={200}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          errors={form.errors?.fields.reason}
        />
        <button type="submit" className="button" aria-busy={form.pending}>
          {form.pending ? 'Envoi en cours…' : 'Envoyer la demande'}
        </button>
      </form>
    </section>
  );
}

function TransferTable({
  caption,
  transfers,
  canDecide,
  onDone,
}: {
  caption: string;
  transfers: StockTransfer[];
  canDecide: boolean;
  onDone: (message: string) => void;
}) {
  const [deciding, setDeciding] = useState<{ transfer: StockTransfer; decision: 'approve' | 'refuse' } | null>(null);
  return (
    <section>
      <h2>{caption}</h2>
      {transfers.length === 0 ? (
        <p>Aucune.</p>
      ) : (
        <DataTable caption={caption} captionHidden wide>
          <thead>
            <tr>
              <th scope="col">Demandé le</th>
              <th scope="col">Programme</th>
              <th scope="col">De</th>
              <th scope="col">Vers</th>
              <th scope="col">Carnets</th>
              <th scope="col">Motif</th>
              <th scope="col">État</th>
              {canDecide ? <th scope="col">Décision</th> : null}
            </tr>
          </thead>
          <tbody>
            {transfers.map((transfer) => (
              <tr key={transfer.id}>
                <td>{formatDateTime(transfer.requestedAt)}</td>
                <td>{transfer.programmeName}</td>
                <td>{transfer.fromDistributorName}</td>
                <td>{transfer.toDistributorName}</td>
                <td>
                  {plural(transfer.booklets.length, 'carnet')} :{' '}
                  {transfer.booklets.map((booklet, index) => (
                    <span key={booklet.serial} className="nowrap">
                      {booklet.serial}
                      {booklet.moved === false ? ' (resté)' : ''}
                      {index < transfer.booklets.length - 1 ? ', ' : ''}
                    </span>
                  ))}
                </td>
                <td>{transfer.reason ?? '—'}</td>
                <td>{statusInWords(transfer)}</td>
                {canDecide ? (
                  <td>
                    <div className="actions">
                      <button type="button" className="button button--small" onClick={() => setDeciding({ transfer, decision: 'approve' })}>
                        Approuver<span className="visually-hidden"> le transfert vers {transfer.toDistributorName}</span>
                      </button>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        onClick={() => setDeciding({ transfer, decision: 'refuse' })}
                      >
                        Refuser<span className="visually-hidden"> le transfert vers {transfer.toDistributorName}</span>
                      </button>
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {deciding ? (
        <DecisionForm
          key={`${deciding.transfer.id}-${deciding.decision}`}
          transfer={deciding.transfer}
          decision={deciding.decision}
          onCancel={() => setDeciding(null)}
          onDone={(message) => {
            setDeciding(null);
            onDone(message);
          }}
        />
      ) : null}
    </section>
  );
}

/** The confirmation step of a decision: what will happen, and the reason (required to refuse). */
function DecisionForm({
  transfer,
  decision,
  onCancel,
  onDone,
}: {
  transfer: StockTransfer;
  decision: 'approve' | 'refuse';
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const [note, setNote] = useState('');
  const idempotencyKey = useRef(crypto.randomUUID());
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const form = useSubmit(
    async (): Promise<FormErrors | void> => {
      if (decision === 'refuse' && !note.trim()) {
        return { message: INVALID_FORM, fields: { note: ['Dites pourquoi vous refusez : les deux structures le liront.'] } };
      }
      const decided = await api.decideTransfer(idempotencyKey.current, transfer.id, decision, note.trim());
      onDone(`Transfert de ${transfer.fromDistributorName} vers ${transfer.toDistributorName} : ${statusInWords(decided).toLowerCase()}.`);
    },
    (error) => toFormErrors(error),
  );
  const approving = decision === 'approve';
  return (
    <div className="panel">
      <h3 tabIndex={-1} ref={headingRef}>
        {approving ? 'Approuver' : 'Refuser'} le transfert de {plural(transfer.booklets.length, 'carnet')} de {transfer.fromDistributorName}{' '}
        vers {transfer.toDistributorName}
      </h3>
      <p>
        {approving
          ? `Les carnets encore complets dans le stock de ${transfer.fromDistributorName} passeront dans celui de ${transfer.toDistributorName}. Un carnet remis entre-temps reste où il est. Cette décision est définitive.`
          : 'Aucun carnet ne bougera. Cette décision est définitive.'}
      </p>
      <ErrorSummary errors={form.errors} fields={DECISION_FIELDS} />
      <form onSubmit={form.onSubmit} noValidate>
        <TextAreaField
          id="transfert-decision-motif"
          label={approving ? 'Un mot pour les structures (facultatif)' : 'Motif'}
          hint="200 caractères au plus."
          rows={2}
          maxLength={200}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          errors={form.errors?.fields.note}
        />
        <div className="actions">
          <button type="submit" className="button" aria-busy={form.pending}>
            {form.pending ? 'Enregistrement…' : approving ? "Confirmer l'approbation" : 'Confirmer le refus'}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Ne rien décider
          </button>
        </div>
      </form>
    </div>
  );
}
