/**
 * The SEPA file as a bank's own tools read it: xmllint against the vendored ISO 20022 schema
 * (test/fixtures/schemas/pain.001.001.03.xsd), for hand-picked files and for 10,000 generated names.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { lineReference, remittanceInformation, SEPA_CHARACTER_SET, sepaName, sepaNameProblem } from '@app/domain';
import { sepaCreditTransferXml, type SepaCreditTransfer, type SepaTransfer } from './sepa-file';

const SCHEMA = resolve(__dirname, '../../../test/fixtures/schemas/pain.001.001.03.xsd');

/** xmllint's verdict on a file: null when the schema accepts it, else what it says. */
function schemaProblems(xml: string): string | null {
  try {
    execFileSync('xmllint', ['--noout', '--schema', SCHEMA, '-'], { input: xml, stdio: 'pipe' });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

/** Each transfer is on its own line, from line 6 (sepa-file.ts): xmllint's complaints with the name written there. */
function namesRefused(problems: string | null, holders: string[]): Array<{ holder: string; problem: string }> {
  if (problems === null) return [];
  return problems
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.endsWith('fails to validate'))
    .map((problem) => ({ holder: holders[Number(/^-:(\d+):/.exec(problem)?.[1] ?? 0) - 6] ?? '(file header)', problem }));
}

const OPERATOR = { name: 'Opérateur Pass numérique & Cie', iban: 'FR7630001007941234567890185', bic: 'BDFEFRPPCCT' };

function transfer(position: number, holder: string, payeeName = 'Lieu de médiation'): SepaTransfer {
  const reference = lineReference('RB-2026-00012', position);
  return {
    endToEndId: reference,
    amountCents: 1_000 + position,
    creditor: { name: holder, otherName: payeeName, iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
    remittanceInformation: remittanceInformation({ lineReference: reference, payeeName: holder, periodLabel: '2026-05' }),
  };
}

const FILE: SepaCreditTransfer = {
  messageId: 'RB-2026-00012',
  createdAt: new Date('2026-06-02T08:30:00.000Z'),
  executionDate: '2026-06-02',
  debtor: OPERATOR,
  transfers: [
    {
      endToEndId: 'RB-2026-00012-0001',
      amountCents: 12_050,
      creditor: { name: 'Médiathèque « Flora Tristan »', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
      remittanceInformation: 'Pass numérique RB-2026-00012-0001 2026-05 Médiathèque',
    },
    {
      endToEndId: 'RB-2026-00012-0002',
      amountCents: 7,
      creditor: { name: 'Tiers-lieu <Œuvre>', iban: 'FR1420041010050500013M02606', bic: 'PSSTFRPPXXX' },
      remittanceInformation: 'x'.repeat(300),
    },
  ],
};

/** Names as people and software write them: any code point of any plane, scripts, combining marks, bidi controls, emoji, controls. */
const anyName = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc
    .array(
      fc.oneof(
        fc.integer({ min: 0x0041, max: 0x024f }).map((code) => String.fromCodePoint(code)), // Latin with accents
        fc.integer({ min: 0x0300, max: 0x036f }).map((code) => String.fromCodePoint(code)), // combining marks
        fc.integer({ min: 0x0400, max: 0x04ff }).map((code) => String.fromCodePoint(code)), // Cyrillic
        fc.integer({ min: 0x0590, max: 0x06ff }).map((code) => String.fromCodePoint(code)), // Hebrew, Arabic (RTL)
        fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code)), // CJK
        fc.integer({ min: 0xac00, max: 0xd7a3 }).map((code) => String.fromCodePoint(code)), // Hangul
        fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)), // astral planes
        fc.integer({ min: 0x0000, max: 0x001f }).map((code) => String.fromCodePoint(code)), // C0 controls
        fc.integer({ min: 0x007f, max: 0x009f }).map((code) => String.fromCodePoint(code)), // DEL, C1 controls
        fc.constantFrom('\u200f', '\u202e', '\u202c', '\u2066', '\u2069', '\u200d', '\ufe0f', '\u00a0', '\u2028', '\ufeff', '\uffff'),
        fc.constantFrom('👨‍👩‍👧', '🇫🇷', '👍🏽', '#️⃣', '𒀀', '𝔘𝔫𝔦', 'Ⅻ', 'ß', 'ǅ', 'ﷺ', '&', '<', '>', ']]>', '"', "'", '/', '//', ' '),
      ),
      { minLength: 1, maxLength: 50 },
    )
    .map((parts) => parts.join('')),
);

