import { type ReactNode, useEffect, useState } from 'react';
import { type PlacePaymentLine, type PlacePayments, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { SummaryList } from '../components/SummaryList';
import { formatDay, formatEuros } from '../labels';
import { Link } from '../router';
import { delayText, settlementError } from '../settlement';

const CADENCE_TEXT: Record<PlacePayments['schedule']['cadence'], string> = {
  daily: 'chaque jour (coupure à minuit)',
  weekly: 'chaque semaine (coupure le lundi à minuit : la semaine jusqu’au dimanche soir)',
  monthly: 'chaque mois (coupure le 1er à minuit)',
};

/**
 * "/mes-remboursements" (a place: its own) and "/remboursements/:organisationId/paiements" (the operator, one
 * place organisation): where the money is, in four parts with totals — à recevoir, en cours, payé, rejeté.
 */
export function PlacePaymentsPage({ organisationId }: { organisationId?: string }) {
  const [view, setView] = useState<PlacePayments | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.placePayments(organisationId).then(setView, (error: unknown) => setLoadError(settlementError(error)));
  }, [organisationId]);

  const title = organisationId ? `Remboursements de ${view?.organisationName ?? 'la structure'}` : 'Mes remboursements';
  if (!view) {
    return (
      <Page title={title}>
        <ErrorMessage message={loadError} />
        {loadError ? null : <p>Chargement des remboursements…</p>}
      </Page>
    );
  }
  const schedule =
    view.schedule.cadence === 'weekly' && view.schedule.cutOffWeekday !== 'monday' ? 'chaque semaine' : CADENCE_TEXT[view.schedule.cadence];
  return (
    <Page title={title}>
      {organisationId ? (
        <p>
          <Link href="/remboursements">Tous les lots</Link>
        </p>
      ) : null}
      <p>
        Les chèques encaissés sont remboursés {schedule} par virement. Après la coupure, l’opérateur vérifie et approuve le lot (deux
        personnes), puis l’envoie à la banque : l’argent arrive en général le jour ouvré bancaire suivant. Les dates « prévu le » suivent
        cette règle ; les week-ends et jours fériés bancaires la décalent.
      </p>
      {view.bankDetailsVerified ? null : (
        <p className="notice">
          Vos coordonnées bancaires ne sont pas encore vérifiées : rien ne peut vous être versé avant leur vérification.{' '}
          {organisationId ? null : <Link href="/coordonnees-bancaires">Voir mes coordonnées bancaires</Link>}
        </p>
      )}
      <SummaryList
        facts={[
          ['À recevoir', formatEuros(view.toReceive.amountCents)],
          ['En cours', formatEuros(view.inProgress.amountCents)],
          ['Payé', formatEuros(view.paid.amountCents)],
          ['Rejeté par la banque', formatEuros(view.rejected.amountCents)],
          ['Délai de paiement', delayText(view.delay)],
        ]}
      />
      <p>
        <a href={api.placePaymentsFileUrl('csv', organisationId)} download>
          Télécharger (CSV)
        </a>{' '}
        ·{' '}
        <a href={api.placePaymentsFileUrl('pdf', organisationId)} download>
          Télécharger (PDF)
        </a>
      </p>

      <section aria-labelledby="a-recevoir">
        <h2 id="a-recevoir">À recevoir — {formatEuros(view.toReceive.amountCents)}</h2>
        <p>Chèques encaissés qui ne sont pas encore dans un lot de virements.</p>
        {view.toReceive.groups.length === 0 ? (
          <p>Rien à recevoir pour le moment.</p>
        ) : (
          <DataTable caption="À recevoir, par date de paiement prévue" captionHidden>
            <thead>
              <tr>
                <th scope="col">Paiement prévu le</th>
                <th scope="col">Montant</th>
                <th scope="col">Chèques</th>
              </tr>
            </thead>
            <tbody>
              {view.toReceive.groups.map((group) => (
                <tr key={group.cutOff}>
                  <th scope="row">{group.expectedOn ? formatDay(group.expectedOn) : 'Après vérification des coordonnées bancaires'}</th>
                  <td>{formatEuros(group.amountCents)}</td>
                  <td>{group.chequeCount}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      <LinesPart
        id="en-cours"
        title="En cours"
        intro="Dans un lot de virements : à approuver, approuvé, puis envoyé à la banque."
        empty="Aucun virement en cours."
        part={view.inProgress}
        columns={['Où en est-il', 'Paiement prévu le']}
        cells={(line) => [line.stageText ?? '—', formatDay(line.expectedOn)]}
      />
      <LinesPart
        id="paye"
        title="Payé"
        intro="Virements exécutés par la banque. Le relevé liste chaque chèque remboursé."
        empty="Aucun virement payé pour le moment."
        part={view.paid}
        columns={['Payé le', 'Référence bancaire', 'Relevé']}
        cells={(line) => [
          formatDay(line.paidOn),
          line.bankReference ?? '—',
          <a key="statement" href={api.settlementStatementUrl(line.id)} download>
            Relevé PDF<span className="visually-hidden"> {line.reference}</span>
          </a>,
        ]}
      />
      <LinesPart
        id="rejete"
        title="Rejeté par la banque"
        intro="Virements renvoyés par la banque : le montant est de nouveau à recevoir."
        empty="Aucun virement rejeté."
        part={view.rejected}
        columns={['Rejeté le', 'Motif de la banque', 'Que faire']}
        cells={(line) => [formatDay(line.rejectedOn), line.rejectionReason ?? '—', line.advice ?? '—']}
      />
    </Page>
  );
}

function LinesPart(props: {
  id: string;
  title: string;
  intro: string;
  empty: string;
  part: { amountCents: number; lines: PlacePaymentLine[] };
  columns: string[];
  cells: (line: PlacePaymentLine) => ReactNode[];
}) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>
        {props.title} — {formatEuros(props.part.amountCents)}
      </h2>
      <p>{props.intro}</p>
      {props.part.lines.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <DataTable caption={props.title} captionHidden wide>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Montant</th>
              <th scope="col">Chèques</th>
              {props.columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.part.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">{line.reference}</th>
                <td>{formatEuros(line.amountCents)}</td>
                <td>{line.chequeCount}</td>
                {props.cells(line).map((cell, index) => (
                  <td key={props.columns[index]}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
