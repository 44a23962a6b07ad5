import { type FormEvent, useMemo, useState } from 'react';
import { type Dashboard, type DashboardQuery, api } from '../api';
import { ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { ExpiryAlerts } from '../components/ExpiryAlerts';
import { FunnelFigures } from '../components/FunnelFigures';
import { SelectField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { ReportSection } from '../components/ReportSection';
import { toFormErrors, type FormErrors } from '../forms';
import { formatDateTime, formatDay, formatEuros } from '../labels';
import { usePagedResult } from '../paged-result';

const FIELDS: FieldMap = {
  programmeId: { id: 'tableau-programme', label: 'Programme' },
  from: { id: 'tableau-du', label: 'Du' },
  to: { id: 'tableau-au', label: 'Au (inclus)' },
};

/** The days people are counted on, in words. */
function peoplePeriodText(period: NonNullable<Dashboard['peoplePeriod']>): string {
  return period.from ? `du ${formatDay(period.from)} au ${formatDay(period.to)}` : `jusqu'au ${formatDay(period.to)}`;
}

/** Whole days as the key figures write them (« — » without any). */
function days(value: number | null): string {
  return value === null ? '—' : `${value.toLocaleString('fr-FR')} j`;
}

/** The dashboard of a funder's programmes (all programmes for the operator): figures, charts, tables, CSV and PDF. */
export function DashboardPage() {
  const [draft, setDraft] = useState<Required<DashboardQuery>>({ programmeId: '', from: '', to: '' });
  const [applied, setApplied] = useState<DashboardQuery>({});
  const { result: dashboard, error, resultsRef, focusResultsNext } = usePagedResult<Dashboard>(() => api.dashboard(applied), [applied]);
  // The same object until the next failure: the error summary takes focus when it changes.
  const errors: FormErrors | null = useMemo(() => (error ? toFormErrors(error) : null), [error]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    focusResultsNext();
    setApplied({ programmeId: draft.programmeId || undefined, from: draft.from || undefined, to: draft.to || undefined });
  }

  const rate = dashboard?.rateOfUse.rate;
  return (
    <Page title="Tableau de bord">
      <p>
        Ce que sont devenus les chèques : remis à des personnes par les structures distributrices, utilisés dans les lieux qualifiés,
        remboursés, expirés ou annulés. Chaque tableau se télécharge en CSV (UTF-8, s'ouvre dans un tableur avec ses accents), ou dans une
        version pour Excel en français (colonnes séparées par des points-virgules, virgule décimale).
      </p>
      <section aria-labelledby="titre-filtres" className="panel">
        <h2 id="titre-filtres">Choisir le programme et la période</h2>
        <ErrorSummary errors={errors} fields={FIELDS} />
        <form onSubmit={submit} noValidate className="filters">
          <SelectField
            id="tableau-programme"
            label="Programme"
            placeholder="Tous les programmes"
            options={(dashboard?.scope.programmes ?? []).map((programme) => ({ value: programme.id, label: programme.name }))}
            value={draft.programmeId}
            onChange={(event) => setDraft((current) => ({ ...current, programmeId: event.target.value }))}
            errors={errors?.fields.programmeId}
          />
          <TextField
            id="tableau-du"
            label="Du"
            hint="Vide : depuis le début."
            type="date"
            value={draft.from}
            onChange={(event) => setDraft((current) => ({ ...current, from: event.target.value }))}
            errors={errors?.fields.from}
          />
          <TextField
            id="tableau-au"
            label="Au (inclus)"
            hint="Vide : aujourd'hui."
            type="date"
            value={draft.to}
            onChange={(event) => setDraft((current) => ({ ...current, to: event.target.value }))}
            errors={errors?.fields.to}
          />
          <div className="actions">
            <button type="submit" className="button">
              Afficher
            </button>
          </div>
        </form>
      </section>

      <h2 id="titre-chiffres" tabIndex={-1} ref={resultsRef}>
        Chiffres clés
      </h2>
      {dashboard === null ? (
        errors ? null : (
          <p>Chargement du tableau de bord…</p>
        )
      ) : (
        <>
          <p className="muted">
            {dashboard.refreshedAt
              ? `Chiffres arrêtés le ${formatDateTime(dashboard.refreshedAt)} (recalculés toutes les quelques minutes).`
              : 'Les chiffres n’ont pas encore été calculés.'}
          </p>
          <ExpiryAlerts alerts={dashboard.alerts} />
          <ul className="key-figures">
            <li>
              <strong>{dashboard.totals.handedOut.cheques.toLocaleString('fr-FR')}</strong> chèques remis (
              {formatEuros(dashboard.totals.handedOut.amountCents)})
            </li>
            <li>
              <strong>{dashboard.totals.redeemed.cheques.toLocaleString('fr-FR')}</strong> chèques utilisés (
              {formatEuros(dashboard.totals.redeemed.amountCents)})
            </li>
            <li>
              <strong>
                {rate === null || rate === undefined ? '—' : `${(rate * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`}
              </strong>{' '}
              des chèques remis dans la période déjà utilisés
            </li>
            <li>
              <strong>
                {dashboard.medianDaysToFirstUse === null ? '—' : `${dashboard.medianDaysToFirstUse.toLocaleString('fr-FR')} j`}
              </strong>{' '}
              délai médian entre la remise et la première utilisation
            </li>
            {dashboard.paymentDelay ? (
              <li>
                <strong>{days(dashboard.paymentDelay.medianDays)}</strong> délai médian de paiement des lieux (
                {days(dashboard.paymentDelay.p95Days)} pour 95 % des encaissements payés)
              </li>
            ) : null}
            <li>
              <strong>{typeof dashboard.people === 'number' ? dashboard.people.toLocaleString('fr-FR') : dashboard.people}</strong>{' '}
              personnes ont reçu des chèques
              {dashboard.peoplePeriod ? ` ${peoplePeriodText(dashboard.peoplePeriod)}` : ''}
            </li>
          </ul>
          {applied.programmeId ? (
            <p>
              <a href={api.programmeSummaryUrl(applied.programmeId, applied)}>Synthèse imprimable de ce programme (PDF)</a>
            </p>
          ) : (
            <p className="muted">Choisissez un programme pour obtenir sa synthèse imprimable (PDF).</p>
          )}
          <section aria-labelledby="titre-secret" className="panel">
            <h2 id="titre-secret">Secret statistique</h2>
            <p>
              Les personnes sont comptées sur des mois entiers et terminés : la période choisie est élargie aux mois qu'elle touche, et le
              mois en cours n'est compté qu'une fois fini. Deux périodes qui diffèrent d'un jour donnent donc les mêmes chiffres, et aucune
              soustraction ne révèle les personnes d'un jour.
            </p>
            {dashboard.peoplePeriod === null ? (
              <p role="status">
                Aucun mois de cette période n'est terminé : les tableaux de personnes seront remplis au début du mois prochain.
              </p>
            ) : dashboard.peoplePeriod.snapped ? (
              <p role="status">
                Période ajustée pour les personnes : elles sont comptées {peoplePeriodText(dashboard.peoplePeriod)} (mois entiers et
                terminés). Les chèques, eux, sont comptés sur la période choisie.
              </p>
            ) : null}
            <p>
              Dans les tableaux de personnes, « secret » remplace tout effectif de moins de {dashboard.smallCellThreshold} personnes, total
              compris, ainsi que d'autres cases choisies pour qu'aucun petit effectif ne puisse être retrouvé par soustraction à partir des
              totaux ou des autres tableaux. Chaque mois de chaque programme est protégé à part : une case masquée un mois l'est pour toute
              la période.
            </p>
          </section>
          <FunnelFigures funnel={dashboard.funnel} />
          {dashboard.tables.map((table) => (
            <ReportSection key={table.id} table={table} csvUrl={(format) => api.dashboardCsvUrl(table.id, applied, format)} />
          ))}
        </>
      )}
    </Page>
  );
}
