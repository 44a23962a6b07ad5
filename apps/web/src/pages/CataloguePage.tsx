import { type Ref, useCallback, useEffect, useRef, useState } from 'react';
import { type CatalogueEntry, type CatalogueEntryInput, type ServiceModality, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { SelectField, TextAreaField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { ServiceRowHeader } from '../components/ServiceRowHeader';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { parseWholeNumber } from '../input';
import { formatDateTime, plural } from '../labels';
import { SERVICES } from '../national-schema';
import { placeProblem } from '../place-fields';
import { SERVICE_MODALITY_LABELS, durationInWords } from '../publicPlaces';
import { Link } from '../router';
import { useSubmit } from '../useSubmit';
import { PLACE_NOT_FOUND } from './PlaceFormPage';

const FIELDS: FieldMap = {
  name: { id: 'service-nom', label: 'Nom du service' },
  description: { id: 'service-description', label: 'Description' },
  category: { id: 'service-categorie', label: 'Catégorie nationale' },
  modality: { id: 'service-modalite', label: 'Modalité' },
  durationMinutes: { id: 'service-duree', label: 'Durée' },
  priceInCheques: { id: 'service-prix', label: 'Prix en chèques' },
};

const MODALITY_OPTIONS = (Object.keys(SERVICE_MODALITY_LABELS) as ServiceModality[]).map((value) => ({
  value,
  label: SERVICE_MODALITY_LABELS[value],
}));

const byName = (a: CatalogueEntry, b: CatalogueEntry): number => a.name.localeCompare(b.name, 'fr') || a.version - b.version;

/**
 * "/lieux-geres/<id>/catalogue": what a place accepts cheques for. Changing a service writes its
 * next version; earlier versions stay, for the cheques already redeemed against them.
 */
export function CataloguePage({ id }: { id: string }) {
  const [placeName, setPlaceName] = useState('');
  const [versions, setVersions] = useState<CatalogueEntry[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [editing, setEditing] = useState<CatalogueEntry | null>(null);
  const [pending, setPending] = useState(false);
  const feedbackRef = useRef<HTMLDivElement>(null);
  const formHeadingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const [place, history] = await Promise.all([api.place(id), api.catalogueHistory(id)]);
    setPlaceName(place.nom);
    setVersions([...history].sort(byName));
  }, [id]);

  useEffect(() => {
    load().catch((error: unknown) => setLoadError(errorMessage(error, { not_found: PLACE_NOT_FOUND })));
  }, [load]);

  function report(outcome: { status: string } | { error: string }): void {
    setStatus('status' in outcome ? outcome.status : null);
    setActionError('error' in outcome ? outcome.error : null);
    window.setTimeout(() => feedbackRef.current?.focus(), 0);
  }

  async function saved(entry: CatalogueEntry, revised: boolean): Promise<void> {
    setEditing(null);
    await load().catch(() => undefined);
    report({
      status: revised
        ? `« ${entry.name} » est modifié : sa version ${entry.version} remplace la précédente, qui reste dans l’historique.`
        : `« ${entry.name} » est ajouté au catalogue.`,
    });
  }

  async function retire(entry: CatalogueEntry): Promise<void> {
    if (pending || !window.confirm(`Retirer « ${entry.name} » du catalogue ? Le lieu ne pourra plus encaisser de chèques pour ce service.`))
      return;
    setPending(true);
    try {
      await api.retireCatalogueEntry(id, entry.entryId);
      if (editing?.entryId === entry.entryId) setEditing(null);
      await load();
      report({ status: `« ${entry.name} » est retiré du catalogue. Ses versions restent dans l’historique.` });
    } catch (error) {
      report({ error: `« ${entry.name} » n’a pas pu être retiré. ${errorMessage(error)}` });
    } finally {
      setPending(false);
    }
  }

  function edit(entry: CatalogueEntry): void {
    setEditing(entry);
    window.setTimeout(() => formHeadingRef.current?.focus(), 0);
  }

  const current = versions?.filter((entry) => entry.retiredAt === null) ?? [];

  return (
    <Page title={placeName ? `Catalogue — ${placeName}` : 'Catalogue du lieu'}>
      <p>
        <Link href={`/lieux-geres/${id}`}>Retour au lieu</Link>
      </p>
      <p>
        Les services que le lieu propose contre des chèques Pass numérique, avec leur prix en chèques. Modifier un service crée une nouvelle
        version : les chèques déjà encaissés gardent le service, la durée et le prix de la version qu’ils ont payée.
      </p>
      <ErrorMessage message={loadError} />
      <div ref={feedbackRef} tabIndex={-1}>
        <StatusMessage message={status} />
        <ErrorMessage message={actionError} />
      </div>
      {versions === null ? (
        loadError ? null : (
          <p>Chargement du catalogue…</p>
        )
      ) : (
        <>
          <section aria-labelledby="titre-services">
            <h2 id="titre-services">Services proposés</h2>
            {current.length === 0 ? (
              <p>Aucun service pour le moment : ajoutez ceux que le lieu accepte de faire payer en chèques.</p>
            ) : (
              <DataTable caption={plural(current.length, 'service proposé', 'services proposés')} wide>
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Modalité</th>
                    <th scope="col">Durée</th>
                    <th scope="col">Prix</th>
                    <th scope="col">Version</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {current.map((entry) => (
                    <tr key={entry.id}>
                      <ServiceRowHeader entry={entry} className="cell--name" />
                      <td>{SERVICE_MODALITY_LABELS[entry.modality]}</td>
                      <td className="nowrap">{durationInWords(entry.durationMinutes)}</td>
                      <td className="nowrap">{plural(entry.priceInCheques, 'chèque')}</td>
                      <td>{entry.version}</td>
                      <td>
                        <div className="actions">
                          <button type="button" className="button button--secondary button--small" onClick={() => edit(entry)}>
                            Modifier<span className="visually-hidden"> « {entry.name} »</span>
                          </button>
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            disabled={pending}
                            onClick={() => void retire(entry)}
                          >
                            Retirer<span className="visually-hidden"> « {entry.name} »</span>
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )}
          </section>

          <EntryForm
            key={editing?.id ?? 'nouveau'}
            placeId={id}
            entry={editing}
            headingRef={formHeadingRef}
            onSaved={(entry) => void saved(entry, editing !== null)}
            onCancel={() => setEditing(null)}
          />

          <VersionHistory versions={versions} />
        </>
      )}
    </Page>
  );
}

interface EntryDraft {
  name: string;
  description: string;
  category: string;
  modality: string;
  duration: string;
  price: string;
}

function entryDraft(entry: CatalogueEntry | null): EntryDraft {
  return {
    name: entry?.name ?? '',
    description: entry?.description ?? '',
    category: entry?.category ?? '',
    modality: entry?.modality ?? '',
    duration: entry ? String(entry.durationMinutes) : '',
    price: entry ? String(entry.priceInCheques) : '',
  };
}

/** The draft as the API's entry, or what to correct first (durations and prices are whole numbers). */
function entryInput(draft: EntryDraft): { input: CatalogueEntryInput } | { errors: FormErrors } {
  const duration = parseWholeNumber(draft.duration);
  const price = parseWholeNumber(draft.price);
  if (!duration.ok || !price.ok) {
    const fields: Record<string, string[]> = {};
    if (!duration.ok) fields.durationMinutes = [duration.problem];
    if (!price.ok) fields.priceInCheques = [price.problem];
    return { errors: { message: INVALID_FORM, fields } };
  }
  return {
    input: {
      name: draft.name.trim(),
      description: draft.description.trim() || null,
      category: draft.category,
      modality: draft.modality as ServiceModality,
      durationMinutes: duration.value,
      priceInCheques: price.value,
    },
  };
}

/** Adds a service, or writes the next version of the one being changed. */
function EntryForm({
  placeId,
  entry,
  headingRef,
  onSaved,
  onCancel,
}: {
  placeId: string;
  entry: CatalogueEntry | null;
  headingRef: Ref<HTMLHeadingElement>;
  onSaved: (entry: CatalogueEntry) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<EntryDraft>(() => entryDraft(entry));
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      const prepared = entryInput(draft);
      if ('errors' in prepared) return prepared.errors;
      onSaved(
        entry
          ? await api.reviseCatalogueEntry(placeId, entry.entryId, prepared.input)
          : await api.addCatalogueEntry(placeId, prepared.input),
      );
    },
    (error) => toFormErrors(error, {}, placeProblem),
  );

  function field(name: keyof EntryDraft) {
    return {
      value: draft[name],
      errors: errors?.fields[name === 'duration' ? 'durationMinutes' : name === 'price' ? 'priceInCheques' : name],
      onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value })),
    };
  }

  return (
    <section className="panel" aria-labelledby="titre-formulaire-service">
      <h2 id="titre-formulaire-service" ref={headingRef} tabIndex={-1}>
        {entry ? `Modifier « ${entry.name} »` : 'Ajouter un service'}
      </h2>
      {entry ? (
        <p className="notice">
          Vos changements créeront la version {entry.version + 1} de ce service. La version {entry.version} reste dans l’historique : les
          chèques déjà encaissés la gardent.
        </p>
      ) : null}
      <ErrorSummary errors={errors} fields={FIELDS} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="service-nom"
          label="Nom du service"
          hint="Tel que les personnes le verront, par exemple : Atelier « Premiers pas sur internet »."
          autoComplete="off"
          maxLength={150}
          required
          {...field('name')}
        />
        <TextAreaField id="service-description" label="Description (facultatif)" rows={2} maxLength={1000} {...field('description')} />
        <SelectField
          id="service-categorie"
          label="Catégorie nationale"
          hint="Le service du standard national auquel il correspond."
          placeholder="Choisissez une catégorie"
          options={SERVICES.map((service) => ({ value: service, label: service }))}
          {...field('category')}
        />
        <SelectField
          id="service-modalite"
          label="Modalité"
          placeholder="Choisissez une modalité"
          options={MODALITY_OPTIONS}
          {...field('modality')}
        />
        <div className="field-row">
          <TextField
            id="service-duree"
            label="Durée (en minutes)"
            hint="De 5 à 1 440, par exemple 90 pour 1 h 30."
            inputMode="numeric"
            autoComplete="off"
            {...field('duration')}
          />
          <TextField
            id="service-prix"
            label="Prix en chèques"
            hint="De 1 à 50 chèques."
            inputMode="numeric"
            autoComplete="off"
            {...field('price')}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={pending}>
            {entry ? 'Enregistrer la nouvelle version' : 'Ajouter le service'}
          </button>
          {entry ? (
            <button type="button" className="button button--secondary" onClick={onCancel}>
              Annuler la modification
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

/** Every version of every service, oldest first: what a redemption was paid for stays readable. */
function VersionHistory({ versions }: { versions: CatalogueEntry[] }) {
  if (versions.length === 0) return null;
  return (
    <section aria-labelledby="titre-historique">
      <h2 id="titre-historique">Historique des versions</h2>
      <p>
        Chaque modification ou retrait ferme une version sans l’effacer : un chèque encaissé renvoie toujours à la version qu’il a payée.
      </p>
      <DataTable caption={plural(versions.length, 'version')} wide>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Version</th>
            <th scope="col">Modalité</th>
            <th scope="col">Durée</th>
            <th scope="col">Prix</th>
            <th scope="col">En vigueur</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((entry) => (
            <tr key={entry.id}>
              <th scope="row" className="cell--name">
                {entry.name}
              </th>
              <td>{entry.version}</td>
              <td>{SERVICE_MODALITY_LABELS[entry.modality]}</td>
              <td className="nowrap">{durationInWords(entry.durationMinutes)}</td>
              <td className="nowrap">{plural(entry.priceInCheques, 'chèque')}</td>
              <td className="nowrap">
                du {formatDateTime(entry.createdAt)}
                <br />
                {entry.retiredAt ? `au ${formatDateTime(entry.retiredAt)}` : 'à aujourd’hui'}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </section>
  );
}
