/**
 * Writes the files a bank sends back (camt.053.001.08, camt.054.001.08, pain.002.001.03) for the
 * transfers we sent: the demo seed, the tests (which validate them against the official XSDs with
 * xmllint) and the bench use it. Not used by the import, which reads any bank's files.
 */
import { centsToDecimal } from '@app/domain';

export interface BankAnswer {
  /** The settlement line's reference as sent in the pain.001; null for a movement of another origin. */
  endToEndId: string | null;
  amountCents: number;
  /** paid: the debit of our transfer; returned: the money coming back (with its reason). */
  outcome: 'paid' | 'returned';
  bookingDate: string;
  bankReference: string;
  reasonCode?: string;
  information?: string;
}

/**
 * Several transfers the bank books as one entry (batch booking): the entry's amount is their sum unless
 * `entryAmountCents` says otherwise; each transfer's own amount is written where `transferAmounts` says
 * (`TxDtls/Amt`, `TxDtls/AmtDtls/TxAmt/Amt`) or not at all (`none`), as banks do.
 */
export interface GroupedAnswers {
  grouped: readonly BankAnswer[];
  entryAmountCents?: number;
  transferAmounts: 'Amt' | 'AmtDtls' | 'none';
}

export interface AccountReport {
  messageId: string;
  createdAt: string;
  accountIban: string;
  answers: ReadonlyArray<BankAnswer | GroupedAnswers>;
}

export interface StatusReport {
  messageId: string;
  createdAt: string;
  /** The pain.001 message answered (its MsgId: the batch reference). */
  originalMessageId: string;
  transactions: ReadonlyArray<{ endToEndId: string; amountCents: number; status: 'ACCP' | 'ACSC' | 'RJCT'; reasonCode?: string }>;
}

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A day's statement (camt.053.001.08): opening balance 0, one entry per answer. */
export function camt053Xml(report: AccountReport): string {
  const day = report.createdAt.slice(0, 10);
  return (
    `${HEADER}<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>` +
    `<GrpHdr><MsgId>${escape(report.messageId)}</MsgId><CreDtTm>${report.createdAt}</CreDtTm></GrpHdr>` +
    `<Stmt><Id>${escape(report.messageId)}</Id><CreDtTm>${report.createdAt}</CreDtTm>` +
    `<Acct><Id><IBAN>${report.accountIban}</IBAN></Id></Acct>` +
    `<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${day}</Dt></Dt></Bal>` +
    report.answers.map(anyEntryXml).join('') +
    `</Stmt></BkToCstmrStmt></Document>\n`
  );
}

/** A debit/credit notification (camt.054.001.08), one entry per answer. */
export function camt054Xml(report: AccountReport): string {
  return (
    `${HEADER}<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>` +
    `<GrpHdr><MsgId>${escape(report.messageId)}</MsgId><CreDtTm>${report.createdAt}</CreDtTm></GrpHdr>` +
    `<Ntfctn><Id>${escape(report.messageId)}</Id><CreDtTm>${report.createdAt}</CreDtTm>` +
    `<Acct><Id><IBAN>${report.accountIban}</IBAN></Id></Acct>` +
    report.answers.map(anyEntryXml).join('') +
    `</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n`
  );
}

/** The bank's status report on a pain.001 (pain.002.001.03). */
export function pain002Xml(report: StatusReport): string {
  const rejected = report.transactions.some((transaction) => transaction.status === 'RJCT');
  const transactions = report.transactions
    .map(
      (transaction) =>
        `<TxInfAndSts><OrgnlInstrId>${escape(transaction.endToEndId)}</OrgnlInstrId><OrgnlEndToEndId>${escape(transaction.endToEndId)}</OrgnlEndToEndId>` +
        `<TxSts>${transaction.status}</TxSts>` +
        (transaction.reasonCode ? `<StsRsnInf><Rsn><Cd>${transaction.reasonCode}</Cd></Rsn></StsRsnInf>` : '') +
        `<OrgnlTxRef><Amt><InstdAmt Ccy="EUR">${centsToDecimal(transaction.amountCents)}</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>`,
    )
    .join('');
  return (
    `${HEADER}<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>` +
    `<GrpHdr><MsgId>${escape(report.messageId)}</MsgId><CreDtTm>${report.createdAt}</CreDtTm></GrpHdr>` +
    `<OrgnlGrpInfAndSts><OrgnlMsgId>${escape(report.originalMessageId)}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>` +
    `<GrpSts>${rejected ? 'PART' : 'ACCP'}</GrpSts></OrgnlGrpInfAndSts>` +
    `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${escape(report.originalMessageId)}</OrgnlPmtInfId>${transactions}</OrgnlPmtInfAndSts>` +
    `</CstmrPmtStsRpt></Document>\n`
  );
}

