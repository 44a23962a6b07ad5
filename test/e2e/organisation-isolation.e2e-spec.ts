/**
 * The organisation-isolation matrix (OWASP API1, BOLA): for every route that takes an id, a user
 * of organisation A asking for an object of organisation B gets 404, exactly as if it did not
 * exist, and nothing changes. Every new endpoint that takes an id adds its rows here.
 */
import type TestAgent from 'supertest/lib/agent';
import { ReportingRefreshService } from '@app/reporting';
import { createOrganisationWithUser, type OrganisationWithUser } from '../helpers/fixtures';
import { PLACE_INPUT } from '../helpers/places';
import { createProgramme, PROGRAMME_INPUT } from '../helpers/programmes';
import { distributedCodes, qualifiedPlaceWithService, redeem } from '../helpers/redemption';
import { createBatch, databaseNow, verifyBankDetails } from '../helpers/settlement';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';
import { demoPdf, demoPng } from '../../apps/api/src/seed/demo-documents';

/** Two organisations of each kind but the operator's, and objects owned by the "B" side. */
interface World {
  funderA: OrganisationWithUser;
  funderB: OrganisationWithUser;
  distributorA: OrganisationWithUser;
  distributorB: OrganisationWithUser;
  placeA: OrganisationWithUser;
  placeB: OrganisationWithUser;
  ids: {
    funderBUser: string;
    placeBUser: string;
    funderBToken: string;
    funderBTokenSecret: string;
    placeBSession: string;
    funderBProgramme: string;
    /** An active programme of funder B (its booklet 1 is in distributor B's stock). */
    funderBActiveProgramme: string;
    distributorBSerial: string;
    /** A pending transfer of distributor B's booklet 1 (of funder B's active programme) to a third distributor. */
    distributorBTransfer: string;
    placeBPlace: string;
    placeBEntry: string;
    placeBApplication: string;
    placeBEvidence: string;
    placeBBankDetails: string;
    placeBQualifiedPlace: string;
    placeBService: string;
    placeBRedemption: string;
    placeBSettlementLine: string;
    placeBWebhook: string;
    placeBWebhookDelivery: string;
  };
}

interface IsolationCase {
  name: string;
  asker: (world: World) => OrganisationWithUser;
  method: 'get' | 'post' | 'delete' | 'patch' | 'put';
  path: (world: World) => string;
  body?: (world: World) => object;
  headers?: Record<string, string>;
  /** Proof that nothing changed, checked after the refused request. */
  unchanged?: (testApp: TestApp, world: World) => Promise<void>;
}

