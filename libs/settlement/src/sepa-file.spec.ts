import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sepaCreditTransferXml, type SepaCreditTransfer } from './sepa-file';

const SCHEMA = resolve(__dirname, '../../../test/fixtures/schemas/pain.001.001.03.xsd');

const FILE: SepaCreditTransfer = {
  messageId: 'RB-2026-00012',
  createdAt: new Date('2026-06-02T08:30:00.000Z'),
  executionDate: '2026-06-02',
  debtor: { name: 'Opérateur Pass numérique & Cie', iban: 'FR7630001007941234567890185', bic: 'BDFEFRPPCCT' },
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

describe('SEPA credit transfer file', () => {
  it('counts the transfers and sums them to the cent in both control sums', () => {
    const xml = sepaCreditTransferXml(FILE);
    expect(xml.match(/<NbOfTxs>2<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml.match(/<CtrlSum>120.57<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml).toContain('<InstdAmt Ccy="EUR">120.50</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.07</InstdAmt>');
    expect(xml).toContain('<Nm>Mediatheque Flora Tristan</Nm>');
    expect(xml).toContain('<Nm>Operateur Pass numerique + Cie</Nm>');
    expect(xml).toContain(`<Ustrd>${'x'.repeat(140)}</Ustrd>`);
  });

  it('is valid against the pain.001.001.03 schema (xmllint)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sepa-'));
    try {
      writeFileSync(join(folder, 'file.xml'), sepaCreditTransferXml(FILE));
      expect(() => execFileSync('xmllint', ['--noout', '--schema', SCHEMA, join(folder, 'file.xml')], { stdio: 'pipe' })).not.toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
