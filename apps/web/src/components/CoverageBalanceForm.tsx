import { useState } from 'react';
import { api } from '../api';
import { ErrorSummary } from './ErrorSummary';
import { TextField } from './FormField';
import { INVALID_FORM, type FormErrors, toFormErrors } from '../forms';
import { parseEuros } from '../input';
import { todayInParis } from '../labels';
import { useSubmit } from '../useSubmit';

const FIELDS = {
  balance: { id: 'solde-montant', label: 'Solde en fin de journée' },
  balanceOn: { id: 'solde-jour', label: 'Jour du relevé' },
  bankReference: { id: 'solde-reference', label: 'Référence du relevé' },
  statement: { id: 'solde-releve', label: 'Relevé bancaire (PDF)' },
};

/**
 * An operator admin enters the segregated account's balance shown by a bank statement, with the
 * statement as a PDF (docs/funds-coverage.md); it counts once another operator admin confirms it.
 */
export function CoverageBalanceForm({ onEntered }: { onEntered: (message: string) => void }) {
  const [balance, setBalance] = useState('');
  const [balanceOn, setBalanceOn] = useState(todayInParis());
  const [bankReference, setBankReference] = useState('');
  const [statement, setStatement] = useState<File | null>(null);
  const { errors, pending, onSubmit } = useSubmit(
    async (): Promise<FormErrors | void> => {
      const cents = parseEuros(balance);
      const fields: Record<string, string[]> = {};
      if (!cents.ok) fields.balanceCents = [cents.problem];
      if (!balanceOn) fields.balanceOn = ['Indiquez le jour du relevé.'];
      if (!statement) fields.statement = ['Joignez le relevé bancaire en PDF.'];
      if (!cents.ok || !balanceOn || !statement) return { message: INVALID_FORM, fields };
      await api.enterCoverageBalance({ balanceCents: cents.value, balanceOn, bankReference: bankReference.trim() || undefined }, statement);
      setBalance('');
      setBankReference('');
      onEntered('Solde enregistré : un autre administrateur de l’opérateur doit le confirmer pour qu’il compte.');
    },
    (error) => toFormErrors(error),
  );
  return (
    <section className="panel" aria-labelledby="titre-saisie-solde">
      <h3 id="titre-saisie-solde">Saisir un solde du compte cantonné</h3>
      <ErrorSummary
        errors={errors}
        fields={{
          balanceCents: FIELDS.balance,
          balanceOn: FIELDS.balanceOn,
          bankReference: FIELDS.bankReference,
          statement: FIELDS.statement,
        }}
      />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          {...FIELDS.balance}
          hint="En euros, comme sur le relevé, par exemple 125 000,00."
          inputMode="decimal"
          required
          errors={errors?.fields.balanceCents}
          value={balance}
          onChange={(event) => setBalance(event.target.value)}
        />
        <TextField
          {...FIELDS.balanceOn}
          type="date"
          required
          max={todayInParis()}
          errors={errors?.fields.balanceOn}
          value={balanceOn}
          onChange={(event) => setBalanceOn(event.target.value)}
        />
        <TextField
          {...FIELDS.bankReference}
          hint="Facultatif."
          maxLength={140}
          errors={errors?.fields.bankReference}
          value={bankReference}
          onChange={(event) => setBankReference(event.target.value)}
        />
        <TextField
          {...FIELDS.statement}
          hint="Le relevé de la banque qui montre ce solde, en PDF, 5 Mo au plus."
          type="file"
          accept=".pdf,application/pdf"
          required
          errors={errors?.fields.statement}
          onChange={(event) => setStatement(event.target.files?.[0] ?? null)}
        />
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Enregistrement…' : 'Enregistrer le solde'}
        </button>
      </form>
    </section>
  );
}
