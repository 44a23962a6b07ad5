import { TextField } from './FormField';

/** A transfer as typed by hand: the amount in euros (parsed on submit), its date and its reference. */
export interface BankTransferInput {
  amount: string;
  date: string;
  reference: string;
}

export const EMPTY_TRANSFER: BankTransferInput = { amount: '', date: '', reference: '' };

/**
 * The fields of a bank transfer recorded by hand (a funding received, a refund paid to a funder):
 * ids `<idPrefix>-montant`, `-date` and `-reference`, each with its own label and errors.
 */
export function BankTransferFields({
  idPrefix,
  labels,
  amountHint,
  referenceHint,
  value,
  onChange,
  errors,
}: {
  idPrefix: string;
  labels: { amount: string; date: string; reference: string };
  amountHint: string;
  referenceHint?: string;
  value: BankTransferInput;
  onChange: (value: BankTransferInput) => void;
  errors?: { amount?: string[]; date?: string[]; reference?: string[] };
}) {
  return (
    <>
      <TextField
        id={`${idPrefix}-montant`}
        label={labels.amount}
        hint={amountHint}
        inputMode="decimal"
        autoComplete="off"
        value={value.amount}
        onChange={(event) => onChange({ ...value, amount: event.target.value })}
        errors={errors?.amount}
      />
      <TextField
        id={`${idPrefix}-date`}
        label={labels.date}
        type="date"
        value={value.date}
        onChange={(event) => onChange({ ...value, date: event.target.value })}
        errors={errors?.date}
      />
      <TextField
        id={`${idPrefix}-reference`}
        label={labels.reference}
        hint={referenceHint}
        autoComplete="off"
        spellCheck={false}
        maxLength={140}
        value={value.reference}
        onChange={(event) => onChange({ ...value, reference: event.target.value })}
        errors={errors?.reference}
      />
    </>
  );
}
