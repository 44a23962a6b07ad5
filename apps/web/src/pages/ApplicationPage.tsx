import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  type CriterionAnswer,
  type CriterionScore,
  type Me,
  type QualificationApplication,
  type QualificationCriterion,
  type QualificationDecision,
  type QualificationEvidence,
  type QualificationOutcome,
  type QualificationReferential,
  type RenewalReminders,
  api,
} from '../api';
import { CriterionFacts } from '../components/CriterionFacts';
import { PlaceRatingsFacts } from '../components/PlaceRatingsFacts';
import { RenewalBanner } from '../components/RenewalBanner';
import { DOCUMENT_ACCEPT, DOCUMENT_HINT, DOCUMENT_TYPES, documentProblem, formatFileSize } from '../documents';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { RadioGroup, SelectField, TextAreaField } from '../components/FormField';
import { Page } from '../components/Page';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, INVALID_FORM, errorMessage } from '../forms';
import { formatDateTime, formatDay, plural } from '../labels';
import {
  APPLICATION_STATUS_LABELS,
  EDITABLE_STATUSES,
  OUTCOME_LABELS,
  OUTCOME_RESULTS,
  criterionKindLabel,
  toQualificationErrors,
} from '../qualification-labels';
import { Link } from '../router';
import { summariseScores } from '../shared-domain';

const DECIDED = ['qualified', 'changes_requested', 'rejected'];

/** One application: the place's form while it can change it, the reviewer's screen once sent, else a read-only view. */
export function ApplicationPage({ me, id }: { me: Me; id: string }) {
  const [application, setApplication] = useState<QualificationApplication | null>(null);
  const [referential, setReferential] = useState<QualificationReferential | null>(null);
  const [decision, setDecision] = useState<QualificationDecision | null>(null);
  const [renewals, setRenewals] = useState<RenewalReminders | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  /** The place agent's banner: the place's qualification ending soon, and where its renewal stands. */
  const refreshRenewals = useCallback(
    (placeId: string) => {
      if (me.role === 'place_agent') api.renewals(placeId).then(setRenewals, () => setRenewals(null));
    },
    [me.role],
  );

  const load = useCallback(async () => {
    const found = await api.application(id);
    const [criteria, history] = await Promise.all([
      api.qualificationReferential(found.referentialVersion),
      DECIDED.includes(found.status) || found.status === 'submitted' ? api.placeQualificationHistory(found.placeId) : null,
    ]);
    const decisions = (history?.decisions ?? []).filter((item) => item.applicationId === id);
    decisions.sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
    setApplication(found);
    setReferential(criteria);
    setDecision(decisions[0] ?? null);
    refreshRenewals(found.placeId);
  }, [id, refreshRenewals]);

  useEffect(() => {
    load().catch((error: unknown) => setLoadError(errorMessage(error)));
  }, [load]);

  /** After an action that changes the page's form: say so, and keep the keyboard focus near the message. */
  function done(message: string, focus = false): void {
    setStatus(message);
    if (focus) window.setTimeout(() => statusRef.current?.focus(), 0);
  }

  const kind = application?.renewalOfDecisionId ? 'Demande de renouvellement' : 'Demande de qualification';
  const title = application ? `${kind} — ${application.placeName}` : kind;
  const editable = application && me.role === 'place_agent' && EDITABLE_STATUSES.includes(application.status);
  const reviewing = application && me.role === 'operator_reviewer' && application.status === 'submitted';
  const backLink =
    me.role === 'place_agent'
      ? { href: '/lieux-geres', label: 'Retour à mes lieux' }
      : { href: '/qualification', label: 'Retour aux demandes à examiner' };

  return (
    <Page title={title}>
      <p>
        <Link href={backLink.href}>{backLink.label}</Link>
      </p>
      <ErrorMessage message={loadError} />
      <StatusMessage message={status} ref={statusRef} />
      <RenewalBanner reminders={renewals} currentApplicationId={id} />
      {application === null || referential === null ? (
        loadError ? null : (
          <p>Chargement de la demande…</p>
        )
      ) : (
        <>
          <dl className="summary-list">
            <div>
              <dt>Statut</dt>
              <dd>
                <span className={`status-tag status-tag--${application.status}`}>{APPLICATION_STATUS_LABELS[application.status]}</span>
              </dd>
            </div>
            <div>
              <dt>Référentiel</dt>
              <dd>
                version {referential.version} : seuil de réussite {referential.passThresholdPercent} %, qualification valable{' '}
                {referential.validityMonths} mois
              </dd>
            </div>
            <div>
              <dt>Type de demande</dt>
              <dd>
                {application.renewal
                  ? `Renouvellement de la qualification valable jusqu’au ${formatDay(application.renewal.decision.validUntil)}`
                  : 'Première demande'}
              </dd>
            </div>
            <div>
              <dt>Envoyée le</dt>
              <dd>{formatDateTime(application.submittedAt)}</dd>
            </div>
          </dl>

          {decision ? <DecisionPanel decision={decision} referential={referential} /> : null}
          {application.renewal ? <RenewedDecisionPanel renewed={application.renewal.decision} /> : null}

          {/* The beneficiaries' word feeds the review and the renewal of the qualification. */}
          <section aria-labelledby="titre-avis" className="panel">
            <h2 id="titre-avis">Avis des personnes accompagnées</h2>
            <PlaceRatingsFacts placeId={application.placeId} />
          </section>

          {editable ? (
            <AnswersForm
              application={application}
              referential={referential}
              decision={decision}
              renewed={application.renewal ?? null}
              onChange={setApplication}
              onDone={done}
              onSubmitted={(updated) => {
                setApplication(updated);
                refreshRenewals(updated.placeId);
                done('Votre demande est envoyée. Un relecteur de l’opérateur va l’examiner ; vous serez informé·e de sa décision.', true);
              }}
            />
          ) : reviewing ? (
            <ReviewForm
              application={application}
              referential={referential}
              renewed={application.renewal?.decision ?? null}
              onDecided={(made) => {
                setDecision(made);
                setApplication({ ...application, status: made.outcome });
                done(`Décision enregistrée : ${OUTCOME_RESULTS[made.outcome]} (score ${made.scorePercent} %).`, true);
              }}
            />
          ) : (
            <section aria-labelledby="titre-reponses">
              <h2 id="titre-reponses">Réponses du lieu</h2>
              {application.status === 'submitted' && me.role === 'place_agent' ? (
                <p className="notice">Votre demande est en cours d’examen par l’opérateur : elle ne peut plus être modifiée.</p>
              ) : null}
              {referential.criteria.map((criterion) => (
                <div className="panel" key={criterion.code}>
                  <CriterionDescription criterion={criterion} level={3} />
                  <AnswerView application={application} criterion={criterion} />
                  <ScoreView decision={decision} criterion={criterion} />
                </div>
              ))}
            </section>
          )}
        </>
      )}
    </Page>
  );
}

