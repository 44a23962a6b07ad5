import { useEffect, useState } from 'react';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { errorMessage } from '../forms';
import { formatDay } from '../labels';
import { REGISTER_EVENT_LABELS, type RegisterEntry, placesApi } from '../publicPlaces';
import { Link } from '../router';
import '../places.css';

const LICENCE_URL = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/';

/** "/registre": the public register of qualification decisions, and the open data downloads. */
export function RegisterPage() {
  const [entries, setEntries] = useState<RegisterEntry[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    placesApi.register().then(
      (register) => setEntries(register.data),
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, []);

  const publicPlaces = currentlyPublic(entries ?? []);

  return (
    <Page title="Registre des qualifications">
      <p className="lead">
        Chaque décision de qualification d'un lieu, chaque suspension et chaque qualification expirée sans renouvellement est publiée ici.
        Les critères appliqués sont ceux du <Link href="/referentiel">référentiel de qualification</Link>.
      </p>
      <ErrorMessage message={loadError} />
      {entries ? (
        entries.length > 0 ? (
          <DataTable caption="Décisions, suspensions et expirations, des plus récentes aux plus anciennes" wide>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Lieu</th>
                <th scope="col">Commune</th>
                <th scope="col">Événement</th>
                <th scope="col">Version du référentiel</th>
                <th scope="col">Validité</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, index) => (
                <tr key={`${entry.placeId}-${entry.date}-${entry.event}-${index}`}>
                  <td>{formatDay(entry.date.slice(0, 10))}</td>
                  <td>
                    {entry.event === 'qualified' && publicPlaces.has(entry.placeId) ? (
                      <Link href={`/lieux/${entry.placeId}`}>{entry.placeName}</Link>
                    ) : (
                      entry.placeName
                    )}
                  </td>
                  <td>{entry.commune}</td>
                  <td>{REGISTER_EVENT_LABELS[entry.event] ?? entry.event}</td>
                  <td>{entry.referentialVersion ?? '—'}</td>
                  <td>
                    {entry.validFrom && entry.validUntil
                      ? `du ${formatDay(entry.validFrom)} au ${formatDay(entry.validUntil)}`
                      : entry.validUntil
                        ? `jusqu'au ${formatDay(entry.validUntil)}`
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : (
          <p>Aucune décision n'a encore été publiée.</p>
        )
      ) : loadError ? null : (
        <p role="status">Chargement du registre…</p>
      )}

      <section aria-labelledby="titre-donnees" className="panel">
        <h2 id="titre-donnees">Données ouvertes</h2>
        <p>
          Ces données sont publiées sous la <a href={LICENCE_URL}>Licence Ouverte 2.0 (Etalab)</a> : vous pouvez les réutiliser librement,
          en citant leur source.
        </p>
        <h3>Registre des qualifications</h3>
        <ul>
          <li>
            <a href="/api/open-data/qualifications.csv">Registre au format CSV</a>
          </li>
          <li>
            <a href="/api/open-data/qualifications.json">Registre au format JSON</a>
          </li>
        </ul>
        <h3>Lieux qualifiés</h3>
        <ul>
          <li>
            <a href="/api/open-data/places.csv">Lieux au format CSV (schéma national des lieux de médiation numérique)</a>
          </li>
          <li>
            <a href="/api/open-data/places.csv?format=excel-fr">
              Les mêmes lieux en CSV pour Excel en français (point-virgule, virgule décimale)
            </a>
          </li>
          <li>
            <a href="/api/open-data/places.json">Lieux au format JSON</a>
          </li>
          <li>
            <a href="/api/open-data/places.geojson">Lieux au format GeoJSON</a>
          </li>
          <li>
            <a href="/api/open-data/data-inclusion.json">Lieux et services au format data·inclusion (JSON)</a>
          </li>
        </ul>
      </section>
    </Page>
  );
}

/** Places whose latest qualification event (newest first in the register) leaves them on the map: their page exists. */
function currentlyPublic(entries: RegisterEntry[]): Set<string> {
  const seen = new Set<string>();
  const visible = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.placeId)) continue;
    switch (entry.event) {
      case 'qualified':
      case 'suspension_lifted':
        visible.add(entry.placeId);
        seen.add(entry.placeId);
        break;
      case 'expired':
      case 'suspended':
        seen.add(entry.placeId);
        break;
      case 'changes_requested':
      case 'rejected':
        break;
    }
  }
  return visible;
}
