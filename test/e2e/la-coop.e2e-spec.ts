import { inflate } from 'pako';
import superjson from 'superjson';
import { createOrganisationWithUser } from '../helpers/fixtures';
import { redeem, redemptionFixture } from '../helpers/redemption';
import { loginAs, startTestApp, type TestApp } from '../helpers/test-app';

/** La Coop's own reading of its `v` parameter (base64url, pako, superjson). */
function decodedByLaCoop(v: string): unknown {
  const compressed = Uint8Array.from(Buffer.from(v, 'base64url'));
  return superjson.parse(inflate(compressed, { toText: true }));
}

describe('« Compléter mon compte rendu sur La Coop »', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { LA_COOP_URL: 'https://coop.example.org' } });
  });
  afterAll(() => testApp.close());

  it('sends the mediator to La Coop’s form, pre-filled from the redemption, and nobody else', async () => {
    const fixture = await redemptionFixture(testApp);
    const redemption = await redeem(fixture.placeAgent, [fixture.codes[0]], fixture.supportId).expect(201);
    const answer = await fixture.placeAgent.get(`/api/redemptions/${redemption.body.id}/la-coop`).expect(303);
    const location = new URL(answer.headers.location);
    expect(location.origin + location.pathname).toBe('https://coop.example.org/coop/mes-activites/cra/individuel');
    const [service] = await testApp.dataSource.query('SELECT name, duration_minutes FROM catalogue_entries WHERE id = $1', [
      fixture.supportId,
    ]);
    const state = decodedByLaCoop(location.searchParams.get('v') as string) as Record<string, unknown>;
    expect(state).toMatchObject({
      date: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(redemption.body.occurredAt)),
      thematiques: ['AideAuxDemarchesAdministratives'],
      notes: `Pass numérique : 1 chèque pour « ${service.name} ».`,
    });
    expect(JSON.stringify(state.duree)).toContain(String(service.duration_minutes % 60));

    const otherPlace = await createOrganisationWithUser(testApp, 'place');
    await (await loginAs(testApp, otherPlace.email)).get(`/api/redemptions/${redemption.body.id}/la-coop`).expect(404);
  });
});

describe('La Coop link switched off', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { LA_COOP_URL: '' } });
  });
  afterAll(() => testApp.close());

  it('answers 404 in the error shape when LA_COOP_URL is empty', async () => {
    const fixture = await redemptionFixture(testApp);
    const redemption = await redeem(fixture.placeAgent, [fixture.codes[0]], fixture.workshopId).expect(201);
    const refused = await fixture.placeAgent.get(`/api/redemptions/${redemption.body.id}/la-coop`).expect(404);
    expect(refused.body.code).toBe('not_found');
  });
});
