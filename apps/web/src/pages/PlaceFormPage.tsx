import { Suspense, lazy, useEffect, useState } from 'react';
import { type Me, type Organisation, api } from '../api';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { CheckboxGroup, SelectField, TextAreaField, TextField } from '../components/FormField';
import { OpeningHoursFields } from '../components/OpeningHoursFields';
import { Page } from '../components/Page';
import { INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import {
  PLACE_FIELD_LABELS,
  PLACE_FORM_SECTIONS,
  type PlaceDraft,
  type PlaceFieldSpec,
  REQUIRED_PLACE_FIELDS,
  emptyPlaceDraft,
  placeDraft,
  placeFieldId,
  placeInput,
  placeProblem,
} from '../place-fields';
import { Link, navigate } from '../router';
import { useSubmit } from '../useSubmit';

// Leaflet comes with the map only, as on the public map page.
const PositionPicker = lazy(() => import('../components/PositionPicker'));

export const PLACE_NOT_FOUND = "Ce lieu est introuvable : l'adresse est peut-être incomplète, ou votre organisation ne le gère pas.";

const FIELDS: FieldMap = {
  organisationId: { id: 'lieu-organisation', label: PLACE_FIELD_LABELS.organisationId },
  ...Object.fromEntries(
    PLACE_FORM_SECTIONS.flatMap((section) => section.fields).map((spec) => [
      spec.name,
      { id: placeFieldId(spec.name), label: PLACE_FIELD_LABELS[spec.name] },
    ]),
  ),
};

/** "/lieux-geres/nouveau" and "/lieux-geres/<id>/modifier": every field of the national schema, grouped as a place describes itself. */
export function PlaceFormPage({ me, id }: { me: Me; id?: string }) {
  const [draft, setDraft] = useState<PlaceDraft | null>(() => (id === undefined ? emptyPlaceDraft() : null));
  const [placeName, setPlaceName] = useState('');
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  const [organisationId, setOrganisationId] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  // Opening hours half entered (a day opening with no closing time): said before anything is sent.
  const [hoursProblem, setHoursProblem] = useState<string | null>(null);
  // The operator says which place organisation runs a new place; a place organisation gets it itself.
  const choosesOrganisation = id === undefined && me.organisation.kind === 'operator';

  useEffect(() => {
    if (id === undefined) return;
    api.place(id).then(
      (place) => {
        setDraft(placeDraft(place));
        setPlaceName(place.nom);
      },
      (error: unknown) => setLoadError(errorMessage(error, { not_found: PLACE_NOT_FOUND })),
    );
  }, [id]);

  useEffect(() => {
    if (!choosesOrganisation) return;
    api.organisations('place').then(setOrganisations, (error: unknown) => setLoadError(errorMessage(error)));
  }, [choosesOrganisation]);

  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      if (!draft) return;
      if (hoursProblem) return { message: INVALID_FORM, fields: { horaires: [hoursProblem] } };
      const prepared = placeInput(draft);
      if ('errors' in prepared) return prepared.errors;
      const saved =
        id === undefined
          ? await api.createPlace({ ...prepared.input, organisationId: choosesOrganisation ? organisationId || undefined : undefined })
          : await api.updatePlace(id, prepared.input);
      navigate(`/lieux-geres/${saved.id}`, {
        state: {
          flash:
            id === undefined
              ? `Le lieu « ${saved.nom} » est ajouté. Il n’apparaîtra sur la carte qu’une fois qualifié : présentez son catalogue, puis demandez sa qualification.`
              : `La fiche du lieu « ${saved.nom} » est enregistrée.`,
        },
      });
    },
    (error) => toFormErrors(error, { not_found: PLACE_NOT_FOUND }, placeProblem),
  );

  const title = id === undefined ? 'Ajouter un lieu' : `Modifier la fiche — ${placeName || 'lieu'}`;
  const back =
    id === undefined ? { href: '/lieux-geres', label: 'Retour aux lieux' } : { href: `/lieux-geres/${id}`, label: 'Retour au lieu' };

  return (
    <Page title={title}>
      <p>
        <Link href={back.href}>{back.label}</Link>
      </p>
      <p>
        La fiche suit le standard national des lieux de médiation numérique : elle est publiée telle quelle dans les données ouvertes une
        fois le lieu qualifié. Seuls le nom, le SIRET ou RNA, l’adresse, le code postal et la commune sont obligatoires.
      </p>
      <ErrorMessage message={loadError} />
      {draft === null ? (
        loadError ? null : (
          <p>Chargement de la fiche…</p>
        )
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <ErrorSummary errors={errors} fields={FIELDS} />
          {choosesOrganisation ? (
            <SelectField
              id="lieu-organisation"
              label="Organisation qui gère le lieu"
              hint="Ses membres pourront modifier la fiche, le catalogue et demander la qualification."
              placeholder={organisations === null ? 'Chargement…' : 'Choisissez une organisation'}
              options={(organisations ?? []).map((organisation) => ({ value: organisation.id, label: organisation.name }))}
              errors={errors?.fields.organisationId}
              value={organisationId}
              onChange={(event) => setOrganisationId(event.target.value)}
            />
          ) : null}
          {PLACE_FORM_SECTIONS.map((section) => (
            <fieldset key={section.legend} className="subsection">
              <legend>{section.legend}</legend>
              {section.fields.map((spec) =>
                spec.kind === 'hours' ? (
                  <OpeningHoursFields
                    key={spec.name}
                    id={placeFieldId(spec.name)}
                    value={String(draft[spec.name])}
                    // Its own problems it already shows as they happen.
                    errors={errors?.fields[spec.name]?.filter((problem) => problem !== hoursProblem)}
                    onChange={(text) => setDraft((current) => current && { ...current, [spec.name]: text })}
                    onProblem={setHoursProblem}
                  />
                ) : (
                  <PlaceFieldInput
                    key={spec.name}
                    spec={spec}
                    value={draft[spec.name]}
                    errors={errors?.fields[spec.name]}
                    onChange={(value) => setDraft((current) => current && { ...current, [spec.name]: value })}
                  />
                ),
              )}
              {section.fields.some((spec) => spec.kind === 'coordinate') ? (
                <Suspense fallback={<p className="hint">Chargement de la carte…</p>}>
                  <PositionPicker
                    latitude={String(draft.latitude)}
                    longitude={String(draft.longitude)}
                    communeCode={String(draft.code_insee)}
                    postcode={String(draft.code_postal)}
                    onPick={(latitude, longitude) => setDraft((current) => current && { ...current, latitude, longitude })}
                  />
                </Suspense>
              ) : null}
            </fieldset>
          ))}
          <div className="actions">
            <button type="submit" className="button" disabled={pending}>
              {id === undefined ? 'Ajouter le lieu' : 'Enregistrer la fiche'}
            </button>
            <Link href={back.href} className="button button--secondary">
              Annuler
            </Link>
          </div>
        </form>
      )}
    </Page>
  );
}