function CriterionDescription({ criterion, level }: { criterion: QualificationCriterion; level: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <>
      <Heading>
        {criterion.title} <span className="muted">({criterionKindLabel(criterion)})</span>
      </Heading>
      <CriterionFacts criterion={criterion} />
    </>
  );
}

function EvidenceList({ application, criterion }: { application: QualificationApplication; criterion: QualificationCriterion }) {
  const files = application.evidence.filter((item) => item.criterionCode === criterion.code);
  if (files.length === 0) return <p className="muted">Aucun fichier joint.</p>;
  return (
    <ul>
      {files.map((file) => (
        <li key={file.id}>
          <a href={api.evidenceUrl(application.id, file.id)} download={file.fileName}>
            {file.fileName}
          </a>{' '}
          <span className="muted">
            ({DOCUMENT_TYPES[file.contentType] ?? file.contentType}, {formatFileSize(file.sizeBytes)}, joint le{' '}
            {formatDateTime(file.uploadedAt)})
          </span>
        </li>
      ))}
    </ul>
  );
}

function AnswerView({ application, criterion }: { application: QualificationApplication; criterion: QualificationCriterion }) {
  const answer = application.answers.find((item) => item.criterionCode === criterion.code);
  return (
    <>
      <h4>Réponse du lieu</h4>
      {answer?.text ? <p className="answer-text">{answer.text}</p> : <p className="muted">Pas de réponse.</p>}
      {answer && answer.links.length > 0 ? (
        <>
          <h4>Liens</h4>
          <ul>
            {answer.links.map((link) => (
              <li key={link}>
                <a href={link} rel="noopener noreferrer" target="_blank">
                  {link}
                  <span className="visually-hidden"> (nouvelle fenêtre)</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>Fichiers joints</h4>
      <EvidenceList application={application} criterion={criterion} />
    </>
  );
}

function scoreText(score: CriterionScore | undefined, criterion: QualificationCriterion, maxScore = 3): string | null {
  if (!score) return null;
  if (criterion.kind === 'mandatory') return score.met ? 'Critère rempli' : 'Critère non rempli';
  return `Note : ${score.score ?? '—'} sur ${maxScore}`;
}

function ScoreView({ decision, criterion }: { decision: QualificationDecision | null; criterion: QualificationCriterion }) {
  const score = decision?.scores.find((item) => item.criterionCode === criterion.code);
  const text = scoreText(score, criterion);
  if (!text) return null;
  return (
    <>
      <h4>Évaluation du relecteur</h4>
      <p>
        {text}
        {score?.comment ? ` — ${score.comment}` : null}
      </p>
    </>
  );
}

function DecisionPanel({ decision, referential }: { decision: QualificationDecision; referential: QualificationReferential }) {
  return (
    <section className={decision.outcome === 'qualified' ? 'notice notice--success' : 'notice'} aria-labelledby="titre-decision">
      <h2 id="titre-decision">Décision du {formatDateTime(decision.decidedAt)}</h2>
      <p>
        <strong>
          {decision.outcome === 'qualified'
            ? `Le lieu est qualifié jusqu'au ${formatDay(decision.validUntil)}.`
            : decision.outcome === 'changes_requested'
              ? 'Des compléments sont demandés : modifiez les réponses puis renvoyez la demande.'
              : 'La demande est refusée.'}
        </strong>{' '}
        Score : {decision.scorePercent} % (seuil de réussite : {referential.passThresholdPercent} %).
      </p>
      <p>Motivation : {decision.motivation}</p>
    </section>
  );
}

/** A renewal: the qualification it renews, for the place and the reviewer. */
function RenewedDecisionPanel({ renewed }: { renewed: QualificationDecision }) {
  return (
    <section className="panel" aria-labelledby="titre-qualification-renouvelee">
      <h2 id="titre-qualification-renouvelee">Dernière qualification</h2>
      <p>
        Cette demande renouvelle la qualification accordée le {formatDateTime(renewed.decidedAt)}, valable du {formatDay(renewed.validFrom)}{' '}
        au {formatDay(renewed.validUntil)} (référentiel version {renewed.referentialVersion}, score {renewed.scorePercent} %). Accordé avant
        cette date, le renouvellement prend la suite dès le lendemain ; après, il court à partir de la décision.
      </p>
      <p>Motivation de cette décision : {renewed.motivation}</p>
      <p>
        <Link href={`/qualification/${renewed.applicationId}`}>Voir la demande qualifiée alors</Link>
      </p>
    </section>
  );
}

/** A previous mark of a criterion, as a fact of its description. */
function PreviousScore({
  label,
  decision,
  criterion,
  maxScore,
}: {
  label: string;
  decision: QualificationDecision | null;
  criterion: QualificationCriterion;
  maxScore: number;
}) {
  const score = decision?.scores.find((item) => item.criterionCode === criterion.code);
  if (!score) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {scoreText(score, criterion, maxScore)}
        {score.comment ? ` — ${score.comment}` : null}
      </dd>
    </div>
  );
}

/** "une URL par ligne" → the non-empty lines. */
function parseLinks(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

interface AnswerDraft {
  text: string;
  links: string;
}

function AnswersForm({
  application,
  referential,
  decision,
  renewed,
  onChange,
  onDone,
  onSubmitted,
}: {
  application: QualificationApplication;
  referential: QualificationReferential;
  decision: QualificationDecision | null;
  renewed: QualificationApplication['renewal'] | null;
  onChange: (application: QualificationApplication) => void;
  onDone: (message: string) => void;
  onSubmitted: (application: QualificationApplication) => void;
}) {
  const criteria = referential.criteria;
  const [drafts, setDrafts] = useState<Record<string, AnswerDraft>>(() =>
    Object.fromEntries(
      criteria.map((criterion) => {
        const answer = application.answers.find((item) => item.criterionCode === criterion.code);
        return [criterion.code, { text: answer?.text ?? '', links: (answer?.links ?? []).join('\n') }];
      }),
    ),
  );
  const [files, setFiles] = useState<Record<string, File | null>>({});
  const [fileInputKeys, setFileInputKeys] = useState<Record<string, number>>({});
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);

  const fields: FieldMap = Object.fromEntries(
    criteria.flatMap((criterion) => [
      [`reponse-${criterion.code}`, { id: `reponse-${criterion.code}`, label: `${criterion.title} : réponse` }],
      [`liens-${criterion.code}`, { id: `liens-${criterion.code}`, label: `${criterion.title} : liens` }],
      [`fichier-${criterion.code}`, { id: `fichier-${criterion.code}`, label: `${criterion.title} : fichier` }],
    ]),
  );

  function answers(): CriterionAnswer[] {
    return criteria.map((criterion) => ({
      criterionCode: criterion.code,
      text: drafts[criterion.code].text.trim(),
      links: parseLinks(drafts[criterion.code].links),
    }));
  }

  function fieldOf(sent: CriterionAnswer[]) {
    return (field: string, problem: string): string => {
      const nested = /^answers\.(\d+)\.(\w+)/.exec(field);
      if (nested) {
        const code = sent[Number(nested[1])]?.criterionCode ?? '';
        return nested[2] === 'links' ? `liens-${code}` : `reponse-${code}`;
      }
      const byCode = /^answers\.([^.]+)$/.exec(field);
      if (byCode) return /link/.test(problem) ? `liens-${byCode[1]}` : `reponse-${byCode[1]}`;
      return field;
    };
  }

  async function save(andSubmit: boolean): Promise<void> {
    setBusy(true);
    setErrors(null);
    const sent = answers();
    try {
      const saved = await api.saveAnswers(application.id, sent);
      if (!andSubmit) {
        onChange(saved);
        onDone('Vos réponses sont enregistrées. Vous pourrez les compléter plus tard avant d’envoyer la demande.');
        return;
      }
      onSubmitted(await api.submitApplication(application.id));
    } catch (error) {
      setErrors(toQualificationErrors(error, criteria, fieldOf(sent), { validation_failed: INVALID_FORM }));
    } finally {
      setBusy(false);
    }
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void save(submitter?.value === 'envoyer');
  }

  async function attach(criterion: QualificationCriterion): Promise<void> {
    const file = files[criterion.code];
    const field = `fichier-${criterion.code}`;
    const local = documentProblem(file);
    if (local || !file) {
      setErrors({ message: INVALID_FORM, fields: { [field]: [local ?? 'Choisissez un fichier.'] } });
      return;
    }
    setBusy(true);
    setErrors(null);
    try {
      const added: QualificationEvidence = await api.addEvidence(application.id, criterion.code, file);
      onChange({ ...application, evidence: [...application.evidence, added] });
      setFiles((current) => ({ ...current, [criterion.code]: null }));
      setFileInputKeys((current) => ({ ...current, [criterion.code]: (current[criterion.code] ?? 0) + 1 }));
      onDone(`Le fichier « ${added.fileName} » est joint au critère « ${criterion.title} ».`);
    } catch (error) {
      const formErrors = toQualificationErrors(error, criteria, () => field);
      // Errors without a field (too large, wrong type) still belong to this file input.
      if (Object.keys(formErrors.fields).length === 0) formErrors.fields[field] = [formErrors.message];
      setErrors({ ...formErrors, message: `Le fichier n’a pas pu être joint. ${formErrors.message}` });
    } finally {
      setBusy(false);
    }
  }

  async function reattach(criterion: QualificationCriterion, file: QualificationEvidence): Promise<void> {
    setBusy(true);
    setErrors(null);
    try {
      const added = await api.reattachEvidence(application.id, file.id);
      onChange({ ...application, evidence: [...application.evidence, added] });
      onDone(`Le fichier « ${added.fileName} » de la dernière qualification est joint à nouveau au critère « ${criterion.title} ».`);
    } catch (error) {
      setErrors(toQualificationErrors(error, criteria, () => `fichier-${criterion.code}`));
    } finally {
      setBusy(false);
    }
  }

  /** The files of the renewed qualification for this criterion, not attached again yet. */
  function earlierFiles(criterion: QualificationCriterion): QualificationEvidence[] {
    return (renewed?.evidence ?? []).filter(
      (file) =>
        file.criterionCode === criterion.code &&
        !application.evidence.some((own) => own.criterionCode === criterion.code && own.sha256 === file.sha256),
    );
  }

  function setDraft(code: string, change: Partial<AnswerDraft>): void {
    setDrafts((current) => ({ ...current, [code]: { ...current[code], ...change } }));
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-labelledby="titre-formulaire">
      <h2 id="titre-formulaire">Vos réponses aux critères</h2>
      <p>
        Répondez à chaque critère : décrivez ce que fait votre lieu et joignez les justificatifs attendus. Enregistrez quand vous voulez ;
        une fois la demande envoyée pour examen, elle ne peut plus être modifiée, sauf si l’opérateur demande des compléments.
      </p>
      <ErrorSummary errors={errors} fields={fields} />
      {criteria.map((criterion) => {
        const errorsOf = (key: string) => errors?.fields[`${key}-${criterion.code}`];
        const earlier = renewed ? earlierFiles(criterion) : [];
        return (
          <fieldset className="panel" key={criterion.code} aria-labelledby={`titre-critere-${criterion.code}`}>
            <h3 id={`titre-critere-${criterion.code}`}>
              {criterion.title} <span className="muted">({criterionKindLabel(criterion)})</span>
            </h3>
            <CriterionFacts criterion={criterion}>
              <PreviousScore label="Évaluation précédente" decision={decision} criterion={criterion} maxScore={referential.maxScore} />
              <PreviousScore
                label="Évaluation à la dernière qualification"
                decision={renewed?.decision ?? null}
                criterion={criterion}
                maxScore={referential.maxScore}
              />
            </CriterionFacts>
            <TextAreaField
              id={`reponse-${criterion.code}`}
              label="Votre réponse"
              rows={4}
              maxLength={5000}
              errors={errorsOf('reponse')}
              value={drafts[criterion.code].text}
              onChange={(event) => setDraft(criterion.code, { text: event.target.value })}
            />
            <TextAreaField
              id={`liens-${criterion.code}`}
              label="Liens (facultatif)"
              hint="Une adresse par ligne, commençant par https://, par exemple la page de vos horaires."
              rows={2}
              spellCheck={false}
              errors={errorsOf('liens')}
              value={drafts[criterion.code].links}
              onChange={(event) => setDraft(criterion.code, { links: event.target.value })}
            />
            <h4>Fichiers joints</h4>
            <EvidenceList application={application} criterion={criterion} />
            {renewed && earlier.length > 0 ? (
              <>
                <h4>Justificatifs de la dernière qualification</h4>
                <ul>
                  {earlier.map((file) => (
                    <li key={file.id}>
                      <a href={api.evidenceUrl(renewed.decision.applicationId, file.id)} download={file.fileName}>
                        {file.fileName}
                      </a>{' '}
                      <span className="muted">
                        ({DOCUMENT_TYPES[file.contentType] ?? file.contentType}, {formatFileSize(file.sizeBytes)})
                      </span>{' '}
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={busy}
                        onClick={() => void reattach(criterion, file)}
                      >
                        Joindre à nouveau
                        <span className="visually-hidden">
                          {' '}
                          « {file.fileName} » au critère « {criterion.title} »
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <div className={errorsOf('fichier')?.length ? 'field field--invalid' : 'field'}>
              <label htmlFor={`fichier-${criterion.code}`}>Ajouter un justificatif (facultatif)</label>
              <p className="hint" id={`fichier-${criterion.code}-aide`}>
                {DOCUMENT_HINT}
              </p>
              {errorsOf('fichier')?.length ? (
                <p className="field-error" id={`fichier-${criterion.code}-erreur`}>
                  <span className="visually-hidden">Erreur : </span>
                  {errorsOf('fichier')?.join(' ')}
                </p>
              ) : null}
              <input
                key={fileInputKeys[criterion.code] ?? 0}
                id={`fichier-${criterion.code}`}
                type="file"
                accept={DOCUMENT_ACCEPT}
                aria-invalid={errorsOf('fichier')?.length ? true : undefined}
                aria-describedby={`fichier-${criterion.code}-aide${errorsOf('fichier')?.length ? ` fichier-${criterion.code}-erreur` : ''}`}
                onChange={(event) => {
                  const chosen = event.target.files?.[0] ?? null;
                  setFiles((current) => ({ ...current, [criterion.code]: chosen }));
                }}
              />
              <p>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={busy}
                  onClick={() => void attach(criterion)}
                >
                  Joindre le fichier<span className="visually-hidden"> au critère « {criterion.title} »</span>
                </button>
              </p>
            </div>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="submit" name="action" value="enregistrer" className="button button--secondary" disabled={busy}>
          Enregistrer
        </button>
        <button type="submit" name="action" value="envoyer" className="button" disabled={busy}>
          Envoyer pour examen
        </button>
      </div>
    </form>
  );
}

interface Mark {
  met: '' | 'oui' | 'non';
  score: string;
  comment: string;
}

/** The score as the reviewer marks, by the rule the decision will be checked with (criteria not yet marked count as 0 or not met). */
function LiveScore({ referential, marks }: { referential: QualificationReferential; marks: Record<string, Mark> }) {
  const scores: CriterionScore[] = referential.criteria.map((criterion) => ({
    criterionCode: criterion.code,
    met: marks[criterion.code].met === 'oui',
    score: marks[criterion.code].score === '' ? 0 : Number(marks[criterion.code].score),
    comment: '',
  }));
  const summary = summariseScores(referential, scores);
  const marked = referential.criteria.filter((criterion) =>
    criterion.kind === 'mandatory' ? marks[criterion.code].met !== '' : marks[criterion.code].score !== '',
  ).length;
  const unmet = referential.criteria.filter((criterion) => criterion.kind === 'mandatory' && marks[criterion.code].met === 'non');
  const total = referential.criteria.length;
  const verdict =
    unmet.length > 0
      ? `Le lieu ne peut pas être qualifié : critère obligatoire non rempli (${unmet.map((criterion) => `« ${criterion.title} »`).join(', ')}).`
      : marked < total
        ? `${plural(total - marked, 'critère reste', 'critères restent')} à évaluer.`
        : summary.passes
          ? 'Avec ces notes, le lieu peut être qualifié.'
          : `Avec ces notes, le score est sous le seuil de ${referential.passThresholdPercent} % : le lieu ne peut pas être qualifié.`;
  return (
    <div className="notice live-score" role="status">
      <p>
        <strong>
          Score : {summary.scorePercent} % <span className="muted">(seuil de réussite : {referential.passThresholdPercent} %)</span>
        </strong>
        <br />
        {marked} critère{marked > 1 ? 's' : ''} évalué{marked > 1 ? 's' : ''} sur {total}. {verdict}
      </p>
    </div>
  );
}

function ReviewForm({
  application,
  referential,
  renewed,
  onDecided,
}: {
  application: QualificationApplication;
  referential: QualificationReferential;
  renewed: QualificationDecision | null;
  onDecided: (decision: QualificationDecision) => void;
}) {
  const criteria = referential.criteria;
  const [marks, setMarks] = useState<Record<string, Mark>>(() =>
    Object.fromEntries(criteria.map((criterion) => [criterion.code, { met: '', score: '', comment: '' }])),
  );
  const [outcome, setOutcome] = useState<QualificationOutcome | ''>('');
  const [motivation, setMotivation] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);

  const markField = (criterion: QualificationCriterion) =>
    criterion.kind === 'mandatory' ? `rempli-${criterion.code}` : `note-${criterion.code}`;
  const fields: FieldMap = {
    ...Object.fromEntries(
      criteria.flatMap((criterion) => [
        [
          markField(criterion),
          { id: markField(criterion), label: `${criterion.title} : ${criterion.kind === 'mandatory' ? 'critère rempli' : 'note'}` },
        ],
        [`commentaire-${criterion.code}`, { id: `commentaire-${criterion.code}`, label: `${criterion.title} : commentaire` }],
      ]),
    ),
    decision: { id: 'decision', label: 'Décision' },
    motivation: { id: 'motivation', label: 'Motivation' },
  };

  function setMark(code: string, change: Partial<Mark>): void {
    setMarks((current) => ({ ...current, [code]: { ...current[code], ...change } }));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const scores: CriterionScore[] = criteria.map((criterion) => {
      const mark = marks[criterion.code];
      const comment = mark.comment.trim();
      if (criterion.kind === 'mandatory')
        return { criterionCode: criterion.code, met: mark.met === '' ? undefined : mark.met === 'oui', comment };
      return { criterionCode: criterion.code, score: mark.score === '' ? undefined : Number(mark.score), comment };
    });
    const fieldOf = (field: string): string => {
      const nested = /^scores\.(\d+)\.(\w+)/.exec(field);
      const code = nested ? scores[Number(nested[1])]?.criterionCode : /^scores\.([^.]+)$/.exec(field)?.[1];
      const criterion = criteria.find((item) => item.code === code);
      if (criterion) return nested?.[2] === 'comment' ? `commentaire-${criterion.code}` : markField(criterion);
      return field === 'outcome' ? 'decision' : field;
    };
    setBusy(true);
    setErrors(null);
    try {
      onDecided(await api.decide(application.id, { outcome, motivation: motivation.trim(), scores }));
    } catch (error) {
      setErrors(
        toQualificationErrors(error, criteria, fieldOf, {
          invalid_transition: 'Cette demande n’est plus en attente d’examen : rechargez la page pour voir son état.',
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  const scoreOptions = Array.from({ length: referential.maxScore + 1 }, (_, score) => ({
    value: String(score),
    label: score === 0 ? '0 — absent' : score === referential.maxScore ? `${score} — exemplaire` : String(score),
  }));

  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate aria-labelledby="titre-examen">
      <h2 id="titre-examen">Examen de la demande</h2>
      <p>
        Pour chaque critère, lisez la réponse et les justificatifs du lieu, puis dites si le critère obligatoire est rempli ou donnez une
        note de 0 à {referential.maxScore}. Le lieu ne peut être qualifié que si tous les critères obligatoires sont remplis et si son score
        atteint {referential.passThresholdPercent} %.
      </p>
      <ErrorSummary errors={errors} fields={fields} />
      {criteria.map((criterion) => (
        <section className="panel" key={criterion.code} aria-labelledby={`titre-critere-${criterion.code}`}>
          <h3 id={`titre-critere-${criterion.code}`}>
            {criterion.title} <span className="muted">({criterionKindLabel(criterion)})</span>
          </h3>
          <CriterionFacts criterion={criterion}>
            <PreviousScore
              label="Évaluation à la dernière qualification"
              decision={renewed}
              criterion={criterion}
              maxScore={referential.maxScore}
            />
          </CriterionFacts>
          <AnswerView application={application} criterion={criterion} />
          <h4>Votre évaluation</h4>
          {criterion.kind === 'mandatory' ? (
            <RadioGroup
              id={`rempli-${criterion.code}`}
              legend={
                <>
                  Critère rempli<span className="visually-hidden"> : {criterion.title}</span>
                </>
              }
              errors={errors?.fields[`rempli-${criterion.code}`]}
              options={[
                { value: 'oui', label: 'Oui' },
                { value: 'non', label: 'Non' },
              ]}
              value={marks[criterion.code].met}
              onChange={(value) => setMark(criterion.code, { met: value as Mark['met'] })}
            />
          ) : (
            <SelectField
              id={`note-${criterion.code}`}
              label={
                <>
                  Note (0 à {referential.maxScore})<span className="visually-hidden"> : {criterion.title}</span>
                </>
              }
              hint={`Poids ${criterion.weight} dans le score.`}
              placeholder="Choisissez une note"
              options={scoreOptions}
              errors={errors?.fields[`note-${criterion.code}`]}
              value={marks[criterion.code].score}
              onChange={(event) => setMark(criterion.code, { score: event.target.value })}
            />
          )}
          <TextAreaField
            id={`commentaire-${criterion.code}`}
            label={
              <>
                Commentaire (facultatif)<span className="visually-hidden"> : {criterion.title}</span>
              </>
            }
            hint="Visible par le lieu."
            rows={2}
            maxLength={2000}
            errors={errors?.fields[`commentaire-${criterion.code}`]}
            value={marks[criterion.code].comment}
            onChange={(event) => setMark(criterion.code, { comment: event.target.value })}
          />
        </section>
      ))}
      <fieldset className="panel" aria-labelledby="titre-decision-form">
        <h3 id="titre-decision-form">Votre décision</h3>
        <LiveScore referential={referential} marks={marks} />
        <RadioGroup
          id="decision"
          legend="Décision"
          errors={errors?.fields.decision}
          options={(Object.keys(OUTCOME_LABELS) as QualificationOutcome[]).map((value) => ({ value, label: OUTCOME_LABELS[value] }))}
          value={outcome}
          onChange={(value) => setOutcome(value as QualificationOutcome)}
        />
        <TextAreaField
          id="motivation"
          label="Motivation"
          hint="Obligatoire, 10 caractères au moins. Elle est communiquée au lieu et conservée au registre des décisions."
          rows={4}
          maxLength={5000}
          required
          errors={errors?.fields.motivation}
          value={motivation}
          onChange={(event) => setMotivation(event.target.value)}
        />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Enregistrer la décision
        </button>
      </div>
    </form>
  );
}
