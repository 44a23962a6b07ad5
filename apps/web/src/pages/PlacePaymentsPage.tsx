import { useEffect, useState } from 'react';
import { type SettlementLine, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { formatEuros } from '../labels';
import { periodLabel, settlementError } from '../settlement';
import { LineStatus } from './SettlementBatchPage';

/** "/mes-remboursements": what the place organisation was paid, transfer by transfer, with each statement. */
export function PlacePaymentsPage() {
  const [lines, setLines] = useState<SettlementLine[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.settlementLines().then(setLines, (error: unknown) => setLoadError(settlementError(error)));
  }, []);

  return (
    <Page title="Mes remboursements">
      <p>
        Les chèques encaissés un mois sont remboursés par virement le mois suivant, une fois vos coordonnées bancaires vérifiées. Un
        encaissement compte dans le mois où il est parvenu à la plateforme : un encaissement fait hors ligne compte dans le mois de sa
        synchronisation. Le relevé de chaque virement liste chaque chèque avec son lieu, son service et son montant.
      </p>
      <ErrorMessage message={loadError} />
      {lines === null ? (
        loadError ? null : (
          <p>Chargement de vos remboursements…</p>
        )
      ) : lines.length === 0 ? (
        <p>Aucun remboursement pour le moment.</p>
      ) : (
        <DataTable caption="Vos remboursements, le plus récent en premier" captionHidden wide>
          <thead>
            <tr>
              <th scope="col">Période</th>
              <th scope="col">Référence</th>
              <th scope="col">Montant</th>
              <th scope="col">Chèques</th>
              <th scope="col">Statut</th>
              <th scope="col">Relevé</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">{periodLabel(line)}</th>
                <td>{line.reference}</td>
                <td>{formatEuros(line.amountCents)}</td>
                <td>{line.chequeCount}</td>
                <td>
                  <LineStatus line={line} />
                </td>
                <td>
                  <a href={api.settlementStatementUrl(line.id)} download>
                    Relevé PDF<span className="visually-hidden"> {line.reference}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </Page>
  );
}
