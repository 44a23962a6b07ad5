import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type AccountBalance, type LedgerAccountKind, type LedgerCheck, type Me, type Programme, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { BankTransferFields, EMPTY_TRANSFER } from '../components/BankTransferFields';
import { SelectField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { parseEuros } from '../input';
import { formatDateTime, formatEuros } from '../labels';
import { newId } from '../scanner/offline-store';
import { useSubmit } from '../useSubmit';

const ACCOUNT_LABELS: Record<LedgerAccountKind, string> = {
  bank: 'Banque de l’opérateur',
  funder: 'Dû au financeur',
  programme_outstanding: 'Chèques en circulation',
  place_payable: 'Dû au lieu',
  operator_fees: 'Frais de l’opérateur',
};

/** "/comptabilite": the ledger check, every account's balance, and the refunds paid to funders (operator). */
export function AccountingPage({ me }: { me: Me }) {
  const [check, setCheck] = useState<LedgerCheck | null>(null);
  const [accounts, setAccounts] = useState<AccountBalance[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    Promise.all([api.ledgerCheck(), api.ledgerBalances()]).then(
      ([result, balances]) => {
        setCheck(result);
        setAccounts(balances.accounts);
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <Page title="Comptabilité">
      <StatusMessage message={status} ref={statusRef} />
      {loadError ? <p role="alert">{loadError}</p> : null}

      <section aria-labelledby="titre-controle">
        <h2 id="titre-controle">Contrôle du grand livre</h2>
        {check ? (
          <>
            <p>
              {check.ok ? <strong>Tout concorde.</strong> : <strong>Des écarts ont été trouvés.</strong>} Contrôle du{' '}
              {formatDateTime(check.checkedAt, true)} sur {check.entries.toLocaleString('fr-FR')} écritures et{' '}
              {check.postings.toLocaleString('fr-FR')} lignes.
            </p>
            <ul className="plain">
              {check.invariants.map((result) => (
                <li key={result.invariant}>
                  {result.ok ? 'Conforme' : `Écart (${result.offenderCount})`} : {result.description}
                  {result.ok ? null : <pre>{result.offenders.map((offender) => JSON.stringify(offender)).join('\n')}</pre>}
                </li>
              ))}
            </ul>
          </>
        ) : loadError ? null : (
          <p>Contrôle en cours…</p>
        )}
      </section>

      <section aria-labelledby="titre-soldes">
        <h2 id="titre-soldes">Soldes des comptes</h2>
        <p>Débit positif, crédit négatif : la somme de tous les soldes est nulle.</p>
        {accounts ? (
          <DataTable caption="Soldes des comptes à cet instant">
            <thead>
              <tr>
                <th scope="col">Compte</th>
                <th scope="col">Titulaire</th>
                <th scope="col">Solde</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.account}>
                  <th scope="row">{ACCOUNT_LABELS[account.kind]}</th>
                  <td>{account.name ?? '—'}</td>
                  <td>{formatEuros(account.balanceCents)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : null}
      </section>

      {me.role === 'operator_admin' ? (
        <RefundForm
          onRecorded={(message) => {
            setStatus(message);
            statusRef.current?.focus();
            load();
          }}
        />
      ) : null}
    </Page>
  );
}

const REFUND_FIELDS: FieldMap = {
  programme: { id: 'avoir-programme', label: 'Programme' },
  amountCents: { id: 'avoir-montant', label: 'Montant remboursé' },
  paidOn: { id: 'avoir-date', label: 'Date du virement' },
  bankReference: { id: 'avoir-reference', label: 'Référence du virement' },
};

const REFUND_TOO_LARGE = "Ce montant dépasse ce qui reste à rembourser au financeur pour ce programme : rien n'a été enregistré.";

function refundRefused(error: unknown): boolean {
  const details = error instanceof ApiError ? (error.details as { code?: unknown } | undefined) : undefined;
  return details?.code === 'refund_exceeds_refundable';
}

/** A transfer paying back a programme's credit note; one Idempotency-Key per form, so a retry is never counted twice. */
function RefundForm({ onRecorded }: { onRecorded: (message: string) => void }) {
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [transfer, setTransfer] = useState(EMPTY_TRANSFER);
  const key = useRef(newId());

  useEffect(() => {
    api.programmes().then(
      (list) => setProgrammes(list.filter((programme) => programme.funding !== null)),
      () => setProgrammes([]),
    );
  }, []);

  const { errors, onSubmit } = useSubmit(
    async () => {
      const amountCents = parseEuros(transfer.amount);
      if (!programmeId || !amountCents.ok) {
        return {
          message: INVALID_FORM,
          fields: {
            ...(programmeId ? {} : { programme: ['Choisissez le programme.'] }),
            ...(amountCents.ok ? {} : { amountCents: [amountCents.problem] }),
          },
        };
      }
      const refund = await api.recordRefund(programmeId, key.current, {
        amountCents: amountCents.value,
        paidOn: transfer.date,
        bankReference: transfer.reference,
      });
      key.current = newId();
      setTransfer({ ...transfer, amount: '', reference: '' });
      const name = programmes.find((programme) => programme.id === programmeId)?.name ?? '';
      onRecorded(`Le remboursement de ${formatEuros(refund.amountCents)} au financeur du programme « ${name} » est enregistré.`);
    },
    (error) => {
      const errors = toFormErrors(error);
      return refundRefused(error) ? { ...errors, message: REFUND_TOO_LARGE } : errors;
    },
  );

  return (
    <section aria-labelledby="titre-avoir" className="panel">
      <h2 id="titre-avoir">Enregistrer un remboursement au financeur</h2>
      <p>
        Le virement rembourse tout ou partie de l’avoir d’un programme (chèques expirés ou annulés, trop-perçu) ; jamais plus que ce qui
        reste dû.
      </p>
      <ErrorSummary errors={errors} fields={REFUND_FIELDS} />
      <form onSubmit={onSubmit} noValidate>
        <SelectField
          id="avoir-programme"
          label="Programme"
          placeholder="Choisissez un programme financé"
          options={programmes.map((programme) => ({ value: programme.id, label: programme.name }))}
          value={programmeId}
          onChange={(event) => setProgrammeId(event.target.value)}
          errors={errors?.fields.programme}
        />
        <BankTransferFields
          idPrefix="avoir"
          labels={{ amount: 'Montant remboursé (en euros)', date: 'Date du virement', reference: 'Référence du virement' }}
          amountHint="Par exemple 250 ou 250,50."
          value={transfer}
          onChange={setTransfer}
          errors={{ amount: errors?.fields.amountCents, date: errors?.fields.paidOn, reference: errors?.fields.bankReference }}
        />
        <button type="submit" className="button">
          Enregistrer le remboursement
        </button>
      </form>
    </section>
  );
}
