import { type FormEvent, useEffect, useState } from 'react';
import { type Me, type Programme, type ProgrammeInput, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { CheckboxGroup, TextAreaField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { type FormErrors, INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { parseCodeList, parseEuros, parseWholeNumber } from '../input';
import { PROGRAMME_STATUS_LABELS, SERVICES, formatDay, formatEuros, plural } from '../labels';
import { Link, navigate } from '../router';

const MIN_FACE_VALUE_CENTS = 100;
const MAX_FACE_VALUE_CENTS = 100_000;
const FACE_VALUE_RANGE = `Saisissez une valeur entre ${formatEuros(MIN_FACE_VALUE_CENTS)} et ${formatEuros(MAX_FACE_VALUE_CENTS)}.`;

const FIELDS: FieldMap = {
  name: { id: 'programme-nom', label: 'Nom du programme' },
  faceValueCents: { id: 'programme-valeur', label: "Valeur d'un chèque" },
  chequesPerBooklet: { id: 'programme-cheques-par-carnet', label: 'Chèques par carnet' },
  bookletCount: { id: 'programme-carnets', label: 'Nombre de carnets' },
  validFrom: { id: 'programme-premier-jour', label: 'Premier jour de validité' },
  validUntil: { id: 'programme-dernier-jour', label: 'Dernier jour de validité' },
  graceDays: { id: 'programme-grace', label: 'Jours de grâce' },
  territoryCodes: { id: 'programme-territoire', label: 'Territoire' },
  eligibleServices: { id: 'programme-services', label: 'Services éligibles' },
  coverTitle: { id: 'programme-titre', label: 'Titre de la couverture' },
  coverText: { id: 'programme-texte', label: 'Texte de la couverture' },
};

export function ProgrammesPage({ me }: { me: Me }) {
  const [programmes, setProgrammes] = useState<Programme[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.programmes().then(setProgrammes, (error: unknown) => setLoadError(errorMessage(error)));
  }, []);

  const ownOnly = me.organisation.kind === 'funder';

  return (
    <Page title="Programmes">
      <p>
        Un programme est une commande de carnets de chèques Pass numérique par un financeur : il est commandé, financé, puis activé, et ses
        carnets sont confiés aux structures distributrices.
      </p>
      <ErrorMessage message={loadError} />

      <section aria-labelledby="titre-programmes">
        <h2 id="titre-programmes">{ownOnly ? 'Les programmes de votre organisation' : 'Tous les programmes'}</h2>
        {programmes === null ? (
          loadError ? null : (
            <p>Chargement des programmes…</p>
          )
        ) : programmes.length === 0 ? (
          <p>Aucun programme pour le moment.</p>
        ) : (
          <DataTable caption={plural(programmes.length, 'programme')} wide>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Code</th>
                <th scope="col">Statut</th>
                <th scope="col">Valeur d'un chèque</th>
                <th scope="col">Carnets × chèques</th>
                <th scope="col">Validité</th>
                <th scope="col">Total dû</th>
              </tr>
            </thead>
            <tbody>
              {programmes.map((programme) => (
                <tr key={programme.id}>
                  <th scope="row" className="cell--name">
                    <Link href={`/programmes/${programme.id}`}>{programme.name}</Link>
                  </th>
                  <td>
                    <code>{programme.code}</code>
                  </td>
                  <td>
                    <span className={`status-tag status-tag--${programme.status}`}>{PROGRAMME_STATUS_LABELS[programme.status]}</span>
                  </td>
                  <td className="nowrap">{formatEuros(programme.faceValueCents)}</td>
                  <td className="nowrap">
                    <span aria-hidden="true">
                      {programme.bookletCount.toLocaleString('fr-FR')} × {programme.chequesPerBooklet}
                    </span>
                    <span className="visually-hidden">
                      {plural(programme.bookletCount, 'carnet')} de {plural(programme.chequesPerBooklet, 'chèque')}
                    </span>
                  </td>
                  <td className="nowrap">
                    du {formatDay(programme.validFrom)}
                    <br />
                    au {formatDay(programme.validUntil)}
                  </td>
                  <td className="nowrap">{programme.order.totalDue}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      {me.role === 'funder_manager' ? <CreateProgramme /> : null}
    </Page>
  );
}

interface Draft {
  name: string;
  faceValue: string;
  chequesPerBooklet: string;
  bookletCount: string;
  validFrom: string;
  validUntil: string;
  graceDays: string;
  territory: string;
  services: string[];
  coverTitle: string;
  coverText: string;
}

const EMPTY: Draft = {
  name: '',
  faceValue: '',
  chequesPerBooklet: '10',
  bookletCount: '',
  validFrom: '',
  validUntil: '',
  graceDays: '31',
  territory: '',
  services: [],
  coverTitle: '',
  coverText: '',
};

/** The form's text, as the API wants it; or what to correct first. */
function toInput(draft: Draft): { input: ProgrammeInput } | { errors: FormErrors } {
  const fields: Record<string, string[]> = {};
  const faceValue = parseEuros(draft.faceValue);
  if (!faceValue.ok) fields.faceValueCents = [faceValue.problem];
  else if (faceValue.value < MIN_FACE_VALUE_CENTS || faceValue.value > MAX_FACE_VALUE_CENTS) fields.faceValueCents = [FACE_VALUE_RANGE];
  const chequesPerBooklet = parseWholeNumber(draft.chequesPerBooklet);
  if (!chequesPerBooklet.ok) fields.chequesPerBooklet = [chequesPerBooklet.problem];
  const bookletCount = parseWholeNumber(draft.bookletCount);
  if (!bookletCount.ok) fields.bookletCount = [bookletCount.problem];
  const graceDays = parseWholeNumber(draft.graceDays);
  if (!graceDays.ok) fields.graceDays = [graceDays.problem];
  if (!faceValue.ok || !chequesPerBooklet.ok || !bookletCount.ok || !graceDays.ok || fields.faceValueCents) {
    return { errors: { message: INVALID_FORM, fields } };
  }
  return {
    input: {
      name: draft.name,
      faceValueCents: faceValue.value,
      chequesPerBooklet: chequesPerBooklet.value,
      bookletCount: bookletCount.value,
      validFrom: draft.validFrom,
      validUntil: draft.validUntil,
      graceDays: graceDays.value,
      territoryCodes: parseCodeList(draft.territory),
      eligibleServices: draft.services,
      coverTitle: draft.coverTitle.trim() || undefined,
      coverText: draft.coverText.trim() || undefined,
    },
  };
}

/** What the order will be worth at face value, as soon as the numbers make sense. */
function orderPreview(draft: Draft): string | null {
  const faceValue = parseEuros(draft.faceValue);
  const perBooklet = parseWholeNumber(draft.chequesPerBooklet);
  const booklets = parseWholeNumber(draft.bookletCount);
  if (!faceValue.ok || !perBooklet.ok || !booklets.ok || booklets.value === 0 || perBooklet.value === 0) return null;
  const cheques = perBooklet.value * booklets.value;
  const total = cheques * faceValue.value;
  if (!Number.isSafeInteger(total)) return null;
  return `Cette commande représente ${plural(cheques, 'chèque')}, pour une valeur faciale totale de ${formatEuros(total)} (hors frais de l'opérateur).`;
}

function CreateProgramme() {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    const prepared = toInput(draft);
    if ('errors' in prepared) {
      setErrors(prepared.errors);
      return;
    }
    setPending(true);
    try {
      const created = await api.createProgramme(prepared.input);
      navigate(`/programmes/${created.id}`, {
        state: {
          flash: `Le programme « ${created.name} » est créé (brouillon, code ${created.code}). Vérifiez-le, puis passez la commande.`,
        },
      });
    } catch (error) {
      const formErrors = toFormErrors(error);
      // The API counts in cents; people type euros.
      if (formErrors.fields.faceValueCents) formErrors.fields.faceValueCents = [FACE_VALUE_RANGE];
      setErrors(formErrors);
      setPending(false);
    }
  }

  function field(name: Exclude<keyof Draft, 'services'>) {
    return {
      value: draft[name],
      onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value })),
    };
  }

  const preview = orderPreview(draft);

  return (
    <section aria-labelledby="titre-creation" className="panel">
      <h2 id="titre-creation">Créer un programme</h2>
      <p>Le programme est d'abord un brouillon : rien n'est commandé tant que vous n'avez pas passé la commande depuis sa page.</p>
      <ErrorSummary errors={errors} fields={FIELDS} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="programme-nom"
          label="Nom du programme"
          hint="Imprimé sur les carnets, par exemple : Pass numérique Gironde 2027"
          autoComplete="off"
          maxLength={120}
          errors={errors?.fields.name}
          {...field('name')}
        />
        <TextField
          id="programme-valeur"
          label="Valeur d'un chèque (en euros)"
          hint={`Par exemple 10 ou 10,50. Entre ${formatEuros(MIN_FACE_VALUE_CENTS)} et ${formatEuros(MAX_FACE_VALUE_CENTS)}.`}
          inputMode="decimal"
          autoComplete="off"
          errors={errors?.fields.faceValueCents}
          {...field('faceValue')}
        />
        <div className="field-row">
          <TextField
            id="programme-cheques-par-carnet"
            label="Chèques par carnet"
            hint="De 1 à 50."
            inputMode="numeric"
            autoComplete="off"
            errors={errors?.fields.chequesPerBooklet}
            {...field('chequesPerBooklet')}
          />
          <TextField
            id="programme-carnets"
            label="Nombre de carnets"
            hint={'De 1 à 100\u00a0000.'}
            inputMode="numeric"
            autoComplete="off"
            errors={errors?.fields.bookletCount}
            {...field('bookletCount')}
          />
        </div>
        {preview ? <p className="notice">{preview}</p> : null}
        <div className="field-row">
          <TextField
            id="programme-premier-jour"
            label="Premier jour de validité"
            type="date"
            errors={errors?.fields.validFrom}
            {...field('validFrom')}
          />
          <TextField
            id="programme-dernier-jour"
            label="Dernier jour de validité"
            hint="Imprimé sur les chèques."
            type="date"
            errors={errors?.fields.validUntil}
            {...field('validUntil')}
          />
        </div>
        <TextField
          id="programme-grace"
          label="Jours de grâce"
          hint="Après le dernier jour, les lieux peuvent encore encaisser les chèques pendant ce nombre de jours (de 0 à 365)."
          inputMode="numeric"
          autoComplete="off"
          errors={errors?.fields.graceDays}
          {...field('graceDays')}
        />
        <TextField
          id="programme-territoire"
          label="Territoire (facultatif)"
          hint="Codes INSEE de départements ou de communes, séparés par des virgules, par exemple 33, 33063. Laissez vide pour toute la France."
          autoComplete="off"
          spellCheck={false}
          errors={errors?.fields.territoryCodes}
          {...field('territory')}
        />
        <CheckboxGroup
          id="programme-services"
          legend="Services éligibles (facultatif)"
          hint="Aucune case cochée : les chèques paient tous les services."
          options={SERVICES.map((service) => ({ value: service, label: service }))}
          values={draft.services}
          onChange={(services) => setDraft((current) => ({ ...current, services }))}
          errors={errors?.fields.eligibleServices}
        />
        <TextField
          id="programme-titre"
          label="Titre de la couverture (facultatif)"
          hint="Par exemple : Votre Pass numérique. 80 caractères au plus."
          autoComplete="off"
          maxLength={80}
          errors={errors?.fields.coverTitle}
          {...field('coverTitle')}
        />
        <TextAreaField
          id="programme-texte"
          label="Texte de la couverture (facultatif)"
          hint="Quelques mots pour la personne qui reçoit le carnet. 400 caractères au plus."
          rows={4}
          maxLength={400}
          errors={errors?.fields.coverText}
          {...field('coverText')}
        />
        <button type="submit" className="button">
          Créer le programme
        </button>
      </form>
    </section>
  );
}
