import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError, type Me, type Organisation, type Programme, type ProgrammeAccounts, type ProgrammeInput, api } from '../api';
import { BankTransferFields, EMPTY_TRANSFER } from '../components/BankTransferFields';
import { ErrorMessage, ErrorSummary, type FieldMap } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/FormField';
import { Page } from '../components/Page';
import { ProgrammeForm, draftOf } from '../components/ProgrammeForm';
import { StatusMessage } from '../components/StatusMessage';
import { type FormErrors, INVALID_FORM, errorMessage, toFormErrors } from '../forms';
import { parseEuros, parseWholeNumber } from '../input';
import { PROGRAMME_STATUS_LABELS, formatBasisPoints, formatDateTime, formatDay, formatEuros, plural } from '../labels';
import { refundDeadlineText, refundTransferStatusText } from '../refund-transfers';
import { Link, navigationState } from '../router';

const NOT_FOUND = "Ce programme est introuvable : l'adresse est peut-être incomplète, ou il ne concerne pas votre organisation.";

type Transition = 'order' | 'activate' | 'close';

const TRANSITIONS: Record<Transition, (id: string) => Promise<Programme>> = {
  order: api.orderProgramme,
  activate: api.activateProgramme,
  close: api.closeProgramme,
};

const CONFIRMATIONS: Partial<Record<Transition, (programme: Programme) => string>> = {
  order: (programme) =>
    `Passer la commande du programme « ${programme.name} » ? ${plural(programme.order.chequeCount, 'chèque')} seront émis et le programme ne pourra plus être modifié.`,
  close: (programme) =>
    `Clore le programme « ${programme.name} » ? Plus aucun de ses chèques ne pourra être utilisé, même ceux déjà remis. Cette action est définitive.`,
};

const DONE: Record<Transition, (programme: Programme) => string> = {
  order: (programme) =>
    `La commande est passée : ${plural(programme.order.chequeCount, 'chèque')} ont été émis dans ${plural(programme.bookletCount, 'carnet')}. Ils deviendront utilisables une fois le financement reçu, le programme activé et les carnets remis.`,
  activate: (programme) =>
    `Le programme est actif : les chèques remis aux personnes sont utilisables à partir du ${formatDay(programme.validFrom)}.`,
  close: () => 'Le programme est clos : ses chèques ne peuvent plus être utilisés.',
};

/** A refusal (409 invalid_transition) means the programme moved on: say why, then show it as it is now. */
function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'invalid_transition';
}

/** What a form shows after a failure: nothing for a refusal, which the page reports (the form may vanish with the reload). */
async function formErrorsUnlessRefused(
  error: unknown,
  onRefused: (error: unknown) => Promise<void>,
  formErrors: (error: unknown) => FormErrors,
): Promise<FormErrors | null> {
  if (!isRefusal(error)) return formErrors(error);
  await onRefused(error);
  return null;
}

