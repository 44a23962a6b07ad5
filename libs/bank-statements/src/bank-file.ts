/**
 * Reads the bank's ISO 20022 files: camt.053.001.08 (statement), camt.054.001.08 (debit/credit
 * notification) and pain.002.001.03 (payment status report), into one list of entries, each the bank's
 * word on one transfer we sent (found by its EndToEndId) or on something else that moved the account.
 *
 * Hostile files: a file declaring a DTD or an entity is refused before parsing, so the parser never
 * expands more than XML's predefined entities nor reads anything outside the file, and the HTTP layer caps the size (see the controller).
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError, formatEuros, type IsoDate } from '@app/domain';

export const BANK_FILE_KINDS = ['camt.053', 'camt.054', 'pain.002'] as const;
export type BankFileKind = (typeof BANK_FILE_KINDS)[number];

/** What the bank says happened to one transfer (or one movement of the account). */
export type BankEntryOutcome = 'paid' | 'rejected';

export interface BankEntry {
  /** Identity of the entry across files (a camt.054 and the day's camt.053 report the same one). */
  key: string;
  outcome: BankEntryOutcome;
  /** The EndToEndId we gave the transfer (the settlement line's reference), when the bank repeats it. */
  endToEndId: string | null;
  amountCents: number | null;
  /** The bank's booking date (camt) or the report's date (pain.002). */
  bookingDate: IsoDate;
  /** The bank's own reference of the entry (AcctSvcrRef), else the message's. */
  bankReference: string;
  /** ISO reason code of a rejection or return (AC04, AM04…). */
  reasonCode: string | null;
  /** Free text the bank gave (remittance information, additional information). */
  information: string | null;
  /** Why the file itself says this entry cannot be booked as it stands (French, for a person); null when it can. */
  problem: string | null;
}

export interface BankFile {
  kind: BankFileKind;
  messageId: string;
  entries: BankEntry[];
  /** Entries the file reports that say nothing final about a transfer (pending, accepted for processing). */
  ignored: number;
}

const NAMESPACES: Record<string, BankFileKind> = {
  'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08': 'camt.053',
  'urn:iso:std:iso:20022:tech:xsd:camt.054.001.08': 'camt.054',
  'urn:iso:std:iso:20022:tech:xsd:pain.002.001.03': 'pain.002',
};

const REPEATED = new Set([
  'Stmt',
  'Ntfctn',
  'Ntry',
  'NtryDtls',
  'TxDtls',
  'OrgnlPmtInfAndSts',
  'TxInfAndSts',
  'StsRsnInf',
  'Ustrd',
  'AddtlInf',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Only XML's five predefined entities and character references: a file with a DTD never reaches the parser.
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

/** Parses the file, or throws a 400 naming what is wrong. */
export function readBankFile(content: Buffer | string): BankFile {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw invalid('the file declares a DTD or entities: bank files never do');
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) throw invalid(`the file is not well-formed XML (line ${wellFormed.err.line}: ${wellFormed.err.msg})`);
  // The parser drops namespace declarations with their prefixes: the message's is read from the text.
  const namespace = /xmlns(?::[\w.-]+)?="(urn:iso:std:iso:20022:tech:xsd:[^"]+)"/.exec(text)?.[1] ?? '(none)';
  const kind = NAMESPACES[namespace];
  if (!kind) throw invalid(`unsupported namespace ${namespace}: send camt.053.001.08, camt.054.001.08 or pain.002.001.03`);
  const document = (parser.parse(text) as Node).Document as Node | undefined;
  if (!document || typeof document !== 'object') throw invalid('the root element must be an ISO 20022 Document');

  return kind === 'pain.002' ? statusReport(document) : accountReport(kind, document);
}

