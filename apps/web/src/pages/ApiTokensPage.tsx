import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiToken, type ApiTokenCreated, type Me, api } from '../api';
import { CopyField } from '../components/CopyField';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { CheckboxGroup, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, errorMessage, toFormErrors } from '../forms';
import { SCOPE_LABELS, formatDateTime, scopesFor } from '../labels';

const FIELDS: FieldMap = {
  name: { id: 'jeton-nom', label: 'Nom' },
  scopes: { id: 'jeton-droits', label: 'Droits' },
};

function tokenState(token: ApiToken): string {
  if (token.revokedAt) return `Révoqué le ${formatDateTime(token.revokedAt)}`;
  if (token.expiresAt && new Date(token.expiresAt) <= new Date()) return `Expiré le ${formatDateTime(token.expiresAt)}`;
  return 'Actif';
}

export function ApiTokensPage({ me }: { me: Me }) {
  const scopes = scopesFor(me.organisation.kind);
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const createdRef = useRef<HTMLHeadingElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  async function load(): Promise<void> {
    try {
      setTokens(await api.apiTokens());
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  useEffect(() => {
    if (created) createdRef.current?.focus();
  }, [created]);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setStatus(null);
    try {
      const token = await api.createApiToken({ name, scopes: chosen });
      setErrors(null);
      setName('');
      setChosen([]);
      setCreated(token);
      await load();
    } catch (error) {
      setCreated(null);
      setErrors(toFormErrors(error));
    } finally {
      setPending(false);
    }
  }

  async function revoke(token: ApiToken): Promise<void> {
    if (!window.confirm(`Révoquer le jeton « ${token.name} » ? Les logiciels qui l'utilisent ne pourront plus accéder à l'API.`)) return;
    setActionError(null);
    try {
      await api.revokeApiToken(token.id);
      setStatus(`Le jeton « ${token.name} » est révoqué : il ne fonctionne plus.`);
    } catch (error) {
      setStatus(null);
      setActionError(errorMessage(error));
    }
    await load();
    statusRef.current?.focus();
  }

  return (
    <Page title="Accès API">
      <p>
        Un jeton permet à un logiciel de votre organisation (logiciel de caisse, outil de suivi…) d'utiliser l'API de la plateforme en votre
        nom. Donnez-lui seulement les droits dont il a besoin, et révoquez-le dès qu'il ne sert plus.
      </p>
      <p>
        Le logiciel envoie le jeton dans l'en-tête <code>Authorization: Bearer &lt;jeton&gt;</code>. Voir la{' '}
        <a href="/api/docs">documentation de l'API</a>.
      </p>

      <section aria-labelledby="titre-creer-jeton" className="panel">
        <h2 id="titre-creer-jeton">Créer un jeton</h2>
        <ErrorSummary errors={errors} fields={FIELDS} />
        <form onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            id="jeton-nom"
            label="Nom"
            hint="À quoi sert ce jeton, par exemple : Logiciel de caisse"
            value={name}
            autoComplete="off"
            onChange={(event) => setName(event.target.value)}
            errors={errors?.fields.name}
          />
          <CheckboxGroup
            id="jeton-droits"
            legend="Droits"
            options={scopes.map((scope) => ({ value: scope, label: SCOPE_LABELS[scope] }))}
            values={chosen}
            onChange={setChosen}
            errors={errors?.fields.scopes}
          />
          <button type="submit" className="button">
            Créer le jeton
          </button>
        </form>
        {created ? (
          <div className="notice notice--success">
            <h3 tabIndex={-1} ref={createdRef}>
              Jeton « {created.name} » créé
            </h3>
            <CopyField
              id="jeton-valeur"
              label="Jeton"
              value={created.token}
              warning
              hint="Copiez ce jeton maintenant : il ne sera plus affiché."
            />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="titre-jetons">
        <h2 id="titre-jetons">Jetons de votre organisation</h2>
        <StatusMessage message={status} ref={statusRef} />
        <ErrorMessage message={actionError} />
        <ErrorMessage message={loadError} />
        {tokens === null ? (
          loadError ? null : (
            <p>Chargement des jetons…</p>
          )
        ) : tokens.length === 0 ? (
          <p>Votre organisation n'a encore aucun jeton.</p>
        ) : (
          <DataTable caption="Liste des jetons" captionHidden>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Début du jeton</th>
                <th scope="col">Droits</th>
                <th scope="col">Créé le</th>
                <th scope="col">Dernier usage</th>
                <th scope="col">État</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => {
                const active = tokenState(token) === 'Actif';
                return (
                  <tr key={token.id}>
                    <th scope="row">{token.name}</th>
                    <td>
                      <code>{token.prefix}…</code>
                    </td>
                    <td>
                      <ul className="plain">
                        {token.scopes.map((scope) => (
                          <li key={scope}>{SCOPE_LABELS[scope] ?? scope}</li>
                        ))}
                      </ul>
                    </td>
                    <td>{formatDateTime(token.createdAt)}</td>
                    <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Jamais'}</td>
                    <td>{tokenState(token)}</td>
                    <td>
                      {active ? (
                        <button type="button" className="button button--secondary button--small" onClick={() => void revoke(token)}>
                          Révoquer<span className="visually-hidden"> le jeton « {token.name} »</span>
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </DataTable>
        )}
      </section>
    </Page>
  );
}