export function ProgrammePage({ me, id }: { me: Me; id: string }) {
  const [programme, setProgramme] = useState<Programme | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(() => navigationState().flash ?? null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Changes the logo's address after an upload, so that the browser shows the new one.
  const [logoVersion, setLogoVersion] = useState(0);
  const feedbackRef = useRef<HTMLDivElement>(null);

  async function reload(): Promise<void> {
    try {
      setProgramme(await api.programme(id));
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error, { not_found: NOT_FOUND }));
    }
  }

  useEffect(() => {
    api.programme(id).then(setProgramme, (error: unknown) => setLoadError(errorMessage(error, { not_found: NOT_FOUND })));
  }, [id]);

  /** The outcome of an action replaces its button: keyboard focus goes to the message. */
  function report(outcome: { status: string } | { error: string }): void {
    setStatus('status' in outcome ? outcome.status : null);
    setActionError('error' in outcome ? outcome.error : null);
    // After React has rendered the message.
    window.setTimeout(() => feedbackRef.current?.focus(), 0);
  }

  async function run(transition: Transition): Promise<void> {
    if (!programme || pending) return;
    const confirmation = CONFIRMATIONS[transition]?.(programme);
    if (confirmation && !window.confirm(confirmation)) return;
    setPending(true);
    try {
      const updated = await TRANSITIONS[transition](programme.id);
      setProgramme(updated);
      report({ status: DONE[transition](updated) });
    } catch (error) {
      await refused(error);
    } finally {
      setPending(false);
    }
  }

  function changed(updated: Programme | null, message: string): void {
    if (updated) setProgramme(updated);
    report({ status: message });
  }

  /** Refused (or failed): the page says why, above any form (which may vanish with the reload). */
  async function refused(error: unknown): Promise<void> {
    report({ error: errorMessage(error, { not_found: NOT_FOUND }) }); // a refusal by its details.code (refusals.ts)
    await reload();
  }

  async function save(input: ProgrammeInput): Promise<void> {
    if (!programme) return;
    try {
      changed(await api.updateProgramme(programme.id, input), 'Les modifications du brouillon sont enregistrées.');
    } catch (error) {
      if (!isRefusal(error)) throw error; // shown in the form, field by field
      await refused(error);
    }
  }

  if (!programme) {
    return (
      <Page title="Programme">
        <ErrorMessage message={loadError} />
        {loadError ? (
          <p>
            <Link href="/programmes">Retour aux programmes</Link>
          </p>
        ) : (
          <p>Chargement du programme…</p>
        )}
      </Page>
    );
  }

  const isFunder = me.role === 'funder_manager';
  const isOperator = me.role === 'operator_admin';
  // The cover (logo) can change until funding; everything else until the order.
  const coverOpen = programme.status === 'draft' || programme.status === 'ordered';
  const { order, funding } = programme;
  const actions: ReactNode[] = [];
  if (isFunder && programme.status === 'draft') {
    actions.push(
      <div key="order" className="action">
        <p>
          Passer la commande émet les {plural(order.chequeCount, 'chèque')} ({plural(programme.bookletCount, 'carnet')}) : vous pourrez
          alors imprimer les carnets. Les chèques ne seront utilisables qu'une fois le financement de {order.totalDue} reçu par l'opérateur,
          le programme activé et les carnets remis aux personnes. Le programme ne pourra plus être modifié.
        </p>
        <button type="button" className="button" disabled={pending} onClick={() => void run('order')}>
          Passer la commande
        </button>
      </div>,
    );
  }
  if ((isFunder || isOperator) && programme.status === 'funded') {
    actions.push(
      <div key="activate" className="action">
        <p>Le financement est reçu. Activer le programme rend utilisables les chèques remis, à partir du premier jour de validité.</p>
        <button type="button" className="button" disabled={pending} onClick={() => void run('activate')}>
          Activer
        </button>
      </div>,
    );
  }
  if (isOperator && (programme.status === 'active' || programme.status === 'funded')) {
    actions.push(
      <div key="close" className="action">
        <p>Clore le programme arrête définitivement l'usage de ses chèques, même de ceux déjà remis.</p>
        <button type="button" className="button button--secondary" disabled={pending} onClick={() => void run('close')}>
          Clore
        </button>
      </div>,
    );
  }

  return (
    <Page title={programme.name}>
      <p>
        <Link href="/programmes">Retour aux programmes</Link>
      </p>
      <p className="lead">
        Statut : <span className={`status-tag status-tag--${programme.status}`}>{PROGRAMME_STATUS_LABELS[programme.status]}</span> · code{' '}
        <code>{programme.code}</code>
      </p>

      <div ref={feedbackRef} tabIndex={-1}>
        <StatusMessage message={status} />
        <ErrorMessage message={actionError} />
      </div>

      {actions.length > 0 ? (
        <section aria-labelledby="titre-actions" className="panel">
          <h2 id="titre-actions">Actions</h2>
          {actions}
        </section>
      ) : null}

      {isOperator && programme.status === 'ordered' ? (
        <FundingForm programme={programme} onRecorded={(updated) => changed(updated, fundingDone(updated))} onRefused={refused} />
      ) : null}

      <section aria-labelledby="titre-caracteristiques">
        <h2 id="titre-caracteristiques">Caractéristiques</h2>
        <dl className="summary-list">
          <SummaryRow term="Valeur d'un chèque">{formatEuros(programme.faceValueCents)}</SummaryRow>
          <SummaryRow term="Carnets">
            {plural(programme.bookletCount, 'carnet')} de {plural(programme.chequesPerBooklet, 'chèque')}
          </SummaryRow>
          <SummaryRow term="Validité">
            du {formatDay(programme.validFrom)} au {formatDay(programme.validUntil)}
          </SummaryRow>
          <SummaryRow term="Jours de grâce">
            {plural(programme.graceDays, 'jour')} après le dernier jour pour l'encaissement par les lieux
          </SummaryRow>
          <SummaryRow term="Territoire">
            {programme.territoryCodes.length > 0 ? `Codes INSEE ${programme.territoryCodes.join(', ')}` : 'Toute la France'}
          </SummaryRow>
          <SummaryRow term="Services éligibles">
            {programme.eligibleServices.length > 0 ? (
              <ul className="plain">
                {programme.eligibleServices.map((service) => (
                  <li key={service}>{service}</li>
                ))}
              </ul>
            ) : (
              'Tous les services'
            )}
          </SummaryRow>
          <SummaryRow term="Titre de la couverture">{programme.coverTitle ?? '—'}</SummaryRow>
          <SummaryRow term="Texte de la couverture">{programme.coverText ?? '—'}</SummaryRow>
          <SummaryRow term="Logo de la couverture">
            {programme.coverLogoType ? (
              <img
                className="logo-preview"
                src={api.programmeLogoUrl(programme.id, logoVersion)}
                alt="Logo du financeur, imprimé sur la couverture des carnets"
              />
            ) : (
              'Aucun logo'
            )}
          </SummaryRow>
        </dl>
      </section>

      {isFunder && programme.status === 'draft' ? (
        <section aria-labelledby="titre-modification" className="panel">
          <h2 id="titre-modification">Modifier le brouillon</h2>
          <p>Tant que la commande n'est pas passée, chaque caractéristique du programme peut être modifiée.</p>
          <ProgrammeForm initial={draftOf(programme)} submitLabel="Enregistrer les modifications" onSubmit={save} />
        </section>
      ) : null}

      {(isFunder && coverOpen) || (isOperator && programme.status !== 'closed') ? (
        <LogoForm
          programme={programme}
          asOperator={isOperator}
          onChanged={(updated) => {
            setLogoVersion((version) => version + 1);
            changed(
              updated,
              updated.coverLogoType
                ? 'Le logo est enregistré : il sera imprimé sur la couverture de chaque carnet.'
                : 'Le logo est retiré : les carnets seront imprimés sans logo.',
            );
          }}
          onRefused={refused}
        />
      ) : null}

      <section aria-labelledby="titre-commande">
        <h2 id="titre-commande">Commande</h2>
        <dl className="summary-list">
          <SummaryRow term="Nombre de chèques">{order.chequeCount.toLocaleString('fr-FR')}</SummaryRow>
          <SummaryRow term="Valeur faciale totale">{formatEuros(order.faceValueTotalCents)}</SummaryRow>
          <SummaryRow term="Frais de l'opérateur">
            {formatEuros(order.operatorFeeCents)} ({formatBasisPoints(order.operatorFeeBasisPoints)})
          </SummaryRow>
          <SummaryRow term="Total dû">
            <strong>{order.totalDue}</strong>
          </SummaryRow>
        </dl>
      </section>

      <section aria-labelledby="titre-financement">
        <h2 id="titre-financement">Financement</h2>
        {funding ? (
          <dl className="summary-list">
            <SummaryRow term="Montant reçu">{formatEuros(funding.amountCents)}</SummaryRow>
            <SummaryRow term="Reçu le">{formatDay(funding.receivedOn)}</SummaryRow>
            <SummaryRow term="Référence">{funding.reference}</SummaryRow>
          </dl>
        ) : (
          <p>Aucun financement n'est encore enregistré.</p>
        )}
      </section>

      {programme.status !== 'draft' && programme.status !== 'ordered' ? <Statements programme={programme} /> : null}

      <section aria-labelledby="titre-etapes">
        <h2 id="titre-etapes">Étapes</h2>
        <ol className="timeline">
          <TimelineStep label="Création" at={programme.createdAt} />
          <TimelineStep label="Commande" at={programme.orderedAt} />
          <TimelineStep label="Financement" at={programme.fundedAt} />
          <TimelineStep label="Activation" at={programme.activatedAt} />
          <TimelineStep label="Clôture" at={programme.closedAt} />
        </ol>
      </section>

      {programme.status !== 'draft' ? (
        <section aria-labelledby="titre-carnets">
          <h2 id="titre-carnets">Carnets</h2>
          <p>
            <Link href={`/carnets?programme=${encodeURIComponent(programme.id)}`}>Voir les carnets de ce programme et leur état</Link>
          </p>
          {isOperator && programme.status !== 'closed' ? (
            <AllocationForm programme={programme} onAllocated={(message) => changed(null, message)} onRefused={refused} />
          ) : null}
          {isFunder || isOperator ? <BookletsDownload programme={programme} /> : null}
        </section>
      ) : null}
    </Page>
  );
}

