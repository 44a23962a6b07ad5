/** Programme builders for tests, through the HTTP API as a funder and the operator would. */
import type TestAgent from 'supertest/lib/agent';
import { formatChequeCode } from '@app/domain';
import { ChequeKeysService } from '@app/vouchers';
import type { TestApp } from './test-app';

export const PROGRAMME_INPUT = {
  name: 'Pass numérique Gironde 2027',
  faceValueCents: 1000,
  chequesPerBooklet: 10,
  bookletCount: 3,
  validFrom: '2026-01-01',
  validUntil: '2027-12-31',
  graceDays: 31,
  territoryCodes: ['33'],
  eligibleServices: ['Aide aux démarches administratives'],
  coverTitle: 'Votre Pass numérique',
  coverText: 'Offert par le Département de la Gironde.',
};

export interface ProgrammeSteps {
  funder: TestAgent;
  operator: TestAgent;
  until: 'draft' | 'ordered' | 'funded' | 'active';
  input?: Partial<typeof PROGRAMME_INPUT>;
}

/** Creates a programme and moves it as far as asked; answers its API representation. */
export async function createProgramme({
  funder,
  operator,
  until,
  input,
}: ProgrammeSteps): Promise<{ id: string; code: string; order: { totalDueCents: number } }> {
  const created = await funder
    .post('/api/programmes')
    .send({ ...PROGRAMME_INPUT, ...input })
    .expect(201);
  let programme = created.body;
  if (until === 'draft') return programme;
  programme = (await funder.post(`/api/programmes/${programme.id}/order`).expect(200)).body;
  if (until === 'ordered') return programme;
  programme = (
    await operator
      .post(`/api/programmes/${programme.id}/funding`)
      .send({ amountCents: programme.order.totalDueCents, receivedOn: '2026-11-20', reference: 'VIR-TEST' })
      .expect(200)
  ).body;
  if (until === 'funded') return programme;
  return (await operator.post(`/api/programmes/${programme.id}/activate`).expect(200)).body;
}

/** The clear codes of a programme's cheques, decrypted the way printing does (tests only). */
export async function chequeCodes(
  testApp: TestApp,
  programmeId: string,
): Promise<Array<{ id: string; code: string; bookletNumber: number; position: number }>> {
  const keys = testApp.app.get(ChequeKeysService);
  const rows: Array<{ id: string; code_ciphertext: Buffer; number: number; position: number }> = await testApp.dataSource.query(
    `SELECT c.id, c.code_ciphertext, b.number, c.position FROM cheques c JOIN booklets b ON b.id = c.booklet_id
      WHERE c.programme_id = $1 ORDER BY b.number, c.position`,
    [programmeId],
  );
  return rows.map((row) => ({
    id: row.id,
    code: keys.decryptCode(row.code_ciphertext, programmeId),
    bookletNumber: row.number,
    position: row.position,
  }));
}

/** What the public check page says of a cheque: its verdict code (`valid`, `cancelled`, `already_used`…). */
export async function chequeVerdictOf(testApp: TestApp, code: string): Promise<string> {
  return (
    await testApp
      .anonymous()
      .get(`/api/cheques/${formatChequeCode(code)}/status`)
      .expect(200)
  ).body.verdict.code;
}
