import { useEffect, useRef, useState } from 'react';
import { type ImportProblem, type PlaceImport, type PlaceImportStatus, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ItemLoading } from '../components/ItemLoading';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { SummaryList } from '../components/SummaryList';
import { errorMessage } from '../forms';
import { formatDateTime, plural } from '../labels';
import { PLACE_FIELD_LABELS, placeProblem } from '../place-fields';
import { Link, navigationState } from '../router';

export const IMPORT_STATUS_LABELS: Record<PlaceImportStatus, string> = {
  checked: 'Vérifié, en attente de votre décision',
  applied: 'Appliqué',
  discarded: 'Abandonné',
};

const BACK = { href: '/import-lieux', label: 'Retour aux imports' };
const NOT_FOUND = 'Cet import est introuvable : l’adresse est peut-être incomplète.';
/** A report can name thousands of problems: the page shows the first ones, the CSV has them all. */
const SHOWN_PROBLEMS = 200;

/** "/import-lieux/<id>": the report of a checked file, then the operator applies or discards it. */
export function PlaceImportPage({ id }: { id: string }) {
  const [placeImport, setPlaceImport] = useState<PlaceImport | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(() => navigationState().flash ?? null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const feedbackRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api.placeImport(id).then(setPlaceImport, (error: unknown) => setLoadError(errorMessage(error, { not_found: NOT_FOUND })));
  }, [id]);

  async function decide(action: 'apply' | 'discard'): Promise<void> {
    if (pending) return;
    setPending(true);
    try {
      const updated = action === 'apply' ? await api.applyPlaceImport(id) : await api.discardPlaceImport(id);
      setPlaceImport(updated);
      setActionError(null);
      setStatus(
        action === 'apply'
          ? `L’import est appliqué : ${plural(updated.createdCount ?? 0, 'lieu créé', 'lieux créés')}, ${plural(updated.updatedCount ?? 0, 'lieu mis à jour', 'lieux mis à jour')}. Ils ne sont pas qualifiés : rattachez chacun à son organisation depuis « Lieux gérés ».`
          : 'L’import est abandonné : aucun lieu n’a été écrit.',
      );
    } catch (error) {
      setStatus(null);
      setActionError(errorMessage(error));
      await api.placeImport(id).then(setPlaceImport, () => undefined);
    } finally {
      setPending(false);
      window.setTimeout(() => feedbackRef.current?.focus(), 0);
    }
  }

  if (!placeImport) {
    return <ItemLoading title="Rapport d’import" loading="Chargement du rapport…" loadError={loadError} back={BACK} />;
  }

  const fileProblems = placeImport.problems.filter((problem) => problem.line <= 1);
  const rowProblems = placeImport.problems.filter((problem) => problem.line > 1);
  const refusedRows = new Set(rowProblems.map((problem) => problem.line)).size;

  return (
    <Page title={`Rapport d’import — ${placeImport.fileName}`}>
      <p>
        <Link href={BACK.href}>{BACK.label}</Link>
      </p>
      <div ref={feedbackRef} tabIndex={-1}>
        <StatusMessage message={status} />
        <ErrorMessage message={actionError} />
      </div>
      <SummaryList
        facts={[
          ['État', IMPORT_STATUS_LABELS[placeImport.status]],
          ['Vérifié le', formatDateTime(placeImport.createdAt)],
          ['Lignes de lieux', placeImport.rowCount.toLocaleString('fr-FR')],
          [
            placeImport.status === 'applied' ? 'Lignes écrites' : 'Lignes valides, à écrire',
            placeImport.validRowCount.toLocaleString('fr-FR'),
          ],
          ['Lignes refusées', refusedRows.toLocaleString('fr-FR')],
          placeImport.status === 'applied'
            ? [
                'Résultat',
                `${plural(placeImport.createdCount ?? 0, 'lieu créé', 'lieux créés')}, ${plural(placeImport.updatedCount ?? 0, 'lieu mis à jour', 'lieux mis à jour')}, le ${formatDateTime(placeImport.appliedAt)}`,
              ]
            : null,
        ]}
      />

      {fileProblems.length > 0 ? (
        <div className="notice notice--warning">
          <p>
            <strong>Le fichier lui-même ne peut pas être importé.</strong> Corrigez-le, puis importez-le à nouveau :
          </p>
          <ul>
            {fileProblems.map((problem) => (
              <li key={`${problem.field}-${problem.problem}`}>
                {problem.field ? `${fieldName(problem.field)} : ` : ''}
                {placeProblem(problem.problem)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {placeImport.status === 'checked' ? (
        <section className="panel" aria-labelledby="titre-decision">
          <h2 id="titre-decision">Votre décision</h2>
          <p>
            {placeImport.canApply
              ? `Appliquer écrit les ${plural(placeImport.validRowCount, 'ligne valide', 'lignes valides')} en une fois : les lieux nouveaux sont créés, ceux déjà connus (même id, ou même SIRET) sont mis à jour. Les lignes refusées ne sont pas écrites.`
              : 'Cet import ne peut pas être appliqué : aucune ligne n’est valide, ou le fichier lui-même pose problème. Abandonnez-le et importez un fichier corrigé.'}
          </p>
          <div className="actions">
            {placeImport.canApply ? (
              <button type="button" className="button" disabled={pending} onClick={() => void decide('apply')}>
                Appliquer l’import
              </button>
            ) : null}
            <button type="button" className="button button--secondary" disabled={pending} onClick={() => void decide('discard')}>
              Abandonner l’import
            </button>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="titre-problemes">
        <h2 id="titre-problemes">Lignes refusées</h2>
        <p>
          <a href={api.placeImportReportUrl(placeImport.id)} download>
            Télécharger le rapport complet (CSV : ligne, champ, problème)
          </a>
        </p>
        {rowProblems.length === 0 ? <p>Aucune ligne refusée.</p> : <ProblemTable problems={rowProblems} />}
      </section>
    </Page>
  );
}

/** "Code postal (code_postal)": the French name and the file's column. */
function fieldName(field: string): string {
  const label = PLACE_FIELD_LABELS[field];
  return label && label !== field ? `${label} (${field})` : field;
}

function ProblemTable({ problems }: { problems: ImportProblem[] }) {
  const shown = problems.slice(0, SHOWN_PROBLEMS);
  return (
    <>
      {problems.length > shown.length ? (
        <p>
          Les {shown.length} premiers problèmes sur {problems.length.toLocaleString('fr-FR')} : le rapport CSV les contient tous.
        </p>
      ) : null}
      <DataTable caption={`${plural(problems.length, 'problème')}, par ligne du fichier`} wide>
        <thead>
          <tr>
            <th scope="col">Ligne</th>
            <th scope="col">Champ</th>
            <th scope="col">Problème</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((problem, index) => (
            <tr key={index}>
              <th scope="row">{problem.line}</th>
              <td>{problem.field ? fieldName(problem.field) : 'Toute la ligne'}</td>
              <td>{placeProblem(problem.problem)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
