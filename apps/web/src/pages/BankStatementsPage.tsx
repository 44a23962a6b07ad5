import { useCallback, useEffect, useState } from 'react';
import { type BankFileImport, type BankStatementEntry, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { formatFileSize } from '../documents';
import { INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { formatDateTime, formatDay, formatEuros, plural } from '../labels';
import { useSubmit } from '../useSubmit';

const MAX_FILE_BYTES = 25 * 1024 * 1024;
const TOO_LARGE = 'Le fichier dépasse 25 Mo : demandez à la banque des relevés plus courts (par exemple un par jour).';

const KIND_LABELS: Record<string, string> = {
  'camt.053': 'Relevé de compte (camt.053)',
  'camt.054': 'Avis de débit ou de crédit (camt.054)',
  'pain.002': 'Compte rendu de virements (pain.002)',
};

/** How the API's refusals of a bank file read here (413, 415, 400). */
const UPLOAD_MESSAGES: Record<string, string> = {
  payload_too_large: TOO_LARGE,
  unsupported_media_type: 'Le fichier doit être un fichier XML de la banque (camt.053, camt.054 ou pain.002).',
  validation_failed:
    'Le fichier n’est pas un relevé lisible : vérifiez qu’il s’agit bien d’un camt.053, camt.054 (version 001.08) ou pain.002 (version 001.03).',
};

function fileProblem(file: File | null): string | null {
  if (!file) return 'Choisissez un fichier.';
  if (!/\.xml$/i.test(file.name) && !/xml/.test(file.type)) return 'Le fichier doit être un fichier XML (nom se terminant par .xml).';
  if (file.size > MAX_FILE_BYTES) return `Le fichier pèse ${formatFileSize(file.size)}. ${TOO_LARGE}`;
  if (file.size === 0) return 'Le fichier est vide.';
  return null;
}

function importResult(file: BankFileImport): string {
  if (file.alreadyImported) return 'Ce fichier avait déjà été importé : rien n’a changé.';
  return `${plural(file.applied, 'virement rapproché', 'virements rapprochés')}, ${plural(file.unmatched, 'mouvement à examiner', 'mouvements à examiner')}.`;
}

/** "/releves-bancaires": the operator imports the bank's files; each transfer is reconciled by its reference, the rest waits here. */
export function BankStatementsPage({ canImport }: { canImport: boolean }) {
  const [files, setFiles] = useState<BankFileImport[] | null>(null);
  const [entries, setEntries] = useState<BankStatementEntry[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const load = useCallback(() => {
    Promise.all([api.bankFiles(), api.unmatchedBankEntries()]).then(
      ([loadedFiles, loadedEntries]) => {
        setFiles(loadedFiles);
        setEntries(loadedEntries);
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, []);
  useEffect(load, [load]);

  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      const problem = fileProblem(file);
      if (problem || !file) return { message: INVALID_FORM, fields: { file: [problem ?? 'Choisissez un fichier.'] } };
      const imported = await api.importBankFile(file);
      setResult(`${imported.fileName} : ${importResult(imported)}`);
      load();
    },
    (error) => {
      const { message } = toFormErrors(error, UPLOAD_MESSAGES);
      return { message: `Le fichier n’a pas pu être importé. ${message}`, fields: { file: [message] } };
    },
  );

  return (
    <Page title="Relevés bancaires">
      <p>
        Importez les fichiers de la banque : chaque virement est retrouvé par sa référence et enregistré payé à la date de la banque, ou
        rejeté avec le motif de la banque. Un lieu dont le virement est rejeté pour une raison liée à son compte est prévenu, et son RIB
        repasse « à vérifier ». Importer deux fois le même fichier ne change rien.
      </p>
      {canImport ? (
        <section className="panel" aria-labelledby="titre-import">
          <h2 id="titre-import">Importer un fichier de la banque</h2>
          <ErrorSummary errors={errors} fields={{ file: { id: 'releve-fichier', label: 'Fichier de la banque' } }} />
          {result ? (
            <p role="status" className="notice">
              {result}
            </p>
          ) : null}
          <form onSubmit={onSubmit} noValidate>
            <TextField
              id="releve-fichier"
              label="Fichier de la banque"
              hint="Relevé camt.053 ou avis camt.054 (version 001.08), ou compte rendu pain.002 (version 001.03), au format XML. 25 Mo au plus."
              type="file"
              accept=".xml,application/xml,text/xml"
              errors={errors?.fields.file}
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
            <button type="submit" className="button" disabled={pending}>
              {pending ? 'Import en cours…' : 'Importer le fichier'}
            </button>
          </form>
        </section>
      ) : null}

      <ErrorMessage message={loadError} />
      <section aria-labelledby="titre-a-examiner">
        <h2 id="titre-a-examiner">Mouvements à examiner</h2>
        {entries === null ? (
          loadError ? null : (
            <p>Chargement des mouvements…</p>
          )
        ) : entries.length === 0 ? (
          <p>Aucun mouvement à examiner : tout est rapproché.</p>
        ) : (
          <DataTable caption={`${plural(entries.length, 'mouvement')} sans virement correspondant, le plus ancien en premier`} wide>
            <thead>
              <tr>
                <th scope="col">Date de la banque</th>
                <th scope="col">Montant</th>
                <th scope="col">Références</th>
                <th scope="col">Pourquoi</th>
                {canImport ? <th scope="col">Traitement</th> : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{formatDay(entry.bookingDate)}</td>
                  <td className="nowrap">
                    {entry.amountCents === null ? '—' : `${entry.outcome === 'paid' ? '−' : '+'} ${formatEuros(entry.amountCents)}`}
                  </td>
                  <td>
                    Banque : {entry.bankReference}
                    {entry.endToEndId ? (
                      <>
                        <br />
                        Virement : {entry.endToEndId}
                      </>
                    ) : null}
                    {entry.information ? (
                      <>
                        <br />
                        {entry.information}
                      </>
                    ) : null}
                    <br />
                    <span className="hint">Fichier : {entry.fileName}</span>
                  </td>
                  <td>
                    {entry.problem}
                    {entry.reasonCode ? (
                      <>
                        <br />
                        Motif de la banque : {entry.reasonCode} — {entry.reasonLabel}
                      </>
                    ) : null}
                  </td>
                  {canImport ? (
                    <td>
                      <HandleForm entry={entry} onHandled={load} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      <section aria-labelledby="titre-fichiers">
        <h2 id="titre-fichiers">Derniers fichiers importés</h2>
        {files === null ? null : files.length === 0 ? (
          <p>Aucun fichier importé pour le moment.</p>
        ) : (
          <DataTable caption={`${plural(files.length, 'fichier')}, le plus récent en premier`} wide>
            <thead>
              <tr>
                <th scope="col">Fichier</th>
                <th scope="col">Type</th>
                <th scope="col">Importé le</th>
                <th scope="col">Résultat</th>
              </tr>
            </thead>
            <tbody>
              {files.map((imported) => (
                <tr key={imported.id}>
                  <th scope="row" className="cell--name">
                    {imported.fileName}
                  </th>
                  <td>{KIND_LABELS[imported.kind] ?? imported.kind}</td>
                  <td className="nowrap">{formatDateTime(imported.importedAt)}</td>
                  <td>{importResult({ ...imported, alreadyImported: false })}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
    </Page>
  );
}

/** One unmatched entry marked handled, with what was done. */
function HandleForm({ entry, onHandled }: { entry: BankStatementEntry; onHandled: () => void }) {
  const [note, setNote] = useState('');
  const id = `traitement-${entry.id}`;
  const { errors, pending, onSubmit } = useSubmit(
    async () => {
      if (!note.trim()) return { message: INVALID_FORM, fields: { note: ['Indiquez ce qui a été fait.'] } };
      await api.handleBankEntry(entry.id, note.trim());
      onHandled();
    },
    (error) => {
      const { message, fields } = toFormErrors(error);
      return { message, fields: { note: fields.note ?? [message] } };
    },
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <TextField
        id={id}
        label={`Ce qui a été fait (${entry.bankReference})`}
        value={note}
        maxLength={500}
        errors={errors?.fields.note}
        onChange={(event) => setNote(event.target.value)}
      />
      <button type="submit" className="button button--secondary" disabled={pending}>
        Marquer comme traité
      </button>
    </form>
  );
}
