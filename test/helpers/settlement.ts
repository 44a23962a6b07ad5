/** Settlement fixtures: payees (place organisations) with or without verified bank details, and batch calls. */
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { localDate } from '@app/domain';
import { createOrganisationWithUser } from './fixtures';
import { qualifiedPlaceWithService } from './redemption';
import { DEMO, loginAs, type TestApp } from './test-app';
import { demoPdf } from '../../apps/api/src/seed/demo-documents';

export interface Payee {
  agent: TestAgent;
  organisationId: string;
  organisationName: string;
  placeId: string;
  serviceId: string;
  bankDetailsId: string | null;
}

const PDF = demoPdf('RIB (test)');
let payees = 0;

/** A new place organisation with a qualified place and a 1-cheque service; bank details verified unless told, held in its name unless told. */
export async function createPayee(
  testApp: TestApp,
  bank: 'verified' | 'submitted' | 'none' = 'verified',
  placeName = `Lieu payé ${++payees}`,
  accountHolder?: string,
): Promise<Payee> {
  const organisation = await createOrganisationWithUser(testApp, 'place');
  const agent = await loginAs(testApp, organisation.email, organisation.password);
  const rna = `W${String(Date.now() % 1e9).padStart(9, '0')}`.slice(0, 10);
  const { placeId, serviceId } = await qualifiedPlaceWithService(testApp, agent, { pivot: rna, nom: placeName });
  let bankDetailsId: string | null = null;
  if (bank !== 'none') bankDetailsId = await submitBankDetails(agent, accountHolder ?? organisation.organisation.name);
  if (bank === 'verified') await verifyBankDetails(testApp, organisation.organisation.id, bankDetailsId as string);
  return {
    agent,
    organisationId: organisation.organisation.id,
    organisationName: organisation.organisation.name,
    placeId,
    serviceId,
    bankDetailsId,
  };
}

export async function submitBankDetails(agent: TestAgent, holder: string): Promise<string> {
  const details = await agent
    .put('/api/bank-details')
    .send({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', accountHolder: holder.slice(0, 70) })
    .expect(200);
  await agent.put('/api/bank-details/proof?fileName=rib.pdf').set('content-type', 'application/pdf').send(PDF).expect(200);
  return details.body.id;
}

export async function verifyBankDetails(testApp: TestApp, organisationId: string, bankDetailsId: string): Promise<void> {
  const operator = await loginAs(testApp, DEMO.operatorAdmin);
  await operator
    .post(`/api/organisations/${organisationId}/bank-details/${bankDetailsId}/review`)
    .send({ verdict: 'verified', note: 'RIB conforme.' })
    .expect(200);
}

/** Today in Paris (YYYY-MM-DD): the latest day the bank may be said to have paid, and the export day of a batch exported now. */
export function todayInParis(): string {
  return localDate(new Date());
}

/** POST /api/settlement/batches with a fresh Idempotency-Key (or the one given). */
export function createBatch(operator: TestAgent, body: { month?: string; cutOff?: string } = {}, key: string = randomUUID()) {
  return operator.post('/api/settlement/batches').set('Idempotency-Key', key).send(body);
}

/** The instant the database sees as now (cut-offs are checked against its clock). */
export async function databaseNow(testApp: TestApp): Promise<string> {
  const [{ now }]: Array<{ now: Date }> = await testApp.dataSource.query('SELECT clock_timestamp() AS now');
  return now.toISOString();
}

/** Draft → approved (by the reviewer, the second pair of eyes) → exported. */
export async function approveAndExport(testApp: TestApp, operator: TestAgent, batchId: string): Promise<void> {
  const reviewer = await loginAs(testApp, DEMO.operatorReviewer);
  await reviewer.post(`/api/settlement/batches/${batchId}/approve`).expect(200);
  await operator.post(`/api/settlement/batches/${batchId}/export`).expect(200);
}