/** camt.053 and camt.054 share their entries' structure (ReportEntry10). */
function accountReport(kind: 'camt.053' | 'camt.054', document: Node): BankFile {
  const message = node(document, kind === 'camt.053' ? 'BkToCstmrStmt' : 'BkToCstmrDbtCdtNtfctn');
  const messageId = text(node(message, 'GrpHdr'), 'MsgId');
  const reports = list(message, kind === 'camt.053' ? 'Stmt' : 'Ntfctn');
  const entries: BankEntry[] = [];
  let ignored = 0;
  for (const report of reports) {
    for (const entry of list(report, 'Ntry')) {
      const status = optionalText(node(entry, 'Sts'), 'Cd');
      if (status !== 'BOOK') {
        ignored += 1;
        continue;
      }
      const credit = text(entry, 'CdtDbtInd') === 'CRDT';
      const reversal = optionalText(entry, 'RvslInd') === 'true';
      // The booking date, else the value date (both optional in v08): the day the money moved.
      const bookingDate = day(optionalNode(entry, 'BookgDt') ?? optionalNode(entry, 'ValDt') ?? {});
      const entryReference = optionalText(entry, 'AcctSvcrRef') ?? optionalText(entry, 'NtryRef') ?? messageId;
      const entryAmount = cents(entry.Amt);
      const transactions = list(entry, 'NtryDtls').flatMap((details) => list(details, 'TxDtls'));
      if (transactions.length === 0) {
        entries.push(
          withKey({
            outcome: credit !== reversal ? 'rejected' : 'paid',
            endToEndId: null,
            amountCents: entryAmount,
            bookingDate,
            bankReference: entryReference,
            reasonCode: null,
            information: additionalInformation(entry),
            problem: null,
          }),
        );
        continue;
      }
      const amounts = transactions.map((transaction) => transferAmount(transaction, transactions.length === 1 ? entryAmount : null));
      const credits = transactions.map((transaction) => (optionalText(transaction, 'CdtDbtInd') ?? (credit ? 'CRDT' : 'DBIT')) === 'CRDT');
      const problem = groupProblem(
        entryAmount,
        amounts,
        credits.map((txCredit) => txCredit === credit),
      );
      transactions.forEach((transaction, index) => {
        const refs = optionalNode(transaction, 'Refs');
        const returned = optionalNode(transaction, 'RtrInf');
        // Money coming back to the account on a transfer we sent is its return; a debit is its payment.
        const txCredit = credits[index];
        entries.push(
          withKey({
            outcome: returned || txCredit !== reversal ? 'rejected' : 'paid',
            endToEndId: refs ? optionalText(refs, 'EndToEndId') : null,
            amountCents: amounts[index],
            bookingDate,
            bankReference: (refs && optionalText(refs, 'AcctSvcrRef')) ?? `${entryReference}/${index + 1}`,
            reasonCode: returned ? (optionalText(optionalNode(returned, 'Rsn') ?? {}, 'Cd') ?? null) : null,
            information: remittance(transaction) ?? additionalInformation(entry),
            problem,
          }),
        );
      });
    }
  }
  return { kind, messageId, entries, ignored };
}

/** pain.002: only rejections are final (an accepted transfer is booked when the statement says so). */
function statusReport(document: Node): BankFile {
  const message = node(document, 'CstmrPmtStsRpt');
  const header = node(message, 'GrpHdr');
  const messageId = text(header, 'MsgId');
  const reportDate = day({ Dt: text(header, 'CreDtTm').slice(0, 10) });
  const entries: BankEntry[] = [];
  let ignored = 0;
  for (const payment of list(message, 'OrgnlPmtInfAndSts')) {
    for (const transaction of list(payment, 'TxInfAndSts')) {
      if (optionalText(transaction, 'TxSts') !== 'RJCT') {
        ignored += 1;
        continue;
      }
      const reason = list(transaction, 'StsRsnInf')[0];
      const original = optionalNode(transaction, 'OrgnlTxRef');
      const amount = original ? optionalNode(optionalNode(original, 'Amt') ?? {}, 'InstdAmt') : undefined;
      entries.push(
        withKey({
          outcome: 'rejected',
          endToEndId: optionalText(transaction, 'OrgnlEndToEndId'),
          amountCents: amount !== undefined ? cents(amount) : null,
          bookingDate: reportDate,
          bankReference: optionalText(transaction, 'StsId') ?? `${messageId}/${entries.length + 1}`,
          reasonCode: reason ? (optionalText(optionalNode(reason, 'Rsn') ?? {}, 'Cd') ?? null) : null,
          information: reason ? texts(reason, 'AddtlInf').join(' ') || null : null,
          problem: null,
        }),
      );
    }
  }
  return { kind: 'pain.002', messageId, entries, ignored };
}

