import { TextField } from './FormField';

interface Props {
  /** Input ids (also the fields named in the error summary). */
  ids: { password: string; confirmation: string };
  labels: { password: string; confirmation: string };
  hint: string;
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  errors: { password?: string[]; confirmation?: string[] };
}

/** A new password and its confirmation (invitation, link by e-mail, change while signed in), typed for password managers. */
export function NewPasswordFields({ ids, labels, hint, password, confirmation, onPassword, onConfirmation, errors }: Props) {
  return (
    <>
      <TextField
        id={ids.password}
        label={labels.password}
        hint={hint}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => onPassword(event.target.value)}
        errors={errors.password}
      />
      <TextField
        id={ids.confirmation}
        label={labels.confirmation}
        type="password"
        autoComplete="new-password"
        value={confirmation}
        onChange={(event) => onConfirmation(event.target.value)}
        errors={errors.confirmation}
      />
    </>
  );
}