const CASES: IsolationCase[] = [
  {
    name: 'place reads the webhook deliveries of another place',
    asker: (w) => w.placeA,
    method: 'get',
    path: (w) => `/api/webhooks/${w.ids.placeBWebhook}/deliveries`,
  },
  {
    name: 'place switches off the webhook endpoint of another place',
    asker: (w) => w.placeA,
    method: 'delete',
    path: (w) => `/api/webhooks/${w.ids.placeBWebhook}`,
    unchanged: async (testApp, w) => {
      const rows = await testApp.dataSource.query('SELECT disabled_at FROM webhook_endpoints WHERE id = $1', [w.ids.placeBWebhook]);
      expect(rows[0].disabled_at).toBeNull();
    },
  },
  {
    name: 'place sends a test event to the webhook endpoint of another place',
    asker: (w) => w.placeA,
    method: 'post',
    path: (w) => `/api/webhooks/${w.ids.placeBWebhook}/test`,
    unchanged: async (testApp, w) => {
      const rows = await testApp.dataSource.query('SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1', [
        w.ids.placeBWebhook,
      ]);
      expect(rows[0].n).toBe(1);
    },
  },
  {
    name: 'place resends a webhook delivery of another place',
    asker: (w) => w.placeA,
    method: 'post',
    path: (w) => `/api/webhooks/deliveries/${w.ids.placeBWebhookDelivery}/resend`,
    unchanged: async (testApp, w) => {
      const rows = await testApp.dataSource.query('SELECT window_started_at, created_at FROM webhook_deliveries WHERE id = $1', [
        w.ids.placeBWebhookDelivery,
      ]);
      expect(rows[0].window_started_at).toEqual(rows[0].created_at);
    },
  },
  {
    name: 'funder reads another funder',
    asker: (w) => w.funderA,
    method: 'get',
    path: (w) => `/api/organisations/${w.funderB.organisation.id}`,
  },
  {
    name: 'distributor reads another distributor',
    asker: (w) => w.distributorA,
    method: 'get',
    path: (w) => `/api/organisations/${w.distributorB.organisation.id}`,
  },
  {
    name: 'place reads another place',
    asker: (w) => w.placeA,
    method: 'get',
    path: (w) => `/api/organisations/${w.placeB.organisation.id}`,
  },
  { name: 'place reads a funder', asker: (w) => w.placeA, method: 'get', path: (w) => `/api/organisations/${w.funderB.organisation.id}` },
  { name: 'funder reads a user of another funder', asker: (w) => w.funderA, method: 'get', path: (w) => `/api/users/${w.ids.funderBUser}` },
  { name: 'place reads a user of another place', asker: (w) => w.placeA, method: 'get', path: (w) => `/api/users/${w.ids.placeBUser}` },
  {
    name: 'funder revokes the API token of another funder',
    asker: (w) => w.funderA,
    method: 'delete',
    path: (w) => `/api/api-tokens/${w.ids.funderBToken}`,
    unchanged: async (testApp, w) => {
      await testApp.anonymous().get('/api/organisations').set('Authorization', `Bearer ${w.ids.funderBTokenSecret}`).expect(200);
    },
  },
  {
    name: 'place ends the session of another place’s user',
    asker: (w) => w.placeA,
    method: 'delete',
    path: (w) => `/api/auth/sessions/${w.ids.placeBSession}`,
    unchanged: async (testApp, w) => {
      const rows = await testApp.dataSource.query('SELECT revoked_at FROM sessions WHERE id = $1', [w.ids.placeBSession]);
      expect(rows[0].revoked_at).toBeNull();
    },
  },
  {
    name: 'funder reads a programme of another funder',
    asker: (w) => w.funderA,
    method: 'get',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}`,
  },
  {
    name: 'funder edits a programme of another funder',
    asker: (w) => w.funderA,
    method: 'patch',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}`,
    body: () => ({ name: 'Hijacked' }),
    unchanged: async (testApp, w) => {
      const rows = await testApp.dataSource.query('SELECT name, status FROM programmes WHERE id = $1', [w.ids.funderBProgramme]);
      expect(rows[0]).toEqual({ name: 'Pass numérique Gironde 2027', status: 'draft' });
    },
  },
  {
    name: 'funder sets the cover logo of another funder’s programme',
    asker: (w) => w.funderA,
    method: 'put',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}/logo`,
    headers: { 'content-type': 'image/png' },
    body: () => demoPng(),
    unchanged: async (testApp, w) => {
      const rows = await testApp.dataSource.query('SELECT cover_logo FROM programmes WHERE id = $1', [w.ids.funderBProgramme]);
      expect(rows[0].cover_logo).toBeNull();
    },
  },
  {
    name: 'funder orders a programme of another funder',
    asker: (w) => w.funderA,
    method: 'post',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}/order`,
    unchanged: async (testApp, w) => {
      const rows = await testApp.dataSource.query('SELECT count(*)::int AS n FROM cheques WHERE programme_id = $1', [
        w.ids.funderBProgramme,
      ]);
      expect(rows[0].n).toBe(0);
    },
  },
  {
    name: 'funder activates a programme of another funder',
    asker: (w) => w.funderA,
    method: 'post',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}/activate`,
  },
  {
    name: 'funder prints the booklets of another funder',
    asker: (w) => w.funderA,
    method: 'get',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}/booklets.pdf`,
  },
  {
    name: 'funder reads the accounts of another funder’s programme',
    asker: (w) => w.funderA,
    method: 'get',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}/accounts`,
  },
  {
    name: 'funder downloads the order statement of another funder’s programme',
    asker: (w) => w.funderA,
    method: 'get',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}/statements/order.pdf`,
  },
  {
    name: 'funder downloads the closing statement of another funder’s programme',
    asker: (w) => w.funderA,
    method: 'get',
    path: (w) => `/api/programmes/${w.ids.funderBProgramme}/statements/closing.pdf`,
  },
  {
    name: 'distributor reads a booklet of another distributor',
    asker: (w) => w.distributorA,
    method: 'get',
    path: (w) => `/api/booklets/${w.ids.distributorBSerial}`,
  },
  {
    name: 'funder reads a booklet of another funder’s programme',
    asker: (w) => w.funderA,
    method: 'get',
    path: (w) => `/api/booklets/${w.ids.distributorBSerial}`,
  },
  {
    name: 'distributor hands out a booklet of another distributor',
    asker: (w) => w.distributorA,
    method: 'post',
    path: () => '/api/hand-outs',
    body: (w) => ({ bookletSerial: w.ids.distributorBSerial }),
    unchanged: async (testApp, w) => expect(await bookletStatuses(testApp, w.ids.distributorBSerial)).toEqual(['issued']),
  },
  {
    name: 'distributor cancels a booklet of another distributor',
    asker: (w) => w.distributorA,
    method: 'post',
    path: (w) => `/api/booklets/${w.ids.distributorBSerial}/cancel`,
    body: () => ({ reason: 'malveillance' }),
    unchanged: async (testApp, w) => expect(await bookletStatuses(testApp, w.ids.distributorBSerial)).toEqual(['issued']),
  },
  {
    name: 'distributor reads what reissuing a booklet of another distributor would carry',
    asker: (w) => w.distributorA,
    method: 'get',
    path: (w) => `/api/booklets/${w.ids.distributorBSerial}/reissue`,
  },
  {
    name: 'distributor reissues a booklet of another distributor',
    asker: (w) => w.distributorA,
    method: 'post',
    path: (w) => `/api/booklets/${w.ids.distributorBSerial}/reissue`,
    headers: { 'Idempotency-Key': 'isolation-reissue-1' },
    body: (w) => ({ newBookletSerial: w.ids.distributorBSerial.replace(/-00001$/, '-00002') }),
    unchanged: async (testApp, w) => expect(await bookletStatuses(testApp, w.ids.distributorBSerial)).toEqual(['issued']),
  },
  {
    name: 'distributor lists where the booklets of another distributor’s programme may go',
    asker: (w) => w.distributorA,
    method: 'get',
    path: (w) => `/api/stock/transfer-destinations?programmeId=${w.ids.funderBActiveProgramme}`,
  },
  {
    name: 'distributor asks to transfer booklets of a programme it holds none of',
    asker: (w) => w.distributorA,
    method: 'post',
    path: () => '/api/stock/transfers',
    headers: { 'Idempotency-Key': 'isolation-transfer-1' },
    body: (w) => ({
      programmeId: w.ids.funderBActiveProgramme,
      toDistributorOrganisationId: w.distributorB.organisation.id,
      bookletCount: 1,
    }),
    unchanged: async (testApp, w) => expect(await transferStatuses(testApp, w.ids.funderBActiveProgramme)).toEqual(['pending']),
  },
  {
    name: 'funder approves a transfer of another funder’s programme',
    asker: (w) => w.funderA,
    method: 'post',
    path: (w) => `/api/stock/transfers/${w.ids.distributorBTransfer}/approve`,
    headers: { 'Idempotency-Key': 'isolation-transfer-2' },
    body: () => ({}),
    unchanged: async (testApp, w) => {
      expect(await transferStatuses(testApp, w.ids.funderBActiveProgramme)).toEqual(['pending']);
      const [booklet] = await testApp.dataSource.query('SELECT distributor_organisation_id FROM booklets WHERE serial = $1', [
        w.ids.distributorBSerial,
      ]);
      expect(booklet.distributor_organisation_id).toBe(w.distributorB.organisation.id);
    },
  },
  {
    name: 'funder refuses a transfer of another funder’s programme',
    asker: (w) => w.funderA,
    method: 'post',
    path: (w) => `/api/stock/transfers/${w.ids.distributorBTransfer}/refuse`,
    headers: { 'Idempotency-Key': 'isolation-transfer-3' },
    body: () => ({ note: 'malveillance' }),
    unchanged: async (testApp, w) => expect(await transferStatuses(testApp, w.ids.funderBActiveProgramme)).toEqual(['pending']),
  },
  ...placeCases(),
  ...reportingCases(),
];

