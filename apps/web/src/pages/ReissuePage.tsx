import { useEffect, useRef, useState } from 'react';
import { type ReissuePreview, type ReissueResult, api } from '../api';
import { ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { SummaryList } from '../components/SummaryList';
import { type FormErrors, INVALID_FORM, toFormErrors } from '../forms';
import { bookletSerialFromInput } from '../input';
import { AGE_BAND_LABELS, SITUATION_LABELS, formatDay, formatEuros, plural } from '../labels';
import { placesApi } from '../publicPlaces';
import { useSubmit } from '../useSubmit';

const FIELDS: FieldMap = {
  serial: { id: 'remplacement-perdu', label: 'Numéro du carnet perdu' },
  newBookletSerial: { id: 'remplacement-nouveau', label: 'Numéro du nouveau carnet' },
};

const UNKNOWN_LOST = 'Aucun carnet de votre stock ne porte ce numéro. Vérifiez le numéro noté lors de la remise.';
const UNKNOWN_NEW = 'Aucun carnet de votre stock ne porte ce numéro. Vérifiez le numéro imprimé sur la couverture du nouveau carnet.';

/** The refusal said next to the field it is about (on a phone the summary may be out of sight). */
function fieldErrors(error: unknown, field: 'serial' | 'newBookletSerial', notFound: string): FormErrors {
  const errors = toFormErrors(error, { not_found: notFound });
  const fields = Object.keys(errors.fields).length > 0 ? errors.fields : { [field]: [errors.message] };
  return { message: INVALID_FORM, fields };
}

/**
 * A lost booklet replaced in three short steps (docs/stock.md): its number, what is left on it and
 * the person's profile as recorded (nothing to type again), then the new booklet's number — typed or
 * scanned, the scanner's Enter confirms. One Idempotency-Key per confirmation: a double click or a
 * retry after a network error replaces once.
 */
export function ReissuePage() {
  const [serial, setSerial] = useState(() => new URLSearchParams(window.location.search).get('carnet') ?? '');
  const [newSerial, setNewSerial] = useState('');
  const [preview, setPreview] = useState<ReissuePreview | null>(null);
  const [communeName, setCommuneName] = useState<string | null>(null);
  const [result, setResult] = useState<ReissueResult | null>(null);
  const idempotencyKey = useRef('');
  const newSerialRef = useRef<HTMLInputElement>(null);
  const findFormRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const find = useSubmit(
    async () => {
      setResult(null);
      const bookletSerial = bookletSerialFromInput(serial);
      if (!bookletSerial)
        return { message: INVALID_FORM, fields: { serial: ['Saisissez le numéro du carnet perdu, par exemple 7K3F-00012.'] } };
      const found = await api.reissuePreview(bookletSerial);
      idempotencyKey.current = crypto.randomUUID();
      setNewSerial('');
      setPreview(found);
    },
    (error) => fieldErrors(error, 'serial', UNKNOWN_LOST),
  );

  const confirm = useSubmit(
    async () => {
      if (!preview) return;
      const bookletSerial = bookletSerialFromInput(newSerial);
      if (!bookletSerial) {
        return { message: INVALID_FORM, fields: { newBookletSerial: ['Saisissez ou scannez le numéro imprimé sur le nouveau carnet.'] } };
      }
      const done = await api.reissueBooklet(idempotencyKey.current, preview.serial, bookletSerial);
      setResult(done);
      setPreview(null);
      setSerial('');
      setNewSerial('');
    },
    (error) => fieldErrors(error, 'newBookletSerial', UNKNOWN_NEW),
  );

  useEffect(() => {
    // The new booklet's number comes next: the keyboard (or the hand scanner) goes there at once.
    if (preview) newSerialRef.current?.focus();
    setCommuneName(null);
    const code = preview?.profile.communeCode;
    if (code)
      placesApi.commune(code).then(
        (commune) => setCommuneName(`${commune.nom} (${code})`),
        () => setCommuneName(code),
      );
  }, [preview]);

  useEffect(() => {
    if (result) statusRef.current?.focus();
  }, [result]);

  useEffect(() => {
    // Opened from « Carnets » (?carnet=…): the booklet is looked up at once, one step less at the desk.
    if (new URLSearchParams(window.location.search).get('carnet')) findFormRef.current?.requestSubmit();
  }, []);

  const surplus = preview && preview.chequesPerBooklet > preview.remainingCheques;

  return (
    <Page title="Remplacer un carnet perdu">
      <p>
        Une personne a perdu son carnet, ou on le lui a volé : remettez-lui un nouveau carnet du même programme pour la valeur qui restait.
        Les chèques non utilisés du carnet perdu sont annulés partout, y compris dans les lieux qui encaissent hors connexion. Son profil
        est repris tel qu'il a été enregistré : rien à saisir de nouveau.
      </p>
      <StatusMessage
        ref={statusRef}
        message={
          result
            ? `Carnet ${result.lostBookletSerial} remplacé par le carnet ${result.newBookletSerial} : ${plural(result.chequesHandedOut, 'chèque utilisable', 'chèques utilisables')} (${formatEuros(result.valueCents)}). ${
                result.surplusPositions
                  ? `Les chèques n° ${result.surplusPositions.from} à ${result.surplusPositions.to} du nouveau carnet sont annulés : retirez-les avant de le remettre.`
                  : 'Remettez le nouveau carnet en entier.'
              } Les chèques du carnet perdu ne peuvent plus être utilisés.`
            : null
        }
      />

      <ErrorSummary errors={find.errors} fields={FIELDS} />
      <form ref={findFormRef} onSubmit={find.onSubmit} noValidate className="panel" aria-labelledby="titre-perdu">
        <h2 id="titre-perdu">1. Le carnet perdu</h2>
        <TextField
          id="remplacement-perdu"
          label="Numéro du carnet perdu"
          hint="Le numéro noté lors de la remise, par exemple 7K3F-00012 (la liste « Carnets » le donne aussi)."
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={serial}
          onChange={(event) => {
            setSerial(event.target.value);
            setPreview(null);
          }}
          errors={find.errors?.fields.serial}
        />
        <button type="submit" className="button button--secondary" aria-busy={find.pending}>
          {find.pending ? 'Recherche en cours…' : 'Rechercher le carnet'}
        </button>
      </form>

      {preview ? (
        <section aria-labelledby="titre-nouveau" className="panel">
          <h2 id="titre-nouveau">2. Ce qui est reporté sur le nouveau carnet</h2>
          <SummaryList
            facts={[
              ['Carnet perdu', <code key="serial">{preview.serial}</code>],
              ['Programme', preview.programmeName],
              ['Remis le', formatDay(preview.handedOutOn)],
              [
                'Reste à reporter',
                `${plural(preview.remainingCheques, 'chèque non utilisé', 'chèques non utilisés')} sur ${preview.chequesPerBooklet}, soit ${formatEuros(preview.remainingValueCents)}`,
              ],
              [
                "Tranche d'âge",
                preview.profile.ageBand ? (AGE_BAND_LABELS[preview.profile.ageBand] ?? preview.profile.ageBand) : 'Non renseignée',
              ],
              [
                'Situation',
                preview.profile.situation ? (SITUATION_LABELS[preview.profile.situation] ?? preview.profile.situation) : 'Non renseignée',
              ],
              ['Commune', preview.profile.communeCode ? (communeName ?? preview.profile.communeCode) : 'Non renseignée'],
              ['Besoins', preview.profile.needs.length > 0 ? preview.profile.needs.join(', ') : 'Non renseignés'],
            ]}
          />
          <h2>3. Le nouveau carnet</h2>
          <p>
            Prenez un carnet complet du même programme dans votre stock.{' '}
            {surplus
              ? `Ses chèques n° 1 à ${preview.remainingCheques} seront utilisables ; les chèques n° ${preview.remainingCheques + 1} à ${preview.chequesPerBooklet} seront annulés : vous les retirerez avant de remettre le carnet.`
              : 'Tous ses chèques seront utilisables.'}
          </p>
          <ErrorSummary errors={confirm.errors} fields={FIELDS} focus={false} />
          <form onSubmit={confirm.onSubmit} noValidate>
            <TextField
              id="remplacement-nouveau"
              ref={newSerialRef}
              label="Numéro du nouveau carnet"
              hint="Imprimé sur la couverture : saisissez-le ou scannez-le."
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              value={newSerial}
              onChange={(event) => setNewSerial(event.target.value)}
              errors={confirm.errors?.fields.newBookletSerial}
            />
            <div className="actions">
              <button type="submit" className="button" aria-busy={confirm.pending}>
                {confirm.pending ? 'Remplacement en cours…' : 'Confirmer le remplacement'}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setPreview(null)}>
                Ne pas remplacer
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </Page>
  );
}
