/** Typed client of the platform's HTTP API (same origin, session cookie). */
import type {
  ApplicationStatus,
  Dashboard,
  ReportTable,
  UsageFunnel,
  ExpiryAlert,
  NotificationKind,
  OfflineProgramme,
  RedemptionRefusal,
  RenewalReminders,
} from './shared-domain';

// The answer types the API and the browser share (libs/domain, node-free): the pages import them from here.
export type {
  ApplicationStatus,
  Dashboard,
  DashboardMeasure,
  ExpiryAlert,
  Figure,
  NotificationKind,
  RenewalReminder,
  RenewalReminders,
  ReportCell,
  ReportColumn,
  ReportRow,
  ReportTable,
  SeriesPoint,
  UsageFunnel,
} from './shared-domain';

export type OrganisationKind = 'operator' | 'funder' | 'distributor' | 'place';
export type Role = 'operator_admin' | 'operator_reviewer' | 'funder_manager' | 'funder_viewer' | 'distributor_agent' | 'place_agent';
export type ApiScope =
  | 'organisation:read'
  | 'users:read'
  | 'audit:read'
  | 'redemptions:read'
  | 'redemptions:write'
  | 'settlement:read'
  | 'settlement:write'
  | 'ledger:read'
  | 'webhooks:manage';

export interface OrganisationSummary {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisation: OrganisationSummary;
  sessionId: string;
  sessionExpiresAt: string;
}

/** One kind of e-mail notification the person receives (GET /api/auth/notification-preferences). */
export interface NotificationPreference {
  kind: NotificationKind;
  /** Always sent: cannot be switched off. */
  essential: boolean;
  enabled: boolean;
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ipAddress: string | null;
  current: boolean;
}

export interface Organisation extends OrganisationSummary {
  createdAt: string;
}

export interface User {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  lastLoginAt: string | null;
}

export interface InvitationCreated {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  invitationUrl: string;
}