async function transferStatuses(testApp: TestApp, programmeId: string): Promise<string[]> {
  const rows: Array<{ status: string }> = await testApp.dataSource.query('SELECT status FROM stock_transfers WHERE programme_id = $1', [
    programmeId,
  ]);
  return rows.map((row) => row.status);
}

/** A funder against the dashboard, exports and summary of another funder's programme. */
function reportingCases(): IsolationCase[] {
  const funderA = (w: World): OrganisationWithUser => w.funderA;
  return [
    {
      name: 'funder reads the dashboard of another funder’s programme',
      asker: funderA,
      method: 'get',
      path: (w) => `/api/reporting/dashboard?programmeId=${w.ids.funderBActiveProgramme}`,
    },
    {
      name: 'funder exports a dashboard table of another funder’s programme',
      asker: funderA,
      method: 'get',
      path: (w) => `/api/reporting/dashboard/lieux.csv?programmeId=${w.ids.funderBActiveProgramme}`,
    },
    {
      name: 'funder prints the summary of another funder’s programme',
      asker: funderA,
      method: 'get',
      path: (w) => `/api/reporting/programmes/${w.ids.funderBActiveProgramme}/summary.pdf`,
    },
    {
      name: 'distributor reads its funnel for a programme it holds no booklet of (another distributor’s)',
      asker: (w) => w.distributorA,
      method: 'get',
      path: (w) => `/api/reporting/funnel?programmeId=${w.ids.funderBActiveProgramme}`,
    },
    {
      name: 'distributor exports a funnel table for another distributor’s programme',
      asker: (w) => w.distributorA,
      method: 'get',
      path: (w) => `/api/reporting/funnel/entonnoir.csv?programmeId=${w.ids.funderBActiveProgramme}`,
    },
  ];
}

