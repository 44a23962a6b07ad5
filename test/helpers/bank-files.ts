/**
 * Bank files as a bank would send them, for the tests: written by the lib's writer, then checked
 * against the official XSD with xmllint before a test imports them (camt.053.001.08, camt.054.001.08).
 * pain.002.001.03 has no vendored XSD (see test/fixtures/README.md): the import's own checks apply.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type TestAgent from 'supertest/lib/agent';
import { type AccountReport, camt053Xml, camt054Xml, pain002Xml, type StatusReport } from '@app/bank-statements';
import { DEMO_DEBTOR } from '@app/settlement';

const SCHEMAS = resolve(__dirname, '../fixtures/schemas');

/** Throws with xmllint's message when the file is not valid against the schema. */
export function assertValidAgainst(schemaFile: string, xml: string): void {
  const folder = mkdtempSync(join(tmpdir(), 'bank-file-'));
  try {
    writeFileSync(join(folder, 'file.xml'), xml);
    execFileSync('xmllint', ['--noout', '--schema', join(SCHEMAS, schemaFile), join(folder, 'file.xml')], { stdio: 'pipe' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

type Report = Omit<AccountReport, 'accountIban' | 'createdAt'> & { createdAt?: string };

export function validCamt053(report: Report): string {
  const xml = camt053Xml({ accountIban: DEMO_DEBTOR.iban, createdAt: new Date().toISOString(), ...report });
  assertValidAgainst('camt.053.001.08.xsd', xml);
  return xml;
}

export function validCamt054(report: Report): string {
  const xml = camt054Xml({ accountIban: DEMO_DEBTOR.iban, createdAt: new Date().toISOString(), ...report });
  assertValidAgainst('camt.054.001.08.xsd', xml);
  return xml;
}

export function pain002(report: Omit<StatusReport, 'createdAt'> & { createdAt?: string }): string {
  return pain002Xml({ createdAt: new Date().toISOString().slice(0, 19), ...report });
}

/** POST /api/bank-statements with the file as the body. */
export function importBankFile(agent: TestAgent, xml: string, fileName = 'releve.xml') {
  return agent
    .post(`/api/bank-statements?fileName=${encodeURIComponent(fileName)}`)
    .set('content-type', 'application/xml')
    .send(xml);
}