function anyEntryXml(answer: BankAnswer | GroupedAnswers): string {
  return 'grouped' in answer ? groupedEntryXml(answer) : entryXml(answer);
}

function entryXml(answer: BankAnswer): string {
  return entryShellXml(answer, answer.amountCents, transactionXml(answer, 'Amt'));
}

/** One booked entry for several transfers of the same direction; its booking date and reference are the first's. */
function groupedEntryXml(group: GroupedAnswers): string {
  const [first] = group.grouped;
  if (!first) throw new Error('a grouped entry needs at least one transfer');
  const total = group.entryAmountCents ?? group.grouped.reduce((sum, answer) => sum + answer.amountCents, 0);
  const transactions = group.grouped.map((answer) => transactionXml(answer, group.transferAmounts)).join('');
  return entryShellXml({ ...first, bankReference: `LOT-${first.bankReference}` }, total, transactions);
}

function entryShellXml(answer: BankAnswer, amountCents: number, transactions: string): string {
  const returned = answer.outcome === 'returned';
  // PMNT/ICDT/ESCT: SEPA credit transfer issued; PMNT/ICDT/RRTN: its return.
  const code = `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>${returned ? 'RRTN' : 'ESCT'}</SubFmlyCd></Fmly></Domn></BkTxCd>`;
  return (
    `<Ntry>${amountXml(amountCents)}${directionXml(answer)}<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${answer.bookingDate}</Dt></BookgDt>` +
    `<ValDt><Dt>${answer.bookingDate}</Dt></ValDt><AcctSvcrRef>${escape(answer.bankReference)}</AcctSvcrRef>${code}` +
    `<NtryDtls>${transactions}</NtryDtls></Ntry>`
  );
}

function transactionXml(answer: BankAnswer, amountIn: GroupedAnswers['transferAmounts']): string {
  const returned = answer.outcome === 'returned';
  const references = answer.endToEndId
    ? `<Refs><AcctSvcrRef>${escape(answer.bankReference)}</AcctSvcrRef><EndToEndId>${escape(answer.endToEndId)}</EndToEndId></Refs>`
    : `<Refs><AcctSvcrRef>${escape(answer.bankReference)}</AcctSvcrRef></Refs>`;
  const amount = amountIn === 'Amt' ? amountXml(answer.amountCents) : '';
  const details = amountIn === 'AmtDtls' ? `<AmtDtls><TxAmt>${amountXml(answer.amountCents)}</TxAmt></AmtDtls>` : '';
  const remittance = answer.information ? `<RmtInf><Ustrd>${escape(answer.information.slice(0, 140))}</Ustrd></RmtInf>` : '';
  const returnInformation = returned && answer.reasonCode ? `<RtrInf><Rsn><Cd>${answer.reasonCode}</Cd></Rsn></RtrInf>` : '';
  return `<TxDtls>${references}${amount}${directionXml(answer)}${details}${remittance}${returnInformation}</TxDtls>`;
}

function amountXml(amountCents: number): string {
  return `<Amt Ccy="EUR">${centsToDecimal(amountCents)}</Amt>`;
}

function directionXml(answer: BankAnswer): string {
  return `<CdtDbtInd>${answer.outcome === 'returned' ? 'CRDT' : 'DBIT'}</CdtDbtInd>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
