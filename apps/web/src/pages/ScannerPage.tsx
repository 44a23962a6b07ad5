import { type FormEvent, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, type ChequesRefusedDetails, type ManagedPlace, type Me, type OfflineBundle, type Redemption, api } from '../api';
import { CameraScanner } from '../components/CameraScanner';
import { ErrorMessage } from '../components/ErrorSummary';
import { RadioGroup, SelectField } from '../components/FormField';
import { OfflineQueue } from '../components/OfflineQueue';
import { Page } from '../components/Page';
import { QueuedPanel, RedeemedPanel, type ScannedCheque, ScannedChequeRow, type Verdict } from '../components/ScannedCheques';
import { VerdictIcon } from '../components/VerdictIcon';
import { errorMessage } from '../forms';
import { formatEuros, plural } from '../labels';
import { Link } from '../router';
import { entryFeedback } from '../scanner/entry-feedback';
import { checkOffline } from '../scanner/offline-check';
import { type QueuedRedemption, ScannerStore, type SyncReport, newId, reportOf } from '../scanner/offline-store';
import { registerShell } from '../scanner/service-worker';
import { localDate, maskChequeCode, placeRefusal, readScannedCheque, scanRefusal } from '../shared-domain';
import '../scanner.css';

/** One redemption attempt: retrying it (after a network failure) reuses its key, so it never counts twice. */
interface Attempt {
  key: string;
  serviceId: string;
  cheques: string[];
}

type Outcome =
  | { kind: 'redeemed'; redemption: Redemption }
  | { kind: 'queued'; queued: QueuedRedemption }
  | { kind: 'refused'; message: string }
  | { kind: 'uncertain' };

interface PlaceOption {
  id: string;
  nom: string;
  /** Why it cannot redeem, when it cannot. */
  note: string | null;
}

const NOTES: Record<ManagedPlace['qualification']['state'], string | null> = {
  qualified: null,
  suspended: 'qualification suspendue',
  expired: 'qualification expirée',
  never_qualified: 'pas encore qualifié',
};

/** Queued redemptions sent per request (about 300 bytes each with one cheque): far below the API's limit. */
const SYNC_BATCH_ITEMS = 50;

const NO_OFFLINE_DATA =
  'Pas de connexion, et les données hors connexion de ce lieu ne sont pas sur cet appareil : ce chèque ne peut pas être vérifié. Réessayez quand la connexion reviendra.';

function subscribeToConnection(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'network_error';
}

/** Why the place cannot redeem today, as the bundle says (the same rule as every cheque's verdict). */
function placeProblem(bundle: OfflineBundle, now: Date): string | null {
  const { qualifiedUntil, suspended } = bundle.place;
  return placeRefusal({ qualifiedUntil, suspendedAt: suspended ? now : null }, localDate(now))?.message ?? null;
}

function sameCheques(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((input, index) => input === b[index]);
}

function describe(item: ScannedCheque, verdict: Verdict): string {
  const masked = verdict.cheque?.maskedCode ?? maskChequeCode(item.code);
  return verdict.redeemable
    ? `Chèque ${masked} valable : ${verdict.cheque?.faceValue ?? ''}.`
    : `Chèque ${masked} refusé : ${verdict.message}`;
}

/**
 * Redeeming cheques at a place: choose the place and the service, add its cheques (camera, USB
 * hand scanner typing the QR code's address then Enter into the field, or the code typed by hand),
 * each checked at once, then "Encaisser". Without network, cheques are checked on this device with
 * the place's offline bundle and redemptions wait in a queue, synced as soon as the network is back.
 */
