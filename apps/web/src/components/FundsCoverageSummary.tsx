import { useCallback, useEffect, useState } from 'react';
import { api, type FundsCoverage, type Me } from '../api';
import { formatDay, formatEuros } from '../labels';
import { formatCoverageRatio } from '../shared-domain';
import { CoverageBalanceForm } from './CoverageBalanceForm';
import { SummaryList } from './SummaryList';

const STATE_TEXT: Record<FundsCoverage['state'], string> = {
  covered: 'Le solde confirmé du compte cantonné couvre tout ce que la plateforme doit.',
  below:
    'Le solde confirmé ne couvre plus tout ce que la plateforme doit : aucun nouveau programme ne peut être activé tant qu’un nouveau solde, confirmé, ne le couvre pas.',
  no_balance: 'Aucun solde du compte cantonné n’est encore confirmé : la couverture ne peut pas être calculée.',
};

/** The operator's funds coverage on its home: the ratio, its parts, the balance behind it, balances to confirm. */
export function FundsCoverageSummary({ me }: { me: Me }) {
  const [coverage, setCoverage] = useState<FundsCoverage | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => api.fundsCoverage().then(setCoverage, () => setCoverage(null)), []);
  useEffect(() => {
    void load();
  }, [load]);
  if (!coverage) return null;

  async function confirm(id: string): Promise<void> {
    try {
      await api.confirmCoverageBalance(id);
      setMessage('Solde confirmé : la couverture est recalculée.');
    } catch {
      setMessage('Ce solde ne peut pas être confirmé par vous : un autre administrateur que celui qui l’a saisi doit le confirmer.');
    }
    await load();
  }

  async function withdraw(id: string, cents: number): Promise<void> {
    const reason = window.prompt(`Pourquoi retirer le solde de ${formatEuros(cents)} ? (le motif est gardé dans le journal d’audit)`);
    if (!reason?.trim()) return;
    try {
      await api.withdrawCoverageBalance(id, reason.trim());
      setMessage('Solde retiré : il ne sera jamais compté ; il reste dans le journal d’audit avec son relevé et votre motif.');
    } catch {
      setMessage('Ce solde ne peut plus être retiré : il a été confirmé entre-temps.');
    }
    await load();
  }

  async function entered(text: string): Promise<void> {
    setMessage(text);
    await load();
  }

  const { liabilities, balance } = coverage;
  const tone = coverage.state === 'below' ? 'notice notice--warning' : 'notice';
  return (
    <section aria-labelledby="titre-couverture" className={tone}>
      <h2 id="titre-couverture">Couverture des fonds</h2>
      <p>
        {coverage.ratioBasisPoints !== null && (
          <>
            <strong className="coverage-ratio">{formatCoverageRatio(coverage.ratioBasisPoints)}</strong>{' '}
          </>
        )}
        {STATE_TEXT[coverage.state]}
      </p>
      <SummaryList
        facts={[
          balance
            ? [
                'Solde confirmé du compte cantonné',
                <>
                  {formatEuros(balance.balanceCents)} au {formatDay(balance.balanceOn)} (
                  <a href={api.coverageStatementUrl(balance.id)}>relevé bancaire</a>)
                </>,
              ]
            : null,
          ['Ce que la plateforme doit', formatEuros(liabilities.totalCents)],
          [
            'dont chèques financés encore utilisables',
            `${formatEuros(liabilities.outstandingCents)} (remis : ${formatEuros(liabilities.handedOutCents)} ; pas encore remis : ${formatEuros(liabilities.notHandedOutCents)})`,
          ],
          ['dont encaissements pas encore remboursés aux lieux', formatEuros(liabilities.placePayableCents)],
          ['dont avoirs des financeurs pas encore reversés', formatEuros(liabilities.funderCreditsCents)],
          balance && coverage.liabilitiesNow.totalCents !== liabilities.totalCents
            ? ['Dû aujourd’hui, depuis ce relevé', formatEuros(coverage.liabilitiesNow.totalCents)]
            : null,
        ]}
      />
      {coverage.awaitingConfirmation.length > 0 && (
        <>
          <h3>Soldes à confirmer</h3>
          <ul>
            {coverage.awaitingConfirmation.map((waiting) => (
              <li key={waiting.id}>
                {formatEuros(waiting.balanceCents)} au {formatDay(waiting.balanceOn)} (
                <a href={api.coverageStatementUrl(waiting.id)}>relevé bancaire</a>)
                {me.role === 'operator_admin' && waiting.enteredByUserId !== null && waiting.enteredByUserId !== me.id && (
                  <>
                    {' '}
                    <button type="button" className="button button--secondary" onClick={() => void confirm(waiting.id)}>
                      Confirmer ce solde de {formatEuros(waiting.balanceCents)}
                    </button>
                  </>
                )}
                {me.role === 'operator_admin' && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => void withdraw(waiting.id, waiting.balanceCents)}
                    >
                      Retirer ce solde de {formatEuros(waiting.balanceCents)}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {me.role === 'operator_admin' && <CoverageBalanceForm onEntered={(text) => void entered(text)} />}
      <p role="status">{message}</p>
    </section>
  );
}
