import { useEffect, useState } from 'react';
import { type IdleBooklet, type Me, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { errorMessage } from '../forms';
import { formatDay, plural } from '../labels';
import { Link } from '../router';

/**
 * Booklets stuck in a distributor's stock: 60 days there and not one cheque handed out (the same rule
 * as the e-mail digest to distributors, docs/notifications.md). The distributor sees its own, the
 * funder those of its programmes, by structure, the operator all.
 */
export function IdleStockPage({ me }: { me: Me }) {
  const isDistributor = me.organisation.kind === 'distributor';
  const [idle, setIdle] = useState<{ idleDays: number; booklets: IdleBooklet[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.idleBooklets().then(setIdle, (failure: unknown) => setError(errorMessage(failure)));
  }, []);

  const structures = idle ? new Set(idle.booklets.map((booklet) => booklet.distributorOrganisationId)).size : 0;

  return (
    <Page title="Carnets inactifs">
      <p>
        Un carnet est inactif quand il est dans le stock d'une structure depuis plus de {idle?.idleDays ?? 60} jours sans qu'aucun de ses
        chèques n'ait été remis (les programmes terminés ne sont pas comptés).{' '}
        {isDistributor
          ? 'Remettez-les aux personnes que vous accompagnez, ou proposez-les à une autre structure du même programme par un transfert.'
          : 'Une structure qui ne les remet pas peut les transférer à une autre structure du programme : vous approuvez ces transferts.'}
      </p>
      <ErrorMessage message={error} />
      {idle === null ? (
        error ? null : (
          <p>Chargement des carnets inactifs…</p>
        )
      ) : idle.booklets.length === 0 ? (
        <p>Aucun carnet inactif : tous les carnets en stock ont servi récemment ou sont arrivés il y a moins de {idle.idleDays} jours.</p>
      ) : (
        <>
          <p>
            {plural(idle.booklets.length, 'carnet inactif', 'carnets inactifs')}
            {isDistributor ? '.' : ` chez ${plural(structures, 'structure')}.`}
          </p>
          <DataTable caption="Carnets inactifs" captionHidden>
            <thead>
              <tr>
                <th scope="col">Carnet</th>
                <th scope="col">Programme</th>
                {isDistributor ? null : <th scope="col">Structure</th>}
                <th scope="col">Dans le stock depuis le</th>
              </tr>
            </thead>
            <tbody>
              {idle.booklets.map((booklet) => (
                <tr key={booklet.serial}>
                  <th scope="row" className="nowrap">
                    <code>{booklet.serial}</code>
                  </th>
                  <td>{booklet.programmeName}</td>
                  {isDistributor ? null : <td>{booklet.distributorName}</td>}
                  <td>{formatDay(booklet.allocatedOn)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <p>
            <Link href="/transferts">
              {isDistributor ? 'Proposer ces carnets à une autre structure' : 'Voir les demandes de transfert'}
            </Link>
          </p>
        </>
      )}
    </Page>
  );
}
