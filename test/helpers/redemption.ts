/** Redemption fixtures: a place agent, a qualified place with its services, and cheques in people's hands. */
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { chequeQrUrl, hashChequeCode } from '@app/domain';
import { createQualifiedPlace } from './places';
import { createProgramme, chequeCodes, type PROGRAMME_INPUT } from './programmes';
import { DEMO, loginAs, TEST_PUBLIC_URL, type TestApp } from './test-app';

export interface RedemptionFixture {
  placeAgent: TestAgent;
  /** The demo médiathèque (qualified, in Bordeaux 33063). */
  placeId: string;
  /** "Atelier collectif", 1 cheque, category "Maîtrise des outils numériques du quotidien". */
  workshopId: string;
  /** "Accompagnement individuel", 1 cheque, category "Aide aux démarches administratives". */
  supportId: string;
  /** A 2-cheque service added for the tests. */
  twoChequeServiceId: string;
  /** Codes of cheques handed out to people (the demo programme: any service, territory 33). */
  codes: string[];
  programmeId: string;
}

export async function redemptionFixture(testApp: TestApp): Promise<RedemptionFixture> {
  const placeAgent = await loginAs(testApp, DEMO.placeAgent);
  const [place]: Array<{ id: string }> = await testApp.dataSource.query("SELECT id FROM places WHERE nom = 'Médiathèque Flora Tristan'");
  const services: Array<{ id: string; category: string }> = await testApp.dataSource.query(
    'SELECT id, category FROM catalogue_entries WHERE place_id = $1 AND retired_at IS NULL',
    [place.id],
  );
  const twoChequeServiceId = await addCatalogueService(placeAgent, place.id, {
    name: 'Parcours « Mes démarches en ligne » (2 séances)',
    durationMinutes: 120,
    priceInCheques: 2,
  });
  const [programme]: Array<{ id: string }> = await testApp.dataSource.query(
    "SELECT id FROM programmes WHERE status = 'active' AND name = 'Pass numérique Gironde (démo)'",
  );
  return {
    placeAgent,
    placeId: place.id,
    workshopId: services.find((service) => service.category === 'Maîtrise des outils numériques du quotidien')!.id,
    supportId: services.find((service) => service.category === 'Aide aux démarches administratives')!.id,
    twoChequeServiceId,
    codes: await distributedCodes(testApp, programme.id),
    programmeId: programme.id,
  };
}

export async function distributedCodes(testApp: TestApp, programmeId: string): Promise<string[]> {
  const statuses: Array<{ id: string; status: string }> = await testApp.dataSource.query(
    'SELECT id, status FROM cheques WHERE programme_id = $1',
    [programmeId],
  );
  const distributed = new Set(statuses.filter((row) => row.status === 'distributed').map((row) => row.id));
  return (await chequeCodes(testApp, programmeId)).filter((cheque) => distributed.has(cheque.id)).map((cheque) => cheque.code);
}

/** The operator allocates booklet 1 to the demo CCAS, whose agent hands it out (agents of any API process). */
export async function handOutFirstBooklet(
  testApp: TestApp,
  { operator, distributor }: { operator: TestAgent; distributor: TestAgent },
  programme: { id: string; code: string },
): Promise<void> {
  const [distributorOrganisation]: Array<{ organisation_id: string }> = await testApp.dataSource.query(
    'SELECT organisation_id FROM users WHERE email = $1',
    [DEMO.distributorAgent],
  );
  await operator
    .post('/api/booklets/allocations')
    .send({ programmeId: programme.id, fromNumber: 1, toNumber: 1, distributorOrganisationId: distributorOrganisation.organisation_id })
    .expect(201);
  await distributor
    .post('/api/hand-outs')
    .send({ bookletSerial: `${programme.code}-00001` })
    .expect(201);
}

/** An active programme whose first booklet is in a person's hands; answers the codes of that booklet. */
export async function handedOutProgramme(
  testApp: TestApp,
  input: Partial<typeof PROGRAMME_INPUT> = {},
): Promise<{ programmeId: string; codes: string[]; allCodes: string[] }> {
  const funder = await loginAs(testApp, DEMO.funderManager);
  const operator = await loginAs(testApp, DEMO.operatorAdmin);
  const distributor = await loginAs(testApp, DEMO.distributorAgent);
  const programme = await createProgramme({ funder, operator, until: 'active', input });
  await handOutFirstBooklet(testApp, { operator, distributor }, programme);
  const all = await chequeCodes(testApp, programme.id);
  return {
    programmeId: programme.id,
    codes: all.filter((cheque) => cheque.bookletNumber === 1).map((cheque) => cheque.code),
    allCodes: all.map((c) => c.code),
  };
}

/** The content of a cheque's printed QR code (URL with programme, key id and signature). */
export async function qrContentOf(testApp: TestApp, code: string): Promise<string> {
  const [row]: Array<{ programme_id: string; signing_key_id: string; signature: Buffer }> = await testApp.dataSource.query(
    'SELECT programme_id, signing_key_id, signature FROM cheques WHERE code_hash = $1',
    [hashChequeCode(code)],
  );
  return chequeQrUrl(TEST_PUBLIC_URL, {
    code,
    programmeId: row.programme_id,
    keyId: row.signing_key_id,
    signature: row.signature.toString('base64url'),
  });
}

/** POST /api/redemptions with a fresh Idempotency-Key (or the one given). */
export function redeem(agent: TestAgent, cheques: string[], serviceId: string, key: string = randomUUID()) {
  return agent.post('/api/redemptions').set('Idempotency-Key', key).send({ cheques, serviceId });
}

/** A place of the agent's organisation taken through qualification, with one 1-cheque service. */
export async function qualifiedPlaceWithService(
  testApp: TestApp,
  agent: TestAgent,
  input: Record<string, unknown> = {},
): Promise<{ placeId: string; serviceId: string }> {
  const reviewer = await loginAs(testApp, DEMO.operatorReviewer);
  const place = await createQualifiedPlace(agent, reviewer, input);
  return { placeId: place.id, serviceId: await addCatalogueService(agent, place.id, { name: 'Atelier' }) };
}

/** A service added to a place's catalogue by its agent (individual help, 60 minutes, 1 cheque unless said); answers its id. */
export async function addCatalogueService(
  agent: TestAgent,
  placeId: string,
  service: { name: string; category?: string; durationMinutes?: number; priceInCheques?: number },
): Promise<string> {
  const created = await agent
    .post(`/api/places/${placeId}/catalogue`)
    .send({
      category: 'Aide aux démarches administratives',
      modality: 'individual',
      durationMinutes: 60,
      priceInCheques: 1,
      ...service,
    })
    .expect(201);
  return created.body.id;
}
