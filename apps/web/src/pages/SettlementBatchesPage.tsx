import { useEffect, useRef, useState } from 'react';
import { type Me, type PaymentDelays, type SettlementBatch, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { toFormErrors } from '../forms';
import { formatEuros } from '../labels';
import { Link, navigate } from '../router';
import { BATCH_STATUS_LABELS, periodLabel, previousMonthInParis, settlementError, settlementProblem } from '../settlement';
import { newId } from '../scanner/offline-store';
import { useSubmit } from '../useSubmit';

/** "/remboursements": the operator's payment batches to places, and a new one for a month. */
export function SettlementBatchesPage({ me }: { me: Me }) {
  const [batches, setBatches] = useState<SettlementBatch[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [delays, setDelays] = useState<PaymentDelays | null>(null);

  useEffect(() => {
    api.settlementBatches().then(setBatches, (error: unknown) => setLoadError(settlementError(error)));
    api.paymentDelays().then(setDelays, (error: unknown) => setLoadError(settlementError(error)));
  }, []);

  return (
    <Page title="Remboursements">
      <p>
        Les lieux sont remboursés des chèques encaissés à chaque date de coupure (chaque semaine par défaut, le lundi à minuit, heure de
        Paris) : le lot de la coupure est préparé automatiquement et regroupe, par structure bénéficiaire, les encaissements parvenus au
        serveur avant elle. Un lot peut aussi être préparé à la main pour un mois. Le lot est approuvé par une seconde personne, exporté en
        fichier de virements SEPA, puis marqué payé ; pour un lot préparé automatiquement, la personne qui l’approuve ne l’exporte pas.
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
      {delays ? <PaymentDelaysTable delays={delays} /> : null}
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
      const errors = toFormErrors(error, {}, settlementProblem);
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

/** Days from a redemption to the booking of its transfer: median and 95th percentile, overall and per département. */
function PaymentDelaysTable({ delays }: { delays: PaymentDelays }) {
  const days = (value: number | null): string => (value === null ? '—' : `${value} j`);
  return (
    <section aria-labelledby="delais">
      <h2 id="delais">Délai de paiement des lieux</h2>
      <p>
        Jours entre chaque encaissement payé et la date du virement : la moitié des encaissements est payée en moins de la médiane, 95 % en
        moins du second chiffre. Objectif : 7 jours en médiane, 12 jours pour 95 %.
      </p>
      <DataTable caption="Délai de paiement, en tout et par département" captionHidden>
        <thead>
          <tr>
            <th scope="col">Territoire</th>
            <th scope="col">Encaissements payés</th>
            <th scope="col">Médiane</th>
            <th scope="col">95 %</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Tous les lieux</th>
            <td>{delays.overall.redemptionCount}</td>
            <td>{days(delays.overall.medianDays)}</td>
            <td>{days(delays.overall.p95Days)}</td>
          </tr>
          {delays.departements.map((row) => (
            <tr key={row.departement}>
              <th scope="row">Département {row.departement}</th>
              <td>{row.redemptionCount}</td>
              <td>{days(row.medianDays)}</td>
              <td>{days(row.p95Days)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </section>
  );
}
