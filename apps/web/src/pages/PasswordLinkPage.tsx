import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, type PasswordLink, api } from '../api';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { Page } from '../components/Page';
import { type FormErrors, INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { Link } from '../router';

const MIN_PASSWORD_LENGTH = 12;
const INVALID = 'Ce lien est inconnu, déjà utilisé ou expiré.';

const FIELDS: FieldMap = {
  password: { id: 'mot-de-passe', label: 'Nouveau mot de passe' },
  confirmation: { id: 'confirmation', label: 'Confirmation du mot de passe' },
};

/** /mot-de-passe/<lien> : choosing a password with a single-use link (forgotten password, first administrator). */
export function PasswordLinkPage({ token }: { token: string }) {
  const [link, setLink] = useState<PasswordLink | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const doneRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    api
      .passwordLink(token)
      .then(setLink, (error: unknown) => setLoadError(error instanceof ApiError && error.status === 404 ? INVALID : errorMessage(error)));
  }, [token]);

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    const fields: Record<string, string[]> = {};
    if ([...password].length < MIN_PASSWORD_LENGTH) fields.password = [`Saisissez au moins ${MIN_PASSWORD_LENGTH} caractères.`];
    if (confirmation !== password) fields.confirmation = ['Les deux mots de passe ne sont pas identiques.'];
    if (Object.keys(fields).length > 0) {
      setErrors({ message: INVALID_FORM, fields });
      return;
    }
    setPending(true);
    try {
      await api.choosePassword(token, password);
      setErrors(null);
      setDone(true);
    } catch (error) {
      setErrors(toFormErrors(error, { not_found: INVALID }));
    } finally {
      setPending(false);
    }
  }

  return (
    <Page title="Choisir un mot de passe" heading="Choisir un mot de passe">
      <ErrorMessage message={loadError} />
      {loadError ? (
        <p>
          Demandez un nouveau lien depuis la page <Link href="/mot-de-passe-oublie">Mot de passe oublié</Link>.
        </p>
      ) : link === null ? (
        <p>Chargement…</p>
      ) : done ? (
        <div className="notice notice--success">
          <h2 tabIndex={-1} ref={doneRef}>
            Votre mot de passe est enregistré
          </h2>
          <p>
            Toutes les sessions ouvertes sur votre compte ont été fermées. Connectez-vous avec l'adresse {link.email} et ce mot de passe.
          </p>
          <p>
            <Link href="/connexion" className="button">
              Se connecter
            </Link>
          </p>
        </div>
      ) : (
        <div className="panel narrow">
          <p>
            Compte : {link.displayName} ({link.email}).
            {link.purpose === 'reset' ? ' Une fois le nouveau mot de passe enregistré, toutes vos sessions ouvertes seront fermées.' : ''}
          </p>
          <ErrorSummary errors={errors} fields={FIELDS} />
          <form onSubmit={(event) => void submit(event)} noValidate>
            {/* Lets password managers file the new password under the right account. */}
            <input type="hidden" name="username" autoComplete="username" value={link.email} />
            <NewPasswordFields
              ids={{ password: 'mot-de-passe', confirmation: 'confirmation' }}
              labels={{ password: 'Nouveau mot de passe', confirmation: 'Confirmation du mot de passe' }}
              hint={`Au moins ${MIN_PASSWORD_LENGTH} caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.`}
              password={password}
              confirmation={confirmation}
              onPassword={setPassword}
              onConfirmation={setConfirmation}
              errors={{ password: errors?.fields.password, confirmation: errors?.fields.confirmation }}
            />
            <button type="submit" className="button">
              Enregistrer le mot de passe
            </button>
          </form>
        </div>
      )}
    </Page>
  );
}
