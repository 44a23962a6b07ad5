import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { type AuditEvent, type AuditQuery, type Organisation, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { toFormErrors } from '../forms';
import { ACTOR_TYPE_LABELS, AUDIT_ACTIONS, AUDIT_OBJECT_TYPES, formatDateTime, parisDayStart } from '../labels';
import { usePagedResult } from '../paged-result';

const PAGE_SIZE = 50;

interface Filters {
  objectType: string;
  objectId: string;
  action: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { objectType: '', objectId: '', action: '', from: '', to: '' };

const FIELDS: FieldMap = {
  objectType: { id: 'filtre-type', label: "Type d'objet" },
  objectId: { id: 'filtre-id', label: "Identifiant d'objet" },
  action: { id: 'filtre-action', label: 'Action' },
  from: { id: 'filtre-du', label: 'Du' },
  to: { id: 'filtre-au', label: 'Au (inclus)' },
};

/** The API wants instants; people pick days (in Paris time, "au" included). */
function toQuery(filters: Filters, page: number): AuditQuery {
  return {
    objectType: filters.objectType.trim(),
    objectId: filters.objectId.trim(),
    action: filters.action.trim(),
    from: filters.from ? parisDayStart(filters.from) : undefined,
    to: filters.to ? parisDayStart(filters.to, 1) : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
}

export function AuditPage() {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [organisations, setOrganisations] = useState<Map<string, string>>(new Map());
  const { result, error, resultsRef, focusResultsNext } = usePagedResult(() => api.auditEvents(toQuery(applied, page)), [applied, page]);
  // The same object until the next failure: the error summary takes focus when it changes.
  const errors = useMemo(() => (error ? toFormErrors(error) : null), [error]);

  useEffect(() => {
    // Organisation names make the table readable; ids alone still work if this fails.
    api.organisations().then(
      (list: Organisation[]) => setOrganisations(new Map(list.map((organisation) => [organisation.id, organisation.name]))),
      () => {},
    );
  }, []);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    focusResultsNext();
    setApplied({ ...draft });
    setPage(1);
  }

  function reset(): void {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
    setPage(1);
  }

  function goTo(target: number): void {
    focusResultsNext();
    setPage(target);
  }

  function field(name: keyof Filters) {
    return {
      value: draft[name],
      onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value })),
      errors: errors?.fields[name],
    };
  }

  const totalPages = Math.max(result?.totalPages ?? 1, 1);

  return (
    <Page title="Journal d'audit">
      <p>Chaque action sur la plateforme est enregistrée ici, de la plus récente à la plus ancienne. Les heures sont celles de Paris.</p>

      <section aria-labelledby="titre-filtres" className="panel">
        <h2 id="titre-filtres">Filtrer</h2>
        <ErrorSummary errors={errors} fields={FIELDS} />
        <form onSubmit={submit} noValidate className="filters">
          <TextField id="filtre-type" label="Type d'objet" list="types-objet" spellCheck={false} {...field('objectType')} />
          <TextField id="filtre-id" label="Identifiant d'objet" spellCheck={false} {...field('objectId')} />
          <TextField id="filtre-action" label="Action" list="actions" spellCheck={false} {...field('action')} />
          <TextField id="filtre-du" label="Du" type="date" {...field('from')} />
          <TextField id="filtre-au" label="Au (inclus)" type="date" {...field('to')} />
          <datalist id="types-objet">
            {AUDIT_OBJECT_TYPES.map((value) => (
              <option key={value} value={value} />
            ))}
          </datalist>
          <datalist id="actions">
            {AUDIT_ACTIONS.map((value) => (
              <option key={value} value={value} />
            ))}
          </datalist>
          <div className="actions">
            <button type="submit" className="button">
              Filtrer
            </button>
            <button type="button" className="button button--secondary" onClick={reset}>
              Effacer les filtres
            </button>
          </div>
        </form>
      </section>

      <h2 id="titre-resultats" tabIndex={-1} ref={resultsRef}>
        Événements
      </h2>
      {result === null ? (
        errors ? null : (
          <p>Chargement du journal…</p>
        )
      ) : result.total === 0 ? (
        <p>Aucun événement ne correspond à ces filtres.</p>
      ) : (
        <>
          <p>
            {result.total} événement{result.total > 1 ? 's' : ''} — page {result.page} sur {totalPages}.
          </p>
          <DataTable caption={`Événements du journal, page ${result.page} sur ${totalPages}`} captionHidden wide>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Action</th>
                <th scope="col">Objet</th>
                <th scope="col">Acteur</th>
                <th scope="col">Organisation</th>
                <th scope="col">Détails</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((event) => (
                <tr key={event.id}>
                  <td className="nowrap">{formatDateTime(event.occurredAt, true)}</td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>
                    <code>{event.objectType}</code>
                    <br />
                    <code className="id">{event.objectId}</code>
                  </td>
                  <td>
                    {ACTOR_TYPE_LABELS[event.actorType] ?? event.actorType}
                    {actorDetail(event) ? (
                      <>
                        <br />
                        <code className="id">{actorDetail(event)}</code>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {event.organisationId ? (
                      <>
                        {organisations.get(event.organisationId) ?? null}
                        {organisations.has(event.organisationId) ? <br /> : null}
                        <code className="id">{event.organisationId}</code>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <code className="json">{compactJson(event.changes)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      )}

      {result && result.total > 0 ? (
        <Pagination label="Pagination du journal" page={result.page} totalPages={totalPages} onPage={goTo} />
      ) : null}
    </Page>
  );
}

function actorDetail(event: AuditEvent): string | null {
  return event.actorName ?? event.actorUserId ?? event.actorApiTokenId ?? null;
}

function compactJson(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object' && Object.keys(value).length === 0) return '—';
  return JSON.stringify(value);
}
