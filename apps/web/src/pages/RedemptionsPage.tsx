import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type RedemptionLine, type RedemptionQuery, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { StatusMessage } from '../components/StatusMessage';
import { errorMessage, toFormErrors } from '../forms';
import { formatDateTime, formatEuros, plural, todayInParis } from '../labels';
import { usePagedResult } from '../paged-result';
import '../scanner.css';

const PAGE_SIZE = 50;

interface Filters {
  placeId: string;
  serviceEntryId: string;
  from: string;
  to: string;
  includeUndone: boolean;
}

const FIELDS: FieldMap = {
  placeId: { id: 'encaissements-lieu', label: 'Lieu' },
  serviceEntryId: { id: 'encaissements-service', label: 'Service' },
  from: { id: 'encaissements-du', label: 'Du' },
  to: { id: 'encaissements-au', label: 'Au (inclus)' },
};

/** This month so far: what a place checks most often. */
function defaultFilters(): Filters {
  const today = todayInParis();
  return { placeId: '', serviceEntryId: '', from: `${today.slice(0, 8)}01`, to: today, includeUndone: false };
}

function toQuery(filters: Filters, page?: number): RedemptionQuery {
  return {
    placeId: filters.placeId || undefined,
    serviceEntryId: filters.serviceEntryId || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    includeUndone: filters.includeUndone || undefined,
    page,
    pageSize: page === undefined ? undefined : PAGE_SIZE,
  };
}

function stateOf(line: RedemptionLine): string {
  if (line.undoneAt) return `Annulé le ${formatDateTime(line.undoneAt)}`;
  return line.settled ? 'Remboursé au lieu' : 'Encaissé';
}