describe('SEPA credit transfer file', () => {
  it('counts the transfers and sums them to the cent in both control sums, in the EPC Latin set', () => {
    const xml = sepaCreditTransferXml(FILE);
    expect(xml.match(/<NbOfTxs>2<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml.match(/<CtrlSum>120.57<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml).toContain('<InstdAmt Ccy="EUR">120.50</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.07</InstdAmt>');
    expect(xml).toContain('<Nm>Mediatheque Flora Tristan</Nm>');
    expect(xml).toContain('<Nm>Tiers-lieu Oeuvre</Nm>');
    expect(xml).toContain('<Nm>Operateur Pass numerique + Cie</Nm>');
    expect(xml).toContain(`<Ustrd>${'x'.repeat(140)}</Ustrd>`);
    expect(schemaProblems(xml)).toBeNull();
  });

  it('dates its creation in Paris time with the offset, and asks for execution on a TARGET2 business day', () => {
    expect(sepaCreditTransferXml(FILE)).toContain('<CreDtTm>2026-06-02T10:30:00+02:00</CreDtTm>');
    const winter = sepaCreditTransferXml({ ...FILE, createdAt: new Date('2026-12-24T23:15:00Z'), executionDate: '2026-12-25' });
    expect(winter).toContain('<CreDtTm>2026-12-25T00:15:00+01:00</CreDtTm>');
    expect(winter).toContain('<ReqdExctnDt>2026-12-28</ReqdExctnDt>'); // Christmas, 26 December, Sunday
    const easter = sepaCreditTransferXml({ ...FILE, executionDate: '2026-04-03' });
    expect(easter).toContain('<ReqdExctnDt>2026-04-07</ReqdExctnDt>'); // Good Friday → after Easter Monday
    expect(sepaCreditTransferXml(FILE)).toContain('<ReqdExctnDt>2026-06-02</ReqdExctnDt>');
    expect(schemaProblems(winter)).toBeNull();
  });

  it('pays a place named in another script along with the others: one valid file, every name transliterated', () => {
    const xml = sepaCreditTransferXml({
      ...FILE,
      transfers: [
        transfer(1, 'Médiathèque Flora Tristan'),
        transfer(2, 'Центр социальный 中心'),
        transfer(3, 'Øre'),
        transfer(4, 'Association Les Clés du numérique'),
      ],
    });
    expect(schemaProblems(xml)).toBeNull();
    expect(xml).toContain("<Nm>Tsentr sotsial'nyy ZhongXin</Nm>");
    expect(xml).toContain('<Nm>Ore</Nm>');
    expect(xml).toContain('<Nm>Mediatheque Flora Tristan</Nm>');
    expect(xml).not.toContain('<Nm></Nm>');
  });

  it('writes the payee organisation for a holder name with nothing a bank reads, and refuses a file where neither has any', () => {
    const xml = sepaCreditTransferXml({ ...FILE, transfers: [transfer(1, '🎉🎉', 'Tiers-lieu du Port'), transfer(2, 'Øre')] });
    expect(schemaProblems(xml)).toBeNull();
    expect(xml).toContain('<Cdtr><Nm>Tiers-lieu du Port</Nm></Cdtr>');
    expect(() => sepaCreditTransferXml({ ...FILE, transfers: [transfer(1, '🎉', '\u202e')] })).toThrow(
      expect.objectContaining({ code: 'conflict', details: { code: 'sepa_name_unwritable', reference: 'RB-2026-00012-0001' } }),
    );
  });

  it('gives a file the ISO schema accepts for any names: 10,000 generated ones, 1,000 transfers a file (property, xmllint)', () => {
    let names = 0;
    let refusedAtEntry = 0;
    fc.assert(
      fc.property(fc.array(anyName, { minLength: 1_000, maxLength: 1_000 }), (holders) => {
        names += holders.length;
        const xml = sepaCreditTransferXml({ ...FILE, transfers: holders.map((holder, index) => transfer(index + 1, holder)) });
        expect(namesRefused(schemaProblems(xml), holders)).toEqual([]);
        // Every text a bank reads is in the EPC set, and a name accepted at entry is the one written.
        const texts = [...xml.matchAll(/<(Nm|Ustrd|MsgId|PmtInfId|InstrId|EndToEndId)>([^<]*)<\/\1>/g)].map((match) => match[2]);
        expect(texts.filter((text) => !SEPA_CHARACTER_SET.test(text))).toEqual([]);
        const creditorNames = [...xml.matchAll(/<Cdtr><Nm>([^<]*)<\/Nm><\/Cdtr>/g)].map((match) => match[1]);
        const accepted = holders.flatMap((holder, index) => (sepaNameProblem(holder) === null ? [index] : []));
        expect(accepted.filter((index) => creditorNames[index] !== sepaName(holders[index]))).toEqual([]);
        refusedAtEntry += holders.length - accepted.length;
      }),
      // Shrinking a thousand names through xmllint takes minutes: the failure names the culprits instead.
      { numRuns: 10, endOnFailure: true },
    );
    expect(names).toBe(10_000);
    // The generator reaches both kinds of names: those entry accepts and those it refuses (written with the payee's name).
    expect(refusedAtEntry).toBeGreaterThan(0);
    expect(refusedAtEntry).toBeLessThan(names);
  });
});