/** A place agent of A against B's place, its catalogue, its application and its bank details. */
function placeCases(): IsolationCase[] {
  const placeA = (w: World): OrganisationWithUser => w.placeA;
  const entryInput = {
    name: 'Atelier',
    category: 'Maîtrise des outils numériques du quotidien',
    modality: 'individual',
    durationMinutes: 60,
    priceInCheques: 1,
  };
  const placeName = async (testApp: TestApp, w: World): Promise<void> =>
    expect((await testApp.dataSource.query('SELECT nom FROM places WHERE id = $1', [w.ids.placeBPlace]))[0].nom).toBe(PLACE_INPUT.nom);
  const applicationStatus = async (testApp: TestApp, w: World): Promise<void> =>
    expect(
      (await testApp.dataSource.query('SELECT status FROM qualification_applications WHERE id = $1', [w.ids.placeBApplication]))[0].status,
    ).toBe('draft');
  return [
    {
      name: 'place reads an unqualified place of another place',
      asker: placeA,
      method: 'get',
      path: (w) => `/api/places/${w.ids.placeBPlace}`,
    },
    {
      name: 'place edits a place of another place',
      asker: placeA,
      method: 'patch',
      path: (w) => `/api/places/${w.ids.placeBPlace}`,
      body: () => ({ nom: 'Pris' }),
      unchanged: placeName,
    },
    {
      name: 'place reads the catalogue history of another place',
      asker: placeA,
      method: 'get',
      path: (w) => `/api/places/${w.ids.placeBPlace}/catalogue/history`,
    },
    {
      name: 'place adds to the catalogue of another place',
      asker: placeA,
      method: 'post',
      path: (w) => `/api/places/${w.ids.placeBPlace}/catalogue`,
      body: () => entryInput,
    },
    {
      name: 'place revises an entry of another place',
      asker: placeA,
      method: 'put',
      path: (w) => `/api/places/${w.ids.placeBPlace}/catalogue/${w.ids.placeBEntry}`,
      body: () => entryInput,
    },
    {
      name: 'place withdraws an entry of another place',
      asker: placeA,
      method: 'delete',
      path: (w) => `/api/places/${w.ids.placeBPlace}/catalogue/${w.ids.placeBEntry}`,
    },
    {
      name: 'place reads the qualification history of another place',
      asker: placeA,
      method: 'get',
      path: (w) => `/api/places/${w.ids.placeBPlace}/qualification-history`,
    },
    {
      name: 'place applies for another place',
      asker: placeA,
      method: 'post',
      path: () => '/api/qualification/applications',
      body: (w) => ({ placeId: w.ids.placeBPlace }),
    },
    {
      name: 'place reads the application of another place',
      asker: placeA,
      method: 'get',
      path: (w) => `/api/qualification/applications/${w.ids.placeBApplication}`,
    },
    {
      name: 'place answers the application of another place',
      asker: placeA,
      method: 'put',
      path: (w) => `/api/qualification/applications/${w.ids.placeBApplication}/answers`,
      body: () => ({ answers: [{ criterionCode: 'ACCUEIL', text: 'Pris', links: [] }] }),
      unchanged: applicationStatus,
    },
    {
      name: 'place submits the application of another place',
      asker: placeA,
      method: 'post',
      path: (w) => `/api/qualification/applications/${w.ids.placeBApplication}/submit`,
      unchanged: applicationStatus,
    },
    {
      name: 'place downloads evidence of another place',
      asker: placeA,
      method: 'get',
      path: (w) => `/api/qualification/applications/${w.ids.placeBApplication}/evidence/${w.ids.placeBEvidence}`,
    },
    {
      name: 'place re-attaches evidence to the application of another place',
      asker: placeA,
      method: 'post',
      path: (w) => `/api/qualification/applications/${w.ids.placeBApplication}/reattach-evidence`,
      body: (w) => ({ evidenceId: w.ids.placeBEvidence }),
      unchanged: async (testApp, w) =>
        expect(
          (
            await testApp.dataSource.query('SELECT count(*)::int AS n FROM qualification_evidence WHERE application_id = $1', [
              w.ids.placeBApplication,
            ])
          )[0].n,
        ).toBe(1),
    },
    {
      name: 'place reads the renewal reminders of a place of another place',
      asker: placeA,
      method: 'get',
      path: (w) => `/api/qualification/renewals?placeId=${w.ids.placeBQualifiedPlace}`,
    },
    {
      name: 'place reads the bank details of another place',
      asker: placeA,
      method: 'get',
      path: (w) => `/api/organisations/${w.placeB.organisation.id}/bank-details`,
    },
    {
      name: 'funder reads the bank details of another funder',
      asker: (w) => w.funderA,
      method: 'get',
      path: (w) => `/api/organisations/${w.funderB.organisation.id}/bank-details`,
    },
    {
      name: 'place downloads the bank statement of another place',
      asker: placeA,
      method: 'get',
      path: (w) => `/api/organisations/${w.placeB.organisation.id}/bank-details/${w.ids.placeBBankDetails}/proof`,
    },
    {
      name: 'place reads a redemption of another place',
      asker: (w) => w.placeA,
      method: 'get',
      path: (w) => `/api/redemptions/${w.ids.placeBRedemption}`,
    },
    {
      name: 'place undoes a redemption of another place',
      asker: (w) => w.placeA,
      method: 'post',
      path: (w) => `/api/redemptions/${w.ids.placeBRedemption}/undo`,
      body: () => ({ reason: 'Tentative' }),
      unchanged: async (testApp, w) => {
        const [row] = await testApp.dataSource.query('SELECT undone_at FROM redemptions WHERE id = $1', [w.ids.placeBRedemption]);
        expect(row.undone_at).toBeNull();
      },
    },
    {
      name: 'place redeems cheques for a service of another place',
      asker: (w) => w.placeA,
      method: 'post',
      path: () => '/api/redemptions',
      headers: { 'Idempotency-Key': 'isolation-redeem' },
      body: (w) => ({ cheques: ['0000-0000-0000-0000-0'], serviceId: w.ids.placeBService }),
    },
    {
      name: 'place verifies a cheque for a service of another place',
      asker: (w) => w.placeA,
      method: 'post',
      path: () => '/api/redemptions/verify',
      body: (w) => ({ cheque: '0000-0000-0000-0000-0', serviceId: w.ids.placeBService }),
    },
    {
      name: 'place downloads the remittance statement of another place',
      asker: (w) => w.placeA,
      method: 'get',
      path: (w) => `/api/settlement/lines/${w.ids.placeBSettlementLine}/statement.pdf`,
    },
    {
      name: 'place reads the payments (« Mes remboursements ») of another place',
      asker: (w) => w.placeA,
      method: 'get',
      path: (w) => `/api/settlement/place-payments?organisationId=${w.placeB.organisation.id}`,
    },
    {
      name: 'place downloads the payments CSV of another place',
      asker: (w) => w.placeA,
      method: 'get',
      path: (w) => `/api/settlement/place-payments.csv?organisationId=${w.placeB.organisation.id}`,
    },
    {
      name: 'place downloads the payments PDF of another place',
      asker: (w) => w.placeA,
      method: 'get',
      path: (w) => `/api/settlement/place-payments.pdf?organisationId=${w.placeB.organisation.id}`,
    },
    {
      name: 'place reads the payment delay of another organisation’s place',
      asker: (w) => w.placeA,
      method: 'get',
      path: (w) => `/api/settlement/places/${w.ids.placeBQualifiedPlace}/payment-delay`,
    },
    {
      name: 'place downloads the offline bundle of another place',
      asker: (w) => w.placeA,
      method: 'get',
      path: (w) => `/api/redemptions/offline-bundle?placeId=${w.ids.placeBQualifiedPlace}`,
    },
  ];
}