export function ScannerPage({ me }: { me: Me }) {
  const store = useMemo(() => new ScannerStore(me.organisation.id), [me.organisation.id]);
  const online = useSyncExternalStore(subscribeToConnection, () => navigator.onLine);
  // navigator.onLine says "connected" on a network that reaches nothing: a failed request says more.
  const [networkDown, setNetworkDown] = useState(false);
  const connected = online && !networkDown;

  const [places, setPlaces] = useState<PlaceOption[] | null>(null);
  const [choice, setChoice] = useState(() => store.choice() ?? { placeId: '', serviceId: '' });
  const [bundle, setBundle] = useState<OfflineBundle | null>(() => (choice.placeId ? store.bundle(choice.placeId) : null));
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [items, setItems] = useState<ScannedCheque[]>([]);
  const [entry, setEntry] = useState('');
  const [entryProblem, setEntryProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [queue, setQueue] = useState(() => store.queue());
  const [reports, setReports] = useState(() => store.reports());
  const [syncing, setSyncing] = useState(false);
  const [syncProblem, setSyncProblem] = useState<string | null>(null);
  const [shellReady, setShellReady] = useState(false);
  const entryRef = useRef<HTMLInputElement>(null);
  // Checks started before the place or service changed are not shown.
  const generation = useRef(0);
  const syncingRef = useRef(false);

  // The service chosen is kept by its stable entry id: a new version of it (price, name) is picked up.
  const service = bundle?.catalogue.find((entry) => entry.entryId === choice.serviceId) ?? null;
  const problem = bundle ? placeProblem(bundle, new Date()) : null;
  const redeemingPlaces = (places ?? []).filter((place) => place.note === null);
  const idlePlaces = (places ?? []).filter((place) => place.note !== null);
  const valid = items.filter((item) => item.verdict?.redeemable);
  const ready = service !== null && valid.length === service.priceInCheques;
  const amountCents = valid.reduce((sum, item) => sum + (item.verdict?.cheque?.faceValueCents ?? 0), 0);

  useEffect(() => {
    let stale = false;
    void registerShell().then((registered) => {
      if (!stale) setShellReady(registered);
    });
    return () => {
      stale = true;
    };
  }, []);

  useEffect(() => {
    if (online) setNetworkDown(false);
  }, [online]);

  // The places: from the API, or offline those whose bundle this device keeps.
  useEffect(() => {
    let stale = false;
    const choose = (options: PlaceOption[]): void => {
      if (stale) return;
      setPlaces(options);
      // Only a place that may redeem is offered (the others are listed with their reason).
      const redeeming = options.filter((place) => place.note === null);
      setChoice((current) =>
        redeeming.some((place) => place.id === current.placeId)
          ? current
          : { placeId: redeeming.length === 1 ? redeeming[0].id : '', serviceId: '' },
      );
    };
    api.managedPlaces({ pageSize: 200 }).then(
      (page) => choose(page.items.map((place) => ({ id: place.id, nom: place.nom, note: NOTES[place.qualification.state] }))),
      (error: unknown) => {
        if (isNetworkError(error)) choose(store.bundles().map((kept) => ({ id: kept.place.id, nom: kept.place.nom, note: null })));
        else if (!stale) setLoadProblem(errorMessage(error));
      },
    );
    return () => {
      stale = true;
    };
  }, [store]);

  // The place's bundle: the one kept here at once, then a fresh one when the network allows.
  useEffect(() => {
    if (!choice.placeId) {
      setBundle(null);
      return;
    }
    setBundle(store.bundle(choice.placeId));
    if (!online) return;
    let stale = false;
    api.offlineBundle(choice.placeId).then(
      (fresh) => {
        if (stale) return;
        setBundle(fresh);
        try {
          store.saveBundle(fresh);
        } catch {
          setLoadProblem("Cet appareil n'a pas pu garder les données hors connexion du lieu (espace de stockage plein).");
        }
      },
      (error: unknown) => {
        if (!stale && !isNetworkError(error)) setLoadProblem(errorMessage(error));
      },
    );
    return () => {
      stale = true;
    };
  }, [choice.placeId, online, store]);

  useEffect(() => {
    if (places !== null) store.saveChoice(choice);
  }, [choice, places, store]);

  // Queued redemptions leave as soon as the network is back (and when the page opens online).
  const syncRef = useRef(sync);
  syncRef.current = sync;
  // What a sync, which ends later, finds on the page.
  const latest = useRef({ items, service });
  latest.current = { items, service };
  useEffect(() => {
    if (online) void syncRef.current();
  }, [online]);

  function announce(message: string): void {
    setAnnouncement(message);
  }

  function queuedAt(code: string): Date | null {
    const queued = store.queue().find((candidate) => candidate.codes.includes(code));
    return queued ? new Date(queued.item.scannedAt) : null;
  }

  async function checkHere(input: string, serviceId: string): Promise<Verdict> {
    const kept = choice.placeId ? store.bundle(choice.placeId) : null;
    if (!kept) return { redeemable: false, code: 'offline_no_data', message: NO_OFFLINE_DATA, cheque: null };
    return (await checkOffline(input, kept, serviceId, queuedAt)).verdict;
  }

  /** The API's verdict when it answers, this device's otherwise. Never throws. */
  async function check(input: string, serviceId: string): Promise<{ verdict: Verdict; offline: boolean }> {
    try {
      if (navigator.onLine) {
        try {
          const answer = await api.verifyCheque({ cheque: input, serviceId });
          setNetworkDown(false);
          return { verdict: answer, offline: false };
        } catch (error) {
          if (!isNetworkError(error)) {
            return { verdict: { redeemable: false, code: 'not_checked', message: errorMessage(error), cheque: null }, offline: false };
          }
          setNetworkDown(true);
        }
      }
      return { verdict: await checkHere(input, serviceId), offline: true };
    } catch {
      return {
        verdict: {
          redeemable: false,
          code: 'not_checked',
          message: "La vérification n'a pas abouti sur cet appareil : réessayez.",
          cheque: null,
        },
        offline: true,
      };
    }
  }

  function verify(targets: ScannedCheque[], serviceId: string): void {
    const started = generation.current;
    for (const target of targets) {
      void check(target.input, serviceId).then(({ verdict, offline }) => {
        if (started !== generation.current) return;
        setItems((current) => current.map((item) => (item.key === target.key ? { ...item, verdict, offline } : item)));
        announce(describe(target, verdict));
      });
    }
  }

  /** Adds a scanned or typed cheque and checks it; answers why not when it cannot be added. */
  function addCheque(text: string): string | null {
    if (!service) return "Choisissez d'abord le service.";
    const scanned = readScannedCheque(text);
    if (!scanned.ok) return scanRefusal(scanned.problem).message;
    if (items.some((item) => item.code === scanned.code)) return 'Ce chèque est déjà dans la liste.';
    const counted = items.filter((item) => !item.verdict || item.verdict.redeemable).length;
    if (counted >= service.priceInCheques) {
      return `Ce service se paie avec ${plural(service.priceInCheques, 'chèque')}, déjà dans la liste : encaissez, ou retirez un chèque pour en ajouter un autre.`;
    }
    const item: ScannedCheque = { key: newId(), input: text, code: scanned.code, verdict: null, offline: false };
    setItems((current) => [...current, item]);
    if (outcome?.kind !== 'uncertain') setOutcome(null);
    verify([item], service.id);
    return null;
  }

  function submitEntry(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const text = entry.trim();
    const refused = text ? addCheque(text) : 'Scannez le QR code du chèque, ou tapez son code.';
    setEntryProblem(refused);
    if (refused) announce(refused);
    // A typed code stays to be corrected (selected: typing replaces it); a scanned one is simply scanned again.
    if (refused && !/^https?:/i.test(text)) entryRef.current?.select();
    else setEntry('');
    // Ready for the next cheque: a hand scanner types into the focused field.
    entryRef.current?.focus();
  }

  function scanFromCamera(text: string): void {
    const refused = addCheque(text.trim());
    setEntryProblem(refused);
    if (refused) announce(refused);
  }

  function remove(key: string): void {
    setItems((current) => current.filter((item) => item.key !== key));
    setEntryProblem(null);
    entryRef.current?.focus();
  }

  function choosePlace(placeId: string): void {
    generation.current += 1;
    setChoice({ placeId, serviceId: '' });
    setItems([]);
    setOutcome(null);
    setLoadProblem(null);
  }

  function chooseService(entryId: string): void {
    const next = bundle?.catalogue.find((candidate) => candidate.entryId === entryId);
    generation.current += 1;
    setChoice((current) => ({ ...current, serviceId: entryId }));
    // Whether a cheque can pay depends on the service: check them all again.
    setItems((current) => current.map((item) => ({ ...item, verdict: null, offline: false })));
    if (next) verify(items, next.id);
  }

  /** `auto`: online when connected, else queued; after a lost answer the agent picks. */
  async function cashIn(how: 'auto' | 'online' | 'offline'): Promise<void> {
    if (!service || !ready || pending) return;
    setPending(true);
    try {
      if (how === 'online' || (how === 'auto' && connected)) await redeemOnline(service.id);
      else await enqueue(service);
    } finally {
      setPending(false);
      entryRef.current?.focus();
    }
  }

  async function redeemOnline(serviceId: string): Promise<void> {
    const cheques = valid.map((item) => item.input);
    const current =
      attempt && attempt.serviceId === serviceId && sameCheques(attempt.cheques, cheques) ? attempt : { key: newId(), serviceId, cheques };
    setAttempt(current);
    try {
      const redemption = await api.redeem(current.key, { cheques, serviceId });
      setNetworkDown(false);
      setAttempt(null);
      setItems([]);
      setOutcome({ kind: 'redeemed', redemption });
    } catch (error) {
      if (isNetworkError(error)) {
        // Maybe recorded, maybe not: only a retry with the same key can tell without counting it twice.
        setNetworkDown(true);
        setOutcome({ kind: 'uncertain' });
        return;
      }
      const details = error instanceof ApiError ? error.details : undefined;
      if (details && typeof details === 'object' && (details as { code?: string }).code === 'idempotency_key_in_progress') {
        setOutcome({ kind: 'refused', message: "L'encaissement précédent est encore en cours de traitement : réessayez dans un instant." });
        return;
      }
      setAttempt(null);
      if (details && typeof details === 'object' && (details as ChequesRefusedDetails).code === 'cheques_refused') {
        const verdicts = (details as ChequesRefusedDetails).cheques;
        const keys = valid.map((item) => item.key);
        setItems((items) =>
          items.map((item) => {
            const index = keys.indexOf(item.key);
            return index >= 0 && verdicts[index] ? { ...item, verdict: verdicts[index], offline: false } : item;
          }),
        );
      }
      setOutcome({ kind: 'refused', message: errorMessage(error, { conflict: (error as ApiError).message }) });
    }
  }

  async function enqueue(chosen: NonNullable<typeof service>): Promise<void> {
    const kept = store.bundle(choice.placeId);
    if (!kept) {
      setOutcome({ kind: 'refused', message: NO_OFFLINE_DATA });
      return;
    }
    // Offline, only what this device can prove is queued: every cheque is checked here again.
    const checks = await Promise.all(valid.map((item) => checkOffline(item.input, kept, chosen.id, queuedAt)));
    if (checks.some((checked) => !checked.verdict.redeemable)) {
      const keys = valid.map((item) => item.key);
      setItems((items) =>
        items.map((item) => {
          const index = keys.indexOf(item.key);
          return index >= 0 ? { ...item, verdict: checks[index].verdict, offline: true } : item;
        }),
      );
      setOutcome({
        kind: 'refused',
        message: "Hors connexion, ces chèques ne peuvent pas être encaissés : la raison est indiquée pour chacun d'eux.",
      });
      return;
    }
    const waiting = store.queue();
    const waitingCheques = waiting.reduce((count, queued) => count + queued.item.cheques.length, 0);
    if (waitingCheques + valid.length > kept.maxQueuedCheques) {
      setOutcome({
        kind: 'refused',
        message: `Cet appareil garde au plus ${plural(kept.maxQueuedCheques, 'chèque')} encaissés sans connexion : reconnectez-vous pour les synchroniser avant d'en encaisser d'autres.`,
      });
      return;
    }
    const queued: QueuedRedemption = {
      item: { id: newId(), cheques: valid.map((item) => item.input), serviceId: chosen.id, scannedAt: new Date().toISOString() },
      placeName: kept.place.nom,
      serviceName: chosen.name,
      codes: valid.map((item) => item.code),
      maskedCodes: checks.map((checked) => checked.verdict.cheque?.maskedCode ?? ''),
      amountCents: checks.reduce((sum, checked) => sum + (checked.verdict.cheque?.faceValueCents ?? 0), 0),
    };
    try {
      store.saveQueue([...waiting, queued]);
    } catch {
      setOutcome({
        kind: 'refused',
        message: "Cet appareil n'a pas pu enregistrer l'encaissement (espace de stockage plein) : rien n'a été encaissé.",
      });
      return;
    }
    setQueue([...waiting, queued]);
    setAttempt(null);
    setItems([]);
    setOutcome({ kind: 'queued', queued });
  }

  async function sync(): Promise<void> {
    const waiting = store.queue();
    if (syncingRef.current || waiting.length === 0) return;
    syncingRef.current = true;
    setSyncing(true);
    setSyncProblem(null);
    try {
      const fresh: SyncReport[] = [];
      // In batches, each kept as soon as it is answered: a long queue never makes a request larger
      // than the API takes, and a connection lost midway loses no answer already received.
      for (let start = 0; start < waiting.length; start += SYNC_BATCH_ITEMS) {
        const batch = waiting.slice(start, start + SYNC_BATCH_ITEMS);
        const { results } = await api.syncRedemptions(batch.map((queued) => queued.item));
        setNetworkDown(false);
        const answers = new Map(results.map((result) => [result.id, result]));
        const answered = batch.flatMap((queued) => {
          const answer = answers.get(queued.item.id);
          return answer ? [reportOf(queued, answer)] : [];
        });
        fresh.push(...answered);
        // Queued meanwhile: stays for the next sync.
        const rest = store.queue().filter((queued) => !answers.has(queued.item.id));
        const kept = [...answered, ...store.reports()];
        store.saveQueue(rest);
        store.saveReports(kept);
        setQueue(rest);
        setReports(kept);
      }
      // Cheques checked on this device meanwhile: the API knows better now.
      const { items: shown, service: chosen } = latest.current;
      const recheck = shown.filter((item) => item.offline);
      if (chosen && recheck.length > 0) {
        setItems((current) => current.map((item) => (item.offline ? { ...item, verdict: null, offline: false } : item)));
        verify(recheck, chosen.id);
      }
      const count = (status: SyncReport['status']) => fresh.filter((report) => report.status === status).length;
      announce(
        `Synchronisation terminée : ${plural(count('accepted'), 'encaissement accepté', 'encaissements acceptés')}, ${plural(count('conflict'), 'conflit')}, ${plural(count('refused'), 'refusé', 'refusés')}.`,
      );
    } catch (error) {
      if (isNetworkError(error)) setNetworkDown(true);
      setSyncProblem(
        isNetworkError(error)
          ? "Synchronisation impossible pour l'instant (pas de connexion) : les encaissements restent en attente sur cet appareil."
          : errorMessage(error),
      );
    } finally {
      syncingRef.current = false;
      setSyncing(false);
    }
  }

  function clearReports(): void {
    store.saveReports([]);
    setReports([]);
  }

  const feedback = entryFeedback(entry);
  const serviceOptions = (bundle?.catalogue ?? []).map((entry) => ({
    value: entry.entryId,
    label: `${entry.name} — ${plural(entry.priceInCheques, 'chèque')}, ${entry.durationMinutes} min`,
  }));
  const describedBy = ['scanner-code-aide', feedback ? 'scanner-code-controle' : null, entryProblem ? 'scanner-code-erreur' : null]
    .filter(Boolean)
    .join(' ');

  return (
    <Page title="Encaisser des chèques">
      <p>
        Choisissez le service rendu, puis ajoutez les chèques de la personne : avec la caméra, avec une douchette (lecteur USB) ou en tapant
        le code imprimé sous le QR code. Chaque chèque est vérifié aussitôt.
      </p>
      <p className={connected ? 'connection connection--online' : 'connection connection--offline'}>
        <strong>{connected ? 'En ligne' : 'Hors connexion'}</strong>
        {connected
          ? ' : les chèques sont vérifiés et encaissés sur la plateforme.'
          : ' : les QR codes sont vérifiés sur cet appareil, les encaissements attendent le retour de la connexion.'}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <ErrorMessage message={loadProblem} />

      <section aria-labelledby="scanner-titre-service" className="panel">
        <h2 id="scanner-titre-service">Lieu et service</h2>
        {places === null ? (
          <p>Chargement de vos lieux…</p>
        ) : places.length === 0 ? (
          <p>
            {connected
              ? "Votre organisation ne gère aucun lieu : déclarez-le d'abord dans « Lieux gérés »."
              : "Aucun lieu n'est disponible sans connexion sur cet appareil : ouvrez cette page une première fois avec la connexion."}
          </p>
        ) : redeemingPlaces.length === 0 ? (
          <p>Aucun de vos lieux ne peut encaisser de chèques aujourd’hui.</p>
        ) : redeemingPlaces.length > 1 ? (
          <SelectField
            id="scanner-lieu"
            label="Lieu"
            placeholder="Choisissez le lieu"
            options={redeemingPlaces.map((place) => ({ value: place.id, label: place.nom }))}
            value={choice.placeId}
            onChange={(event) => choosePlace(event.target.value)}
          />
        ) : (
          <p>
            Lieu : <strong>{redeemingPlaces[0].nom}</strong>
          </p>
        )}
        {idlePlaces.length > 0 ? (
          <div className="hint">
            <p>
              {idlePlaces.length === 1 ? 'Ce lieu ne peut pas encaisser de chèques' : 'Ces lieux ne peuvent pas encaisser de chèques'} :
              seul un lieu qualifié, et non suspendu, le peut.
            </p>
            <ul>
              {idlePlaces.map((place) => (
                <li key={place.id}>
                  {place.nom} — {place.note}
                </li>
              ))}
            </ul>
            <p>
              <Link href="/lieux-geres">Demander ou renouveler une qualification dans « Lieux gérés »</Link>
            </p>
          </div>
        ) : null}
        {problem ? <p className="notice notice--warning">{problem}</p> : null}
        {choice.placeId && !bundle ? <p>Chargement des services du lieu…</p> : null}
        {bundle && serviceOptions.length === 0 ? (
          <p>Ce lieu ne propose encore aucun service payable en chèques : ajoutez-en dans « Lieux gérés ».</p>
        ) : null}
        {bundle && serviceOptions.length > 0 ? (
          <RadioGroup
            id="scanner-service"
            legend="Service rendu"
            hint="Le prix de chaque service est fixé en nombre de chèques."
            options={serviceOptions}
            value={service?.entryId ?? ''}
            onChange={chooseService}
          />
        ) : null}
      </section>

      {service ? (
        <section aria-labelledby="scanner-titre-cheques" className="panel">
          <h2 id="scanner-titre-cheques">Chèques</h2>
          <p>
            « {service.name} » se paie avec <strong>{plural(service.priceInCheques, 'chèque')}</strong>.
          </p>
          <form onSubmit={submitEntry} noValidate className="scanner-entry">
            <div className={entryProblem ? 'field field--invalid' : 'field'}>
              <label htmlFor="scanner-code">Code du chèque ou QR code</label>
              <p className="hint" id="scanner-code-aide">
                Avec une douchette, scannez le QR code : le chèque est ajouté tout seul. Sinon, tapez les 17 caractères imprimés sous le QR
                code (par exemple ABCD-EFGH-JKMN-PQRS-T) puis Entrée.
              </p>
              {entryProblem ? (
                <p className="field-error" id="scanner-code-erreur">
                  <span className="visually-hidden">Erreur : </span>
                  {entryProblem}
                </p>
              ) : null}
              <div className="scanner-entry__row">
                <input
                  id="scanner-code"
                  name="scanner-code"
                  ref={entryRef}
                  autoComplete="off"
                  autoCapitalize="characters"
                  autoCorrect="off"
                  spellCheck={false}
                  enterKeyHint="done"
                  aria-invalid={entryProblem ? true : undefined}
                  aria-describedby={describedBy}
                  value={entry}
                  onChange={(event) => {
                    setEntry(event.target.value);
                    setEntryProblem(null);
                  }}
                />
                <button type="submit" className="button">
                  Ajouter
                </button>
              </div>
              {feedback ? (
                <p id="scanner-code-controle" className={`entry-feedback entry-feedback--${feedback.tone}`}>
                  {feedback.tone === 'progress' ? null : <VerdictIcon usable={feedback.tone === 'valid'} size={20} />}
                  {feedback.message}
                </p>
              ) : null}
            </div>
          </form>
          <CameraScanner onCode={scanFromCamera} />

          {items.length > 0 ? (
            <ul className="scanned-list" aria-label="Chèques ajoutés">
              {items.map((item) => (
                <ScannedChequeRow key={item.key} item={item} onRemove={() => remove(item.key)} />
              ))}
            </ul>
          ) : null}
          <p className="scanner-count">
            {plural(valid.length, 'chèque valable', 'chèques valables')} sur {service.priceInCheques} pour ce service
            {valid.length > 0 ? ` — ${formatEuros(amountCents)}` : ''}.
          </p>
          {ready && outcome?.kind !== 'uncertain' ? (
            <button type="button" className="button button--cash-in" onClick={() => void cashIn('auto')} disabled={pending}>
              {pending
                ? 'Encaissement…'
                : connected
                  ? `Encaisser ${plural(valid.length, 'chèque')} (${formatEuros(amountCents)})`
                  : `Encaisser hors connexion (${plural(valid.length, 'chèque')}, ${formatEuros(amountCents)})`}
            </button>
          ) : null}

          <div role="status" className="scanner-outcome">
            {outcome?.kind === 'redeemed' ? <RedeemedPanel redemption={outcome.redemption} /> : null}
            {outcome?.kind === 'queued' ? <QueuedPanel queued={outcome.queued} /> : null}
          </div>
          <ErrorMessage message={outcome?.kind === 'refused' ? outcome.message : null} />
          {outcome?.kind === 'uncertain' ? (
            <div className="error-summary" role="alert">
              <p className="error-summary__title">La connexion a été perdue pendant l'encaissement : il a peut-être été enregistré.</p>
              <p>
                Réessayez sans modifier la liste : s'il avait été enregistré, il ne sera pas compté deux fois. Si la connexion ne revient
                pas, encaissez hors connexion : la synchronisation signalera un conflit s'il avait en fait été enregistré.
              </p>
              {ready ? (
                <div className="actions">
                  <button type="button" className="button" onClick={() => void cashIn('online')} disabled={pending}>
                    Réessayer l'encaissement
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => void cashIn('offline')} disabled={pending}>
                    Encaisser hors connexion
                  </button>
                </div>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}

      <OfflineQueue
        shellReady={shellReady}
        bundle={bundle}
        queue={queue}
        reports={reports}
        connected={connected}
        syncing={syncing}
        syncProblem={syncProblem}
        onSync={() => void sync()}
        onClearReports={clearReports}
      />
      <p>
        <Link href="/lieu/encaissements">Voir l'historique des encaissements</Link>
      </p>
    </Page>
  );
}
