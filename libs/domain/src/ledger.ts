/**
 * The double-entry ledger's rules: the chart of accounts, the journal entries each business event
 * makes, and the zero-sum rule. Sign convention: a debit is positive, a credit negative, and the
 * postings of every entry sum to zero. Pure: the ledger lib writes what these functions build.
 */
import { addDays, type IsoDate } from './calendar';
import { assertCents, type Cents } from './money';

/**
 * - bank: the operator's bank account (money in: fundings; money out: refunds, settlements);
 * - funder: what the operator owes a funder organisation (credit notes, refundable value);
 * - programme_outstanding: the value of a programme's funded cheques not yet used, expired or cancelled;
 * - place_payable: what the operator owes a place organisation (the payee) for its redemptions;
 * - operator_fees: the operator's fees earned on orders.
 */
export const LEDGER_ACCOUNT_KINDS = ['bank', 'funder', 'programme_outstanding', 'place_payable', 'operator_fees'] as const;
export type LedgerAccountKind = (typeof LEDGER_ACCOUNT_KINDS)[number];

/** Accounts that exist once; the others are one per organisation or programme (their `ref`). */
const SINGLE_ACCOUNTS: ReadonlySet<LedgerAccountKind> = new Set(['bank', 'operator_fees']);

export interface LedgerAccount {
  kind: LedgerAccountKind;
  /** The funder or place organisation, or the programme; null for bank and operator_fees. */
  ref: string | null;
}

export const LEDGER_ENTRY_KINDS = [
  'programme_funded',
  'redemption',
  'redemption_undone',
  'cheques_expired',
  'cheques_cancelled',
  'refund_paid',
  'settlement_paid',
  'settlement_rejected',
] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

export interface LedgerPosting {
  account: LedgerAccount;
  amountCents: Cents;
}

/** What a business event writes: unique by (kind, source), so writing it twice changes nothing. */
export interface LedgerEntryDraft {
  kind: LedgerEntryKind;
  /** The id of what caused it (programme, redemption, refund, settlement line, run:programme…). */
  source: string;
  /** The programme it is about, when there is one (statements read a programme's entries by it). */
  programmeId: string | null;
  occurredAt: Date;
  memo: string | null;
  postings: LedgerPosting[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ledgerAccount(kind: LedgerAccountKind, ref: string | null = null): LedgerAccount {
  if (SINGLE_ACCOUNTS.has(kind) !== (ref === null)) {
    throw new Error(SINGLE_ACCOUNTS.has(kind) ? `the ${kind} account has no reference` : `a ${kind} account needs a reference`);
  }
  return { kind, ref };
}

/** "bank", "funder:<uuid>", "programme_outstanding:<uuid>"… */
export function accountKey(account: LedgerAccount): string {
  return account.ref === null ? account.kind : `${account.kind}:${account.ref}`;
}

export function parseAccountKey(key: string): LedgerAccount | null {
  const [kind, ref, ...rest] = key.split(':');
  if (rest.length > 0 || !(LEDGER_ACCOUNT_KINDS as readonly string[]).includes(kind)) return null;
  const accountKind = kind as LedgerAccountKind;
  if (SINGLE_ACCOUNTS.has(accountKind)) return ref === undefined ? { kind: accountKind, ref: null } : null;
  return ref !== undefined && UUID.test(ref) ? { kind: accountKind, ref: ref.toLowerCase() } : null;
}

/** Postings merged per account, zero amounts dropped, in a stable order (account key). */
export function mergePostings(postings: LedgerPosting[]): LedgerPosting[] {
  const byAccount = new Map<string, LedgerPosting>();
  for (const posting of postings) {
    assertCents(posting.amountCents, `amount of ${accountKey(posting.account)}`);
    const key = accountKey(posting.account);
    const current = byAccount.get(key);
    byAccount.set(key, { account: posting.account, amountCents: (current?.amountCents ?? 0) + posting.amountCents });
  }
  return [...byAccount.entries()]
    .filter(([, posting]) => posting.amountCents !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, posting]) => posting);
}

export function postingsTotal(postings: LedgerPosting[]): Cents {
  return postings.reduce((sum, posting) => sum + posting.amountCents, 0);
}