/** One field of the place, drawn according to its kind. */
function PlaceFieldInput({
  spec,
  value,
  errors,
  onChange,
}: {
  spec: PlaceFieldSpec;
  value: string | string[];
  errors?: string[];
  onChange: (value: string | string[]) => void;
}) {
  const id = placeFieldId(spec.name);
  if (spec.kind === 'choices') {
    return (
      <CheckboxGroup
        id={id}
        legend={spec.label}
        hint={spec.hint}
        errors={errors}
        options={(spec.vocabulary ?? []).map((term) => ({ value: term, label: term }))}
        values={Array.isArray(value) ? value : []}
        onChange={onChange}
      />
    );
  }
  const common = {
    id,
    label: spec.label,
    hint: spec.hint,
    errors,
    maxLength: spec.maxLength,
    value: typeof value === 'string' ? value : value.join('\n'),
  };
  if (spec.kind === 'textarea' || spec.kind === 'lines') {
    return (
      <TextAreaField
        {...common}
        rows={spec.kind === 'lines' ? 2 : 4}
        spellCheck={spec.kind === 'lines' ? false : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <TextField
      {...common}
      type="text"
      inputMode={spec.inputMode}
      autoComplete="off"
      spellCheck={false}
      required={REQUIRED_PLACE_FIELDS.includes(spec.name)}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
