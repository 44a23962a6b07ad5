import type { OfflineBundle } from '../api';
import { formatDateTime, formatEuros, plural } from '../labels';
import type { QueuedRedemption, SyncReport } from '../scanner/offline-store';
import { offlineDataUsable } from '../shared-domain';
import { VerdictIcon } from './VerdictIcon';

const REPORT_TITLES: Record<SyncReport['status'], string> = {
  accepted: 'Accepté',
  conflict: 'Conflit : chèque déjà utilisé ou annulé',
  refused: 'Refusé',
};

function QueuedLine({ queued, scannedAt }: { queued: Omit<QueuedRedemption, 'item' | 'codes'>; scannedAt: string }) {
  return (
    <p>
      {formatDateTime(scannedAt)} — {queued.placeName} — {queued.serviceName} — {plural(queued.maskedCodes.length, 'chèque')},{' '}
      {formatEuros(queued.amountCents)} : {queued.maskedCodes.join(', ')}
    </p>
  );
}

/**
 * The scanner's offline side: whether this device can work without network, the redemptions
 * waiting for it, and what the API answered for those already sent (conflicts first to the eye).
 */
export function OfflineQueue({
  shellReady,
  bundle,
  queue,
  reports,
  connected,
  syncing,
  syncProblem,
  onSync,
  onClearReports,
}: {
  shellReady: boolean;
  bundle: OfflineBundle | null;
  queue: QueuedRedemption[];
  reports: SyncReport[];
  connected: boolean;
  syncing: boolean;
  syncProblem: string | null;
  onSync: () => void;
  onClearReports: () => void;
}) {
  const queuedCheques = queue.reduce((count, queued) => count + queued.item.cheques.length, 0);
  const bundleFresh = bundle !== null && offlineDataUsable(bundle, new Date());
  return (
    <section aria-labelledby="scanner-titre-hors-connexion" className="panel">
      <h2 id="scanner-titre-hors-connexion">Sans connexion</h2>
      <p>
        Sans réseau, les QR codes des chèques sont vérifiés sur cet appareil et les encaissements attendent ici le retour de la connexion :
        ils sont alors envoyés automatiquement.
      </p>
      <ul className="checklist">
        <li>
          {shellReady ? 'Cette page s’ouvre aussi sans connexion sur cet appareil.' : 'Cette page ne s’ouvre pas encore sans connexion.'}
        </li>
        <li>
          {bundle === null
            ? 'Les données hors connexion de ce lieu ne sont pas encore sur cet appareil.'
            : bundleFresh
              ? `Données hors connexion du lieu : utilisables jusqu'au ${formatDateTime(bundle.validUntil)}.`
              : `Données hors connexion du lieu périmées depuis le ${formatDateTime(bundle.validUntil)} : reconnectez-vous pour les mettre à jour.`}
        </li>
      </ul>
      {shellReady && bundleFresh ? <p className="offline-ready">Prêt pour le mode hors connexion.</p> : null}

      <h3>En attente sur cet appareil</h3>
      {queue.length === 0 ? (
        <p>Aucun encaissement en attente.</p>
      ) : (
        <>
          <p>
            {plural(queue.length, 'encaissement')} en attente ({plural(queuedCheques, 'chèque')}
            {bundle ? ` sur ${bundle.maxQueuedCheques} au plus` : ''}).
          </p>
          <ul className="queue">
            {queue.map((queued) => (
              <li key={queued.item.id}>
                <QueuedLine queued={queued} scannedAt={queued.item.scannedAt} />
              </li>
            ))}
          </ul>
        </>
      )}
      {queue.length > 0 ? (
        <p>
          <button type="button" className="button" onClick={onSync} disabled={!connected || syncing}>
            {syncing ? 'Synchronisation…' : 'Synchroniser maintenant'}
          </button>
        </p>
      ) : null}
      {queue.length > 0 && !connected ? <p className="hint">La synchronisation se fera dès le retour de la connexion.</p> : null}
      {syncProblem ? (
        <p className="field-error" role="alert">
          {syncProblem}
        </p>
      ) : null}

      {reports.length > 0 ? (
        <>
          <h3>Résultats de la synchronisation</h3>
          <ul className="sync-reports">
            {reports.map((report) => (
              <li key={report.id} className={`sync-report sync-report--${report.status}`}>
                <p className="sync-report__title">
                  <VerdictIcon usable={report.status === 'accepted'} size={24} />
                  {REPORT_TITLES[report.status]}
                </p>
                <QueuedLine queued={report.queued} scannedAt={report.queued.scannedAt} />
                {report.status === 'accepted' ? null : <p className="sync-report__message">{report.message}</p>}
              </li>
            ))}
          </ul>
          <button type="button" className="button button--secondary" onClick={onClearReports}>
            Effacer ces résultats
          </button>
        </>
      ) : null}
    </section>
  );
}
