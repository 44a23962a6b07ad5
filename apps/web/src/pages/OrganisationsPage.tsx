import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type InvitationCreated, type Organisation, type OrganisationKind, type User, api } from '../api';
import { CopyField } from '../components/CopyField';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, errorMessage, toFormErrors } from '../forms';
import { KIND_LABELS, ORGANISATION_KINDS, ROLES_OF_KIND, ROLE_LABELS, formatDate, formatDateTime } from '../labels';

const KIND_OPTIONS = ORGANISATION_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }));

export function OrganisationsPage() {
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  async function load(): Promise<void> {
    try {
      setOrganisations(await api.organisations());
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  const selected = organisations?.find((organisation) => organisation.id === selectedId) ?? null;

  return (
    <Page title="Organisations et utilisateurs">
      <p>Créez les organisations qui participent au Pass numérique, puis invitez les personnes qui y travaillent.</p>
      <ErrorMessage message={loadError} />

      <section aria-labelledby="titre-liste">
        <h2 id="titre-liste">Toutes les organisations</h2>
        {organisations === null ? (
          loadError ? null : (
            <p>Chargement des organisations…</p>
          )
        ) : (
          <DataTable caption={`${organisations.length} organisation${organisations.length > 1 ? 's' : ''}`}>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Type</th>
                <th scope="col">Créée le</th>
                <th scope="col">Utilisateurs</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((organisation) => (
                <tr key={organisation.id} className={organisation.id === selectedId ? 'row--selected' : undefined}>
                  <th scope="row">{organisation.name}</th>
                  <td>{KIND_LABELS[organisation.kind]}</td>
                  <td>{formatDate(organisation.createdAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-pressed={organisation.id === selectedId}
                      onClick={() => setSelectedId(organisation.id)}
                    >
                      Voir et inviter<span className="visually-hidden"> : {organisation.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      {selected ? <OrganisationPanel key={selected.id} organisation={selected} onClose={() => setSelectedId(null)} /> : null}

      <CreateOrganisation onCreated={() => void load()} />
    </Page>
  );
}

function CreateOrganisation({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setStatus(null);
    try {
      const created = await api.createOrganisation({ name, kind });
      setErrors(null);
      setName('');
      setKind('');
      setStatus(`L'organisation « ${created.name} » (${KIND_LABELS[created.kind].toLowerCase()}) a été créée. Elle figure dans la liste.`);
      onCreated();
    } catch (error) {
      setErrors(toFormErrors(error));
    } finally {
      setPending(false);
    }
  }

  const fields: FieldMap = {
    name: { id: 'org-nom', label: 'Nom' },
    kind: { id: 'org-type', label: 'Type' },
  };

  return (
    <section aria-labelledby="titre-creation" className="panel">
      <h2 id="titre-creation">Créer une organisation</h2>
      <StatusMessage message={status} />
      <ErrorSummary errors={errors} fields={fields} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="org-nom"
          label="Nom"
          hint="Par exemple : CCAS de Bordeaux"
          value={name}
          onChange={(event) => setName(event.target.value)}
          errors={errors?.fields.name}
          autoComplete="organization"
        />
        <SelectField
          id="org-type"
          label="Type"
          placeholder="Choisissez un type"
          options={KIND_OPTIONS}
          value={kind}
          onChange={(event) => setKind(event.target.value)}
          errors={errors?.fields.kind}
        />
        <button type="submit" className="button">
          Créer l'organisation
        </button>
      </form>
    </section>
  );
}

/** One organisation's people, and the form to invite someone into it. */
function OrganisationPanel({ organisation, onClose }: { organisation: Organisation; onClose: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
    api.users(organisation.id).then(setUsers, (error: unknown) => setLoadError(errorMessage(error)));
  }, [organisation.id]);

  return (
    <section aria-labelledby="titre-organisation" className="panel">
      <h2 id="titre-organisation" tabIndex={-1} ref={headingRef}>
        {organisation.name}
      </h2>
      <p className="muted">{KIND_LABELS[organisation.kind]}</p>

      <h3>Utilisateurs</h3>
      <ErrorMessage message={loadError} />
      {users === null ? (
        loadError ? null : (
          <p>Chargement des utilisateurs…</p>
        )
      ) : users.length === 0 ? (
        <p>Personne n'a encore de compte dans cette organisation.</p>
      ) : (
        <DataTable caption={`Utilisateurs de ${organisation.name}`} captionHidden>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Adresse e-mail</th>
              <th scope="col">Rôle</th>
              <th scope="col">État</th>
              <th scope="col">Dernière connexion</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.displayName}</th>
                <td>{user.email}</td>
                <td>{ROLE_LABELS[user.role]}</td>
                <td>{user.active ? 'Actif' : 'Désactivé'}</td>
                <td>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : 'Jamais'}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      <InviteForm organisationId={organisation.id} kind={organisation.kind} />

      <p>
        <button type="button" className="button button--secondary" onClick={onClose}>
          Fermer ce panneau
        </button>
      </p>
    </section>
  );
}

function InviteForm({ organisationId, kind }: { organisationId: string; kind: OrganisationKind }) {
  const roles = ROLES_OF_KIND[kind];
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>(roles.length === 1 ? roles[0] : '');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [invitation, setInvitation] = useState<InvitationCreated | null>(null);
  const [pending, setPending] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (invitation) resultRef.current?.focus();
  }, [invitation]);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    try {
      const created = await api.invite(organisationId, { email, role });
      setErrors(null);
      setEmail('');
      setInvitation(created);
    } catch (error) {
      setInvitation(null);
      setErrors(toFormErrors(error));
    } finally {
      setPending(false);
    }
  }

  const fields: FieldMap = {
    email: { id: 'invitation-email', label: 'Adresse e-mail' },
    role: { id: 'invitation-role', label: 'Rôle' },
  };

  return (
    <>
      <h3>Inviter une personne</h3>
      <ErrorSummary errors={errors} fields={fields} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="invitation-email"
          label="Adresse e-mail"
          type="email"
          inputMode="email"
          spellCheck={false}
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          errors={errors?.fields.email}
        />
        <SelectField
          id="invitation-role"
          label="Rôle"
          placeholder={roles.length > 1 ? 'Choisissez un rôle' : undefined}
          options={roles.map((value) => ({ value, label: ROLE_LABELS[value] }))}
          value={role}
          onChange={(event) => setRole(event.target.value)}
          errors={errors?.fields.role}
        />
        <button type="submit" className="button">
          Créer l'invitation
        </button>
      </form>
      {invitation ? (
        <div className="notice notice--success">
          <h4 tabIndex={-1} ref={resultRef}>
            Invitation créée pour {invitation.email}
          </h4>
          <CopyField
            id="invitation-lien"
            label="Lien d'invitation (à transmettre à la personne, utilisable une seule fois, valable 7 jours)"
            value={invitation.invitationUrl}
            hint={`Rôle : ${ROLE_LABELS[invitation.role]}. Valable jusqu'au ${formatDateTime(invitation.expiresAt)}.`}
          />
        </div>
      ) : null}
    </>
  );
}
