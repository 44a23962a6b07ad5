import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  type Page as PageOf,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
  type WebhookEventType,
  api,
} from '../api';
import { CopyField } from '../components/CopyField';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { CheckboxGroup, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, errorMessage, toFormErrors } from '../forms';
import { formatDateTime, problemLabel } from '../labels';

const FIELDS: FieldMap = {
  url: { id: 'webhook-url', label: 'Adresse de réception' },
  description: { id: 'webhook-description', label: 'Nom' },
  eventTypes: { id: 'webhook-evenements', label: 'Événements' },
};

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'redemption.created': 'Un chèque est encaissé',
  'redemption.undone': 'Un encaissement est annulé',
  'payment.sent': 'Un virement vous est envoyé',
  'payment.rejected': 'Un virement est rejeté par la banque',
  'qualification.decided': 'Une décision de qualification est rendue',
};

const DELIVERY_STATES: Record<WebhookDelivery['status'], string> = {
  delivered: 'Reçu par votre logiciel',
  pending: 'En attente',
  failed: 'Abandonné',
};

/** The API's problems with an endpoint (libs/domain/src/webhooks.ts), in words a place's agent acts on. */
const WEBHOOK_PROBLEMS: Array<[RegExp, string]> = [
  [/must be an absolute URL/, 'Saisissez l’adresse complète donnée par votre logiciel, par exemple https://caisse.exemple.fr/webhooks.'],
  [/must start with https:\/\//, 'L’adresse doit commencer par https:// (connexion chiffrée).'],
  [
    /must point to a public address/,
    'Cette adresse désigne un appareil de votre réseau local : donnez l’adresse publique de votre logiciel.',
  ],
  [/must not carry a user name or password/, 'L’adresse ne doit pas contenir d’identifiant ni de mot de passe.'],
  [/must not carry a #fragment/, 'Retirez la fin de l’adresse à partir du signe #.'],
  [/must name at least one event/, 'Cochez au moins un événement.'],
];

function webhookProblem(problem: string): string {
  return WEBHOOK_PROBLEMS.find(([pattern]) => pattern.test(problem))?.[1] ?? problemLabel(problem);
}

function endpointState(endpoint: WebhookEndpoint): string {
  if (!endpoint.disabledAt) return 'Actif';
  if (endpoint.disabledReason === 'gone')
    return `Désactivé le ${formatDateTime(endpoint.disabledAt)} : votre logiciel a répondu « 410 Gone »`;
  return `Désactivé le ${formatDateTime(endpoint.disabledAt)}`;
}

function lastAnswer(delivery: WebhookDelivery): string {
  const last = delivery.attempts[0];
  if (!last) return 'Pas encore envoyé';
  const answer = last.statusCode === null ? `pas de réponse (${last.error ?? 'erreur'})` : `réponse ${last.statusCode}`;
  return `${delivery.attempts.length} essai${delivery.attempts.length > 1 ? 's' : ''} ; dernier le ${formatDateTime(last.attemptedAt)} : ${answer}`;
}

export function WebhooksPage() {
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [created, setCreated] = useState<WebhookEndpointCreated | null>(null);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [deliveries, setDeliveries] = useState<PageOf<WebhookDelivery> | null>(null);
  const createdRef = useRef<HTMLHeadingElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  async function load(): Promise<void> {
    try {
      setEndpoints(await api.webhooks());
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }

  async function loadDeliveries(id: string, page = 1): Promise<void> {
    try {
      setDeliveries(await api.webhookDeliveries(id, page));
    } catch (error) {
      setActionError(errorMessage(error));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  useEffect(() => {
    if (created) createdRef.current?.focus();
  }, [created]);

  function announce(message: string | null, error: string | null = null): void {
    setStatus(message);
    setActionError(error);
    statusRef.current?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    try {
      const endpoint = await api.createWebhook({ url, description, eventTypes: chosen as WebhookEventType[] });
      setErrors(null);
      setUrl('');
      setDescription('');
      setChosen([]);
      setCreated(endpoint);
      await load();
    } catch (error) {
      setCreated(null);
      setErrors(toFormErrors(error, {}, webhookProblem));
    } finally {
      setPending(false);
    }
  }

  async function sendTest(endpoint: WebhookEndpoint): Promise<void> {
    try {
      await api.testWebhook(endpoint.id);
      announce(
        `Un événement de test part vers « ${endpoint.description} » dans quelques secondes. Son résultat s'affiche dans le journal des envois.`,
      );
      if (opened === endpoint.id) await loadDeliveries(endpoint.id);
    } catch (error) {
      announce(null, errorMessage(error));
    }
  }

  async function remove(endpoint: WebhookEndpoint): Promise<void> {
    if (
      !window.confirm(
        `Désactiver « ${endpoint.description} » ? Plus rien ne sera envoyé à cette adresse. Vous ne pourrez pas la réactiver.`,
      )
    )
      return;
    try {
      await api.removeWebhook(endpoint.id);
      announce(`« ${endpoint.description} » est désactivé : plus rien n'est envoyé à cette adresse.`);
      await load();
    } catch (error) {
      announce(null, errorMessage(error));
    }
  }

  async function toggleLog(endpoint: WebhookEndpoint): Promise<void> {
    if (opened === endpoint.id) {
      setOpened(null);
      setDeliveries(null);
      return;
    }
    setOpened(endpoint.id);
    setDeliveries(null);
    await loadDeliveries(endpoint.id);
  }

  async function resend(delivery: WebhookDelivery): Promise<void> {
    try {
      await api.resendWebhookDelivery(delivery.id);
      announce('L’envoi repart dans quelques secondes, avec le même identifiant : votre logiciel peut reconnaître un doublon.');
      if (opened) await loadDeliveries(opened, deliveries?.page ?? 1);
    } catch (error) {
      announce(null, errorMessage(error));
    }
  }

  return (
    <Page title="Webhooks">
      <p>
        Un webhook prévient votre logiciel (caisse, outil de réservation…) dès qu'un chèque est encaissé ou qu'un virement vous est envoyé,
        sans qu'il ait à interroger la plateforme. La plateforme envoie une requête <code>POST</code> signée à l'adresse que vous donnez, et
        la renvoie pendant 24 heures tant que votre logiciel ne répond pas.
      </p>
      <p>
        Chaque envoi est signé selon le standard « Standard Webhooks » (en-têtes <code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
        <code>webhook-signature</code>). Votre prestataire informatique trouvera le détail dans la documentation de l'API.
      </p>

      <section aria-labelledby="titre-creer-webhook" className="panel">
        <h2 id="titre-creer-webhook">Ajouter une adresse de réception</h2>
        <ErrorSummary errors={errors} fields={FIELDS} />
        <form onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            id="webhook-url"
            label="Adresse de réception"
            hint="Fournie par votre logiciel ; elle commence par https://"
            value={url}
            type="url"
            inputMode="url"
            autoComplete="off"
            onChange={(event) => setUrl(event.target.value)}
            errors={errors?.fields.url}
          />
          <TextField
            id="webhook-description"
            label="Nom"
            hint="Pour vous y retrouver, par exemple : Logiciel de caisse"
            value={description}
            autoComplete="off"
            onChange={(event) => setDescription(event.target.value)}
            errors={errors?.fields.description}
          />
          <CheckboxGroup
            id="webhook-evenements"
            legend="Événements à envoyer"
            options={Object.entries(WEBHOOK_EVENT_LABELS).map(([value, label]) => ({ value, label }))}
            values={chosen}
            onChange={setChosen}
            errors={errors?.fields.eventTypes}
          />
          <button type="submit" className="button" aria-disabled={pending}>
            {pending ? 'Ajout en cours…' : 'Ajouter'}
          </button>
        </form>
        {created ? (
          <div className="notice notice--success">
            <h3 tabIndex={-1} ref={createdRef}>
              Adresse « {created.description} » ajoutée
            </h3>
            <CopyField
              id="webhook-secret"
              label="Clé de signature"
              value={created.secret}
              warning
              hint="Copiez cette clé maintenant et donnez-la à votre logiciel : elle ne sera plus affichée."
            />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="titre-webhooks">
        <h2 id="titre-webhooks">Vos adresses de réception</h2>
        <StatusMessage message={status} ref={statusRef} />
        <ErrorMessage message={actionError} />
        <ErrorMessage message={loadError} />
        {endpoints === null ? (
          loadError ? null : (
            <p>Chargement…</p>
          )
        ) : endpoints.length === 0 ? (
          <p>Aucune adresse pour le moment.</p>
        ) : (
          <ul className="plain">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id} className="panel">
                <h3>{endpoint.description}</h3>
                <dl className="summary-list">
                  <div>
                    <dt>Adresse</dt>
                    <dd>
                      <code>{endpoint.url}</code>
                    </dd>
                  </div>
                  <div>
                    <dt>Événements</dt>
                    <dd>{endpoint.eventTypes.map((type) => WEBHOOK_EVENT_LABELS[type] ?? type).join(' ; ')}</dd>
                  </div>
                  <div>
                    <dt>Début de la clé</dt>
                    <dd>
                      <code>{endpoint.secretPrefix}…</code>
                    </dd>
                  </div>
                  <div>
                    <dt>État</dt>
                    <dd>{endpointState(endpoint)}</dd>
                  </div>
                </dl>
                <div className="actions">
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => void toggleLog(endpoint)}
                    aria-expanded={opened === endpoint.id}
                  >
                    Journal des envois<span className="visually-hidden"> de « {endpoint.description} »</span>
                  </button>
                  {endpoint.disabledAt ? null : (
                    <>
                      <button type="button" className="button button--secondary button--small" onClick={() => void sendTest(endpoint)}>
                        Envoyer un test<span className="visually-hidden"> à « {endpoint.description} »</span>
                      </button>
                      <button type="button" className="button button--secondary button--small" onClick={() => void remove(endpoint)}>
                        Désactiver<span className="visually-hidden"> « {endpoint.description} »</span>
                      </button>
                    </>
                  )}
                </div>
                {opened === endpoint.id ? (
                  deliveries === null ? (
                    <p>Chargement du journal…</p>
                  ) : deliveries.items.length === 0 ? (
                    <p>Rien n'a encore été envoyé à cette adresse.</p>
                  ) : (
                    <DataTable caption={`Journal des envois de « ${endpoint.description} »`}>
                      <thead>
                        <tr>
                          <th scope="col">Événement</th>
                          <th scope="col">Le</th>
                          <th scope="col">État</th>
                          <th scope="col">Essais</th>
                          <th scope="col">Action</th>
                        </tr>
                      </thead>
                      <tbody>
                        {deliveries.items.map((delivery) => (
                          <tr key={delivery.id}>
                            <th scope="row">
                              {WEBHOOK_EVENT_LABELS[delivery.eventType as WebhookEventType] ??
                                (delivery.eventType === 'webhook.test' ? 'Test' : delivery.eventType)}
                            </th>
                            <td>{formatDateTime(delivery.createdAt)}</td>
                            <td>
                              {DELIVERY_STATES[delivery.status]}
                              {delivery.nextAttemptAt ? ` (prochain essai le ${formatDateTime(delivery.nextAttemptAt)})` : ''}
                            </td>
                            <td>{lastAnswer(delivery)}</td>
                            <td>
                              {endpoint.disabledAt ? (
                                '—'
                              ) : (
                                <button
                                  type="button"
                                  className="button button--secondary button--small"
                                  onClick={() => void resend(delivery)}
                                >
                                  Renvoyer<span className="visually-hidden"> l'envoi du {formatDateTime(delivery.createdAt)}</span>
                                </button>
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </DataTable>
                  )
                ) : null}
                {opened === endpoint.id && deliveries && deliveries.totalPages > 1 ? (
                  <Pagination
                    label={`Pagination du journal de « ${endpoint.description} »`}
                    page={deliveries.page}
                    totalPages={deliveries.totalPages}
                    onPage={(page) => void loadDeliveries(endpoint.id, page)}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
