import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { type FormErrors, INVALID_FORM, toFormErrors } from '../forms';
import { Link } from '../router';

const FIELDS: FieldMap = { email: { id: 'email', label: 'Adresse e-mail' } };

/** « Mot de passe oublié » : the same answer whatever the address (the page never says whether an account exists). */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [sent, setSent] = useState(false);
  const [pending, setPending] = useState(false);
  const sentRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (sent) sentRef.current?.focus();
  }, [sent]);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    if (!email.trim()) {
      setErrors({ message: INVALID_FORM, fields: { email: ['Ce champ est obligatoire.'] } });
      return;
    }
    setPending(true);
    try {
      await api.requestPasswordReset(email);
      setErrors(null);
      setSent(true);
    } catch (error) {
      setErrors(toFormErrors(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <Page title="Mot de passe oublié" heading="Mot de passe oublié">
      {sent ? (
        <div className="notice notice--success">
          <h2 tabIndex={-1} ref={sentRef}>
            Vérifiez votre messagerie
          </h2>
          <p>
            Si un compte existe pour l'adresse {email.trim()}, un message vient de lui être envoyé avec un lien pour choisir un nouveau mot
            de passe. Ce lien est valable une heure et ne sert qu'une fois.
          </p>
          <p>
            Rien reçu après quelques minutes ? Regardez dans les courriers indésirables, ou demandez à l'administrateur de votre
            organisation.
          </p>
          <p>
            <Link href="/connexion">Retour à la connexion</Link>
          </p>
        </div>
      ) : (
        <div className="panel narrow">
          <p>Saisissez l'adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
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
            <button type="submit" className="button">
              Recevoir un lien
            </button>
          </form>
          <p>
            <Link href="/connexion">Retour à la connexion</Link>
          </p>
        </div>
      )}
    </Page>
  );
}
