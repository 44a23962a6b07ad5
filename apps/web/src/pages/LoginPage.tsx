import { type FormEvent, useEffect, useState } from 'react';
import { type Me, api } from '../api';
import { ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, toFormErrors } from '../forms';
import { Link, navigate, navigationState } from '../router';

const FIELDS: FieldMap = {
  email: { id: 'email', label: 'Adresse e-mail' },
  password: { id: 'password', label: 'Mot de passe' },
};

/** Why ProConnect opened no session (the API sends the browser back to /connexion?proconnect=<reason>). */
const PROCONNECT_REFUSALS: Record<string, string> = {
  unknown:
    "Votre compte ProConnect ne correspond à aucun compte du Pass numérique. Demandez à l'administrateur de votre organisation de vous inviter à l'adresse e-mail de votre compte ProConnect.",
  unverified:
    "ProConnect n'a pas confirmé votre adresse e-mail. Connectez-vous avec votre mot de passe, ou acceptez d'abord l'invitation reçue à cette adresse.",
  disabled: "Ce compte est désactivé. Adressez-vous à l'administrateur de votre organisation.",
  failed: "La connexion avec ProConnect n'a pas abouti. Réessayez ; si cela continue, connectez-vous avec votre mot de passe.",
};

function proconnectRefusal(): string | null {
  const reason = new URLSearchParams(window.location.search).get('proconnect');
  return reason ? (PROCONNECT_REFUSALS[reason] ?? PROCONNECT_REFUSALS.failed) : null;
}

/** « Se connecter avec ProConnect », shown only when the platform is configured for it. */
function ProConnectSignIn() {
  const [enabled, setEnabled] = useState(false);
  const [refusal] = useState(proconnectRefusal);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    api.proconnectStatus().then(
      (status) => setEnabled(status.enabled),
      () => setEnabled(false),
    );
  }, []);

  async function start(): Promise<void> {
    if (pending) return;
    setPending(true);
    setProblem(null);
    try {
      window.location.assign((await api.proconnectAuthorization()).authorizationUrl);
    } catch {
      setProblem('ProConnect ne répond pas pour le moment. Réessayez dans un instant, ou connectez-vous avec votre mot de passe.');
      setPending(false);
    }
  }

  const message = problem ?? refusal;
  return (
    <>
      {message ? (
        <div className="error-summary" role="alert">
          <p className="error-summary__title">Connexion avec ProConnect impossible</p>
          <p>{message}</p>
        </div>
      ) : null}
      {enabled ? (
        <section className="proconnect" aria-labelledby="proconnect-title">
          <h2 id="proconnect-title">Agents publics et professionnels</h2>
          <button type="button" className="button proconnect__button" onClick={() => void start()} aria-busy={pending}>
            Se connecter avec ProConnect
          </button>
          <p>
            <a href="https://www.proconnect.gouv.fr/" target="_blank" rel="noopener noreferrer">
              Qu'est-ce que ProConnect ?<span className="visually-hidden"> (nouvelle fenêtre)</span>
            </a>
          </p>
          <p className="hint">Votre compte doit déjà exister ici, à la même adresse e-mail : ProConnect ne crée pas de compte.</p>
          <p className="proconnect__or">ou, avec votre mot de passe :</p>
        </section>
      ) : null}
    </>
  );
}

export function LoginPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [flash] = useState(() => navigationState().flash ?? null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    try {
      const me = await api.login(email, password);
      onSignedIn(me);
      navigate('/');
    } catch (error) {
      const formErrors = toFormErrors(error, { invalid_credentials: 'Adresse e-mail ou mot de passe incorrect.' });
      // At sign-in, a generic wording: do not help guess what the API checks.
      for (const field of Object.keys(formErrors.fields)) formErrors.fields[field] = ['Vérifiez ce champ.'];
      setErrors(formErrors);
      setPending(false);
    }
  }

  return (
    <Page title="Connexion" heading="Connexion à votre espace">
      <StatusMessage message={flash} />
      <div className="panel narrow">
        <ProConnectSignIn />
        <ErrorSummary errors={errors} fields={FIELDS} />
        <form onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            id="email"
            label="Adresse e-mail"
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            errors={errors?.fields.email}
          />
          <TextField
            id="password"
            label="Mot de passe"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            errors={errors?.fields.password}
          />
          <button type="submit" className="button">
            Se connecter
          </button>
        </form>
        <p>
          <Link href="/mot-de-passe-oublie">Mot de passe oublié ?</Link>
        </p>
        <p className="hint">Pas encore de compte ? L'administrateur de votre organisation vous envoie un lien d'invitation.</p>
      </div>
    </Page>
  );
}