/** The place's redemptions by day and service, with totals, a CSV export, and undo until the place is paid. */
export function RedemptionsPage() {
  const [draft, setDraft] = useState<Filters>(defaultFilters);
  const [applied, setApplied] = useState<Filters>(draft);
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [places, setPlaces] = useState<Array<{ id: string; nom: string }>>([]);
  const [services, setServices] = useState<Array<{ value: string; label: string }>>([]);
  const [undoing, setUndoing] = useState<RedemptionLine | null>(null);
  const [reason, setReason] = useState('');
  const [undoProblem, setUndoProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const undoRef = useRef<HTMLHeadingElement>(null);
  const { result, error, resultsRef, focusResultsNext } = usePagedResult(
    () => api.redemptions(toQuery(applied, page)),
    [applied, page, reload],
  );
  // The same object until the next failure: the error summary takes focus when it changes.
  const errors = useMemo(() => (error ? toFormErrors(error) : null), [error]);

  useEffect(() => {
    api.managedPlaces({ pageSize: 200 }).then(
      (loaded) => setPlaces(loaded.items.map((place) => ({ id: place.id, nom: place.nom }))),
      () => setPlaces([]),
    );
  }, []);

  // Services of the chosen place, withdrawn ones included (past redemptions used them), by their stable id.
  const servicesPlaceId = draft.placeId || (places.length === 1 ? places[0].id : '');
  useEffect(() => {
    if (!servicesPlaceId) {
      setServices([]);
      return;
    }
    let stale = false;
    api.catalogueHistory(servicesPlaceId).then(
      (versions) => {
        if (stale) return;
        const latest = new Map<string, (typeof versions)[number]>();
        for (const version of versions) {
          const known = latest.get(version.entryId);
          if (!known || version.version > known.version) latest.set(version.entryId, version);
        }
        setServices(
          [...latest.values()]
            .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
            .map((entry) => ({ value: entry.entryId, label: entry.retiredAt ? `${entry.name} (retiré)` : entry.name })),
        );
      },
      () => {
        if (!stale) setServices([]);
      },
    );
    return () => {
      stale = true;
    };
  }, [servicesPlaceId]);

  useEffect(() => {
    if (undoing) undoRef.current?.focus();
  }, [undoing]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    focusResultsNext();
    setStatus(null);
    setApplied({ ...draft });
    setPage(1);
  }

  function reset(): void {
    const filters = defaultFilters();
    setDraft(filters);
    setApplied(filters);
    setPage(1);
  }

  function goTo(target: number): void {
    focusResultsNext();
    setPage(target);
  }

  function askUndo(line: RedemptionLine): void {
    setStatus(null);
    setUndoProblem(null);
    setReason('');
    setUndoing(line);
  }

  function closeUndo(): void {
    setUndoing(null);
    resultsRef.current?.focus();
  }

  async function confirmUndo(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!undoing || pending) return;
    setPending(true);
    try {
      await api.undoRedemption(undoing.id, reason.trim() || undefined);
      setStatus(
        `Encaissement du ${formatDateTime(undoing.occurredAt)} annulé : ${undoing.chequeCount > 1 ? 'ses chèques peuvent' : 'son chèque peut'} de nouveau être utilisé${undoing.chequeCount > 1 ? 's' : ''}.`,
      );
      setUndoing(null);
      focusResultsNext();
      setReload((count) => count + 1);
    } catch (error) {
      const settled = error instanceof ApiError && (error.details as { code?: string } | undefined)?.code === 'redemption_settled';
      setUndoProblem(settled ? 'Cet encaissement a déjà été remboursé à votre lieu : il ne peut plus être annulé.' : errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  function field(name: 'from' | 'to') {
    return {
      value: draft[name],
      onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value })),
      errors: errors?.fields[name],
    };
  }

  const totalPages = Math.max(result?.totalPages ?? 1, 1);
  const placeName = (id: string) => places.find((place) => place.id === id)?.nom;

  return (
    <Page title="Encaissements">
      <p>
        Les chèques encaissés par vos lieux, du plus récent au plus ancien (heures de Paris). Un encaissement peut être annulé tant que
        votre lieu n'en a pas été remboursé : ses chèques redeviennent alors utilisables par la personne.
      </p>

      <section aria-labelledby="titre-filtres" className="panel">
        <h2 id="titre-filtres">Filtrer</h2>
        <ErrorSummary errors={errors} fields={FIELDS} />
        <form onSubmit={submit} noValidate className="filters">
          {places.length > 1 ? (
            <SelectField
              id="encaissements-lieu"
              label="Lieu"
              placeholder="Tous mes lieux"
              options={places.map((place) => ({ value: place.id, label: place.nom }))}
              value={draft.placeId}
              onChange={(event) => setDraft((current) => ({ ...current, placeId: event.target.value, serviceEntryId: '' }))}
            />
          ) : null}
          <SelectField
            id="encaissements-service"
            label="Service"
            hint={places.length > 1 && !draft.placeId ? 'Choisissez d’abord un lieu.' : undefined}
            placeholder="Tous les services"
            options={services}
            disabled={services.length === 0}
            value={draft.serviceEntryId}
            onChange={(event) => setDraft((current) => ({ ...current, serviceEntryId: event.target.value }))}
          />
          <TextField id="encaissements-du" label="Du" type="date" {...field('from')} />
          <TextField id="encaissements-au" label="Au (inclus)" type="date" {...field('to')} />
          <div className="field checkbox">
            <input
              type="checkbox"
              id="encaissements-annules"
              checked={draft.includeUndone}
              onChange={(event) => setDraft((current) => ({ ...current, includeUndone: event.target.checked }))}
            />
            <label htmlFor="encaissements-annules">Afficher aussi les encaissements annulés</label>
          </div>
          <div className="actions">
            <button type="submit" className="button">
              Filtrer
            </button>
            <button type="button" className="button button--secondary" onClick={reset}>
              Revenir au mois en cours
            </button>
          </div>
        </form>
      </section>

      <StatusMessage message={status} />

      {undoing ? (
        <section aria-labelledby="titre-annulation" className="panel undo-panel">
          <h2 id="titre-annulation" tabIndex={-1} ref={undoRef}>
            Annuler cet encaissement ?
          </h2>
          <p>
            Encaissement du {formatDateTime(undoing.occurredAt)} — {undoing.serviceName} — {plural(undoing.chequeCount, 'chèque')},{' '}
            {undoing.amount} ({undoing.maskedCodes.join(', ')}).{' '}
            {undoing.chequeCount > 1 ? 'Ses chèques redeviendront utilisables' : 'Son chèque redeviendra utilisable'} et votre lieu ne sera
            pas remboursé pour cet encaissement.
          </p>
          <ErrorMessage message={undoProblem} />
          <form onSubmit={(event) => void confirmUndo(event)} noValidate>
            <TextField
              id="encaissements-motif"
              label="Motif (facultatif)"
              hint="Par exemple : mauvais service choisi, chèque scanné par erreur. 500 caractères au plus."
              maxLength={500}
              autoComplete="off"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={pending}>
                Confirmer l'annulation
              </button>
              <button type="button" className="button button--secondary" onClick={closeUndo}>
                Ne pas annuler
              </button>
            </div>
          </form>
        </section>
      ) : null}

      <h2 id="titre-resultats" tabIndex={-1} ref={resultsRef}>
        Résultats
      </h2>
      {result === null ? (
        errors ? null : (
          <p>Chargement des encaissements…</p>
        )
      ) : (
        <>
          <div className="totals">
            <p>
              <strong>{plural(result.totals.redemptions, 'encaissement')}</strong>
            </p>
            <p>
              <strong>{plural(result.totals.cheques, 'chèque')}</strong>
            </p>
            <p>
              Total : <strong>{result.totals.amount}</strong>
            </p>
          </div>
          <p>
            <a href={api.redemptionsCsvUrl(toQuery(applied))} download>
              Télécharger ces encaissements (CSV)
            </a>
          </p>
          {result.total === 0 ? (
            <p>Aucun encaissement ne correspond à ces filtres.</p>
          ) : (
            <DataTable caption={`Encaissements, page ${result.page} sur ${totalPages}`} captionHidden wide>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  {places.length > 1 ? <th scope="col">Lieu</th> : null}
                  <th scope="col">Service</th>
                  <th scope="col">Chèques</th>
                  <th scope="col">Montant</th>
                  <th scope="col">Canal</th>
                  <th scope="col">État</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((line) => (
                  <tr key={line.id}>
                    <td className="nowrap">{formatDateTime(line.occurredAt)}</td>
                    {places.length > 1 ? <td>{placeName(line.placeId) ?? line.placeName}</td> : null}
                    <td>{line.serviceName}</td>
                    <td>
                      <ul className="plain">
                        {line.maskedCodes.map((code) => (
                          <li key={code}>
                            <code className="nowrap">{code}</code>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="nowrap">{formatEuros(line.amountCents)}</td>
                    <td>{line.channel === 'offline' ? 'Hors connexion' : 'En ligne'}</td>
                    <td>{stateOf(line)}</td>
                    <td>
                      {line.undoneAt ? (
                        '—'
                      ) : line.settled ? (
                        <span className="muted">Ne peut plus être annulé</span>
                      ) : (
                        <button type="button" className="button button--secondary button--small" onClick={() => askUndo(line)}>
                          Annuler
                          <span className="visually-hidden">
                            {' '}
                            l'encaissement du {formatDateTime(line.occurredAt)} ({line.serviceName})
                          </span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </>
      )}

      {result && result.total > 0 ? (
        <Pagination label="Pagination des encaissements" page={result.page} totalPages={totalPages} onPage={goTo} />
      ) : null}
    </Page>
  );
}
