import { useEffect, useState } from 'react';
import { CriterionFacts } from '../components/CriterionFacts';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { errorMessage } from '../forms';
import { formatDay, plural } from '../labels';
import { type Referential, placesApi } from '../publicPlaces';
import { Link } from '../router';
import '../places.css';

/** "/referentiel": the public qualification referential (what a place must show to be qualified). */
export function ReferentialPage() {
  const [referential, setReferential] = useState<Referential | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    placesApi.referential().then(setReferential, (error: unknown) => setLoadError(errorMessage(error)));
  }, []);

  return (
    <Page title="Référentiel de qualification des lieux">
      <ErrorMessage message={loadError} />
      {referential ? (
        <>
          <p className="lead">{referential.title}</p>
          <dl className="summary-list">
            <div>
              <dt>Version</dt>
              <dd>
                {referential.version}, publiée le {formatDay(referential.publishedOn)}
              </dd>
            </div>
            <div>
              <dt>Seuil de qualification</dt>
              <dd>Tous les critères obligatoires remplis et au moins {referential.passThresholdPercent} % des points des critères notés</dd>
            </div>
            <div>
              <dt>Notation</dt>
              <dd>Chaque critère noté reçoit une note de 0 à {referential.maxScore}, multipliée par son poids</dd>
            </div>
            <div>
              <dt>Durée de validité</dt>
              <dd>{plural(referential.validityMonths, 'mois', 'mois')} après la décision</dd>
            </div>
          </dl>
          <h2 id="titre-criteres">Critères ({referential.criteria.length})</h2>
          <ol className="criteria" aria-labelledby="titre-criteres">
            {referential.criteria.map((criterion) => (
              <li key={criterion.code} className="criterion">
                <h3>{criterion.title}</h3>
                <p>
                  <span className={criterion.kind === 'mandatory' ? 'badge' : 'badge badge--current'}>
                    {criterion.kind === 'mandatory' ? 'Obligatoire' : `Noté, poids ${criterion.weight}`}
                  </span>{' '}
                  <span className="muted">Code {criterion.code}</span>
                </p>
                <CriterionFacts criterion={criterion} />
              </li>
            ))}
          </ol>
          <p>
            Les décisions prises selon ce référentiel sont publiées dans le <Link href="/registre">registre des qualifications</Link>.
          </p>
        </>
      ) : loadError ? null : (
        <p role="status">Chargement du référentiel…</p>
      )}
    </Page>
  );
}
