import type { ExpiryAlert } from '../api';
import { formatDay, plural } from '../labels';

/** Programmes ending within 30, 15 or 7 days: what is still to hand out, and cheques people have not used yet. */
export function ExpiryAlerts({ alerts, forDistributor = false }: { alerts: ExpiryAlert[]; forDistributor?: boolean }) {
  if (alerts.length === 0) return null;
  return (
    <section aria-labelledby="titre-alertes-fin" className="notice notice--warning">
      <h2 id="titre-alertes-fin">Programmes bientôt terminés</h2>
      <ul>
        {alerts.map((alert) => (
          <li key={alert.programmeId}>
            <strong>{alert.programmeName}</strong> se termine le {formatDay(alert.validUntil)} (
            {alert.daysLeft === 0 ? "aujourd'hui" : `dans ${plural(alert.daysLeft, 'jour')}`}) :{' '}
            {plural(
              alert.bookletsNotHandedOut,
              forDistributor ? 'carnet de votre stock encore à remettre' : 'carnet encore à remettre',
              forDistributor ? 'carnets de votre stock encore à remettre' : 'carnets encore à remettre',
            )}
            , {plural(alert.chequesHandedOutUnused, 'chèque remis pas encore utilisé', 'chèques remis pas encore utilisés')}.
          </li>
        ))}
      </ul>
      <p>
        {forDistributor
          ? 'Pensez à remettre les carnets et à rappeler aux personnes d’utiliser leurs chèques avant cette date.'
          : 'Les structures distributrices qui détiennent ces carnets voient la même alerte.'}
      </p>
    </section>
  );
}
