import { type FormEvent, useEffect, useState } from 'react';
import { type Booklet, type ExpiryAlert, type Me, type Programme, type Page as ResultPage, api } from '../api';
import { PROGRAMME_READERS } from '../access';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { ExpiryAlerts } from '../components/ExpiryAlerts';
import { SelectField } from '../components/FormField';
import { Page } from '../components/Page';
import { errorMessage } from '../forms';
import { countsInWords, formatDate, plural } from '../labels';
import { usePagedResult } from '../paged-result';
import { Link } from '../router';

const PAGE_SIZE = 50;

export function BookletsPage({ me }: { me: Me }) {
  const isDistributor = me.role === 'distributor_agent';
  // "/carnets?programme=<id>", from a programme's page.
  const [programmeId, setProgrammeId] = useState(() => new URLSearchParams(window.location.search).get('programme') ?? '');
  const [draftProgrammeId, setDraftProgrammeId] = useState(programmeId);
  const [page, setPage] = useState(1);
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [distributors, setDistributors] = useState<Map<string, string>>(new Map());
  const [alerts, setAlerts] = useState<ExpiryAlert[]>([]);

  useEffect(() => {
    // Names for the filter and the table; the ids alone still work if these fail.
    if (PROGRAMME_READERS.includes(me.role)) api.programmes().then(setProgrammes, () => {});
    // A distributor is told which of its booklets and handed-out cheques a programme's end will make worthless.
    if (me.role === 'distributor_agent') api.expiryAlerts().then(setAlerts, () => {});
    if (me.organisation.kind === 'operator') {
      api.organisations('distributor').then(
        (list) => setDistributors(new Map(list.map((organisation) => [organisation.id, organisation.name]))),
        () => {},
      );
    }
  }, [me]);

  const { result, error, resultsRef, focusResultsNext } = usePagedResult<ResultPage<Booklet>>(
    () => api.booklets({ programmeId: programmeId || undefined, page, pageSize: PAGE_SIZE }),
    [programmeId, page],
  );
  const loadError = error ? errorMessage(error) : null;

  function filter(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    focusResultsNext();
    setProgrammeId(draftProgrammeId);
    setPage(1);
  }

  function goTo(target: number): void {
    focusResultsNext();
    setPage(target);
  }

  function allocation(booklet: Booklet): string {
    if (!booklet.distributorOrganisationId || !booklet.allocatedAt) return 'Pas encore attribué';
    const name = distributors.get(booklet.distributorOrganisationId);
    return name ? `${name}, le ${formatDate(booklet.allocatedAt)}` : `Attribué le ${formatDate(booklet.allocatedAt)}`;
  }

  const totalPages = Math.max(result?.totalPages ?? 1, 1);

  return (
    <Page title={isDistributor ? 'Stock de carnets' : 'Carnets'}>
      {isDistributor ? (
        <p>
          Les carnets de chèques confiés à votre structure. Un carnet dont les chèques sont « à remettre » peut être remis à une personne
          que vous accompagnez.
        </p>
      ) : (
        <p>Les carnets de chèques et ce que sont devenus leurs chèques (consultation).</p>
      )}
      <ExpiryAlerts alerts={alerts} forDistributor />

      {programmes.length > 0 ? (
        <section aria-labelledby="titre-filtre" className="panel">
          <h2 id="titre-filtre">Filtrer</h2>
          <form onSubmit={filter} noValidate className="filters">
            <SelectField
              id="filtre-programme"
              label="Programme"
              placeholder="Tous les programmes"
              options={programmes
                .filter((programme) => programme.status !== 'draft')
                .map((programme) => ({ value: programme.id, label: `${programme.name} (${programme.code})` }))}
              value={draftProgrammeId}
              onChange={(event) => setDraftProgrammeId(event.target.value)}
            />
            <div className="actions">
              <button type="submit" className="button">
                Afficher
              </button>
            </div>
          </form>
        </section>
      ) : null}

      <h2 id="titre-carnets" tabIndex={-1} ref={resultsRef}>
        {isDistributor ? 'Carnets reçus' : 'Liste des carnets'}
      </h2>
      <ErrorMessage message={loadError} />
      {result === null ? (
        loadError ? null : (
          <p>Chargement des carnets…</p>
        )
      ) : result.total === 0 ? (
        <p>{isDistributor ? "Votre structure n'a encore reçu aucun carnet." : 'Aucun carnet ne correspond.'}</p>
      ) : (
        <>
          <p>
            {plural(result.total, 'carnet')} — page {result.page} sur {totalPages}.
          </p>
          <DataTable caption={`Carnets, page ${result.page} sur ${totalPages}`} captionHidden>
            <thead>
              <tr>
                <th scope="col">Carnet</th>
                <th scope="col">Programme</th>
                <th scope="col">Chèques</th>
                <th scope="col">{isDistributor ? 'Reçu le' : 'Structure distributrice'}</th>
                {isDistributor ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {result.items.map((booklet) => (
                <tr key={booklet.serial}>
                  <th scope="row" className="nowrap">
                    <code>{booklet.serial}</code>
                  </th>
                  <td>{booklet.programmeName}</td>
                  <td>
                    <ul className="plain">
                      {countsInWords(booklet.counts).map((words) => (
                        <li key={words}>{words}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{isDistributor ? (booklet.allocatedAt ? formatDate(booklet.allocatedAt) : '—') : allocation(booklet)}</td>
                  {isDistributor ? (
                    <td>
                      {booklet.counts.issued > 0 ? (
                        <Link
                          href={`/remise?carnet=${encodeURIComponent(booklet.serial)}`}
                          className="button button--secondary button--small"
                        >
                          Remettre<span className="visually-hidden"> le carnet {booklet.serial}</span>
                        </Link>
                      ) : booklet.counts.distributed > 0 ? (
                        <Link
                          href={`/remplacement?carnet=${encodeURIComponent(booklet.serial)}`}
                          className="button button--secondary button--small"
                        >
                          Remplacer s'il est perdu<span className="visually-hidden"> : carnet {booklet.serial}</span>
                        </Link>
                      ) : (
                        '—'
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      )}

      {result && result.total > PAGE_SIZE ? (
        <nav className="pagination" aria-label="Pagination des carnets">
          <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
            Précédent
          </button>
          <p>
            Page {result.page} sur {totalPages}
          </p>
          <button type="button" className="button button--secondary" disabled={page >= totalPages} onClick={() => goTo(page + 1)}>
            Suivant
          </button>
        </nav>
      ) : null}
    </Page>
  );
}