/** An entry made of these postings (merged), refused unless they sum to zero and move something. */
export function balancedEntry(draft: Omit<LedgerEntryDraft, 'postings'>, postings: LedgerPosting[]): LedgerEntryDraft {
  const merged = mergePostings(postings);
  const total = postingsTotal(merged);
  if (total !== 0) throw new Error(`ledger entry ${draft.kind} ${draft.source} does not balance: its postings sum to ${total} cents`);
  if (merged.length === 0) throw new Error(`ledger entry ${draft.kind} ${draft.source} moves nothing`);
  return { ...draft, postings: merged };
}

/** The entry that cancels another one: every posting negated. */
export function reversingPostings(postings: LedgerPosting[]): LedgerPosting[] {
  return postings.map((posting) => ({ account: posting.account, amountCents: -posting.amountCents }));
}

function positive(amount: Cents, what: string): Cents {
  assertCents(amount, what);
  if (amount <= 0) throw new Error(`${what} must be positive`);
  return amount;
}

export interface FundingFacts {
  programmeId: string;
  funderOrganisationId: string;
  receivedCents: Cents;
  /** Face value of every cheque of the programme. */
  faceValueTotalCents: Cents;
  feeCents: Cents;
  occurredAt: Date;
  reference: string;
}

/**
 * The funder's payment: the bank receives it, the programme's cheques become outstanding, the
 * operator earns its fee, and anything paid beyond the total due is owed back to the funder.
 */
export function fundingEntry(facts: FundingFacts): LedgerEntryDraft {
  const received = positive(facts.receivedCents, 'amount received');
  const overpayment = received - facts.faceValueTotalCents - facts.feeCents;
  if (overpayment < 0) throw new Error('the amount received does not cover the face value and the fee');
  return balancedEntry(
    {
      kind: 'programme_funded',
      source: facts.programmeId,
      programmeId: facts.programmeId,
      occurredAt: facts.occurredAt,
      memo: facts.reference,
    },
    [
      { account: ledgerAccount('bank'), amountCents: received },
      { account: ledgerAccount('programme_outstanding', facts.programmeId), amountCents: -facts.faceValueTotalCents },
      { account: ledgerAccount('operator_fees'), amountCents: -facts.feeCents },
      { account: ledgerAccount('funder', facts.funderOrganisationId), amountCents: -overpayment },
    ],
  );
}

export interface SpentCheque {
  programmeId: string;
  faceValueCents: Cents;
}

/** Cheques spent at a place: their programmes' outstanding value becomes payable to the place's organisation. */
export function redemptionEntry(facts: {
  redemptionId: string;
  payeeOrganisationId: string;
  occurredAt: Date;
  cheques: SpentCheque[];
}): LedgerEntryDraft {
  if (facts.cheques.length === 0) throw new Error('a redemption spends at least one cheque');
  const programmes = new Set(facts.cheques.map((cheque) => cheque.programmeId));
  const total = facts.cheques.reduce((sum, cheque) => sum + positive(cheque.faceValueCents, 'face value'), 0);
  return balancedEntry(
    {
      kind: 'redemption',
      source: facts.redemptionId,
      programmeId: programmes.size === 1 ? facts.cheques[0].programmeId : null,
      occurredAt: facts.occurredAt,
      memo: null,
    },
    [
      ...facts.cheques.map((cheque) => ({
        account: ledgerAccount('programme_outstanding', cheque.programmeId),
        amountCents: cheque.faceValueCents,
      })),
      { account: ledgerAccount('place_payable', facts.payeeOrganisationId), amountCents: -total },
    ],
  );
}

/** Funded cheques that will never be used (expired, or cancelled as lost or stolen): their value is the funder's again. */
export function releaseEntry(facts: {
  kind: 'cheques_expired' | 'cheques_cancelled';
  source: string;
  programmeId: string;
  funderOrganisationId: string;
  amountCents: Cents;
  occurredAt: Date;
  memo?: string | null;
}): LedgerEntryDraft {
  const amount = positive(facts.amountCents, 'released value');
  return balancedEntry(
    { kind: facts.kind, source: facts.source, programmeId: facts.programmeId, occurredAt: facts.occurredAt, memo: facts.memo ?? null },
    [
      { account: ledgerAccount('programme_outstanding', facts.programmeId), amountCents: amount },
      { account: ledgerAccount('funder', facts.funderOrganisationId), amountCents: -amount },
    ],
  );
}

