import { type FormEvent, useState } from 'react';
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