/** An active programme of funder B whose booklet 1 is in distributor B's stock; answers its serial. */
async function distributedBookletOf(testApp: TestApp, funderB: TestAgent, distributorB: OrganisationWithUser): Promise<string> {
  const operator = await loginAs(testApp, DEMO.operatorAdmin);
  const programme = await createProgramme({ funder: funderB, operator, until: 'active' });
  await operator
    .post('/api/booklets/allocations')
    .send({ programmeId: programme.id, fromNumber: 1, toNumber: 1, distributorOrganisationId: distributorB.organisation.id })
    .expect(201);
  return `${programme.code}-00001`;
}

/** A qualified place of place B with a service, and a redemption there of a demo cheque. */
async function redemptionOf(
  testApp: TestApp,
  placeB: TestAgent,
): Promise<Pick<World['ids'], 'placeBQualifiedPlace' | 'placeBService' | 'placeBRedemption'>> {
  const { placeId, serviceId } = await qualifiedPlaceWithService(testApp, placeB, { pivot: '21330063500017', nom: 'Lieu qualifié B' });
  const [programme]: Array<{ id: string }> = await testApp.dataSource.query(
    "SELECT id FROM programmes WHERE status = 'active' AND name = 'Pass numérique Gironde (démo)'",
  );
  const [code] = await distributedCodes(testApp, programme.id);
  const redemption = await redeem(placeB, [code], serviceId).expect(201);
  return { placeBQualifiedPlace: placeId, placeBService: serviceId, placeBRedemption: redemption.body.id };
}

/** Place B's bank details verified and a batch built: its line (its redemption paid there). */
async function settlementLineOf(testApp: TestApp, organisationId: string, bankDetailsId: string): Promise<string> {
  await verifyBankDetails(testApp, organisationId, bankDetailsId);
  const operator = await loginAs(testApp, DEMO.operatorAdmin);
  const batch = await createBatch(operator, { cutOff: await databaseNow(testApp) }).expect(201);
  const details = await operator.get(`/api/settlement/batches/${batch.body.id}`).expect(200);
  return details.body.lines.find((line: { organisationId: string }) => line.organisationId === organisationId).id;
}

