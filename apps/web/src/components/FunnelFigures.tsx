/** The usage funnel's key figures (libs/reporting/src/funnel.service.ts): what a funder or a social worker acts on. */
import type { UsageFunnel } from '../api';
import { formatEuros } from '../labels';

const booklets = (count: number): string => (count > 1 ? 'carnets remis' : 'carnet remis');

export function FunnelFigures({ funnel, forDistributor = false }: { funnel: UsageFunnel; forDistributor?: boolean }) {
  const rate = funnel.valueUseRate;
  return (
    <section aria-labelledby="titre-entonnoir-chiffres" className="panel">
      <h2 id="titre-entonnoir-chiffres">De la remise à l’utilisation</h2>
      <ul className="key-figures">
        <li>
          <strong>{rate === null ? '—' : `${(rate * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`}</strong> de la valeur
          remise déjà utilisée ({formatEuros(funnel.usedCents)} sur {formatEuros(funnel.handedOutCents)}) ; objectif : 70 % avant
          l’expiration
        </li>
        <li>
          <strong>{funnel.medianDaysToFirstUse === null ? '—' : `${funnel.medianDaysToFirstUse.toLocaleString('fr-FR')} j`}</strong> délai
          médian entre la remise d’un carnet et son premier chèque utilisé
        </li>
        <li>
          <strong>{funnel.handedOut.toLocaleString('fr-FR')}</strong> {booklets(funnel.handedOut)}, dont{' '}
          {funnel.firstUsed.toLocaleString('fr-FR')} avec au moins un chèque utilisé et {funnel.fullyUsed.toLocaleString('fr-FR')}{' '}
          entièrement utilisés
        </li>
        <li>
          <strong>{funnel.unusedAfter30Days.toLocaleString('fr-FR')}</strong> {booklets(funnel.unusedAfter30Days)} il y a 30 jours ou plus
          et jamais utilisés
        </li>
      </ul>
      {funnel.unusedAfter30Days > 0 ? (
        <p>
          {forDistributor
            ? 'Pour ces carnets en attente : rappelez les personnes, proposez-leur un lieu proche et, si le carnet est perdu, déclarez-le pour qu’il ne puisse plus servir.'
            : 'Les carnets en attente sont comptés par structure distributrice dans le tableau « Entonnoir par structure distributrice » : c’est avec elles qu’on les débloque.'}
        </p>
      ) : null}
    </section>
  );
}
