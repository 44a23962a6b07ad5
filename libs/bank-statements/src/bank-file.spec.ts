import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@app/domain';
import { readBankFile } from './bank-file';
import { type BankAnswer, camt053Xml, camt054Xml, pain002Xml } from './bank-file-writer';
import { matchEntries, splitLineReference } from './matching';

const SCHEMAS = join(__dirname, '../../../test/fixtures/schemas');
const IBAN = 'FR7630001007941234567890185';
const ANSWERS: BankAnswer[] = [
  { endToEndId: 'RB-2026-00012-0001', amountCents: 12345, outcome: 'paid', bookingDate: '2026-06-05', bankReference: 'BQ-1' },
  {
    endToEndId: 'RB-2026-00012-0002',
    amountCents: 500,
    outcome: 'returned',
    bookingDate: '2026-06-08',
    bankReference: 'BQ-2',
    reasonCode: 'AC04',
  },
  {
    endToEndId: null,
    amountCents: 999,
    outcome: 'paid',
    bookingDate: '2026-06-08',
    bankReference: 'BQ-3',
    information: 'Frais & <tenue> de compte',
  },
];

function validAgainst(schema: string, xml: string): void {
  const folder = mkdtempSync(join(tmpdir(), 'bank-file-'));
  try {
    writeFileSync(join(folder, 'file.xml'), xml);
    execFileSync('xmllint', ['--noout', '--schema', join(SCHEMAS, schema), join(folder, 'file.xml')], { stdio: 'pipe' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function problemsOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).details;
  }
  throw new Error('expected a validation error');
}

describe('bank files', () => {
  const report = { messageId: 'STMT-2026-06-08', createdAt: '2026-06-08T18:00:00+02:00', accountIban: IBAN, answers: ANSWERS };

  it('reads a camt.053.001.08 statement (valid against the official XSD): payments, a return with its reason, an entry of another origin', () => {
    const xml = camt053Xml(report);
    validAgainst('camt.053.001.08.xsd', xml);
    const file = readBankFile(Buffer.from(xml));
    expect(file).toMatchObject({ kind: 'camt.053', messageId: 'STMT-2026-06-08', ignored: 0 });
    expect(file.entries).toEqual([
      expect.objectContaining({
        outcome: 'paid',
        endToEndId: 'RB-2026-00012-0001',
        amountCents: 12345,
        bookingDate: '2026-06-05',
        reasonCode: null,
      }),
      expect.objectContaining({
        outcome: 'rejected',
        endToEndId: 'RB-2026-00012-0002',
        amountCents: 500,
        bookingDate: '2026-06-08',
        reasonCode: 'AC04',
      }),
      expect.objectContaining({ outcome: 'paid', endToEndId: null, amountCents: 999, information: 'Frais & <tenue> de compte' }),
    ]);
  });

  it('reads a camt.054.001.08 notification (valid against the official XSD) to the same entries, same keys', () => {
    const xml = camt054Xml({ ...report, messageId: 'NTF-1' });
    validAgainst('camt.054.001.08.xsd', xml);
    const notification = readBankFile(xml);
    expect(notification.kind).toBe('camt.054');
    expect(notification.entries.map((entry) => entry.key)).toEqual(readBankFile(camt053Xml(report)).entries.map((entry) => entry.key));
  });

  it('reads a pain.002.001.03 report: rejections are final, acceptances are not', () => {
    const file = readBankFile(
      pain002Xml({
        messageId: 'PSR-1',
        createdAt: '2026-06-04T10:00:00',
        originalMessageId: 'RB-2026-00012',
        transactions: [
          { endToEndId: 'RB-2026-00012-0002', amountCents: 500, status: 'RJCT', reasonCode: 'AC01' },
          { endToEndId: 'RB-2026-00012-0001', amountCents: 12345, status: 'ACCP' },
        ],
      }),
    );
    expect(file).toMatchObject({ kind: 'pain.002', messageId: 'PSR-1', ignored: 1 });
    expect(file.entries).toEqual([
      expect.objectContaining({
        outcome: 'rejected',
        endToEndId: 'RB-2026-00012-0002',
        amountCents: 500,
        bookingDate: '2026-06-04',
        reasonCode: 'AC01',
      }),
    ]);
  });

  it('refuses DTDs and entities (no expansion, no external fetch), other namespaces, broken XML, foreign currencies, each with a 400 naming the file', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><Document>&b;</Document>`;
    expect(problemsOf(() => readBankFile(bomb))).toEqual([{ field: 'file', problems: [expect.stringMatching(/DTD/)] }]);
    const external = `<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd"><Document/>`;
    expect(problemsOf(() => readBankFile(external))).toEqual([{ field: 'file', problems: [expect.stringMatching(/DTD/)] }]);
    expect(problemsOf(() => readBankFile('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>'))).toEqual([
      { field: 'file', problems: [expect.stringMatching(/unsupported namespace/)] },
    ]);
    expect(problemsOf(() => readBankFile('<Document><unclosed></Document>'))).toEqual([
      { field: 'file', problems: [expect.stringMatching(/well-formed/)] },
    ]);
    expect(problemsOf(() => readBankFile('not xml at all'))).toBeTruthy();
    const dollars = camt053Xml(report).replace(/Ccy="EUR">123.45/, 'Ccy="USD">123.45');
    expect(problemsOf(() => readBankFile(dollars))).toEqual([{ field: 'file', problems: ['amounts must be in EUR, not USD'] }]);
  });

  describe('an entry booking several transfers at once (batch booking)', () => {
    const [first, second] = ANSWERS;
    const grouped = [first, { ...second, outcome: 'paid' as const, reasonCode: undefined }];
    function read(transferAmounts: 'Amt' | 'AmtDtls' | 'none', entryAmountCents?: number) {
      const xml = camt053Xml({ ...report, answers: [{ grouped, transferAmounts, entryAmountCents }] });
      validAgainst('camt.053.001.08.xsd', xml);
      return readBankFile(xml).entries;
    }

    it.each(['Amt', 'AmtDtls'] as const)(
      'reads each transfer’s amount from TxDtls/%s: they add up to the entry, each can be booked',
      (where) => {
        expect(read(where)).toEqual([
          expect.objectContaining({ endToEndId: 'RB-2026-00012-0001', amountCents: 12345, outcome: 'paid', problem: null }),
          expect.objectContaining({ endToEndId: 'RB-2026-00012-0002', amountCents: 500, outcome: 'paid', problem: null }),
        ]);
      },
    );

    it('without the amount of each transfer, none is booked: a person looks at them', () => {
      const entries = read('none');
      expect(entries.map((entry) => [entry.amountCents, entry.problem])).toEqual([
        [null, 'L’écriture groupe 2 virements sans donner le montant de chacun : impossible de savoir lequel a été payé combien'],
        [null, 'L’écriture groupe 2 virements sans donner le montant de chacun : impossible de savoir lequel a été payé combien'],
      ]);
      const lines = new Map(
        grouped.map((answer, index) => [
          answer.endToEndId as string,
          { kind: 'settlement_line' as const, id: `l${index}`, reference: answer.endToEndId as string, amountCents: answer.amountCents },
        ]),
      );
      expect(matchEntries(entries, lines).map((match) => match.line)).toEqual([null, null]);
    });

    it('when the transfers do not add up to the entry, none is booked, with both sums in the reason', () => {
      const entries = read('AmtDtls', 12345 + 500 + 1);
      expect(entries.map((entry) => entry.problem)).toEqual([
        'La somme des virements de l’écriture (128,45\u202f€) diffère de son montant (128,46\u202f€)',
        'La somme des virements de l’écriture (128,45\u202f€) diffère de son montant (128,46\u202f€)',
      ]);
    });

    it('a single transfer whose own amount differs from its entry is not booked either', () => {
      const xml = camt053Xml({ ...report, answers: [{ grouped: [first], transferAmounts: 'Amt', entryAmountCents: 12000 }] });
      validAgainst('camt.053.001.08.xsd', xml);
      expect(readBankFile(xml).entries[0].problem).toMatch(/^La somme des virements de l’écriture \(123,45/);
    });
  });

  it('skips entries the bank has not booked yet', () => {
    const pending = camt053Xml(report).replace('<Sts><Cd>BOOK</Cd></Sts>', '<Sts><Cd>PDNG</Cd></Sts>');
    const file = readBankFile(pending);
    expect(file.ignored).toBe(1);
    expect(file.entries).toHaveLength(2);
  });
});

describe('matching entries to settlement lines', () => {
  const line = { kind: 'settlement_line' as const, id: 'line-1', reference: 'RB-2026-00012-0001', amountCents: 12345 };
  const entries = readBankFile(
    camt053Xml({ messageId: 'S', createdAt: '2026-06-08T18:00:00Z', accountIban: IBAN, answers: ANSWERS }),
  ).entries;

  it('finds the line by its EndToEndId, and lists the others for a person with the reason in French', () => {
    const matches = matchEntries(entries, new Map([[line.reference, line]]));
    expect(matches[0]).toMatchObject({ line, problem: null });
    expect(matches[1]).toMatchObject({
      line: null,
      problem: 'Référence RB-2026-00012-0002 inconnue : aucun virement de la plateforme ne la porte',
    });
    expect(matches[2]).toMatchObject({ line: null, problem: expect.stringMatching(/^Aucune référence de bout en bout/) });
  });

  it('never matches a different amount', () => {
    const [match] = matchEntries(entries.slice(0, 1), new Map([[line.reference, { ...line, amountCents: 12346 }]]));
    expect(match).toMatchObject({ line: null, problem: 'Montant différent de celui du virement RB-2026-00012-0001' });
  });

  it('splits a line reference into its batch and position', () => {
    expect(splitLineReference('RB-2026-00012-0001')).toEqual({ batchReference: 'RB-2026-00012', position: 1 });
    expect(splitLineReference('RB-2026-00012-12345')).toEqual({ batchReference: 'RB-2026-00012', position: 12345 });
    expect(splitLineReference('VIR-EXTERNE')).toBeNull();
  });
});
