import { useEffect, useState } from 'react';
import { type OpenDataCatalog, api } from '../api';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { errorMessage } from '../forms';
import { formatDateTime } from '../labels';

/** The public open-data portal: every dataset of the catalogue, its licence, date, schema and downloads. */
export function OpenDataPage() {
  const [catalog, setCatalog] = useState<OpenDataCatalog | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api.openDataCatalog().then(setCatalog, (error: unknown) => setProblem(errorMessage(error)));
  }, []);

  return (
    <Page title="Données ouvertes">
      <p>
        Le Pass numérique publie ses données sous <a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence Ouverte 2.0</a>{' '}
        : vous pouvez les réutiliser librement, y compris commercialement, en citant la source « Pass numérique ». Les adresses des fichiers
        sont stables ; le <a href="/api/open-data/catalog.json">catalogue (JSON-LD, profil DCAT-AP)</a> les décrit pour les logiciels et les
        portails de données. Pour brancher un logiciel sur la plateforme elle-même, voyez la <a href="/api/docs">documentation de l'API</a>.
      </p>
      <p>
        Aucune donnée ne permet d'identifier une personne : l'usage des chèques est agrégé par mois, territoire et catégorie de service, et
        les cases de moins de 5 chèques sont masquées (« &lt; 5 »), avec d'autres cases choisies pour qu'elles ne puissent pas être
        recalculées.
      </p>
      <ErrorMessage message={problem} />
      {catalog === null ? (
        problem ? null : (
          <p>Chargement du catalogue…</p>
        )
      ) : (
        catalog['dcat:dataset'].map((dataset) => {
          const identifier = dataset['dct:identifier'];
          const title = dataset['dct:title'];
          return (
            <section key={identifier} aria-labelledby={`jeu-${identifier}`} className="dataset">
              <h2 id={`jeu-${identifier}`}>{title}</h2>
              <p>{dataset['dct:description']}</p>
              <p className="muted">
                Mis à jour le {formatDateTime(dataset['dct:modified']['@value'])} ·{' '}
                <a href={dataset['dct:license']['@id']}>Licence Ouverte 2.0</a> ·{' '}
                <a href={dataset['dct:conformsTo']['@id']}>
                  Schéma des données<span className="visually-hidden"> : {title}</span>
                </a>
              </p>
              <ul>
                {dataset['dcat:distribution'].map((file) => (
                  <li key={file['@id']}>
                    <a href={new URL(file['dcat:downloadURL']['@id']).pathname}>
                      {file['dct:title']}
                      <span className="visually-hidden"> : {title}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </Page>
  );
}
