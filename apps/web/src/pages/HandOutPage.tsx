import { type FormEvent, useRef, useState } from 'react';
import { ApiError, type HandOutInput, api } from '../api';
import { ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { CommuneCombobox } from '../components/CommuneCombobox';
import { CheckboxGroup, RadioGroup, SelectField, TextAreaField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { WhereToUseSheet } from '../components/WhereToUseSheet';
import { type FormErrors, INVALID_FORM, errorMessage, foldListProblems, toFormErrors } from '../forms';
import { bookletSerialFromInput, chequeCodesFromLines } from '../input';
import { AGE_BAND_LABELS, SERVICES, SITUATION_LABELS, plural, todayInParis } from '../labels';
import type { Commune } from '../publicPlaces';

type Mode = 'booklet' | 'cheques';

const FIELDS: FieldMap = {
  bookletSerial: { id: 'remise-carnet', label: 'Numéro du carnet' },
  chequeCodes: { id: 'remise-codes', label: 'Codes des chèques' },
  ageBand: { id: 'remise-age', label: "Tranche d'âge" },
  situation: { id: 'remise-situation', label: 'Situation' },
  communeCode: { id: 'remise-commune', label: 'Commune' },
  needs: { id: 'remise-besoins', label: 'Besoins' },
  handedOutOn: { id: 'remise-date', label: 'Date de remise' },
};

const AGE_OPTIONS = Object.entries(AGE_BAND_LABELS).map(([value, label]) => ({ value, label }));
const SITUATION_OPTIONS = Object.entries(SITUATION_LABELS).map(([value, label]) => ({ value, label }));

interface Profile {
  ageBand: string;
  situation: string;
  /** Chosen among the suggestions of the official list: only its INSEE code is sent. */
  commune: Commune | null;
  needs: string[];
  handedOutOn: string;
}

function emptyProfile(): Profile {
  return { ageBand: '', situation: '', commune: null, needs: [], handedOutOn: todayInParis() };
}

/** A refusal or an unknown serial, in words for the person at the desk (refusals by their details.code). */
function refusal(error: ApiError, mode: Mode): string {
  return errorMessage(error, {
    not_found:
      mode === 'booklet'
        ? "Aucun carnet de votre stock ne porte ce numéro. Vérifiez le numéro imprimé sur la couverture, ou demandez à l'opérateur si ce carnet vous a bien été attribué."
        : 'Ces chèques sont introuvables dans votre stock.',
  });
}

/**
 * The hand-out of a booklet to a person. The profile comes first, then the booklet: a USB barcode
 * scanner types the cover's code then Enter, which fills the number and moves to the button (the
 * person at the desk confirms with Enter or a click: a scan never records a hand-out by itself).
 * Afterwards the form is empty again and the focus is on the profile, ready for the next person.
 */
export function HandOutPage() {
  const [mode, setMode] = useState<Mode>('booklet');
  const [serial, setSerial] = useState(() => new URLSearchParams(window.location.search).get('carnet') ?? '');
  const [codes, setCodes] = useState('');
  const [profile, setProfile] = useState<Profile>(emptyProfile);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // After a hand-out: the sheet of places to print, for the commune given (if any).
  const [handedOut, setHandedOut] = useState<{ commune: Commune | null } | null>(null);
  // Errors about the serial or codes keep the focus in that field (a scanner user rescans at once).
  const [focusSummary, setFocusSummary] = useState(true);
  const serialRef = useRef<HTMLInputElement>(null);
  const codesRef = useRef<HTMLTextAreaElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const firstProfileRef = useRef<HTMLSelectElement>(null);

  function focusEntry(select = false): void {
    const target = mode === 'booklet' ? serialRef.current : codesRef.current;
    target?.focus();
    if (select) target?.select();
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    setStatus(null);
    const bookletSerial = bookletSerialFromInput(serial);
    const chequeCodes = chequeCodesFromLines(codes);
    if (mode === 'booklet' ? !bookletSerial : chequeCodes.length === 0) {
      const field = mode === 'booklet' ? 'bookletSerial' : 'chequeCodes';
      const problem =
        mode === 'booklet' ? 'Saisissez ou scannez le numéro imprimé sur le carnet.' : 'Saisissez ou scannez au moins un code de chèque.';
      setFocusSummary(false);
      setErrors({ message: INVALID_FORM, fields: { [field]: [problem] } });
      focusEntry();
      return;
    }
    const input: HandOutInput = mode === 'booklet' ? { bookletSerial } : { chequeCodes };
    // Only what was filled in: the API refuses empty values and unknown fields.
    if (profile.handedOutOn) input.handedOutOn = profile.handedOutOn;
    if (profile.ageBand) input.ageBand = profile.ageBand;
    if (profile.situation) input.situation = profile.situation;
    if (profile.commune) input.communeCode = profile.commune.code;
    if (profile.needs.length > 0) input.needs = profile.needs;

    setPending(true);
    try {
      const { cheques } = await api.handOut(input);
      setErrors(null);
      setSerial('');
      setCodes('');
      setHandedOut({ commune: profile.commune });
      setProfile(emptyProfile());
      setStatus(
        mode === 'booklet'
          ? `Carnet ${bookletSerial} remis : ${plural(cheques, 'chèque')} ${cheques > 1 ? 'sont maintenant utilisables' : 'est maintenant utilisable'}.`
          : `${plural(cheques, 'chèque remis', 'chèques remis')} : ${cheques > 1 ? 'ils sont maintenant utilisables' : 'il est maintenant utilisable'}.`,
      );
      // The next person: their profile first.
      firstProfileRef.current?.focus();
    } catch (error) {
      let formErrors = foldListProblems(toFormErrors(error), 'chequeCodes', (index) => `Code ${chequeCodes[index] ?? index + 1}`);
      if (error instanceof ApiError && ['invalid_transition', 'not_found', 'conflict'].includes(error.code)) {
        // Said next to the field as well: on a phone the summary may be out of sight.
        const field = mode === 'booklet' ? 'bookletSerial' : 'chequeCodes';
        formErrors = { message: "La remise n'a pas été enregistrée.", fields: { [field]: [refusal(error, mode)] } };
      }
      // About the entry itself: the focus stays there, its text selected to be replaced by a rescan.
      const aboutEntry = Object.keys(formErrors.fields).every((field) => field === 'bookletSerial' || field === 'chequeCodes');
      setFocusSummary(!aboutEntry);
      setErrors(formErrors);
      if (aboutEntry) focusEntry(true);
    } finally {
      setPending(false);
    }
  }

  /** Enter in the serial field (a scanner ends with it): the number is read, the person confirms with the button. */
  function serialEntered(): void {
    const bookletSerial = bookletSerialFromInput(serial);
    if (!bookletSerial) return;
    setStatus(`Carnet ${bookletSerial} lu : vérifiez le profil, puis appuyez sur « Enregistrer la remise du carnet ».`);
    submitRef.current?.focus();
  }

  function changeMode(value: string): void {
    setMode(value === 'cheques' ? 'cheques' : 'booklet');
    setErrors(null);
    setStatus(null);
  }

  function profileField(name: 'ageBand' | 'situation' | 'handedOutOn') {
    return {
      value: profile[name],
      onChange: (event: { target: { value: string } }) => setProfile((current) => ({ ...current, [name]: event.target.value })),
      errors: errors?.fields[name],
    };
  }

  return (
    <Page title="Remettre un carnet">
      <p>
        Enregistrez ici chaque carnet que vous remettez à une personne : ses chèques deviennent alors utilisables. Renseignez d’abord le
        profil avec la personne, puis le carnet : avec un lecteur de codes, scannez le code de la couverture dans le champ « Numéro du
        carnet », le numéro se remplit ; confirmez avec « Enregistrer la remise du carnet ».
      </p>
      <p className="notice">
        <strong>Aucune information permettant d'identifier la personne n'est enregistrée (ni nom, ni adresse, ni téléphone).</strong> Le
        profil ci-dessous est facultatif et anonyme : il sert uniquement aux statistiques du dispositif.
      </p>

      <StatusMessage message={status} />
      <ErrorSummary errors={errors} fields={FIELDS} focus={focusSummary} />
      {handedOut ? <WhereToUseSheet commune={handedOut.commune} /> : null}

      <form onSubmit={(event) => void submit(event)} noValidate className="panel">
        <fieldset className="field subsection">
          <legend>1. Profil de la personne (facultatif)</legend>
          <div className="field-row">
            <SelectField
              id="remise-age"
              ref={firstProfileRef}
              label="Tranche d'âge"
              placeholder="Non renseignée"
              options={AGE_OPTIONS}
              {...profileField('ageBand')}
            />
            <SelectField
              id="remise-situation"
              label="Situation"
              placeholder="Non renseignée"
              options={SITUATION_OPTIONS}
              {...profileField('situation')}
            />
          </div>
          <CommuneCombobox
            id="remise-commune"
            label="Commune"
            hint="Tapez le nom ou le code postal, puis choisissez dans la liste (par ex. Mérignac ou 33700) — jamais d'adresse"
            value={profile.commune}
            onChange={(commune) => setProfile((current) => ({ ...current, commune }))}
            errors={errors?.fields.communeCode}
          />
          <CheckboxGroup
            id="remise-besoins"
            legend="Besoins"
            hint="Ce pour quoi la personne souhaite être accompagnée."
            options={SERVICES.map((service) => ({ value: service, label: service }))}
            values={profile.needs}
            onChange={(needs) => setProfile((current) => ({ ...current, needs }))}
            errors={errors?.fields.needs}
          />
        </fieldset>
        <RadioGroup
          id="remise-mode"
          legend="2. Que remettez-vous ?"
          options={[
            { value: 'booklet', label: 'Un carnet entier' },
            { value: 'cheques', label: "Des chèques à l'unité" },
          ]}
          value={mode}
          onChange={changeMode}
        />
        {mode === 'booklet' ? (
          <TextField
            id="remise-carnet"
            ref={serialRef}
            label="Numéro du carnet"
            hint="Imprimé sur la couverture, par exemple 7K3F-00012. Tapez-le ou scannez le code de la couverture."
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="send"
            value={serial}
            onChange={(event) => setSerial(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              serialEntered();
            }}
            errors={errors?.fields.bookletSerial}
          />
        ) : (
          <TextAreaField
            id="remise-codes"
            ref={codesRef}
            label="Codes des chèques"
            hint="Un code par ligne, par exemple ABCD-EFGH-JKMN-PQRS-T (imprimé sous le QR code). Vous pouvez aussi scanner le QR code de chaque chèque."
            rows={5}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={codes}
            onChange={(event) => setCodes(event.target.value)}
            errors={errors?.fields.chequeCodes}
          />
        )}

        <TextField id="remise-date" label="Date de remise" type="date" max={todayInParis()} {...profileField('handedOutOn')} />

        <button type="submit" className="button" ref={submitRef} disabled={pending} aria-busy={pending || undefined}>
          {pending
            ? 'Enregistrement de la remise…'
            : mode === 'booklet'
              ? 'Enregistrer la remise du carnet'
              : 'Enregistrer la remise des chèques'}
        </button>
      </form>
    </Page>
  );
}
