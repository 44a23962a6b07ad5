import { type FormEvent, useRef, useState } from 'react';
import { api } from '../api';
import { ErrorSummary, type FieldMap } from './ErrorSummary';
import { TextField } from './FormField';
import { NewPasswordFields } from './NewPasswordFields';
import { StatusMessage } from './StatusMessage';
import { type FormErrors, INVALID_FORM, toFormErrors } from '../forms';

const MIN_PASSWORD_LENGTH = 12;

const FIELDS: FieldMap = {
  currentPassword: { id: 'mot-de-passe-actuel', label: 'Mot de passe actuel' },
  newPassword: { id: 'nouveau-mot-de-passe', label: 'Nouveau mot de passe' },
  confirmation: { id: 'confirmation-mot-de-passe', label: 'Confirmation du nouveau mot de passe' },
};

/** Changing one's password while signed in; the other sessions end (onChanged reloads them). */
export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    const fields: Record<string, string[]> = {};
    if (!currentPassword) fields.currentPassword = ['Ce champ est obligatoire.'];
    if ([...newPassword].length < MIN_PASSWORD_LENGTH) fields.newPassword = [`Saisissez au moins ${MIN_PASSWORD_LENGTH} caractères.`];
    if (confirmation !== newPassword) fields.confirmation = ['Les deux mots de passe ne sont pas identiques.'];
    if (Object.keys(fields).length > 0) {
      setStatus(null);
      setErrors({ message: INVALID_FORM, fields });
      return;
    }
    setPending(true);
    try {
      await api.changePassword(currentPassword, newPassword);
      setErrors(null);
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      setStatus('Votre mot de passe est changé. Vos autres sessions ont été fermées.');
      onChanged();
      statusRef.current?.focus();
    } catch (error) {
      setStatus(null);
      setErrors(toFormErrors(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="changer-mot-de-passe">
      <h2 id="changer-mot-de-passe">Changer mon mot de passe</h2>
      <StatusMessage message={status} ref={statusRef} />
      <div className="panel narrow">
        <ErrorSummary errors={errors} fields={FIELDS} />
        <form onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            id="mot-de-passe-actuel"
            label="Mot de passe actuel"
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
            errors={errors?.fields.currentPassword}
          />
          <NewPasswordFields
            ids={{ password: 'nouveau-mot-de-passe', confirmation: 'confirmation-mot-de-passe' }}
            labels={{ password: 'Nouveau mot de passe', confirmation: 'Confirmation du nouveau mot de passe' }}
            hint={`Au moins ${MIN_PASSWORD_LENGTH} caractères. Vos autres sessions seront fermées.`}
            password={newPassword}
            confirmation={confirmation}
            onPassword={setNewPassword}
            onConfirmation={setConfirmation}
            errors={{ password: errors?.fields.newPassword, confirmation: errors?.fields.confirmation }}
          />
          <button type="submit" className="button">
            Changer le mot de passe
          </button>
        </form>
      </div>
    </section>
  );
}
