import { useEffect, useRef, useState } from 'react';
import { type Me, type SettlementBatch, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { toFormErrors } from '../forms';
import { formatEuros } from '../labels';
import { Link, navigate } from '../router';
import { BATCH_STATUS_LABELS, periodLabel, previousMonthInParis, settlementError } from '../settlement';
import { newId } from '../scanner/offline-store';
import { useSubmit } from '../useSubmit';

/** "/remboursements": the operator's payment batches to places, and a new one for a month. */
export function SettlementBatchesPage({ me }: { me: Me }) {
  const [batches, setBatches] = useState<SettlementBatch[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.settlementBatches().then(setBatches, (error: unknown) => setLoadError(settlementError(error)));
  }, []);

  return (
    <Page title="Remboursements">
      <p>
        Chaque mois, les lieux sont remboursés des chèques encaissés : un lot regroupe, par structure bénéficiaire, les encaissements
        parvenus au serveur avant la fin du mois (heure de Paris). Un encaissement fait hors ligne compte donc dans le mois de sa
        synchronisation. Le lot est approuvé par une seconde personne, exporté en fichier de virements SEPA, puis marqué payé.
      </p>
      {me.role === 'operator_admin' ? <NewBatchForm /> : null}
      <ErrorMessage message={loadError} />
      <h2>Lots</h2>
      {batches === null ? (
        loadError ? null : (
          <p>Chargement des lots…</p>
        )
      ) : batches.length === 0 ? (
        <p>Aucun lot pour le moment.</p>
      ) : (
        <DataTable caption="Lots de remboursement, le plus récent en premier" captionHidden wide>
          <thead>
            <tr>
              <th scope="col">Lot</th>
              <th scope="col">Période</th>
              <th scope="col">Statut</th>
              <th scope="col">Virements</th>
              <th scope="col">Montant</th>
              <th scope="col">Reporté</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => (
              <tr key={batch.id}>
                <th scope="row">
                  <Link href={`/remboursements/${batch.id}`}>{batch.reference}</Link>
                </th>
                <td>{periodLabel(batch)}</td>
                <td>{BATCH_STATUS_LABELS[batch.status]}</td>
                <td>{batch.lineCount}</td>
                <td>{formatEuros(batch.totalCents)}</td>
                <td>{formatEuros(batch.carriedOverCents)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </Page>
  );
}

function NewBatchForm() {
  const [month, setMonth] = useState(previousMonthInParis());
  // One key per attempt: a double click or a retry after a lost answer builds nothing twice.
  const key = useRef(newId());
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      const batch = await api.createSettlementBatch(key.current, { month });
      key.current = newId();
      navigate(`/remboursements/${batch.id}`);
    },
    (error) => {
      key.current = newId();
      const errors = toFormErrors(error);
      return { ...errors, message: settlementError(error) };
    },
  );
  return (
    <section className="panel" aria-labelledby="nouveau-lot">
      <h2 id="nouveau-lot">Préparer un lot</h2>
      <ErrorSummary errors={errors} fields={{ month: { id: 'lot-mois', label: 'Mois' } }} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="lot-mois"
          label="Mois à rembourser"
          hint="Par défaut le mois précédent. Si ce mois a déjà son lot, il s’ouvre."
          type="month"
          required
          errors={errors?.fields.month}
          value={month}
          onChange={(event) => setMonth(event.target.value)}
        />
        <button type="submit" className="button" disabled={pending}>
          Préparer le lot
        </button>
      </form>
    </section>
  );
}