/** The programme's money from the ledger, and the funder's statements (PDF). */
function Statements({ programme }: { programme: Programme }) {
  const [accounts, setAccounts] = useState<ProgrammeAccounts | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.programmeAccounts(programme.id).then(setAccounts, (failure: unknown) => setError(errorMessage(failure, { not_found: NOT_FOUND })));
  }, [programme.id, programme.status]);

  return (
    <section aria-labelledby="titre-releves">
      <h2 id="titre-releves">Relevés</h2>
      {error ? <p role="alert">{error}</p> : null}
      {accounts ? (
        <>
          <dl className="summary-list">
            <SummaryRow term="Valeur des chèques financés">{formatEuros(accounts.faceValueCents)}</SummaryRow>
            <SummaryRow term="Utilisés dans les lieux">{formatEuros(accounts.redeemedCents)}</SummaryRow>
            <SummaryRow term="Expirés">{formatEuros(accounts.expiredCents)}</SummaryRow>
            <SummaryRow term="Annulés (perte, vol)">{formatEuros(accounts.cancelledCents)}</SummaryRow>
            <SummaryRow term="Encore utilisables">{formatEuros(accounts.outstandingCents)}</SummaryRow>
            <SummaryRow term="Avoir restant à rembourser">{formatEuros(accounts.refundableCents)}</SummaryRow>
            <SummaryRow term="Déjà remboursé">{formatEuros(accounts.refundedCents)}</SummaryRow>
          </dl>
          {accounts.refunds.length > 0 || accounts.refundTransfers.length > 0 ? (
            <>
              <h3>Remboursements de l’avoir</h3>
              <ul>
                {accounts.refunds.map((refund) => (
                  <li key={refund.id}>
                    {formatEuros(refund.amountCents)} versés le {formatDay(refund.paidOn)} (référence {refund.bankReference})
                  </li>
                ))}
                {accounts.refundTransfers
                  .filter((transfer) => transfer.status !== 'paid')
                  .map((transfer) => (
                    <li key={transfer.id}>
                      Virement {transfer.reference} de {formatEuros(transfer.amountCents)} : {refundTransferStatusText(transfer)}.{' '}
                      {transfer.status === 'rejected' || transfer.status === 'cancelled' ? null : refundDeadlineText(transfer)}
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
          <ul className="plain">
            <li>
              <a href={api.statementUrl(programme.id, 'order')} download>
                Télécharger le relevé de commande (PDF)
              </a>
            </li>
            <li>
              {accounts.closingStatementAvailable ? (
                <a href={api.statementUrl(programme.id, 'closing')} download>
                  Télécharger le relevé de clôture et l’avoir (PDF)
                </a>
              ) : (
                <>
                  Relevé de clôture et avoir : disponibles à partir du {formatDay(accounts.closingAvailableFrom)}, une fois les chèques non
                  utilisés expirés.
                </>
              )}
            </li>
          </ul>
        </>
      ) : error ? null : (
        <p>Chargement des relevés…</p>
      )}
    </section>
  );
}

function fundingDone(programme: Programme): string {
  const amount = programme.funding ? formatEuros(programme.funding.amountCents) : programme.order.totalDue;
  return `Le financement de ${amount} est enregistré : le programme est financé. Il peut maintenant être activé.`;
}

function SummaryRow({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function TimelineStep({ label, at }: { label: string; at: string | null }) {
  return (
    <li className={at ? 'timeline__step timeline__step--done' : 'timeline__step'}>
      <span className="timeline__label">{label}</span> : {at ? formatDateTime(at) : 'pas encore'}
    </li>
  );
}

const FUNDING_FIELDS: FieldMap = {
  amountCents: { id: 'financement-montant', label: 'Montant reçu' },
  receivedOn: { id: 'financement-date', label: 'Date de réception' },
  reference: { id: 'financement-reference', label: 'Référence du paiement' },
};

function FundingForm({
  programme,
  onRecorded,
  onRefused,
}: {
  programme: Programme;
  onRecorded: (programme: Programme) => void;
  onRefused: (error: unknown) => Promise<void>;
}) {
  const [transfer, setTransfer] = useState(EMPTY_TRANSFER);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    const amountCents = parseEuros(transfer.amount);
    if (!amountCents.ok) {
      setErrors({ message: INVALID_FORM, fields: { amountCents: [amountCents.problem] } });
      return;
    }
    setPending(true);
    try {
      const updated = await api.recordFunding(programme.id, {
        amountCents: amountCents.value,
        receivedOn: transfer.date,
        reference: transfer.reference,
      });
      setErrors(null);
      onRecorded(updated);
    } catch (error) {
      const overrides = {
        funding_below_total_due: `Le montant reçu ne couvre pas le total dû (${programme.order.totalDue}) : le financement n'est pas enregistré.`,
        not_found: NOT_FOUND,
      };
      setErrors(await formErrorsUnlessRefused(error, onRefused, (failure) => toFormErrors(failure, overrides)));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="titre-financement-form" className="panel">
      <h2 id="titre-financement-form">Enregistrer le financement</h2>
      <p>
        Enregistrez le paiement reçu du financeur. Il doit couvrir au moins le total dû, soit <strong>{programme.order.totalDue}</strong>.
      </p>
      <ErrorSummary errors={errors} fields={FUNDING_FIELDS} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <BankTransferFields
          idPrefix="financement"
          labels={{ amount: 'Montant reçu (en euros)', date: 'Date de réception', reference: 'Référence du paiement' }}
          amountHint={'Par exemple 1\u00a0000 ou 1\u00a0000,50.'}
          referenceHint="Référence du virement ou de l'écriture comptable, par exemple VIR-2026-11-000123."
          value={transfer}
          onChange={setTransfer}
          errors={{ amount: errors?.fields.amountCents, date: errors?.fields.receivedOn, reference: errors?.fields.reference }}
        />
        <button type="submit" className="button">
          Enregistrer le financement
        </button>
      </form>
    </section>
  );
}

const ALLOCATION_FIELDS: FieldMap = {
  fromNumber: { id: 'attribution-du', label: 'Du carnet n°' },
  toNumber: { id: 'attribution-au', label: 'Au carnet n°' },
  distributorOrganisationId: { id: 'attribution-structure', label: 'Structure distributrice' },
};

function AllocationForm({
  programme,
  onAllocated,
  onRefused,
}: {
  programme: Programme;
  onAllocated: (message: string) => void;
  onRefused: (error: unknown) => Promise<void>;
}) {
  const [distributors, setDistributors] = useState<Organisation[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [distributorId, setDistributorId] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    api.organisations('distributor').then(
      (list) => {
        setDistributors(list);
        if (list.length === 1) setDistributorId(list[0].id);
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    const fromNumber = parseWholeNumber(from);
    const toNumber = parseWholeNumber(to);
    if (!fromNumber.ok || !toNumber.ok) {
      const fields: Record<string, string[]> = {};
      if (!fromNumber.ok) fields.fromNumber = [fromNumber.problem];
      if (!toNumber.ok) fields.toNumber = [toNumber.problem];
      setErrors({ message: INVALID_FORM, fields });
      return;
    }
    setPending(true);
    try {
      const { allocated } = await api.allocateBooklets({
        programmeId: programme.id,
        fromNumber: fromNumber.value,
        toNumber: toNumber.value,
        distributorOrganisationId: distributorId,
      });
      const name = distributors?.find((distributor) => distributor.id === distributorId)?.name ?? 'la structure';
      setErrors(null);
      setFrom('');
      setTo('');
      onAllocated(
        `${plural(allocated, 'carnet attribué', 'carnets attribués')} à ${name} (n° ${fromNumber.value} à ${toNumber.value}). Ils figurent maintenant dans son stock.`,
      );
    } catch (error) {
      setErrors(await formErrorsUnlessRefused(error, onRefused, (failure) => toFormErrors(failure, { not_found: NOT_FOUND })));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="panel">
      <h3>Attribuer des carnets</h3>
      <p>
        Confiez une plage de carnets à une structure distributrice : ils apparaîtront dans son stock. Les carnets de ce programme sont
        numérotés de 1 à {programme.bookletCount.toLocaleString('fr-FR')}.
      </p>
      <ErrorMessage message={loadError} />
      <ErrorSummary errors={errors} fields={ALLOCATION_FIELDS} />
      {distributors !== null && distributors.length === 0 ? (
        <p>
          Aucune structure distributrice n'existe encore : créez-la depuis la page <Link href="/organisations">Organisations</Link>.
        </p>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div className="field-row">
            <TextField
              id="attribution-du"
              label="Du carnet n°"
              inputMode="numeric"
              autoComplete="off"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
              errors={errors?.fields.fromNumber}
            />
            <TextField
              id="attribution-au"
              label="Au carnet n° (inclus)"
              inputMode="numeric"
              autoComplete="off"
              value={to}
              onChange={(event) => setTo(event.target.value)}
              errors={errors?.fields.toNumber}
            />
          </div>
          <SelectField
            id="attribution-structure"
            label="Structure distributrice"
            placeholder="Choisissez une structure"
            options={(distributors ?? []).map((distributor) => ({ value: distributor.id, label: distributor.name }))}
            value={distributorId}
            onChange={(event) => setDistributorId(event.target.value)}
            errors={errors?.fields.distributorOrganisationId}
          />
          <button type="submit" className="button">
            Attribuer les carnets
          </button>
        </form>
      )}
    </div>
  );
}

const MAX_LOGO_BYTES = 1024 * 1024;
const LOGO_TOO_LARGE = 'Le fichier dépasse 1 Mo : réduisez-le ou choisissez-en un autre.';
const LOGO_FIELDS: FieldMap = { logo: { id: 'logo-fichier', label: 'Fichier du logo' } };

/** The funder's logo for the covers: sent as it is, checked by the API (type by its content, size). */
function LogoForm({
  programme,
  asOperator,
  onChanged,
  onRefused,
}: {
  programme: Programme;
  /** The operator may change the logo at any time (to fix one that does not print), and remove it. */
  asOperator: boolean;
  onChanged: (programme: Programme) => void;
  onRefused: (error: unknown) => Promise<void>;
}) {
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input after an upload.
  const [inputKey, setInputKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending) return;
    if (!file || file.size > MAX_LOGO_BYTES) {
      setErrors({ message: INVALID_FORM, fields: { logo: [file ? LOGO_TOO_LARGE : 'Choisissez un fichier PNG ou JPEG.'] } });
      return;
    }
    setPending(true);
    try {
      const updated = await api.setProgrammeLogo(programme.id, file);
      setErrors(null);
      setFile(null);
      setInputKey((key) => key + 1);
      onChanged(updated);
    } catch (error) {
      setErrors(await formErrorsUnlessRefused(error, onRefused, logoErrors));
    } finally {
      setPending(false);
    }
  }

  async function remove(): Promise<void> {
    if (pending) return;
    setPending(true);
    try {
      onChanged(await api.removeProgrammeLogo(programme.id));
      setErrors(null);
    } catch (error) {
      setErrors(await formErrorsUnlessRefused(error, onRefused, logoErrors));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="titre-logo" className="panel">
      <h2 id="titre-logo">{programme.coverLogoType ? 'Remplacer le logo de la couverture' : 'Ajouter un logo sur la couverture'}</h2>
      {asOperator ? (
        <p>
          Le logo est imprimé sur la couverture de chaque carnet. En tant qu'opérateur, vous pouvez le remplacer ou le retirer à tout
          moment, par exemple s'il empêche l'impression des carnets. Chaque changement est inscrit au journal d'audit.
        </p>
      ) : (
        <p>Le logo est imprimé sur la couverture de chaque carnet. Il peut être changé jusqu'à ce que le financement soit reçu.</p>
      )}
      <ErrorSummary errors={errors} fields={LOGO_FIELDS} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          key={inputKey}
          id="logo-fichier"
          label="Fichier du logo"
          hint="Image PNG ou JPEG, 1 Mo au plus."
          type="file"
          accept="image/png,image/jpeg,.png,.jpg,.jpeg"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          errors={errors?.fields.logo}
        />
        <button type="submit" className="button">
          {programme.coverLogoType ? 'Remplacer le logo' : 'Envoyer le logo'}
        </button>
        {asOperator && programme.coverLogoType ? (
          <button type="button" className="button button--secondary" disabled={pending} onClick={() => void remove()}>
            Retirer le logo
          </button>
        ) : null}
      </form>
    </section>
  );
}

/** The API names the field (logo) of a 400, 413 or 415; the server's outer size limit does not. */
function logoErrors(error: unknown): FormErrors {
  const errors = toFormErrors(error, { payload_too_large: INVALID_FORM, unsupported_media_type: INVALID_FORM, not_found: NOT_FOUND });
  if (error instanceof ApiError && !errors.fields.logo) {
    if (error.code === 'payload_too_large') errors.fields.logo = [LOGO_TOO_LARGE];
    if (error.code === 'unsupported_media_type') errors.fields.logo = ['Le fichier doit être une image PNG ou JPEG.'];
  }
  return errors;
}

/** The printable PDF: a plain link (the browser downloads it), optionally for a range of booklets. */
function BookletsDownload({ programme }: { programme: Programme }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const fromNumber = from.trim() ? parseWholeNumber(from) : null;
  const toNumber = to.trim() ? parseWholeNumber(to) : null;
  const valid = (fromNumber === null || fromNumber.ok) && (toNumber === null || toNumber.ok);
  const href = api.bookletsPdfUrl(programme.id, {
    from: fromNumber?.ok ? fromNumber.value : undefined,
    to: toNumber?.ok ? toNumber.value : undefined,
  });
  const range =
    fromNumber?.ok || toNumber?.ok
      ? `carnets n° ${fromNumber?.ok ? fromNumber.value : 1} à ${toNumber?.ok ? toNumber.value : programme.bookletCount}`
      : `les ${plural(programme.bookletCount, 'carnet')}`;

  return (
    <div className="panel">
      <h3>Imprimer les carnets</h3>
      <p>
        Le fichier PDF (format A4) contient, pour chaque carnet, une couverture puis ses chèques avec leur QR code. Pour de nombreux
        carnets, téléchargez-les par tranches.
      </p>
      <div className="field-row">
        <TextField
          id="pdf-du"
          label="Du carnet n° (facultatif)"
          inputMode="numeric"
          autoComplete="off"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
          errors={fromNumber && !fromNumber.ok ? [fromNumber.problem] : undefined}
        />
        <TextField
          id="pdf-au"
          label="Au carnet n° (facultatif)"
          inputMode="numeric"
          autoComplete="off"
          value={to}
          onChange={(event) => setTo(event.target.value)}
          errors={toNumber && !toNumber.ok ? [toNumber.problem] : undefined}
        />
      </div>
      {valid ? (
        <>
          <p className="hint">Contenu du fichier : {range}.</p>
          <p>
            <a href={href} className="button" download>
              Télécharger les carnets (PDF)
            </a>
          </p>
        </>
      ) : (
        <p className="hint">Corrigez les numéros de carnets pour télécharger le fichier.</p>
      )}
    </div>
  );
}