/** The operator pays refundable value back to the funder. */
export function refundEntry(facts: {
  refundId: string;
  programmeId: string;
  funderOrganisationId: string;
  amountCents: Cents;
  occurredAt: Date;
  bankReference: string;
}): LedgerEntryDraft {
  const amount = positive(facts.amountCents, 'refund');
  return balancedEntry(
    {
      kind: 'refund_paid',
      source: facts.refundId,
      programmeId: facts.programmeId,
      occurredAt: facts.occurredAt,
      memo: facts.bankReference,
    },
    [
      { account: ledgerAccount('funder', facts.funderOrganisationId), amountCents: amount },
      { account: ledgerAccount('bank'), amountCents: -amount },
    ],
  );
}

export interface SettlementLineFacts {
  lineId: string;
  payeeOrganisationId: string;
  amountCents: Cents;
  occurredAt: Date;
  memo?: string | null;
}

/** A settlement line paid by transfer: the payable is settled from the bank. */
export function settlementPaidEntry(facts: SettlementLineFacts): LedgerEntryDraft {
  const amount = positive(facts.amountCents, 'settlement amount');
  return balancedEntry(
    { kind: 'settlement_paid', source: facts.lineId, programmeId: null, occurredAt: facts.occurredAt, memo: facts.memo ?? null },
    [
      { account: ledgerAccount('place_payable', facts.payeeOrganisationId), amountCents: amount },
      { account: ledgerAccount('bank'), amountCents: -amount },
    ],
  );
}

/** The bank returned the transfer: the money is back and the place is owed it again. */
export function settlementRejectedEntry(facts: SettlementLineFacts): LedgerEntryDraft {
  const paid = settlementPaidEntry(facts);
  return { ...paid, kind: 'settlement_rejected', postings: reversingPostings(paid.postings) };
}

/**
 * What the operator may still refund to a funder for one programme: the credit (negative balance)
 * its entries left on the funder's account. Never below zero.
 */
export function refundableCents(funderPostingsOfProgramme: Cents[]): Cents {
  return Math.max(0, -funderPostingsOfProgramme.reduce((sum, amount) => sum + amount, 0));
}

/** One entry per programme for a set of released cheques (expiry run, cancellation), funded programmes only. */
export function releaseEntries(
  kind: 'cheques_expired' | 'cheques_cancelled',
  sourcePrefix: string,
  cheques: Array<{ programmeId: string; funderOrganisationId: string; faceValueCents: Cents; funded: boolean }>,
  occurredAt: Date,
  memo: string | null = null,
): LedgerEntryDraft[] {
  const perProgramme = new Map<string, { funderOrganisationId: string; amountCents: Cents }>();
  for (const cheque of cheques) {
    if (!cheque.funded) continue; // an unfunded programme has nothing outstanding to release
    const current = perProgramme.get(cheque.programmeId) ?? { funderOrganisationId: cheque.funderOrganisationId, amountCents: 0 };
    current.amountCents += cheque.faceValueCents;
    perProgramme.set(cheque.programmeId, current);
  }
  return [...perProgramme.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([programmeId, { funderOrganisationId, amountCents }]) =>
      releaseEntry({ kind, source: `${sourcePrefix}:${programmeId}`, programmeId, funderOrganisationId, amountCents, occurredAt, memo }),
    );
}

export type StatementAvailability =
  | { available: true }
  | {
      available: false;
      code: 'order_statement_not_available' | 'closing_statement_not_available';
      reason: string;
      availableFrom: IsoDate | null;
    };

/** The order statement exists once the funding is booked. */
export function orderStatementAvailability(funded: boolean): StatementAvailability {
  return funded
    ? { available: true }
    : { available: false, code: 'order_statement_not_available', reason: 'the programme is not funded yet', availableFrom: null };
}

/**
 * The closing statement exists after the programme's last day plus its grace days (the first day no
 * place may redeem any more), once every funded cheque is used, expired or cancelled.
 */
export function closingStatementAvailability(
  programme: { funded: boolean; validUntil: IsoDate; graceDays: number; outstandingCents: Cents },
  today: IsoDate,
): StatementAvailability {
  const availableFrom = addDays(programme.validUntil, programme.graceDays + 1);
  const refused = (reason: string): StatementAvailability => ({
    available: false,
    code: 'closing_statement_not_available',
    reason,
    availableFrom,
  });
  if (!programme.funded) return refused('the programme was never funded');
  if (today < availableFrom) return refused(`places may redeem its cheques until ${addDays(availableFrom, -1)}`);
  if (programme.outstandingCents !== 0) return refused('its unused cheques have not expired yet (the expiry job runs hourly)');
  return { available: true };
}