/**
 * One transfer's amount: `TxDtls/Amt`, else `TxDtls/AmtDtls/TxAmt/Amt` (the amount booked on the account),
 * else the entry's own when the entry is that one transfer.
 */
function transferAmount(transaction: Node, soleTransferAmount: number | null): number | null {
  if (transaction.Amt !== undefined) return cents(transaction.Amt);
  const booked = optionalNode(optionalNode(transaction, 'AmtDtls') ?? {}, 'TxAmt')?.Amt;
  return booked !== undefined ? cents(booked) : soleTransferAmount;
}

/**
 * An entry booking several transfers says what each one was, and they add up to the entry (a transfer
 * in the other direction counts against it); otherwise none of them is booked and a person looks.
 */
function groupProblem(entryAmount: number, amounts: ReadonlyArray<number | null>, sameDirection: readonly boolean[]): string | null {
  if (amounts.some((amount) => amount === null)) {
    return `L’écriture groupe ${amounts.length} virements sans donner le montant de chacun : impossible de savoir lequel a été payé combien`;
  }
  const sum = amounts.reduce<number>((total, amount, index) => total + (sameDirection[index] ? 1 : -1) * (amount ?? 0), 0);
  if (sum !== entryAmount) {
    return `La somme des virements de l’écriture (${formatEuros(sum)}) diffère de son montant (${formatEuros(entryAmount)})`;
  }
  return null;
}

function withKey(entry: Omit<BankEntry, 'key'>): BankEntry {
  const identity = [entry.outcome, entry.endToEndId ?? '', entry.amountCents ?? '', entry.bookingDate, entry.bankReference].join('|');
  return { key: createHash('sha256').update(identity).digest('hex'), ...entry };
}

function remittance(transaction: Node): string | null {
  const info = optionalNode(transaction, 'RmtInf');
  const lines = info ? texts(info, 'Ustrd') : [];
  return lines.length > 0 ? lines.join(' ') : null;
}

function additionalInformation(entry: Node): string | null {
  const info = entry.AddtlNtryInf;
  return typeof info === 'string' && info !== '' ? info : null;
}

/** An amount element (`<Amt Ccy="EUR">12.34</Amt>`) in cents; only euros are ours. */
function cents(amount: unknown): number {
  const value = typeof amount === 'object' && amount !== null ? (amount as Node)['#text'] : amount;
  const currency = typeof amount === 'object' && amount !== null ? (amount as Node)['@Ccy'] : undefined;
  if (currency !== undefined && currency !== 'EUR') throw invalid(`amounts must be in EUR, not ${String(currency)}`);
  const match = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(String(value ?? ''));
  if (!match) throw invalid(`the amount ${String(value)} is not a decimal amount with at most 2 decimals`);
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** A DateAndDateTime2Choice: <Dt> or <DtTm>. */
function day(choice: Node): IsoDate {
  const value = optionalText(choice, 'Dt') ?? optionalText(choice, 'DtTm')?.slice(0, 10);
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid('an entry has neither a booking date (BookgDt) nor a value date (ValDt)');
  return value;
}

function node(parent: Node, name: string): Node {
  const child = optionalNode(parent, name);
  if (!child) throw invalid(`missing element ${name}`);
  return child;
}

function optionalNode(parent: Node, name: string): Node | undefined {
  const child = parent[name];
  return typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Node) : undefined;
}

function list(parent: Node, name: string): Node[] {
  const children = parent[name];
  return Array.isArray(children) ? children.filter((child): child is Node => typeof child === 'object' && child !== null) : [];
}

function texts(parent: Node, name: string): string[] {
  const children = parent[name];
  return Array.isArray(children) ? children.filter((child): child is string => typeof child === 'string' && child !== '') : [];
}

function text(parent: Node, name: string): string {
  const value = optionalText(parent, name);
  if (value === null) throw invalid(`missing element ${name}`);
  return value;
}

function optionalText(parent: Node, name: string): string | null {
  const value = parent[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function invalid(problem: string): DomainError {
  return DomainError.validation([{ field: 'file', problems: [problem] }]);
}
