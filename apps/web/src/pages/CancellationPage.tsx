import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { RadioGroup, TextAreaField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, INVALID_FORM, foldListProblems, toFormErrors } from '../forms';
import { bookletSerialFromInput, chequeCodesFromLines } from '../input';
import { plural } from '../labels';

type Mode = 'booklet' | 'cheques';

const FIELDS: FieldMap = {
  bookletSerial: { id: 'annulation-carnet', label: 'Numéro du carnet' },
  chequeCodes: { id: 'annulation-codes', label: 'Codes des chèques' },
  reason: { id: 'annulation-motif', label: 'Motif' },
};

const UNKNOWN_BOOKLET = 'Aucun carnet de votre stock ne porte ce numéro. Vérifiez le numéro imprimé sur la couverture.';

/** Lost or stolen: a whole booklet, or single cheques, become unusable for good. */
export function CancellationPage() {
  const [mode, setMode] = useState<Mode>('booklet');
  const [serial, setSerial] = useState('');
  const [codes, setCodes] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    setStatus(null);
    const bookletSerial = bookletSerialFromInput(serial);
    const chequeCodes = chequeCodesFromLines(codes);
    const fields: Record<string, string[]> = {};
    if (mode === 'booklet' && !bookletSerial) fields.bookletSerial = ['Saisissez le numéro imprimé sur le carnet.'];
    if (mode === 'cheques' && chequeCodes.length === 0) fields.chequeCodes = ['Saisissez au moins un code de chèque.'];
    if (!reason.trim()) fields.reason = ['Indiquez pourquoi vous annulez (perte, vol…).'];
    if (Object.keys(fields).length > 0) {
      setErrors({ message: INVALID_FORM, fields });
      return;
    }
    const what = mode === 'booklet' ? `le carnet ${bookletSerial}` : plural(chequeCodes.length, 'chèque');
    if (!window.confirm(`Annuler ${what} ? Ses chèques non utilisés ne pourront plus jamais être utilisés. Cette action est définitive.`))
      return;

    setPending(true);
    try {
      const { cancelled } =
        mode === 'booklet' ? await api.cancelBooklet(bookletSerial, reason.trim()) : await api.cancelCheques(chequeCodes, reason.trim());
      setErrors(null);
      setSerial('');
      setCodes('');
      setReason('');
      const count = plural(cancelled, 'chèque annulé', 'chèques annulés');
      setStatus(
        mode === 'booklet'
          ? `Carnet ${bookletSerial} annulé : ${count}. ${cancelled > 1 ? 'Ils' : 'Il'} ne pourr${cancelled > 1 ? 'ont' : 'a'} plus être utilisé${cancelled > 1 ? 's' : ''}.`
          : `${count} : ${cancelled > 1 ? 'ils ne pourront' : 'il ne pourra'} plus être utilisé${cancelled > 1 ? 's' : ''}.`,
      );
    } catch (error) {
      // Refusals are worded by their details.code (refusals.ts); an unknown serial here.
      const overrides: Record<string, string> = mode === 'booklet' ? { not_found: UNKNOWN_BOOKLET } : {};
      setErrors(foldListProblems(toFormErrors(error, overrides), 'chequeCodes', (index) => `Code ${chequeCodes[index] ?? index + 1}`));
    } finally {
      setPending(false);
    }
  }

  function changeMode(value: string): void {
    setMode(value === 'cheques' ? 'cheques' : 'booklet');
    setErrors(null);
    setStatus(null);
  }

  return (
    <Page title="Annuler un carnet ou des chèques">
      <p>
        Un carnet perdu ou volé, un chèque abîmé : annulez-le pour que personne ne puisse l'utiliser. Les chèques déjà utilisés ne sont pas
        concernés. L'annulation est définitive.
      </p>
      <StatusMessage message={status} />
      <ErrorSummary errors={errors} fields={FIELDS} />
      <form onSubmit={(event) => void submit(event)} noValidate className="panel">
        <RadioGroup
          id="annulation-mode"
          legend="Que voulez-vous annuler ?"
          options={[
            { value: 'booklet', label: 'Un carnet entier' },
            { value: 'cheques', label: "Des chèques à l'unité" },
          ]}
          value={mode}
          onChange={changeMode}
        />
        {mode === 'booklet' ? (
          <TextField
            id="annulation-carnet"
            label="Numéro du carnet"
            hint="Imprimé sur la couverture, par exemple 7K3F-00012."
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={serial}
            onChange={(event) => setSerial(event.target.value)}
            errors={errors?.fields.bookletSerial}
          />
        ) : (
          <TextAreaField
            id="annulation-codes"
            label="Codes des chèques"
            hint="Un code par ligne, par exemple ABCD-EFGH-JKMN-PQRS-T (imprimé sous le QR code)."
            rows={5}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={codes}
            onChange={(event) => setCodes(event.target.value)}
            errors={errors?.fields.chequeCodes}
          />
        )}
        <TextField
          id="annulation-motif"
          label="Motif"
          hint="Par exemple : carnet perdu par la personne, carnet volé, chèque déchiré. 200 caractères au plus."
          autoComplete="off"
          maxLength={200}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          errors={errors?.fields.reason}
        />
        <button type="submit" className="button">
          {mode === 'booklet' ? 'Annuler le carnet' : 'Annuler les chèques'}
        </button>
      </form>
    </Page>
  );
}
