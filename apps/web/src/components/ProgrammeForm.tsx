/** The programme form: creating a draft (ProgrammesPage) and editing it until the order (ProgrammePage). */
import { type FormEvent, useState } from 'react';
import type { Programme, ProgrammeInput } from '../api';
import { type FormErrors, INVALID_FORM, toFormErrors } from '../forms';
import { eurosForInput, parseCodeList, parseEuros, parseWholeNumber } from '../input';
import { SERVICES, formatEuros, plural } from '../labels';
import { ErrorSummary, type FieldMap } from './ErrorSummary';
import { CheckboxGroup, TextAreaField, TextField } from './FormField';

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

/** The form's text, as typed. */
export interface ProgrammeDraft {
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

export const EMPTY_PROGRAMME: ProgrammeDraft = {
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

/** A saved programme as the form shows it, to be edited. */
export function draftOf(programme: Programme): ProgrammeDraft {
  return {
    name: programme.name,
    faceValue: eurosForInput(programme.faceValueCents),
    chequesPerBooklet: String(programme.chequesPerBooklet),
    bookletCount: String(programme.bookletCount),
    validFrom: programme.validFrom,
    validUntil: programme.validUntil,
    graceDays: String(programme.graceDays),
    territory: programme.territoryCodes.join(', '),
    services: programme.eligibleServices,
    coverTitle: programme.coverTitle ?? '',
    coverText: programme.coverText ?? '',
  };
}

/** The form's text, as the API wants it (an emptied cover text is removed); or what to correct first. */
function toInput(draft: ProgrammeDraft): { input: ProgrammeInput } | { errors: FormErrors } {
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
      coverTitle: draft.coverTitle.trim() || null,
      coverText: draft.coverText.trim() || null,
    },
  };
}

/** What the order will be worth at face value, as soon as the numbers make sense. */
function orderPreview(draft: ProgrammeDraft): string | null {
  const faceValue = parseEuros(draft.faceValue);
  const perBooklet = parseWholeNumber(draft.chequesPerBooklet);
  const booklets = parseWholeNumber(draft.bookletCount);
  if (!faceValue.ok || !perBooklet.ok || !booklets.ok || booklets.value === 0 || perBooklet.value === 0) return null;
  const cheques = perBooklet.value * booklets.value;
  const total = cheques * faceValue.value;
  if (!Number.isSafeInteger(total)) return null;
  return `Cette commande représente ${plural(cheques, 'chèque')}, pour une valeur faciale totale de ${formatEuros(total)} (hors frais de l'opérateur).`;
}

/**
 * Every field of a programme, checked here first then by the API (its problems shown field by
 * field). `onSubmit` saves; what it throws is shown in the form.
 */
export function ProgrammeForm({
  initial,
  submitLabel,
  onSubmit,
}: {
  initial: ProgrammeDraft;
  submitLabel: string;
  onSubmit: (input: ProgrammeInput) => Promise<void>;
}) {
  const [draft, setDraft] = useState<ProgrammeDraft>(initial);
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
      await onSubmit(prepared.input);
      setErrors(null);
    } catch (error) {
      const formErrors = toFormErrors(error);
      // The API counts in cents; people type euros.
      if (formErrors.fields.faceValueCents) formErrors.fields.faceValueCents = [FACE_VALUE_RANGE];
      setErrors(formErrors);
    } finally {
      setPending(false);
    }
  }

  function field(name: Exclude<keyof ProgrammeDraft, 'services'>) {
    return {
      value: draft[name],
      onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value })),
    };
  }

  const preview = orderPreview(draft);

  return (
    <>
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
          {submitLabel}
        </button>
      </form>
    </>
  );
}
