import { type FormEvent, useEffect, useState } from 'react';
import { type ChequeStatus, type ChequeVerdictCode, api } from '../api';
import { ChequeFeedback } from '../components/ChequeFeedback';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { NearestPlacesSection } from '../components/NearestPlaces';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { VerdictIcon } from '../components/VerdictIcon';
import { type FormErrors, INVALID_FORM, errorMessage } from '../forms';
import { chequeCodeFromInput, formatChequeCode } from '../input';
import { formatDay } from '../labels';
import { Link, navigate } from '../router';

/** Verdicts for which finding a place makes sense: the cheque can be used now or soon. */
const PLACES_USEFUL: ChequeVerdictCode[] = ['valid', 'not_yet_valid'];

const FIELDS: FieldMap = { code: { id: 'verifier-code', label: 'Code du chèque' } };

/**
 * The public check of a cheque (no sign-in): "/c/<code>", opened by the QR code printed on each
 * cheque, or "/verifier" to type a code. The verdict is the API's own plain French sentence.
 */
export function ChequeCheckPage({ code }: { code?: string }) {
  const [result, setResult] = useState<ChequeStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!code) return;
    api.chequeStatus(code).then(setResult, (error: unknown) =>
      setLoadError(
        errorMessage(error, {
          too_many_requests: 'Trop de vérifications depuis cette connexion. Patientez une minute, puis réessayez.',
          not_found: 'Ce code ne correspond à aucun chèque. Vérifiez-le.',
        }),
      ),
    );
  }, [code]);

  const cheque = result?.cheque ?? null;
  const verdict = result?.verdict ?? null;

  return (
    <Page
      title={verdict ? `${verdict.usable ? 'Chèque valable' : 'Chèque non utilisable'} — Vérifier un chèque` : 'Vérifier un chèque'}
      heading="Vérifier un chèque"
    >
      {code ? (
        <>
          <p>
            Code vérifié : <code className="cheque-code">{formatChequeCode(code)}</code>
          </p>
          {/* Always in the page, so that screen readers announce the verdict when it arrives. */}
          <div
            role="status"
            className={verdict ? (verdict.usable ? 'verdict verdict--usable' : 'verdict verdict--refused') : 'verdict-pending'}
          >
            {verdict ? (
              <>
                <p className="verdict__title">
                  <VerdictIcon usable={verdict.usable} />
                  {verdict.usable ? 'Chèque valable' : 'Chèque non utilisable'}
                </p>
                <p className="verdict__message">{verdict.message}</p>
              </>
            ) : loadError ? null : (
              <p>Vérification du chèque en cours…</p>
            )}
          </div>
          <ErrorMessage message={loadError} />
          {cheque ? (
            <>
              <dl className="summary-list">
                <div>
                  <dt>Valeur</dt>
                  <dd>{cheque.faceValue}</dd>
                </div>
                <div>
                  <dt>Valable jusqu'au</dt>
                  <dd>{formatDay(cheque.validUntil)}</dd>
                </div>
                <div>
                  <dt>Utilisable à partir du</dt>
                  <dd>{formatDay(cheque.validFrom)}</dd>
                </div>
                <div>
                  <dt>Programme</dt>
                  <dd>{cheque.programmeName}</dd>
                </div>
              </dl>
              {verdict && PLACES_USEFUL.includes(verdict.code) ? (
                <>
                  <NearestPlacesSection
                    intro="Où utiliser ce chèque ? Tapez le nom ou le code postal de votre commune, ou touchez « Autour de moi »."
                    initialCommuneCode={new URLSearchParams(cheque.mapPath.split('?')[1] ?? '').get('commune') ?? undefined}
                  />
                  <p>
                    <Link href={cheque.mapPath} className="button button--secondary">
                      Voir tous les lieux du territoire de ce chèque
                    </Link>
                  </p>
                </>
              ) : null}
              {/* Once used, the same QR code invites its holder to rate the help (once). */}
              {verdict?.code === 'already_used' ? <ChequeFeedback code={code} /> : null}
            </>
          ) : null}
          <p className="hint">
            Cette page ne dit rien de la personne qui détient le chèque, ni de l'endroit où il a été utilisé. En cas de doute, demandez de
            l'aide au lieu de médiation numérique ou à la structure qui vous a remis le carnet.
          </p>
        </>
      ) : (
        <p>Saisissez le code imprimé sur un chèque Pass numérique pour savoir s'il peut être utilisé, et jusqu'à quand.</p>
      )}
      <CheckAnotherCode heading={code ? 'Vérifier un autre code' : null} />
    </Page>
  );
}

function CheckAnotherCode({ heading }: { heading: string | null }) {
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    // A pasted address of a check page works too; dashes and spaces are only for reading.
    const code = chequeCodeFromInput(value).replace(/-/g, '');
    if (!code) {
      setErrors({ message: INVALID_FORM, fields: { code: ['Saisissez le code imprimé sur le chèque.'] } });
      return;
    }
    navigate(`/c/${encodeURIComponent(code)}`);
  }

  const form = (
    <form onSubmit={submit} noValidate>
      <TextField
        id="verifier-code"
        label="Code du chèque"
        hint="Les 17 caractères imprimés sous le QR code, par exemple ABCD-EFGH-JKMN-PQRS-T."
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        errors={errors?.fields.code}
      />
      <button type="submit" className="button">
        Vérifier
      </button>
    </form>
  );

  return heading ? (
    <section aria-labelledby="titre-autre-code" className="panel">
      <h2 id="titre-autre-code">{heading}</h2>
      <ErrorSummary errors={errors} fields={FIELDS} />
      {form}
    </section>
  ) : (
    <div className="panel">
      <ErrorSummary errors={errors} fields={FIELDS} />
      {form}
    </div>
  );
}
