import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, type InvitationDescription, api } from '../api';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { Page } from '../components/Page';
import { type FormErrors, errorMessage, toFormErrors } from '../forms';
import { KIND_LABELS, ROLE_LABELS, formatDateTime } from '../labels';
import { Link } from '../router';

const MIN_PASSWORD_LENGTH = 12;
const INVALID = "Ce lien d'invitation est inconnu, déjà utilisé ou expiré.";

const FIELDS: FieldMap = {
  displayName: { id: 'nom-affiche', label: 'Nom affiché' },
  password: { id: 'mot-de-passe', label: 'Mot de passe' },
  confirmation: { id: 'confirmation', label: 'Confirmation du mot de passe' },
};

export function InvitationPage({ token }: { token: string }) {
  const [invitation, setInvitation] = useState<InvitationDescription | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [pending, setPending] = useState(false);
  const successRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    api
      .invitation(token)
      .then(setInvitation, (error: unknown) =>
        setLoadError(
          error instanceof ApiError && (error.code === 'invitation_invalid' || error.status === 404) ? INVALID : errorMessage(error),
        ),
      );
  }, [token]);

  useEffect(() => {
    if (accepted) successRef.current?.focus();
  }, [accepted]);

  /** Checks the browser can do at once; the API checks again (and more). */
  function localErrors(): FormErrors | null {
    const fields: Record<string, string[]> = {};
    if (!displayName.trim()) fields.displayName = ['Ce champ est obligatoire.'];
    if ([...password].length < MIN_PASSWORD_LENGTH) fields.password = [`Saisissez au moins ${MIN_PASSWORD_LENGTH} caractères.`];
    if (confirmation !== password) fields.confirmation = ['Les deux mots de passe ne sont pas identiques.'];
    return Object.keys(fields).length > 0 ? { message: 'Le formulaire contient des erreurs. Corrigez les champs signalés.', fields } : null;
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    const problems = localErrors();
    if (problems) {
      setErrors(problems);
      return;
    }
    setPending(true);
    try {
      await api.acceptInvitation(token, { displayName, password });
      setErrors(null);
      setAccepted(true);
    } catch (error) {
      setErrors(toFormErrors(error, { invitation_invalid: INVALID, conflict: 'Un compte existe déjà pour cette adresse e-mail.' }));
    } finally {
      setPending(false);
    }
  }

  return (
    <Page title="Invitation" heading="Créer votre compte">
      <ErrorMessage message={loadError} />
      {loadError ? (
        <p>
          Demandez un nouveau lien à la personne qui vous a invité·e, ou <Link href="/connexion">connectez-vous</Link> si vous avez déjà un
          compte.
        </p>
      ) : invitation === null ? (
        <p>Chargement de l'invitation…</p>
      ) : accepted ? (
        <div className="notice notice--success">
          <h2 tabIndex={-1} ref={successRef}>
            Votre compte est créé
          </h2>
          <p>Vous pouvez maintenant vous connecter avec l'adresse {invitation.email} et le mot de passe choisi.</p>
          <p>
            <Link href="/connexion" className="button">
              Se connecter
            </Link>
          </p>
        </div>
      ) : (
        <>
          <p>Vous êtes invité·e à rejoindre la plateforme Pass numérique.</p>
          <dl className="summary-list">
            <div>
              <dt>Organisation</dt>
              <dd>
                {invitation.organisation.name} ({KIND_LABELS[invitation.organisation.kind].toLowerCase()})
              </dd>
            </div>
            <div>
              <dt>Rôle</dt>
              <dd>{ROLE_LABELS[invitation.role]}</dd>
            </div>
            <div>
              <dt>Adresse e-mail</dt>
              <dd>{invitation.email}</dd>
            </div>
            <div>
              <dt>Lien valable jusqu'au</dt>
              <dd>{formatDateTime(invitation.expiresAt)}</dd>
            </div>
          </dl>
          <div className="panel narrow">
            <ErrorSummary errors={errors} fields={FIELDS} />
            <form onSubmit={(event) => void submit(event)} noValidate>
              {/* Lets password managers file the new password under the right account. */}
              <input type="hidden" name="username" autoComplete="username" value={invitation.email} />
              <TextField
                id="nom-affiche"
                label="Nom affiché"
                hint="Votre prénom et votre nom, tels que vos collègues les verront."
                autoComplete="name"
                value={displayName}
                onChange={(event) => setDisplayName(event.target.value)}
                errors={errors?.fields.displayName}
              />
              <NewPasswordFields
                ids={{ password: 'mot-de-passe', confirmation: 'confirmation' }}
                labels={{ password: 'Mot de passe', confirmation: 'Confirmation du mot de passe' }}
                hint={`Au moins ${MIN_PASSWORD_LENGTH} caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.`}
                password={password}
                confirmation={confirmation}
                onPassword={setPassword}
                onConfirmation={setConfirmation}
                errors={{ password: errors?.fields.password, confirmation: errors?.fields.confirmation }}
              />
              <button type="submit" className="button">
                Créer mon compte
              </button>
            </form>
          </div>
        </>
      )}
    </Page>
  );
}
