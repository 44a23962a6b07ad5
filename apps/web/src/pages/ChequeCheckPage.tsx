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
import { parseChequeCode, validityInWords } from '../shared-domain';

/** Verdicts for which finding a place makes sense: the cheque can be used now or soon. */
const PLACES_USEFUL: ChequeVerdictCode[] = ['valid', 'not_yet_valid'];

const FIELDS: FieldMap = { code: { id: 'verifier-code', label: 'Code du chèque' } };

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A code that cannot be a cheque's (length, characters, check character), said before anything is asked of the server. */
function codeProblem(code: string): string | null {
  const parsed = parseChequeCode(code);
  if (parsed.ok) return null;
  switch (parsed.problem) {
    case 'empty':
      return 'Saisissez le code imprimé sur le chèque.';
    case 'wrong_length':
      return 'Un code de chèque a 17 caractères (lettres et chiffres) : vérifiez qu’il n’en manque pas et qu’il n’y en a pas en trop.';
    case 'invalid_character':
    case 'wrong_check':
      return 'Ce code contient une erreur de frappe : comparez chaque caractère avec celui imprimé sous le QR code.';
  }
}

/**
 * The public check of a cheque (no sign-in): "/c/<code>", opened by the QR code printed on each
 * cheque, or "/verifier" to type a code. The verdict is the API's own plain French sentence.
 */
export function ChequeCheckPage({ code }: { code?: string }) {
  const [result, setResult] = useState<ChequeStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // A mistyped code is not sent: the form below says what is wrong, with the code to correct.
  const mistyped = code ? codeProblem(code) : null;

  useEffect(() => {
    setResult(null);
    setLoadError(null);
    if (!code || codeProblem(code)) return;
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
  // A used cheque did its job: its holder is thanked and asked how the help went, not shown a refusal.
  const used = verdict?.code === 'already_used';
  const verdictTitle = verdict ? (used ? 'Chèque utilisé : merci !' : verdict.usable ? 'Chèque valable' : 'Chèque non utilisable') : null;

  return (
    <Page title={verdictTitle ? `${verdictTitle} — Vérifier un chèque` : 'Vérifier un chèque'} heading="Vérifier un chèque">
      {code && !mistyped ? (
        <>
          <p>
            {verdict ? 'Code vérifié' : 'Code'} : <code className="cheque-code">{formatChequeCode(code)}</code>
          </p>
          {/* Always in the page, so that screen readers announce the verdict when it arrives. */}
          <div
            role="status"
            className={
              verdict
                ? verdict.usable
                  ? 'verdict verdict--usable'
                  : used
                    ? 'verdict verdict--used'
                    : 'verdict verdict--refused'
                : 'verdict-pending'
            }
          >
            {verdict ? (
              <>
                <p className="verdict__title">
                  {used ? null : <VerdictIcon usable={verdict.usable} />}
                  {verdictTitle}
                </p>
                <p className="verdict__message">
                  {used
                    ? 'Ce chèque a déjà servi à payer un accompagnement numérique. Dites-nous ci-dessous comment cela s’est passé : cela aide à améliorer le dispositif.'
                    : verdict.message}
                </p>
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
                  <dt>Validité</dt>
                  <dd>{capitalised(validityInWords(cheque))}</dd>
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
              {used ? <ChequeFeedback code={code} /> : null}
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
      <CheckAnotherCode
        key={code ?? ''}
        heading={code && !mistyped ? 'Vérifier un autre code' : null}
        mistyped={mistyped ? code : undefined}
      />
    </Page>
  );
}

/** The form to check a code; `mistyped`: a code of the address that cannot be a cheque's, shown to be corrected. */
function CheckAnotherCode({ heading, mistyped }: { heading: string | null; mistyped?: string }) {
  const [value, setValue] = useState(mistyped ?? '');
  const [errors, setErrors] = useState<FormErrors | null>(() => {
    const problem = mistyped === undefined ? null : codeProblem(mistyped);
    return problem ? { message: 'Ce code ne peut pas être vérifié.', fields: { code: [problem] } } : null;
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    // A pasted address of a check page works too; dashes and spaces are only for reading.
    const code = chequeCodeFromInput(value).replace(/-/g, '');
    const problem = codeProblem(code);
    if (problem) {
      setErrors({ message: INVALID_FORM, fields: { code: [problem] } });
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
