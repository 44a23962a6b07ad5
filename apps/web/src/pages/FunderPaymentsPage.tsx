import { useEffect, useState } from 'react';
import { type FunderPayment, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { formatEuros } from '../labels';
import { settlementError } from '../settlement';

/** "/paiements-lieux": how much of the funder's programmes' money was paid to which places (paid transfers only). */
export function FunderPaymentsPage() {
  const [payments, setPayments] = useState<FunderPayment[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.funderPayments().then(setPayments, (error: unknown) => setLoadError(settlementError(error)));
  }, []);

  const total = payments?.reduce((sum, payment) => sum + payment.amountCents, 0) ?? 0;
  return (
    <Page title="Paiements aux lieux">
      <p>Les sommes versées aux structures des lieux pour les chèques de vos programmes, une fois le virement payé par la banque.</p>
      <ErrorMessage message={loadError} />
      {payments === null ? (
        loadError ? null : (
          <p>Chargement des paiements…</p>
        )
      ) : payments.length === 0 ? (
        <p>Aucun paiement pour le moment.</p>
      ) : (
        <DataTable caption="Paiements par programme et par structure bénéficiaire" captionHidden>
          <thead>
            <tr>
              <th scope="col">Programme</th>
              <th scope="col">Bénéficiaire</th>
              <th scope="col">Chèques</th>
              <th scope="col">Montant</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((payment) => (
              <tr key={`${payment.programmeId}-${payment.organisationId}`}>
                <td>{payment.programmeName}</td>
                <th scope="row">{payment.payeeName}</th>
                <td>{payment.chequeCount}</td>
                <td>{formatEuros(payment.amountCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td>{formatEuros(total)}</td>
            </tr>
          </tfoot>
        </DataTable>
      )}
    </Page>
  );
}