/** Place B's place (not qualified), a catalogue entry, a draft application with evidence, bank details with a proof. */
async function placeObjectsOf(
  placeB: TestAgent,
): Promise<Pick<World['ids'], 'placeBPlace' | 'placeBEntry' | 'placeBApplication' | 'placeBEvidence' | 'placeBBankDetails'>> {
  const place = await placeB.post('/api/places').send(PLACE_INPUT).expect(201);
  const entry = await placeB
    .post(`/api/places/${place.body.id}/catalogue`)
    .send({
      name: 'Atelier',
      category: 'Maîtrise des outils numériques du quotidien',
      modality: 'individual',
      durationMinutes: 60,
      priceInCheques: 1,
    })
    .expect(201);
  const application = await placeB.post('/api/qualification/applications').send({ placeId: place.body.id }).expect(201);
  const pdf = demoPdf('Pièce (test)');
  const evidence = await placeB
    .post(`/api/qualification/applications/${application.body.id}/evidence?criterion=ACCUEIL&fileName=a.pdf`)
    .set('content-type', 'application/pdf')
    .send(pdf)
    .expect(201);
  const bank = await placeB
    .put('/api/bank-details')
    .send({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', accountHolder: 'Lieu B' })
    .expect(200);
  await placeB.put('/api/bank-details/proof?fileName=rib.pdf').set('content-type', 'application/pdf').send(pdf).expect(200);
  return {
    placeBPlace: place.body.id,
    placeBEntry: entry.body.entryId,
    placeBApplication: application.body.id,
    placeBEvidence: evidence.body.id,
    placeBBankDetails: bank.body.id,
  };
}

async function bookletStatuses(testApp: TestApp, serial: string): Promise<string[]> {
  const rows: Array<{ status: string }> = await testApp.dataSource.query(
    'SELECT DISTINCT c.status FROM cheques c JOIN booklets b ON b.id = c.booklet_id WHERE b.serial = $1',
    [serial],
  );
  return rows.map((row) => row.status);
}

/** A webhook endpoint of place B (never reached: nothing sends in this test) and its test delivery. */
async function webhookOf(placeB: TestAgent): Promise<{ placeBWebhook: string; placeBWebhookDelivery: string }> {
  const endpoint = await placeB
    .post('/api/webhooks')
    .send({ url: 'http://127.0.0.1:9/hook', description: 'Caisse B', eventTypes: ['payment.sent'] })
    .expect(201);
  const delivery = await placeB.post(`/api/webhooks/${endpoint.body.id}/test`).send().expect(202);
  return { placeBWebhook: endpoint.body.id, placeBWebhookDelivery: delivery.body.id };
}

describe('organisation isolation matrix', () => {
  let testApp: TestApp;
  let world: World;
  const agents = new Map<string, TestAgent>();

  beforeAll(async () => {
    testApp = await startTestApp();
    const [funderA, funderB, distributorA, distributorB, placeA, placeB] = [
      await createOrganisationWithUser(testApp, 'funder', 'funder_manager'),
      await createOrganisationWithUser(testApp, 'funder', 'funder_manager'),
      await createOrganisationWithUser(testApp, 'distributor'),
      await createOrganisationWithUser(testApp, 'distributor'),
      await createOrganisationWithUser(testApp, 'place'),
      await createOrganisationWithUser(testApp, 'place'),
    ];
    const funderBAgent = await loginAs(testApp, funderB.email);
    const placeBAgent = await loginAs(testApp, placeB.email);
    const token = await funderBAgent
      .post('/api/api-tokens')
      .send({ name: 'B', scopes: ['organisation:read'] })
      .expect(201);
    const programme = await funderBAgent.post('/api/programmes').send(PROGRAMME_INPUT).expect(201);
    world = {
      funderA,
      funderB,
      distributorA,
      distributorB,
      placeA,
      placeB,
      ids: {
        funderBUser: (await funderBAgent.get('/api/auth/me')).body.id,
        placeBUser: (await placeBAgent.get('/api/auth/me')).body.id,
        placeBSession: (await placeBAgent.get('/api/auth/me')).body.sessionId,
        funderBToken: token.body.id,
        funderBTokenSecret: token.body.token,
        funderBProgramme: programme.body.id,
        distributorBSerial: await distributedBookletOf(testApp, funderBAgent, distributorB),
        funderBActiveProgramme: '',
        distributorBTransfer: '',
        ...(await placeObjectsOf(placeBAgent)),
        ...(await redemptionOf(testApp, placeBAgent)),
        placeBSettlementLine: '',
        ...(await webhookOf(placeBAgent)),
      },
    };
    world.ids.placeBSettlementLine = await settlementLineOf(testApp, placeB.organisation.id, world.ids.placeBBankDetails);
  });
  beforeAll(async () => {
    const [booklet]: Array<{ programme_id: string }> = await testApp.dataSource.query(
      'SELECT programme_id FROM booklets WHERE serial = $1',
      [world.ids.distributorBSerial],
    );
    world.ids.funderBActiveProgramme = booklet.programme_id;
    // A third distributor holds booklet 2: distributor B asks to send it booklet 1.
    const third = await createOrganisationWithUser(testApp, 'distributor');
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    await operator
      .post('/api/booklets/allocations')
      .send({ programmeId: booklet.programme_id, fromNumber: 2, toNumber: 2, distributorOrganisationId: third.organisation.id })
      .expect(201);
    const transfer = await (
      await agentOf(world.distributorB)
    )
      .post('/api/stock/transfers')
      .set('Idempotency-Key', 'isolation-world-transfer')
      .send({ programmeId: booklet.programme_id, toDistributorOrganisationId: third.organisation.id, bookletCount: 1 })
      .expect(201);
    world.ids.distributorBTransfer = transfer.body.id;
    // The dashboards read the reporting facts: computed now, funder B's programmes are in them.
    await testApp.app.get(ReportingRefreshService).refresh();
  });
  afterAll(() => testApp.close());

  async function agentOf(user: OrganisationWithUser): Promise<TestAgent> {
    if (!agents.has(user.email)) agents.set(user.email, await loginAs(testApp, user.email, user.password));
    return agents.get(user.email)!;
  }

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s → 404', async (_name, testCase) => {
    const agent = await agentOf(testCase.asker(world));
    const request = agent[testCase.method](testCase.path(world)).set(testCase.headers ?? {});
    const response = await (testCase.body ? request.send(testCase.body(world)) : request);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found' });
    await testCase.unchanged?.(testApp, world);
  });

  it('the same objects are readable by their own organisation (the 404s are not just broken routes)', async () => {
    const funderB = await agentOf(world.funderB);
    await funderB.get(`/api/organisations/${world.funderB.organisation.id}`).expect(200);
    await funderB.get(`/api/users/${world.ids.funderBUser}`).expect(200);
    await funderB.get(`/api/programmes/${world.ids.funderBProgramme}`).expect(200);
    await funderB.get(`/api/programmes/${world.ids.funderBProgramme}/accounts`).expect(200);
    const draft = await funderB.get(`/api/programmes/${world.ids.funderBProgramme}/statements/order.pdf`).expect(409);
    expect(draft.body.details.code).toBe('order_statement_not_available'); // found, not funded yet
    await funderB.get(`/api/reporting/dashboard?programmeId=${world.ids.funderBActiveProgramme}`).expect(200);
    await funderB.get(`/api/reporting/dashboard/lieux.csv?programmeId=${world.ids.funderBActiveProgramme}`).expect(200);
    await funderB.get(`/api/reporting/programmes/${world.ids.funderBActiveProgramme}/summary.pdf`).expect(200);
    const distributorB = await agentOf(world.distributorB);
    await distributorB.get(`/api/reporting/funnel?programmeId=${world.ids.funderBActiveProgramme}`).expect(200);
    await distributorB.get(`/api/reporting/funnel/entonnoir.csv?programmeId=${world.ids.funderBActiveProgramme}`).expect(200);
    const reissue = await distributorB.get(`/api/booklets/${world.ids.distributorBSerial}/reissue`).expect(409);
    expect(reissue.body.details.code).toBe('booklet_not_reissuable'); // found: in its stock, not handed out yet
    await distributorB.get(`/api/stock/transfer-destinations?programmeId=${world.ids.funderBActiveProgramme}`).expect(200);
    const transfers = (await funderB.get('/api/stock/transfers').expect(200)).body as Array<{ id: string }>;
    expect(transfers.map((transfer) => transfer.id)).toEqual([world.ids.distributorBTransfer]);
    const placeB = await agentOf(world.placeB);
    await placeB.get(`/api/redemptions/${world.ids.placeBRedemption}`).expect(200);
    await placeB.get(`/api/redemptions/offline-bundle?placeId=${world.ids.placeBQualifiedPlace}`).expect(200);
    await placeB.get(`/api/qualification/renewals?placeId=${world.ids.placeBQualifiedPlace}`).expect(200);
    await placeB.get(`/api/settlement/lines/${world.ids.placeBSettlementLine}/statement.pdf`).expect(200);
    await placeB.get(`/api/settlement/places/${world.ids.placeBQualifiedPlace}/payment-delay`).expect(200);
    await placeB.get(`/api/settlement/place-payments?organisationId=${world.placeB.organisation.id}`).expect(200);
  });

  it('notification preferences are each person’s own: one person’s choice changes nothing for the others', async () => {
    const placeA = await agentOf(world.placeA);
    const placeB = await agentOf(world.placeB);
    await placeA
      .put('/api/auth/notification-preferences')
      .send({ switchedOff: ['payment_sent'] })
      .expect(200);
    const ofB = (await placeB.get('/api/auth/notification-preferences').expect(200)).body.notifications as Array<{ enabled: boolean }>;
    expect(ofB.every((preference) => preference.enabled)).toBe(true);
    const [{ count }]: Array<{ count: number }> = await testApp.dataSource.query(
      'SELECT count(*)::int AS count FROM notification_opt_outs o JOIN users u ON u.id = o.user_id WHERE u.organisation_id = $1',
      [world.placeB.organisation.id],
    );
    expect(count).toBe(0);
    await placeA.put('/api/auth/notification-preferences').send({ switchedOff: [] }).expect(200);
  });

  it('lists never leak other organisations', async () => {
    const funderA = await agentOf(world.funderA);
    const organisations = await funderA.get('/api/organisations').expect(200);
    expect(organisations.body.map((o: { id: string }) => o.id)).toEqual([world.funderA.organisation.id]);
    const users = await funderA.get(`/api/users?organisationId=${world.funderB.organisation.id}`).expect(200);
    expect(users.body).toEqual([]);
    const tokens = await funderA.get('/api/api-tokens').expect(200);
    expect(tokens.body).toEqual([]);
    expect((await (await agentOf(world.placeA)).get('/api/webhooks').expect(200)).body).toEqual([]);
    const programmes = await funderA.get('/api/programmes').expect(200);
    expect(programmes.body).toEqual([]);
    // The ledger: a funder's balances are its own account and its programmes' only (A has neither yet).
    expect((await funderA.get('/api/ledger/balances').expect(200)).body.accounts).toEqual([]);
    const funderB = await agentOf(world.funderB);
    const ownProgrammes = (await funderB.get('/api/programmes').expect(200)).body.map(
      (p: { id: string }) => `programme_outstanding:${p.id}`,
    );
    const mine = (await funderB.get('/api/ledger/balances').expect(200)).body.accounts.map((a: { account: string }) => a.account);
    expect(mine.length).toBeGreaterThan(0);
    expect(ownProgrammes).toEqual(expect.arrayContaining(mine));
    const dashboard = await funderA.get('/api/reporting/dashboard').expect(200);
    expect(dashboard.body.scope.programmes).toEqual([]);
    expect(dashboard.body.totals.issued).toEqual({ cheques: 0, amountCents: 0 });
    expect((await funderA.get('/api/reporting/expiry-alerts').expect(200)).body).toEqual([]);
    // Stock: A sees no transfer or idle booklet of B's programmes or stock.
    expect((await funderA.get('/api/stock/transfers').expect(200)).body).toEqual([]);
    expect((await funderA.get('/api/stock/idle-booklets').expect(200)).body.booklets).toEqual([]);
    expect((await (await agentOf(world.distributorA)).get('/api/stock/transfers').expect(200)).body).toEqual([]);
    expect((await (await agentOf(world.distributorA)).get('/api/stock/idle-booklets').expect(200)).body.booklets).toEqual([]);
    // A distributor’s funnel counts its own booklets only: A holds none, B’s booklet is not in it.
    const funnelA = (await (await agentOf(world.distributorA)).get('/api/reporting/funnel').expect(200)).body;
    expect(funnelA.programmes).toEqual([]);
    expect(funnelA.funnel).toMatchObject({ allocated: 0, handedOut: 0, firstUsed: 0, handedOutCents: 0 });
    const funnelB = (await (await agentOf(world.distributorB)).get('/api/reporting/funnel').expect(200)).body;
    expect(funnelB.funnel.allocated).toBeGreaterThan(0);
    const placeA = await agentOf(world.placeA);
    expect((await placeA.get('/api/managed-places').expect(200)).body.items).toEqual([]);
    expect((await placeA.get('/api/qualification/applications').expect(200)).body).toEqual([]);
    expect((await placeA.get('/api/qualification/renewals').expect(200)).body).toMatchObject({ expiring: [], expired: [] });
    expect((await placeA.get('/api/redemptions').expect(200)).body).toMatchObject({ items: [], total: 0 });
    const csv = await placeA.get('/api/redemptions/export.csv').expect(200);
    expect(csv.text.trim().split('\n')).toHaveLength(1);
    expect((await placeA.get('/api/settlement/lines').expect(200)).body).toEqual([]);
    const payments = (await placeA.get('/api/settlement/place-payments').expect(200)).body;
    expect(payments).toMatchObject({ organisationId: world.placeA.organisation.id, toReceive: { amountCents: 0, groups: [] } });
    expect([payments.inProgress.lines, payments.paid.lines, payments.rejected.lines]).toEqual([[], [], []]);
    expect([payments.underReview.redemptions, payments.refused.redemptions]).toEqual([[], []]);
    expect((await funderA.get('/api/settlement/funder-payments').expect(200)).body).toEqual([]);
  });

  it('the funds coverage and its balances are the operator’s alone: any other organisation is refused, nothing changes', async () => {
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    const balanceId = (await operator.get('/api/funds-coverage').expect(200)).body.balance.id as string;
    for (const user of [world.funderA, world.distributorA, world.placeA]) {
      const agent = await agentOf(user);
      await agent.get('/api/funds-coverage').expect(403);
      await agent.get(`/api/funds-coverage/balances/${balanceId}/statement`).expect(403);
      await agent.post(`/api/funds-coverage/balances/${balanceId}/confirm`).expect(403);
      await agent.post(`/api/funds-coverage/balances/${balanceId}/withdraw`).send({ reason: 'x' }).expect(403);
      await agent
        .post('/api/funds-coverage/balances')
        .query({ balanceCents: 1, balanceOn: '2026-01-01' })
        .set('content-type', 'application/pdf')
        .send(demoPdf('relevé'))
        .expect(403);
    }
    expect((await operator.get('/api/funds-coverage').expect(200)).body.awaitingConfirmation).toEqual([]);
  });

  it('anomaly holds are the operator’s alone: any other organisation is refused, nothing changes', async () => {
    const [hold]: Array<{ id: string }> = await testApp.dataSource.query("SELECT id FROM redemption_holds WHERE status = 'held' LIMIT 1");
    for (const user of [world.funderA, world.distributorA, world.placeA, world.placeB]) {
      const agent = await agentOf(user);
      await agent.get('/api/anomaly-holds').expect(403);
      await agent.get(`/api/anomaly-holds/${hold.id}`).expect(403);
      for (const action of ['release', 'reject', 'confirm-rejection']) {
        await agent
          .post(`/api/anomaly-holds/${hold.id}/${action}`)
          .set('Idempotency-Key', `isolation-${action}`)
          .send({ reason: 'x' })
          .expect(403);
      }
    }
    expect(await testApp.dataSource.query('SELECT status FROM redemption_holds WHERE id = $1', [hold.id])).toEqual([{ status: 'held' }]);
  });

  it('bank files and their entries are the operator’s alone: every other organisation gets 403, nothing changes', async () => {
    const [entries]: Array<{ n: number }> = await testApp.dataSource.query('SELECT count(*)::int AS n FROM bank_statement_entries');
    for (const user of [world.funderA, world.distributorA, world.placeA]) {
      const agent = await agentOf(user);
      await agent.get('/api/bank-statements').expect(403);
      await agent.get('/api/bank-statements/unmatched').expect(403);
      await agent.post('/api/bank-statements').set('content-type', 'application/xml').send('<Document/>').expect(403);
      await agent.post(`/api/bank-statements/entries/${world.ids.placeBSettlementLine}/handled`).send({ note: 'vu' }).expect(403);
    }
    expect(await testApp.dataSource.query('SELECT count(*)::int AS n FROM bank_statement_entries')).toEqual([entries]);
  });

  it('refund transfers to funders are the operator’s alone: every other organisation gets 403, nothing changes', async () => {
    const [before]: Array<{ n: number }> = await testApp.dataSource.query('SELECT count(*)::int AS n FROM funder_refund_transfers');
    const someId = '00000000-0000-4000-8000-000000000000';
    for (const user of [world.funderA, world.distributorA, world.placeA]) {
      const agent = await agentOf(user);
      await agent.get('/api/funder-refund-transfers').expect(403);
      await agent.post(`/api/programmes/${world.ids.funderBProgramme}/refund-transfer`).expect(403);
      for (const step of ['approve', 'export', 'cancel']) await agent.post(`/api/funder-refund-transfers/${someId}/${step}`).expect(403);
      await agent.get(`/api/funder-refund-transfers/${someId}/sepa.xml`).expect(403);
    }
    expect(await testApp.dataSource.query('SELECT count(*)::int AS n FROM funder_refund_transfers')).toEqual([before]);
  });

  it('an API token of A gets 404 for an object of B too', async () => {
    const funderA = await agentOf(world.funderA);
    const { body } = await funderA
      .post('/api/api-tokens')
      .send({ name: 'A', scopes: ['organisation:read', 'users:read'] })
      .expect(201);
    const bearer = { Authorization: `Bearer ${body.token}` };
    await testApp.anonymous().get(`/api/organisations/${world.funderB.organisation.id}`).set(bearer).expect(404);
    await testApp.anonymous().get(`/api/users/${world.ids.funderBUser}`).set(bearer).expect(404);
  });

  it('a settlement or ledger token of A gets 404 for an object of B, and none of B in its lists', async () => {
    const placeA = await agentOf(world.placeA);
    const placeToken = (
      await placeA
        .post('/api/api-tokens')
        .send({ name: 'Compta A', scopes: ['settlement:read'] })
        .expect(201)
    ).body.token;
    const asPlaceA = (path: string) => testApp.anonymous().get(path).set('Authorization', `Bearer ${placeToken}`);
    expect((await asPlaceA(`/api/settlement/lines/${world.ids.placeBSettlementLine}/statement.pdf`).expect(404)).body.code).toBe(
      'not_found',
    );
    expect((await asPlaceA('/api/settlement/lines').expect(200)).body).toEqual([]);

    const funderA = await agentOf(world.funderA);
    const funderToken = (
      await funderA
        .post('/api/api-tokens')
        .send({ name: 'Compta A', scopes: ['settlement:read', 'ledger:read'] })
        .expect(201)
    ).body.token;
    const asFunderA = (path: string) => testApp.anonymous().get(path).set('Authorization', `Bearer ${funderToken}`);
    for (const path of [
      `/api/programmes/${world.ids.funderBProgramme}/accounts`,
      `/api/programmes/${world.ids.funderBProgramme}/statements/order.pdf`,
      `/api/programmes/${world.ids.funderBProgramme}/statements/closing.pdf`,
    ]) {
      expect((await asFunderA(path).expect(404)).body.code).toBe('not_found');
    }
    expect((await asFunderA('/api/ledger/balances').expect(200)).body.accounts).toEqual([]);
    expect((await asFunderA('/api/settlement/funder-payments').expect(200)).body).toEqual([]);
  });
});
