import { useCallback, useEffect, useRef, useState } from 'react';
import { type BankDetails, type Me, api } from '../api';
import { BANK_STATUS_LABELS, bankProblem } from '../bank-details';
import { BankDetailsFacts } from '../components/BankDetailsFacts';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { DOCUMENT_ACCEPT, DOCUMENT_HINT, DOCUMENT_MESSAGES, documentProblem } from '../documents';
import { INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { formatDateTime } from '../labels';
import { useSubmit } from '../useSubmit';

const FIELDS: FieldMap = {
  iban: { id: 'banque-iban', label: 'IBAN' },
  bic: { id: 'banque-bic', label: 'BIC' },
  accountHolder: { id: 'banque-titulaire', label: 'Titulaire du compte' },
};

/** "/coordonnees-bancaires": the account a place organisation is paid on (a funder: refunded on), its RIB, and where the operator's verification stands. */
export function BankDetailsPage({ me }: { me: Me }) {
  const [history, setHistory] = useState<BankDetails[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => setHistory(await api.bankDetails(me.organisation.id)), [me.organisation.id]);

  useEffect(() => {
    load().catch((error: unknown) => setLoadError(errorMessage(error)));
  }, [load]);

  async function done(message: string): Promise<void> {
    await load().catch((error: unknown) => setLoadError(errorMessage(error)));
    setStatus(message);
    window.setTimeout(() => feedbackRef.current?.focus(), 0);
  }

  const current = history?.find((details) => details.supersededAt === null) ?? null;
  const earlier = history?.filter((details) => details.supersededAt !== null) ?? [];

  return (
    <Page title="Coordonnées bancaires">
      <p>
        {me.organisation.kind === 'funder'
          ? 'Quand un de vos programmes est clos, la valeur des chèques non utilisés (l’avoir) vous est remboursée par virement sur ce compte, au plus tard 30 jours après la clôture.'
          : 'Les chèques encaissés par votre lieu vous sont remboursés par virement sur ce compte.'}{' '}
        L’opérateur vérifie chaque compte avec son relevé d’identité bancaire (RIB) : tant qu’il n’est pas vérifié, aucun remboursement
        n’est versé.
      </p>
      <ErrorMessage message={loadError} />
      <div ref={feedbackRef} tabIndex={-1}>
        <StatusMessage message={status} />
      </div>
      {history === null ? (
        loadError ? null : (
          <p>Chargement des coordonnées bancaires…</p>
        )
      ) : (
        <>
          <section aria-labelledby="titre-compte">
            <h2 id="titre-compte">Compte actuel</h2>
            {current ? <CurrentDetails details={current} /> : <p>Vous n’avez pas encore saisi de coordonnées bancaires.</p>}
          </section>
          {current?.status === 'submitted' ? (
            <ProofForm
              hasProof={current.proofFileName !== null}
              onAttached={(name) => void done(`Le RIB « ${name} » est joint : l’opérateur peut maintenant vérifier vos coordonnées.`)}
            />
          ) : null}
          <DetailsForm
            current={current}
            onSubmitted={() =>
              void done(
                'Vos coordonnées sont enregistrées. Joignez maintenant le RIB du compte : l’opérateur en a besoin pour les vérifier.',
              )
            }
          />
          {earlier.length > 0 ? <EarlierDetails details={earlier} /> : null}
        </>
      )}
    </Page>
  );
}

function CurrentDetails({ details }: { details: BankDetails }) {
  return (
    <>
      <p>
        <span className={`status-tag status-tag--${details.status}`}>{BANK_STATUS_LABELS[details.status]}</span>
      </p>
      {details.status === 'submitted' && !details.proofFileName ? (
        <p className="notice notice--warning">
          <strong>Attention : </strong>joignez le RIB de ce compte, sans quoi l’opérateur ne peut pas le vérifier.
        </p>
      ) : null}
      {details.status === 'rejected' ? (
        <div className="notice notice--warning">
          <p>
            <strong>Motif du refus : </strong>
            {details.reviewNote}
          </p>
          <p>Saisissez des coordonnées corrigées ci-dessous.</p>
        </div>
      ) : null}
      <BankDetailsFacts details={details} />
    </>
  );
}

/** The RIB, attached to the current details while they await verification (a new file replaces the previous one). */
function ProofForm({ hasProof, onAttached }: { hasProof: boolean; onAttached: (fileName: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      const problem = documentProblem(file);
      if (problem || !file) return { message: INVALID_FORM, fields: { proof: [problem ?? 'Choisissez un fichier.'] } };
      const attached = await api.attachBankProof(file);
      setFile(null);
      setInputKey((key) => key + 1);
      onAttached(attached.proofFileName ?? file.name);
    },
    (error) => {
      const formErrors = toFormErrors(error, DOCUMENT_MESSAGES, bankProblem);
      // A refusal without a field (too large, wrong type) is still about this file.
      return {
        message: `Le RIB n’a pas pu être joint. ${formErrors.message}`,
        fields: { proof: formErrors.fields.proof ?? [formErrors.message] },
      };
    },
  );

  return (
    <section className="panel" aria-labelledby="titre-rib">
      <h2 id="titre-rib">{hasProof ? 'Remplacer le RIB' : 'Joindre le RIB'}</h2>
      <ErrorSummary errors={errors} fields={{ proof: { id: 'banque-rib', label: 'RIB' } }} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          key={inputKey}
          id="banque-rib"
          label="Relevé d’identité bancaire (RIB) du compte"
          hint={`Le document de votre banque qui montre le titulaire, l’IBAN et le BIC. ${DOCUMENT_HINT}`}
          type="file"
          accept={DOCUMENT_ACCEPT}
          errors={errors?.fields.proof}
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <button type="submit" className="button" disabled={pending}>
          Joindre le RIB
        </button>
      </form>
    </section>
  );
}

const EMPTY = { iban: '', bic: '', accountHolder: '' };

function DetailsForm({ current, onSubmitted }: { current: BankDetails | null; onSubmitted: () => void }) {
  const [draft, setDraft] = useState(EMPTY);
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      await api.submitBankDetails(draft);
      setDraft(EMPTY);
      onSubmitted();
    },
    (error) => toFormErrors(error, {}, bankProblem),
  );

  function field(name: keyof typeof EMPTY) {
    return {
      value: draft[name],
      errors: errors?.fields[name],
      onChange: (event: { target: { value: string } }) => setDraft((value) => ({ ...value, [name]: event.target.value })),
    };
  }

  return (
    <section className="panel" aria-labelledby="titre-saisie">
      <h2 id="titre-saisie">{current ? 'Changer de compte' : 'Saisir vos coordonnées bancaires'}</h2>
      {current ? (
        <p>
          Un nouveau compte remplace l’actuel, qui reste dans l’historique. Il doit être vérifié à son tour : les remboursements attendent
          cette vérification.
        </p>
      ) : null}
      <ErrorSummary errors={errors} fields={FIELDS} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="banque-titulaire"
          label="Titulaire du compte"
          hint="Le nom exact du titulaire, tel qu’il figure sur le RIB."
          autoComplete="off"
          maxLength={100}
          required
          {...field('accountHolder')}
        />
        <TextField
          id="banque-iban"
          label="IBAN"
          hint="27 caractères pour un compte français, espaces permis, par exemple FR76 3000 6000 0112 3456 7890 189."
          autoComplete="off"
          spellCheck={false}
          maxLength={50}
          required
          {...field('iban')}
        />
        <TextField
          id="banque-bic"
          label="BIC"
          hint="8 ou 11 caractères, par exemple AGRIFRPP."
          autoComplete="off"
          spellCheck={false}
          maxLength={15}
          required
          className="input--short"
          {...field('bic')}
        />
        <button type="submit" className="button" disabled={pending}>
          Envoyer pour vérification
        </button>
      </form>
    </section>
  );
}

function EarlierDetails({ details }: { details: BankDetails[] }) {
  return (
    <section aria-labelledby="titre-precedents">
      <h2 id="titre-precedents">Comptes précédents</h2>
      <DataTable caption="Coordonnées bancaires remplacées, les plus récentes en premier" captionHidden>
        <thead>
          <tr>
            <th scope="col">IBAN</th>
            <th scope="col">Titulaire</th>
            <th scope="col">État</th>
            <th scope="col">Remplacées le</th>
          </tr>
        </thead>
        <tbody>
          {details.map((item) => (
            <tr key={item.id}>
              <th scope="row" className="nowrap">
                {item.ibanMasked}
              </th>
              <td>{item.accountHolder}</td>
              <td>{BANK_STATUS_LABELS[item.status]}</td>
              <td className="nowrap">{formatDateTime(item.supersededAt)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </section>
  );
}