export interface InvitationDescription {
  email: string;
  role: Role;
  organisation: OrganisationSummary;
  expiresAt: string;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorType: 'user' | 'api_token' | 'system' | 'anonymous';
  actorUserId: string | null;
  actorApiTokenId: string | null;
  actorName: string | null;
  organisationId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  changes: unknown;
  requestId: string | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

export interface AuditQuery {
  objectType?: string;
  objectId?: string;
  action?: string;
  organisationId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokenCreated extends ApiToken {
  token: string;
}

export type WebhookEventType = 'redemption.created' | 'redemption.undone' | 'payment.sent' | 'payment.rejected' | 'qualification.decided';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  secretPrefix: string;
  createdAt: string;
  disabledAt: string | null;
  disabledReason: 'removed' | 'gone' | null;
}

export interface WebhookEndpointCreated extends WebhookEndpoint {
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  payload: Record<string, unknown>;
  attempts: Array<{ attemptedAt: string; statusCode: number | null; durationMs: number; error: string | null }>;
}

export type ProgrammeStatus = 'draft' | 'ordered' | 'funded' | 'active' | 'closed';

export interface OrderSummary {
  chequeCount: number;
  faceValueTotalCents: number;
  operatorFeeBasisPoints: number;
  operatorFeeCents: number;
  totalDueCents: number;
  /** totalDueCents formatted in French ("1 000,00 €"). */
  totalDue: string;
}

export interface Funding {
  amountCents: number;
  receivedOn: string;
  reference: string;
}

export interface Programme {
  id: string;
  code: string;
  name: string;
  funderOrganisationId: string;
  status: ProgrammeStatus;
  faceValueCents: number;
  chequesPerBooklet: number;
  bookletCount: number;
  /** Calendar days, YYYY-MM-DD. */
  validFrom: string;
  validUntil: string;
  graceDays: number;
  territoryCodes: string[];
  eligibleServices: string[];
  coverTitle: string | null;
  coverText: string | null;
  /** Type of the cover logo (image/png or image/jpeg), null without one. */
  coverLogoType: string | null;
  order: OrderSummary;
  funding: Funding | null;
  createdAt: string;
  orderedAt: string | null;
  fundedAt: string | null;
  activatedAt: string | null;
  closedAt: string | null;
}

export interface ProgrammeInput {
  name: string;
  faceValueCents: number;
  chequesPerBooklet?: number;
  bookletCount: number;
  validFrom: string;
  validUntil: string;
  graceDays?: number;
  territoryCodes?: string[];
  eligibleServices?: string[];
  /** null: none (removes it when editing). */
  coverTitle?: string | null;
  coverText?: string | null;
}

export interface BookletAllocation {
  programmeId: string;
  fromNumber: number;
  toNumber: number;
  distributorOrganisationId: string;
}

export interface ChequeCounts {
  issued: number;
  distributed: number;
  redeemed: number;
  settled: number;
  cancelled: number;
  expired: number;
}

/** What reissuing a lost booklet would carry over (GET /api/booklets/<serial>/reissue). */
export interface ReissuePreview {
  serial: string;
  programmeId: string;
  programmeName: string;
  faceValueCents: number;
  chequesPerBooklet: number;
  remainingCheques: number;
  remainingValueCents: number;
  handedOutOn: string;
  profile: { ageBand: string | null; situation: string | null; communeCode: string | null; needs: string[] };
}

export interface ReissueResult {
  reissueId: string;
  lostBookletSerial: string;
  newBookletSerial: string;
  handOutId: string;
  chequesCancelled: number;
  chequesHandedOut: number;
  valueCents: number;
  surplusPositions: { from: number; to: number } | null;
}

/** A booklet in a distributor's stock for 60 days without a cheque handed out (GET /api/stock/idle-booklets). */
export interface IdleBooklet {
  serial: string;
  programmeId: string;
  programmeName: string;
  distributorOrganisationId: string;
  distributorName: string;
  allocatedOn: string;
}

export interface StockTransfer {
  id: string;
  programmeId: string;
  programmeName: string;
  fromDistributorOrganisationId: string;
  fromDistributorName: string;
  toDistributorOrganisationId: string;
  toDistributorName: string;
  status: 'pending' | 'approved' | 'refused';
  reason: string | null;
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  /** `moved`: null before the decision; false for a booklet handed out or cancelled meanwhile. */
  booklets: Array<{ serial: string; moved: boolean | null }>;
}

export interface Booklet {
  serial: string;
  number: number;
  programmeId: string;
  programmeName: string;
  distributorOrganisationId: string | null;
  allocatedAt: string | null;
  counts: ChequeCounts;
}

export interface BookletQuery {
  programmeId?: string;
  page?: number;
  pageSize?: number;
}

/** Either a booklet serial or cheque codes; the profile is optional and anonymous. */
export interface HandOutInput {
  bookletSerial?: string;
  chequeCodes?: string[];
  handedOutOn?: string;
  ageBand?: string;
  situation?: string;
  communeCode?: string;
  needs?: string[];
}

export type ChequeVerdictCode =
  | 'valid'
  | 'unknown_code'
  | 'mistyped_code'
  | 'not_funded'
  | 'not_handed_out'
  | 'not_yet_valid'
  | 'expired'
  | 'already_used'
  | 'cancelled'
  | 'programme_closed';

export interface ChequeStatus {
  /** message is plain French, for the holder. */
  verdict: { code: ChequeVerdictCode; usable: boolean; message: string };
  cheque: null | {
    faceValueCents: number;
    faceValue: string;
    validFrom: string;
    /** The last day printed on the cheque. */
    validUntil: string;
    /** The last day places accept it (grace period included). */
    redeemableUntil: string;
    programmeName: string;
    territoryCodes: string[];
    mapPath: string;
  };
}

/** May the holder of a used cheque rate the help received (libs/redemption: feedback.service.ts)? */
export interface FeedbackStatus {
  /** Used, and nobody has rated it yet. */
  invited: boolean;
  given: boolean;
}

/** 1 (pas du tout satisfait) to 5 (très satisfait), and three ticks; nothing else. */
export interface FeedbackInput {
  rating: number;
  learned: boolean;
  solved: boolean;
  willReturn: boolean;
}

/** A place's ratings by the people it helped: figures only from `minimumAnswers` answers on. */
export interface PlaceRatings {
  answers: number;
  shown: boolean;
  minimumAnswers: number;
  averageRating: number | null;
  /** Answers per rating 1..5. */
  distribution: number[] | null;
  learnedShare: number | null;
  solvedShare: number | null;
  willReturnShare: number | null;
}

/** Qualification of places (libs/places: qualification.controller.ts, dto/qualification.dto.ts). */
export type PlaceQualificationState = 'never_qualified' | 'qualified' | 'expired' | 'suspended';
export type QualificationOutcome = 'qualified' | 'changes_requested' | 'rejected';

/**
 * A place's fields under the national schema's names (libs/places: dto/place.dto.ts); multi-valued
 * fields are lists, absent values null.
 */
export interface PlaceFields {
  pivot: string;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee: string | null;
  adresse: string;
  complement_adresse: string | null;
  latitude: number | null;
  longitude: number | null;
  typologie: string[];
  telephone: string | null;
  courriels: string[];
  site_web: string[];
  horaires: string | null;
  presentation_resume: string | null;
  presentation_detail: string | null;
  source: string | null;
  itinerance: string[];
  structure_parente: string | null;
  services: string[];
  publics_specifiquement_adresses: string[];
  prise_en_charge_specifique: string[];
  frais_a_charge: string[];
  dispositif_programmes_nationaux: string[];
  formations_labels: string[];
  autres_formations_labels: string[];
  modalites_acces: string[];
  modalites_accompagnement: string[];
  fiche_acces_libre: string | null;
  prise_rdv: string | null;
}

/** A place as its managers see it (GET /api/managed-places, POST and PATCH /api/places). */
export interface ManagedPlace extends PlaceFields {
  id: string;
  nationalId: string;
  organisationId: string | null;
  date_maj: string;
  qualification: {
    state: PlaceQualificationState;
    qualifiedUntil: string | null;
    referentialVersion: number | null;
    suspensionReason: string | null;
  };
}

export type ServiceModality = 'individual' | 'collective_workshop' | 'remote' | 'self_service';

/** What a place sells for cheques: name, national category, modality, duration, price. */
export interface CatalogueEntryInput {
  name: string;
  description: string | null;
  category: string;
  modality: ServiceModality;
  durationMinutes: number;
  priceInCheques: number;
}

/** One version of a catalogue entry; `entryId` is the same across its versions. */
export interface CatalogueEntry extends CatalogueEntryInput {
  id: string;
  entryId: string;
  version: number;
  placeId: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface ManagedPlaceDetail extends ManagedPlace {
  /** The current entries only. */
  catalogue: CatalogueEntry[];
}

export type BankDetailsStatus = 'submitted' | 'verified' | 'rejected';

export interface BankDetailsInput {
  iban: string;
  bic: string;
  accountHolder: string;
}

export interface BankDetails extends BankDetailsInput {
  id: string;
  organisationId: string;
  organisationName: string | null;
  /** All but the country and last four characters hidden, for display. */
  ibanMasked: string;
  status: BankDetailsStatus;
  proofFileName: string | null;
  submittedAt: string;
  reviewedAt: string | null;
  reviewNote: string | null;
  supersededAt: string | null;
}

export type PlaceImportStatus = 'checked' | 'applied' | 'discarded';

export interface ImportProblem {
  /** Line in the file: 1 is the header, 0 the whole file. */
  line: number;
  field: string;
  problem: string;
}

/** A bank file imported (camt.053, camt.054, pain.002) and what its import did. */
export interface BankFileImport {
  id: string;
  kind: string;
  messageId: string;
  fileName: string;
  importedAt: string;
  entryCount: number;
  ignoredCount: number;
  applied: number;
  unmatched: number;
  alreadyImported: boolean;
}

/** A bank entry a person must look at, or has handled. */
export interface BankStatementEntry {
  id: string;
  fileId: string;
  fileName: string;
  outcome: 'paid' | 'rejected';
  status: 'unmatched' | 'handled';
  endToEndId: string | null;
  amountCents: number | null;
  bookingDate: string;
  bankReference: string;
  reasonCode: string | null;
  reasonLabel: string | null;
  information: string | null;
  problem: string | null;
  handledAt: string | null;
  handledNote: string | null;
}

export interface PlaceImport {
  id: string;
  fileName: string;
  status: PlaceImportStatus;
  rowCount: number;
  validRowCount: number;
  canApply: boolean;
  problems: ImportProblem[];
  createdCount: number | null;
  updatedCount: number | null;
  createdAt: string;
  appliedAt: string | null;
}

export interface QualificationCriterion {
  code: string;
  title: string;
  assessed: string;
  evidence: string;
  kind: 'mandatory' | 'scored';
  weight: number;
}

export interface QualificationReferential {
  version: number;
  title: string;
  publishedOn: string;
  passThresholdPercent: number;
  validityMonths: number;
  maxScore: number;
  criteria: QualificationCriterion[];
}

export interface CriterionAnswer {
  criterionCode: string;
  text: string;
  links: string[];
}

export interface QualificationEvidence {
  id: string;
  criterionCode: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

export interface QualificationApplication {
  id: string;
  placeId: string;
  placeName: string;
  referentialVersion: number;
  status: ApplicationStatus;
  /** A renewal: the qualified decision it renews; null for a first application. */
  renewalOfDecisionId: string | null;
  /** In the detail of an application: the decision a renewal renews, and the files it was qualified on. */
  renewal?: { decision: QualificationDecision; evidence: QualificationEvidence[] } | null;
  answers: CriterionAnswer[];
  evidence: QualificationEvidence[];
  submittedAt: string | null;
  updatedAt: string;
}

export interface CriterionScore {
  criterionCode: string;
  met?: boolean;
  score?: number;
  comment: string;
}

export interface QualificationDecision {
  id: string;
  applicationId: string;
  placeId: string;
  referentialVersion: number;
  outcome: QualificationOutcome;
  motivation: string;
  scores: CriterionScore[];
  scorePercent: number;
  reviewerUserId: string;
  validFrom: string | null;
  validUntil: string | null;
  decidedAt: string;
}

export interface PlaceQualificationHistory {
  decisions: QualificationDecision[];
  suspensions: Array<{ id: string; reason: string; suspendedAt: string; liftedAt: string | null; liftReason: string | null }>;
}

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Redemption of cheques at places (libs/redemption: redemptions.controller.ts, offline.service.ts). */
export interface ChequeSummary {
  /** "••••-••••-••••-PQRS-T": a place never sees a whole code again. */
  maskedCode: string;
  faceValueCents: number;
  faceValue: string;
  programmeId: string;
  programmeName: string;
  validUntil: string;
  /** validUntil plus the programme's grace days. */
  redeemableUntil: string;
}

/** One cheque's verdict; message is plain French for the place's agent. */
export interface ChequeOutcome {
  redeemable: boolean;
  code: 'redeemable' | RedemptionRefusal;
  message: string;
  cheque: ChequeSummary | null;
}

export interface VerifyAnswer extends ChequeOutcome {
  place: { id: string; nom: string };
  services: Array<{ id: string; name: string; category: string; priceInCheques: number; durationMinutes: number }>;
}

export interface Redemption {
  id: string;
  placeId: string;
  placeName: string;
  service: { id: string; entryId: string; name: string; category: string; durationMinutes: number; priceInCheques: number };
  cheques: Array<{ maskedCode: string; faceValueCents: number; programmeName: string }>;
  chequeCount: number;
  amountCents: number;
  amount: string;
  channel: 'online' | 'offline';
  occurredAt: string;
  recordedAt: string;
  undoneAt: string | null;
  undoReason: string | null;
}

/** A 409 of POST /api/redemptions: nothing was redeemed, each cheque says why. */
export interface ChequesRefusedDetails {
  code: 'cheques_refused';
  cheques: ChequeOutcome[];
}

export interface RedemptionLine {
  id: string;
  occurredAt: string;
  placeId: string;
  placeName: string;
  serviceId: string;
  serviceEntryId: string;
  serviceName: string;
  chequeCount: number;
  amountCents: number;
  amount: string;
  channel: 'online' | 'offline';
  maskedCodes: string[];
  undoneAt: string | null;
  /** Paid to the place: can no longer be undone. */
  settled: boolean;
}

export interface RedemptionTotals {
  redemptions: number;
  cheques: number;
  amountCents: number;
  amount: string;
}

export interface RedemptionQuery {
  placeId?: string;
  serviceEntryId?: string;
  /** Days in Paris, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  includeUndone?: boolean;
  page?: number;
  pageSize?: number;
}

/** What a place's scanner needs to check cheques without network, until validUntil. */
export interface OfflineBundle {
  version: number;
  generatedAt: string;
  validUntil: string;
  keys: Array<{ kid: string; alg: string; crv: string; publicKey: string }>;
  place: { id: string; nom: string; communeCode: string; departement: string; qualifiedUntil: string | null; suspended: boolean };
  catalogue: Array<{ id: string; entryId: string; name: string; category: string; durationMinutes: number; priceInCheques: number }>;
  programmes: OfflineProgramme[];
  /** SHA-256 (hex) of the normalised codes of cancelled cheques. */
  cancelledCheques: string[];
  maxQueuedCheques: number;
}

export interface SyncItem {
  /** Chosen when queued: sending the same item again never redeems twice. */
  id: string;
  cheques: string[];
  serviceId: string;
  /** The device's time of the scan (ISO 8601). */
  scannedAt: string;
}

export type SyncResult =
  | { id: string; status: 'accepted'; redemption: Redemption }
  | { id: string; status: 'conflict' | 'refused'; code: string; message: string; cheques: ChequeOutcome[] };

/** An error answer of the API (or a network failure, code "network_error"). */
/** What a password link is for (forgotten password, or an account created without one). */
export interface PasswordLink {
  email: string;
  displayName: string;
  purpose: 'reset' | 'first_password';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Per-field problems: the details of validation_failed answers, details.fields of a refusal (409). */
  get fieldProblems(): FieldProblem[] {
    const list: unknown = Array.isArray(this.details) ? this.details : (this.details as { fields?: unknown } | null | undefined)?.fields;
    if (!Array.isArray(list)) return [];
    return list.filter(
      (item): item is FieldProblem =>
        typeof item === 'object' && item !== null && typeof item.field === 'string' && Array.isArray(item.problems),
    );
  }
}

export type LedgerAccountKind = 'bank' | 'funder' | 'programme_outstanding' | 'place_payable' | 'operator_fees';

export interface CoverageLiabilities {
  outstandingCents: number;
  handedOutCents: number;
  notHandedOutCents: number;
  placePayableCents: number;
  funderCreditsCents: number;
  totalCents: number;
}

export interface CoverageBalance {
  id: string;
  source: 'manual' | 'camt053';
  balanceCents: number;
  balanceOn: string;
  bankReference: string | null;
  statementFileName: string | null;
  enteredByUserId: string | null;
  enteredAt: string;
  confirmedByUserId: string | null;
  confirmedAt: string | null;
  withdrawnAt: string | null;
  withdrawnByUserId: string | null;
  withdrawalReason: string | null;
}

export interface FundsCoverage {
  computedAt: string;
  state: 'covered' | 'below' | 'no_balance';
  ratioBasisPoints: number | null;
  liabilitiesAt: string;
  liabilities: CoverageLiabilities;
  liabilitiesNow: CoverageLiabilities;
  balance: CoverageBalance | null;
  activationAllowed: boolean;
  awaitingConfirmation: CoverageBalance[];
}

export interface AccountBalance {
  account: string;
  kind: LedgerAccountKind;
  ref: string | null;
  name: string | null;
  balanceCents: number;
  postings: number;
}

export interface LedgerCheck {
  ok: boolean;
  checkedAt: string;
  entries: number;
  postings: number;
  invariants: Array<{
    invariant: string;
    ok: boolean;
    description: string;
    offenders: Array<Record<string, unknown>>;
    offenderCount: number;
  }>;
}

export interface FunderRefund {
  id: string;
  programmeId: string;
  amountCents: number;
  paidOn: string;
  bankReference: string;
  recordedAt: string;
}

export interface ProgrammeAccounts {
  faceValueCents: number;
  receivedCents: number;
  feeCents: number;
  redeemedCents: number;
  expiredCents: number;
  cancelledCents: number;
  outstandingCents: number;
  refundableCents: number;
  refundedCents: number;
  orderStatementAvailable: boolean;
  closingStatementAvailable: boolean;
  closingAvailableFrom: string;
  refunds: FunderRefund[];
  refundTransfers: RefundTransfer[];
}

/** A closed programme's credit note paid back to its funder by SEPA transfer (GET /api/funder-refund-transfers). */
export type RefundTransferStatus = 'prepared' | 'approved' | 'exported' | 'paid' | 'rejected' | 'cancelled';

export interface RefundTransfer {
  id: string;
  reference: string;
  programmeId: string;
  programmeCode: string;
  programmeName: string;
  funderOrganisationId: string;
  funderName: string;
  amountCents: number;
  status: RefundTransferStatus;
  closedOn: string;
  dueOn: string;
  overdue: boolean;
  preparedAt: string;
  preparedByPerson: boolean;
  approvedAt: string | null;
  exportedAt: string | null;
  paidOn: string | null;
  bankReference: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
}

export interface RefundToPrepare {
  programmeId: string;
  programmeCode: string;
  programmeName: string;
  funderOrganisationId: string;
  funderName: string;
  refundableCents: number;
  closedOn: string;
  dueOn: string;
  overdue: boolean;
  funderBankDetails: 'verified' | 'submitted' | 'rejected' | 'missing';
}

/** Settlement: a payment run to places, its lines (one transfer per payee) and carried-over payees. */
export type SettlementBatchStatus = 'draft' | 'approved' | 'exported' | 'paid' | 'cancelled';
export type SettlementLineStatus = 'pending' | 'paid' | 'rejected' | 'cancelled';

/** « Mes remboursements » (GET /api/settlement/place-payments): a place organisation's money in four parts. */
export interface PlacePaymentLine {
  id: string;
  reference: string;
  batchReference: string;
  cutOff: string;
  amountCents: number;
  chequeCount: number;
  stage: 'to_approve' | 'approved' | 'sent_to_bank' | null;
  stageText: string | null;
  sentToBankOn: string | null;
  expectedOn: string | null;
  paidOn: string | null;
  bankReference: string | null;
  rejectedOn: string | null;
  rejectionReason: string | null;
  advice: string | null;
}

export interface PlacePayments {
  organisationId: string;
  organisationName: string;
  schedule: { cadence: 'daily' | 'weekly' | 'monthly'; cutOffWeekday: string };
  bankDetailsVerified: boolean;
  toReceive: {
    amountCents: number;
    chequeCount: number;
    groups: Array<{ cutOff: string; expectedOn: string | null; amountCents: number; redemptionCount: number; chequeCount: number }>;
  };
  underReview: { amountCents: number; redemptions: ReviewedRedemption[] };
  refused: { amountCents: number; redemptions: ReviewedRedemption[] };
  inProgress: { amountCents: number; lines: PlacePaymentLine[] };
  paid: { amountCents: number; lines: PlacePaymentLine[] };
  rejected: { amountCents: number; lines: PlacePaymentLine[] };
  delay: DelayFigures;
}

/** A redemption held by an anomaly rule, as its place sees it (« en vérification », or refused after review). */
export interface ReviewedRedemption {
  redemptionId: string;
  occurredAt: string;
  amountCents: number;
  chequeCount: number;
  reasons: string[];
  rejectionReason: string | null;
  rejectedOn: string | null;
}

export type HoldStatus = 'held' | 'rejection_proposed' | 'released' | 'rejected';

/** GET /api/anomaly-holds (operator): a redemption held by an anomaly rule and its review. */
export interface AnomalyHold {
  id: string;
  redemptionId: string;
  organisationId: string;
  organisationName: string;
  placeId: string;
  placeName: string;
  occurredAt: string;
  amountCents: number;
  chequeCount: number;
  reasons: Array<{ rule: string; text: string }>;
  status: HoldStatus;
  flaggedAt: string;
  redemptionUndone: boolean;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseNote: string | null;
  rejectionReason: string | null;
  rejectionProposedBy: string | null;
  rejectionProposedAt: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
}

export interface DelayFigures {
  redemptionCount: number;
  medianDays: number | null;
  p95Days: number | null;
}

/** GET /api/settlement/payment-delays (operator). */
export interface PaymentDelays {
  overall: DelayFigures;
  departements: Array<DelayFigures & { departement: string }>;
}

export interface SettlementBatch {
  id: string;
  reference: string;
  month: string | null;
  cutOff: string;
  status: SettlementBatchStatus;
  totalCents: number;
  lineCount: number;
  carriedOverCents: number;
  createdBy: string | null;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  exportedAt: string | null;
  paidAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
}

export interface SettlementLine {
  id: string;
  batchId: string;
  batchReference: string;
  batchStatus: SettlementBatchStatus;
  month: string | null;
  cutOff: string;
  reference: string;
  organisationId: string;
  payeeName: string;
  amountCents: number;
  redemptionCount: number;
  chequeCount: number;
  iban: string;
  bic: string;
  accountHolder: string;
  status: SettlementLineStatus;
  paidOn: string | null;
  bankReference: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
}

export interface CarryOver {
  organisationId: string;
  payeeName: string;
  reason: string;
  reasonText: string;
  amountCents: number;
  redemptionCount: number;
  chequeCount: number;
}

export interface SettlementBatchDetail extends SettlementBatch {
  lines: SettlementLine[];
  carryOvers: CarryOver[];
}

export interface FunderPayment {
  programmeId: string;
  programmeName: string;
  organisationId: string;
  payeeName: string;
  chequeCount: number;
  amountCents: number;
}

export interface BankPayment {
  paidOn: string;
  bankReference: string;
}

let onUnauthenticated: () => void = () => {};

/** Called when the session has ended (expired, closed elsewhere): the app goes back to sign-in. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Funder and operator dashboards, open data (libs/reporting). */
export interface DashboardQuery {
  programmeId?: string;
  from?: string;
  to?: string;
}

/** A distributor's own usage funnel (GET /api/reporting/funnel). */
export interface DistributorFunnel {
  refreshedAt: string | null;
  smallCellThreshold: number;
  peoplePeriod: { from: string | null; to: string; snapped: boolean } | null;
  programmes: Array<{ id: string; name: string; code: string }>;
  funnel: UsageFunnel;
  tables: ReportTable[];
}

/** A link in the catalogue's JSON-LD (an IRI). */
interface LinkedResource {
  '@id': string;
}

/** The parts of the open-data catalogue (JSON-LD DCAT-AP, keys as compact IRIs) the portal page shows. */
export interface OpenDataset {
  '@id': string;
  'dct:identifier': string;
  'dct:title': string;
  'dct:description': string;
  'dct:license': LinkedResource;
  'dct:modified': { '@value': string };
  'dct:conformsTo': LinkedResource;
  'dcat:distribution': Array<{ '@id': string; 'dct:title': string; 'dcat:downloadURL': LinkedResource; 'dcat:mediaType': LinkedResource }>;
}

export interface OpenDataCatalog {
  'dct:title': string;
  'dcat:dataset': OpenDataset[];
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Network error');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = isErrorBody(payload)
      ? new ApiError(response.status, payload.code, payload.message, payload.details)
      : new ApiError(response.status, 'internal_error', `HTTP ${response.status}`);
    if (error.code === 'unauthenticated') onUnauthenticated();
    throw error;
  }
  return payload as T;
}

/** Sends a file as the raw request body (its own Content-Type), for the API's upload endpoints. */
async function upload<T>(path: string, file: Blob, method: 'POST' | 'PUT' = 'POST'): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Network error');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = isErrorBody(payload)
      ? new ApiError(response.status, payload.code, payload.message, payload.details)
      : new ApiError(response.status, response.status === 413 ? 'payload_too_large' : 'internal_error', `HTTP ${response.status}`);
    if (error.code === 'unauthenticated') onUnauthenticated();
    throw error;
  }
  return payload as T;
}

function isErrorBody(value: unknown): value is { code: string; message: string; details?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const segment = encodeURIComponent;

export const api = {
  login: (email: string, password: string) => request<Me>('POST', '/api/auth/login', { email, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  /** 404 when ProConnect is not configured: the sign-in page then offers no ProConnect button. */
  proconnectStatus: () => request<{ enabled: boolean }>('GET', '/api/auth/proconnect'),
  proconnectAuthorization: () => request<{ authorizationUrl: string }>('POST', '/api/auth/proconnect/authorization'),
  /** Signs out here; the URL, when there is one, ends the ProConnect session too. */
  proconnectLogout: () => request<{ endSessionUrl: string | null }>('POST', '/api/auth/proconnect/logout'),
  me: () => request<Me>('GET', '/api/auth/me'),
  sessions: () => request<Session[]>('GET', '/api/auth/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/api/auth/sessions/${segment(id)}`),
  notificationPreferences: () =>
    request<{ notifications: NotificationPreference[] }>('GET', '/api/auth/notification-preferences').then(
      (answer) => answer.notifications,
    ),
  setNotificationPreferences: (switchedOff: NotificationKind[]) =>
    request<{ notifications: NotificationPreference[] }>('PUT', '/api/auth/notification-preferences', { switchedOff }).then(
      (answer) => answer.notifications,
    ),

  organisations: (kind?: OrganisationKind) => request<Organisation[]>('GET', `/api/organisations${query({ kind })}`),
  createOrganisation: (input: { name: string; kind: string }) => request<Organisation>('POST', '/api/organisations', input),
  invite: (organisationId: string, input: { email: string; role: string }) =>
    request<InvitationCreated>('POST', `/api/organisations/${segment(organisationId)}/invitations`, input),
  users: (organisationId?: string) => request<User[]>('GET', `/api/users${query({ organisationId })}`),

  auditEvents: (filter: AuditQuery) => request<Page<AuditEvent>>('GET', `/api/audit-events${query({ ...filter })}`),

  apiTokens: () => request<ApiToken[]>('GET', '/api/api-tokens'),
  createApiToken: (input: { name: string; scopes: string[] }) => request<ApiTokenCreated>('POST', '/api/api-tokens', input),
  revokeApiToken: (id: string) => request<ApiToken>('DELETE', `/api/api-tokens/${segment(id)}`),

  webhooks: () => request<WebhookEndpoint[]>('GET', '/api/webhooks'),
  createWebhook: (input: { url: string; description: string; eventTypes: WebhookEventType[] }) =>
    request<WebhookEndpointCreated>('POST', '/api/webhooks', input),
  removeWebhook: (id: string) => request<WebhookEndpoint>('DELETE', `/api/webhooks/${segment(id)}`),
  testWebhook: (id: string) => request<WebhookDelivery>('POST', `/api/webhooks/${segment(id)}/test`),
  webhookDeliveries: (id: string, page = 1) =>
    request<Page<WebhookDelivery>>('GET', `/api/webhooks/${segment(id)}/deliveries${query({ page, pageSize: 10 })}`),
  resendWebhookDelivery: (deliveryId: string) => request<WebhookDelivery>('POST', `/api/webhooks/deliveries/${segment(deliveryId)}/resend`),

  programmes: (status?: ProgrammeStatus) => request<Programme[]>('GET', `/api/programmes${query({ status })}`),
  programme: (id: string) => request<Programme>('GET', `/api/programmes/${segment(id)}`),
  createProgramme: (input: ProgrammeInput) => request<Programme>('POST', '/api/programmes', input),
  updateProgramme: (id: string, input: Partial<ProgrammeInput>) => request<Programme>('PATCH', `/api/programmes/${segment(id)}`, input),
  setProgrammeLogo: (id: string, file: File) => upload<Programme>(`/api/programmes/${segment(id)}/logo`, file, 'PUT'),
  /** The operator only: takes a logo off the covers (e.g. one that stops the booklets from printing). */
  removeProgrammeLogo: (id: string) => request<Programme>('DELETE', `/api/programmes/${segment(id)}/logo`),
  /** Not fetched: the address of the cover logo, for an image (`version` changes it after an upload). */
  programmeLogoUrl: (id: string, version = 0) => `/api/programmes/${segment(id)}/logo${query({ v: version || undefined })}`,
  orderProgramme: (id: string) => request<Programme>('POST', `/api/programmes/${segment(id)}/order`),
  activateProgramme: (id: string) => request<Programme>('POST', `/api/programmes/${segment(id)}/activate`),
  closeProgramme: (id: string) => request<Programme>('POST', `/api/programmes/${segment(id)}/close`),
  recordFunding: (id: string, input: Funding) => request<Programme>('POST', `/api/programmes/${segment(id)}/funding`, input),
  /** Not fetched: the address of the printable PDF, for a download link. */
  bookletsPdfUrl: (id: string, range: { from?: number; to?: number } = {}) =>
    `/api/programmes/${segment(id)}/booklets.pdf${query({ from: range.from, to: range.to })}`,

  programmeAccounts: (id: string) => request<ProgrammeAccounts>('GET', `/api/programmes/${segment(id)}/accounts`),
  /** Not fetched: the address of a funder statement (PDF), for a download link. */
  statementUrl: (id: string, statement: 'order' | 'closing') => `/api/programmes/${segment(id)}/statements/${statement}.pdf`,
  recordRefund: (id: string, idempotencyKey: string, input: { amountCents: number; paidOn: string; bankReference: string }) =>
    request<FunderRefund>('POST', `/api/programmes/${segment(id)}/refunds`, input, { 'Idempotency-Key': idempotencyKey }),
  ledgerBalances: () => request<{ at: string; accounts: AccountBalance[] }>('GET', '/api/ledger/balances'),
  ledgerCheck: () => request<LedgerCheck>('GET', '/api/ledger/check'),
  fundsCoverage: () => request<FundsCoverage>('GET', '/api/funds-coverage'),
  confirmCoverageBalance: (id: string) => request<CoverageBalance>('POST', `/api/funds-coverage/balances/${segment(id)}/confirm`),
  enterCoverageBalance: (entry: { balanceCents: number; balanceOn: string; bankReference?: string }, statement: File) =>
    upload<CoverageBalance>(
      `/api/funds-coverage/balances${query({ ...entry, fileName: statement.name })}`,
      statement.slice(0, statement.size, 'application/pdf'),
    ),
  withdrawCoverageBalance: (id: string, reason: string) =>
    request<CoverageBalance>('POST', `/api/funds-coverage/balances/${segment(id)}/withdraw`, { reason }),
  /** Not fetched: the address of a balance's bank statement (PDF), for a download link. */
  coverageStatementUrl: (id: string) => `/api/funds-coverage/balances/${segment(id)}/statement`,

  allocateBooklets: (input: BookletAllocation) => request<{ allocated: number }>('POST', '/api/booklets/allocations', input),
  booklets: (filter: BookletQuery) => request<Page<Booklet>>('GET', `/api/booklets${query({ ...filter })}`),
  booklet: (serial: string) => request<Booklet>('GET', `/api/booklets/${segment(serial)}`),
  handOut: (input: HandOutInput) => request<{ handOutId: string; cheques: number }>('POST', '/api/hand-outs', input),
  cancelBooklet: (serial: string, reason: string) =>
    request<{ cancelled: number }>('POST', `/api/booklets/${segment(serial)}/cancel`, { reason }),
  reissuePreview: (serial: string) => request<ReissuePreview>('GET', `/api/booklets/${segment(serial)}/reissue`),
  reissueBooklet: (idempotencyKey: string, serial: string, newBookletSerial: string) =>
    request<ReissueResult>('POST', `/api/booklets/${segment(serial)}/reissue`, { newBookletSerial }, { 'Idempotency-Key': idempotencyKey }),
  idleBooklets: () => request<{ idleDays: number; booklets: IdleBooklet[] }>('GET', '/api/stock/idle-booklets'),
  stockTransfers: () => request<StockTransfer[]>('GET', '/api/stock/transfers'),
  transferDestinations: (programmeId: string) =>
    request<Array<{ id: string; name: string }>>('GET', `/api/stock/transfer-destinations${query({ programmeId })}`),
  requestTransfer: (
    idempotencyKey: string,
    input: { programmeId: string; toDistributorOrganisationId: string; bookletCount: number; reason?: string },
  ) => request<StockTransfer>('POST', '/api/stock/transfers', input, { 'Idempotency-Key': idempotencyKey }),
  decideTransfer: (idempotencyKey: string, id: string, decision: 'approve' | 'refuse', note: string) =>
    request<StockTransfer>('POST', `/api/stock/transfers/${segment(id)}/${decision}`, note ? { note } : {}, {
      'Idempotency-Key': idempotencyKey,
    }),
  cancelCheques: (chequeCodes: string[], reason: string) =>
    request<{ cancelled: number }>('POST', '/api/cheques/cancellations', { chequeCodes, reason }),

  chequeStatus: (code: string) => request<ChequeStatus>('GET', `/api/cheques/${segment(code)}/status`),
  chequeFeedback: (code: string) => request<FeedbackStatus>('GET', `/api/cheques/${segment(code)}/feedback`),
  giveChequeFeedback: (code: string, input: FeedbackInput) =>
    request<FeedbackStatus>('POST', `/api/cheques/${segment(code)}/feedback`, input),

  managedPlaces: (filter: { q?: string; page?: number; pageSize?: number } = {}) =>
    request<Page<ManagedPlace>>('GET', `/api/managed-places${query({ ...filter })}`),
  qualificationReferential: (version?: number) =>
    request<QualificationReferential>(
      'GET',
      version === undefined ? '/api/qualification/referential' : `/api/qualification/referentials/${segment(String(version))}`,
    ),
  applications: (filter: { status?: ApplicationStatus; placeId?: string } = {}) =>
    request<QualificationApplication[]>('GET', `/api/qualification/applications${query({ ...filter })}`),
  application: (id: string) => request<QualificationApplication>('GET', `/api/qualification/applications/${segment(id)}`),
  openApplication: (placeId: string) => request<QualificationApplication>('POST', '/api/qualification/applications', { placeId }),
  saveAnswers: (id: string, answers: CriterionAnswer[]) =>
    request<QualificationApplication>('PUT', `/api/qualification/applications/${segment(id)}/answers`, { answers }),
  addEvidence: (id: string, criterion: string, file: File) =>
    upload<QualificationEvidence>(
      `/api/qualification/applications/${segment(id)}/evidence${query({ criterion, fileName: file.name })}`,
      file,
    ),
  /** Not fetched: the address of an evidence file, for a download link. */
  evidenceUrl: (id: string, evidenceId: string) => `/api/qualification/applications/${segment(id)}/evidence/${segment(evidenceId)}`,
  reattachEvidence: (id: string, evidenceId: string) =>
    request<QualificationEvidence>('POST', `/api/qualification/applications/${segment(id)}/reattach-evidence`, { evidenceId }),
  renewals: (placeId?: string) => request<RenewalReminders>('GET', `/api/qualification/renewals${query({ placeId })}`),
  submitApplication: (id: string) => request<QualificationApplication>('POST', `/api/qualification/applications/${segment(id)}/submit`),
  decide: (id: string, input: { outcome: QualificationOutcome | ''; motivation: string; scores: CriterionScore[] }) =>
    request<QualificationDecision>('POST', `/api/qualification/applications/${segment(id)}/decision`, input),
  placeQualificationHistory: (placeId: string) =>
    request<PlaceQualificationHistory>('GET', `/api/places/${segment(placeId)}/qualification-history`),

  place: (id: string) => request<ManagedPlaceDetail>('GET', `/api/places/${segment(id)}`),
  createPlace: (input: PlaceFields & { organisationId?: string }) => request<ManagedPlace>('POST', '/api/places', input),
  updatePlace: (id: string, changes: Partial<PlaceFields>) => request<ManagedPlace>('PATCH', `/api/places/${segment(id)}`, changes),
  assignPlace: (id: string, organisationId: string) =>
    request<ManagedPlace>('PUT', `/api/places/${segment(id)}/organisation`, { organisationId }),
  suspendPlace: (id: string, reason: string) => request<ManagedPlace>('POST', `/api/places/${segment(id)}/suspension`, { reason }),
  liftSuspension: (id: string, reason: string) => request<ManagedPlace>('POST', `/api/places/${segment(id)}/suspension/lift`, { reason }),

  catalogueHistory: (placeId: string) => request<CatalogueEntry[]>('GET', `/api/places/${segment(placeId)}/catalogue/history`),
  addCatalogueEntry: (placeId: string, input: CatalogueEntryInput) =>
    request<CatalogueEntry>('POST', `/api/places/${segment(placeId)}/catalogue`, input),
  reviseCatalogueEntry: (placeId: string, entryId: string, input: CatalogueEntryInput) =>
    request<CatalogueEntry>('PUT', `/api/places/${segment(placeId)}/catalogue/${segment(entryId)}`, input),
  retireCatalogueEntry: (placeId: string, entryId: string) =>
    request<void>('DELETE', `/api/places/${segment(placeId)}/catalogue/${segment(entryId)}`),

  /** Current first, then the earlier ones. */
  bankDetails: (organisationId: string) => request<BankDetails[]>('GET', `/api/organisations/${segment(organisationId)}/bank-details`),
  submitBankDetails: (input: BankDetailsInput) => request<BankDetails>('PUT', '/api/bank-details', input),
  attachBankProof: (file: File) => upload<BankDetails>(`/api/bank-details/proof${query({ fileName: file.name })}`, file, 'PUT'),
  pendingBankDetails: () => request<BankDetails[]>('GET', '/api/bank-details/pending'),
  reviewBankDetails: (organisationId: string, id: string, input: { verdict: 'verified' | 'rejected'; note?: string }) =>
    request<BankDetails>('POST', `/api/organisations/${segment(organisationId)}/bank-details/${segment(id)}/review`, input),
  /** Not fetched: the address of the attached statement of account, for a download link. */
  bankProofUrl: (organisationId: string, id: string) => `/api/organisations/${segment(organisationId)}/bank-details/${segment(id)}/proof`,

  refundTransfers: () => request<{ toPrepare: RefundToPrepare[]; transfers: RefundTransfer[] }>('GET', '/api/funder-refund-transfers'),
  prepareRefundTransfer: (programmeId: string) =>
    request<RefundTransfer>('POST', `/api/programmes/${segment(programmeId)}/refund-transfer`),
  refundTransferStep: (id: string, step: 'approve' | 'export' | 'cancel') =>
    request<RefundTransfer>('POST', `/api/funder-refund-transfers/${segment(id)}/${step}`),
  /** Not fetched: the address of an exported refund transfer's pain.001, for a download link. */
  refundTransferSepaUrl: (id: string) => `/api/funder-refund-transfers/${segment(id)}/sepa.xml`,

  bankFiles: () => request<BankFileImport[]>('GET', '/api/bank-statements'),
  /** Sent as application/xml whatever the browser guessed. */
  importBankFile: (file: File) =>
    upload<BankFileImport>(`/api/bank-statements${query({ fileName: file.name })}`, file.slice(0, file.size, 'application/xml')),
  unmatchedBankEntries: () => request<BankStatementEntry[]>('GET', '/api/bank-statements/unmatched'),
  handleBankEntry: (id: string, note: string) =>
    request<BankStatementEntry>('POST', `/api/bank-statements/entries/${segment(id)}/handled`, { note }),
  placeImports: () => request<PlaceImport[]>('GET', '/api/place-imports'),
  placeImport: (id: string) => request<PlaceImport>('GET', `/api/place-imports/${segment(id)}`),
  /** Sent as text/csv whatever the browser guessed (a spreadsheet's CSV is often "application/vnd.ms-excel"). */
  checkPlaceImport: (file: File) =>
    upload<PlaceImport>(`/api/place-imports${query({ fileName: file.name })}`, file.slice(0, file.size, 'text/csv')),
  applyPlaceImport: (id: string) => request<PlaceImport>('POST', `/api/place-imports/${segment(id)}/apply`),
  discardPlaceImport: (id: string) => request<PlaceImport>('POST', `/api/place-imports/${segment(id)}/discard`),
  /** Not fetched: the address of an import's report as CSV, for a download link. */
  placeImportReportUrl: (id: string) => `/api/place-imports/${segment(id)}/report.csv`,

  verifyCheque: (input: { cheque: string; serviceId: string }) => request<VerifyAnswer>('POST', '/api/redemptions/verify', input),
  /** Retrying an attempt (network failure) must reuse its key: the API then answers the first result again. */
  redeem: (idempotencyKey: string, input: { cheques: string[]; serviceId: string }) =>
    request<Redemption>('POST', '/api/redemptions', input, { 'Idempotency-Key': idempotencyKey }),
  redemptions: (filter: RedemptionQuery) =>
    request<Page<RedemptionLine> & { totals: RedemptionTotals }>('GET', `/api/redemptions${query({ ...filter })}`),
  /** Not fetched: the address of the CSV export, for a download link. */
  redemptionsCsvUrl: (filter: RedemptionQuery) =>
    `/api/redemptions/export.csv${query({ ...filter, page: undefined, pageSize: undefined })}`,
  undoRedemption: (id: string, reason?: string) =>
    request<Redemption>('POST', `/api/redemptions/${segment(id)}/undo`, reason ? { reason } : {}),
  offlineBundle: (placeId: string) => request<OfflineBundle>('GET', `/api/redemptions/offline-bundle${query({ placeId })}`),
  syncRedemptions: (items: SyncItem[]) => request<{ results: SyncResult[] }>('POST', '/api/redemptions/sync', { items }),

  dashboard: (filter: DashboardQuery) => request<Dashboard>('GET', `/api/reporting/dashboard${query({ ...filter })}`),
  distributorFunnel: (filter: DashboardQuery) => request<DistributorFunnel>('GET', `/api/reporting/funnel${query({ ...filter })}`),
  distributorFunnelCsvUrl: (tableId: string, filter: DashboardQuery, format?: 'excel-fr') =>
    `/api/reporting/funnel/${segment(tableId)}.csv${query({ ...filter, format })}`,
  /** Not fetched: addresses of a dashboard table's CSV and of a programme's PDF summary, for download links. */
  dashboardCsvUrl: (tableId: string, filter: DashboardQuery, format?: 'excel-fr') =>
    `/api/reporting/dashboard/${segment(tableId)}.csv${query({ ...filter, format })}`,
  programmeSummaryUrl: (programmeId: string, filter: DashboardQuery) =>
    `/api/reporting/programmes/${segment(programmeId)}/summary.pdf${query({ from: filter.from, to: filter.to })}`,
  expiryAlerts: () => request<ExpiryAlert[]>('GET', '/api/reporting/expiry-alerts'),
  openDataCatalog: () => request<OpenDataCatalog>('GET', '/api/open-data/catalog.json'),

  requestPasswordReset: (email: string) => request<void>('POST', '/api/auth/password-reset', { email }),
  passwordLink: (token: string) => request<PasswordLink>('GET', `/api/auth/password-reset/${segment(token)}`),
  choosePassword: (token: string, password: string) => request<void>('POST', `/api/auth/password-reset/${segment(token)}`, { password }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/auth/password', { currentPassword, newPassword }),
  invitation: (token: string) => request<InvitationDescription>('GET', `/api/invitations/${segment(token)}`),
  acceptInvitation: (token: string, input: { displayName: string; password: string }) =>
    request<User>('POST', `/api/invitations/${segment(token)}/accept`, input),
  settlementBatches: () => request<SettlementBatch[]>('GET', '/api/settlement/batches'),
  settlementBatch: (id: string) => request<SettlementBatchDetail>('GET', `/api/settlement/batches/${segment(id)}`),
  /** A retry with the same key gets the same answer; the same month again gives the existing batch. */
  createSettlementBatch: (idempotencyKey: string, input: { month?: string; cutOff?: string }) =>
    request<SettlementBatch>('POST', '/api/settlement/batches', input, { 'Idempotency-Key': idempotencyKey }),
  approveSettlementBatch: (id: string) => request<SettlementBatch>('POST', `/api/settlement/batches/${segment(id)}/approve`),
  exportSettlementBatch: (id: string) => request<SettlementBatch>('POST', `/api/settlement/batches/${segment(id)}/export`),
  cancelSettlementBatch: (idempotencyKey: string, id: string, reason: string) =>
    request<SettlementBatch>('POST', `/api/settlement/batches/${segment(id)}/cancel`, { reason }, { 'Idempotency-Key': idempotencyKey }),
  markSettlementBatchPaid: (idempotencyKey: string, id: string, payment: BankPayment) =>
    request<SettlementBatch>('POST', `/api/settlement/batches/${segment(id)}/paid`, payment, { 'Idempotency-Key': idempotencyKey }),
  markSettlementLinePaid: (idempotencyKey: string, lineId: string, payment: BankPayment) =>
    request<SettlementLine>('POST', `/api/settlement/lines/${segment(lineId)}/paid`, payment, { 'Idempotency-Key': idempotencyKey }),
  rejectSettlementLine: (idempotencyKey: string, lineId: string, reason: string) =>
    request<SettlementLine>('POST', `/api/settlement/lines/${segment(lineId)}/reject`, { reason }, { 'Idempotency-Key': idempotencyKey }),
  settlementLines: () => request<SettlementLine[]>('GET', '/api/settlement/lines'),
  /** A place's own (no organisationId), or the operator's view of one place organisation. */
  anomalyHolds: (status: 'waiting' | HoldStatus = 'waiting') => request<AnomalyHold[]>('GET', `/api/anomaly-holds?status=${status}`),
  releaseHold: (idempotencyKey: string, id: string, note?: string) =>
    request<AnomalyHold>('POST', `/api/anomaly-holds/${segment(id)}/release`, note ? { note } : {}, { 'Idempotency-Key': idempotencyKey }),
  rejectHold: (idempotencyKey: string, id: string, reason: string) =>
    request<AnomalyHold>('POST', `/api/anomaly-holds/${segment(id)}/reject`, { reason }, { 'Idempotency-Key': idempotencyKey }),
  confirmHoldRejection: (idempotencyKey: string, id: string) =>
    request<AnomalyHold>('POST', `/api/anomaly-holds/${segment(id)}/confirm-rejection`, undefined, { 'Idempotency-Key': idempotencyKey }),
  placePayments: (organisationId?: string) =>
    request<PlacePayments>(
      'GET',
      `/api/settlement/place-payments${organisationId ? `?organisationId=${encodeURIComponent(organisationId)}` : ''}`,
    ),
  paymentDelays: () => request<PaymentDelays>('GET', '/api/settlement/payment-delays'),
  /** One place's own (its managers, the operator). */
  placePaymentDelay: (placeId: string) => request<DelayFigures>('GET', `/api/settlement/places/${segment(placeId)}/payment-delay`),
  placePaymentsFileUrl: (kind: 'csv' | 'pdf', organisationId?: string) =>
    `/api/settlement/place-payments.${kind}${organisationId ? `?organisationId=${encodeURIComponent(organisationId)}` : ''}`,
  funderPayments: () => request<FunderPayment[]>('GET', '/api/settlement/funder-payments'),
  /** Not fetched: addresses of the batch's files and of a line's statement, for download links. */
  settlementSepaUrl: (id: string) => `/api/settlement/batches/${segment(id)}/sepa.xml`,
  settlementCsvUrl: (id: string) => `/api/settlement/batches/${segment(id)}/lines.csv`,
  settlementStatementUrl: (lineId: string) => `/api/settlement/lines/${segment(lineId)}/statement.pdf`,
};
