import { useEffect, useState } from 'react';
import { type PlaceImport, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { formatFileSize } from '../documents';
import { INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { formatDateTime, plural } from '../labels';
import { placeProblem } from '../place-fields';
import { Link, navigate } from '../router';
import { useSubmit } from '../useSubmit';
import { IMPORT_STATUS_LABELS } from './PlaceImportPage';

const MAX_IMPORT_BYTES = 40 * 1024 * 1024;
const TOO_LARGE = 'Le fichier dépasse 40 Mo : découpez-le (par exemple par département) et importez chaque partie.';

/** How the API's refusals of an upload read here (413, 415, 400). */
const UPLOAD_MESSAGES: Record<string, string> = {
  payload_too_large: TOO_LARGE,
  unsupported_media_type: 'Le fichier doit être un CSV : enregistrez-le depuis votre tableur au format « CSV UTF-8 ».',
  malformed_request: 'Le serveur n’a pas pu lire le fichier envoyé : vérifiez qu’il s’agit bien d’un fichier CSV, puis réessayez.',
  validation_failed: 'Le serveur n’a pas pu lire le fichier envoyé : vérifiez qu’il s’agit bien d’un fichier CSV, puis réessayez.',
};

function csvProblem(file: File | null): string | null {
  if (!file) return 'Choisissez un fichier.';
  if (!/\.csv$/i.test(file.name) && !/csv/.test(file.type)) return 'Le fichier doit être un CSV (nom se terminant par .csv).';
  if (file.size > MAX_IMPORT_BYTES) return `Le fichier pèse ${formatFileSize(file.size)}. ${TOO_LARGE}`;
  if (file.size === 0) return 'Le fichier est vide.';
  return null;
}

/** "/import-lieux": the operator sends a CSV in the national schema; nothing is written before the report is read and confirmed. */
export function PlaceImportsPage() {
  const [imports, setImports] = useState<PlaceImport[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);

  useEffect(() => {
    api.placeImports().then(setImports, (error: unknown) => setLoadError(errorMessage(error)));
  }, []);

  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      const problem = csvProblem(file);
      if (problem || !file) return { message: INVALID_FORM, fields: { file: [problem ?? 'Choisissez un fichier.'] } };
      const checked = await api.checkPlaceImport(file);
      navigate(`/import-lieux/${checked.id}`, {
        state: {
          flash: 'Le fichier est vérifié. Aucun lieu n’est encore écrit : lisez le rapport, puis appliquez ou abandonnez l’import.',
        },
      });
    },
    (error) => {
      const { message } = toFormErrors(error, UPLOAD_MESSAGES, placeProblem);
      return { message: `Le fichier n’a pas pu être vérifié. ${message}`, fields: { file: [message] } };
    },
  );

  return (
    <Page title="Import de lieux">
      <p>
        Importez un fichier CSV au standard national des lieux de médiation numérique, par exemple un extrait de la cartographie nationale.
        Rien n’est écrit à l’envoi : la plateforme lit tout le fichier et vous montre son rapport, ligne par ligne ; vous appliquez ensuite
        l’import, ou l’abandonnez. Un lieu importé n’est jamais qualifié, et n’est rattaché à aucune organisation.
      </p>
      <section className="panel" aria-labelledby="titre-envoi">
        <h2 id="titre-envoi">Vérifier un fichier</h2>
        <ErrorSummary errors={errors} fields={{ file: { id: 'import-fichier', label: 'Fichier CSV' } }} />
        <form onSubmit={onSubmit} noValidate>
          <TextField
            id="import-fichier"
            label="Fichier CSV"
            hint="Encodé en UTF-8, colonnes séparées par des virgules, avec la ligne d’en-tête du standard national (id, pivot, nom, commune, code_postal, adresse, date_maj…). 40 Mo au plus."
            type="file"
            accept=".csv,text/csv"
            errors={errors?.fields.file}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <button type="submit" className="button" disabled={pending}>
            {pending ? 'Vérification en cours…' : 'Vérifier le fichier'}
          </button>
        </form>
      </section>

      <section aria-labelledby="titre-imports">
        <h2 id="titre-imports">Derniers imports</h2>
        <ErrorMessage message={loadError} />
        {imports === null ? (
          loadError ? null : (
            <p>Chargement des imports…</p>
          )
        ) : imports.length === 0 ? (
          <p>Aucun import pour le moment.</p>
        ) : (
          <DataTable caption={`${plural(imports.length, 'import')}, le plus récent en premier`} wide>
            <thead>
              <tr>
                <th scope="col">Fichier</th>
                <th scope="col">Vérifié le</th>
                <th scope="col">État</th>
                <th scope="col">Lignes valides</th>
                <th scope="col">Résultat</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((placeImport) => (
                <tr key={placeImport.id}>
                  <th scope="row" className="cell--name">
                    <Link href={`/import-lieux/${placeImport.id}`}>
                      {placeImport.fileName}
                      <span className="visually-hidden"> : rapport du {formatDateTime(placeImport.createdAt)}</span>
                    </Link>
                  </th>
                  <td className="nowrap">{formatDateTime(placeImport.createdAt)}</td>
                  <td>{IMPORT_STATUS_LABELS[placeImport.status]}</td>
                  <td className="nowrap">
                    {placeImport.validRowCount} sur {placeImport.rowCount}
                  </td>
                  <td>
                    {placeImport.status === 'applied'
                      ? `${plural(placeImport.createdCount ?? 0, 'créé')}, ${plural(placeImport.updatedCount ?? 0, 'mis à jour', 'mis à jour')}`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
    </Page>
  );
}
