import type TestAgent from 'supertest/lib/agent';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';
import { demoPdf } from '../../apps/api/src/seed/demo-documents';

const VALID = { iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'agrifrpp', accountHolder: 'Médiathèque Flora Tristan' };
const PDF = demoPdf('RIB (test)');

describe('bank details of place organisations', () => {
  let testApp: TestApp;
  let placeAgent: TestAgent;
  let operator: TestAgent;
  let organisationId: string;
  let organisationName: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    placeAgent = await loginAs(testApp, DEMO.placeAgent);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
    ({ id: organisationId, name: organisationName } = (await placeAgent.get('/api/auth/me')).body.organisation);
  });
  afterAll(() => testApp.close());

  it('checks IBAN, BIC and holder with ibantools and names each wrong field', async () => {
    const response = await placeAgent
      .put('/api/bank-details')
      .send({ iban: 'FR76 3000 6000 0112 3456 7890 188', bic: 'NOTABIC', accountHolder: ' ' })
      .expect(400);
    expect(response.body.details).toEqual([
      { field: 'iban', problems: expect.arrayContaining(['check digits are wrong (a typing mistake?)']) },
      { field: 'bic', problems: ['is not a valid BIC (8 or 11 characters, e.g. BNPAFRPP)'] },
      { field: 'accountHolder', problems: ['must be 2 to 70 characters (SEPA limit)'] },
    ]);
  });

  it('refuses a holder name a bank would read with fewer than 2 letters or digits, and stores nothing', async () => {
    const before = (await placeAgent.get(`/api/organisations/${organisationId}/bank-details`).expect(200)).body;
    for (const accountHolder of ['🎉🎉', 'A.', '- -', '𒀀𒀀', 'Z\u200d\u200d']) {
      const refused = await placeAgent
        .put('/api/bank-details')
        .send({ ...VALID, accountHolder })
        .expect(400);
      expect(refused.body).toEqual({
        code: 'validation_failed',
        message: expect.any(String),
        details: [
          {
            field: 'accountHolder',
            problems: ['must contain at least 2 letters or digits once written in the Latin letters of SEPA transfers'],
          },
        ],
      });
    }
    expect((await placeAgent.get(`/api/organisations/${organisationId}/bank-details`).expect(200)).body).toEqual(before);
  });

  it('submitted → verified only with a proof; a new IBAN resets to submitted, audited with masked numbers', async () => {
    const submitted = await placeAgent.put('/api/bank-details').send(VALID).expect(200);
    expect(submitted.body).toMatchObject({
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      status: 'submitted',
      ibanMasked: 'FR76 •••• •••• •••• •••• •••0 189',
      organisationName,
    });
    const pending = await operator.get('/api/bank-details/pending').expect(200);
    expect(pending.body.find((details: { id: string }) => details.id === submitted.body.id)).toMatchObject({ organisationName });
    const noProof = await operator
      .post(`/api/organisations/${organisationId}/bank-details/${submitted.body.id}/review`)
      .send({ verdict: 'verified' })
      .expect(409);
    expect(noProof.body.details).toEqual({ code: 'proof_missing' });
    const htmlInPdf = await placeAgent
      .put('/api/bank-details/proof?fileName=rib.pdf')
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4\n<html><body>RIB</body></html>'))
      .expect(400);
    expect(htmlInPdf.body.details).toEqual([
      { field: 'proof', problems: ['must be a PDF document that opens (this file is damaged or is not a PDF)'] },
    ]);
    await placeAgent.put('/api/bank-details/proof?fileName=rib.html').set('content-type', 'application/pdf').send(PDF).expect(200);
    await placeAgent
      .post(`/api/organisations/${organisationId}/bank-details/${submitted.body.id}/review`)
      .send({ verdict: 'verified' })
      .expect(403);
    const verified = await operator
      .post(`/api/organisations/${organisationId}/bank-details/${submitted.body.id}/review`)
      .send({ verdict: 'verified' })
      .expect(200);
    // The review's answer names the organisation, as the queue does (the operator's screen says whose account it was).
    expect(verified.body).toMatchObject({ status: 'verified', organisationName });
    const again = await operator
      .post(`/api/organisations/${organisationId}/bank-details/${submitted.body.id}/review`)
      .send({ verdict: 'verified' })
      .expect(200);
    expect(again.body).toMatchObject({ status: 'verified', organisationName });
    const proof = await operator.get(`/api/organisations/${organisationId}/bank-details/${submitted.body.id}/proof`).expect(200);
    expect(proof.headers['content-type']).toBe('application/pdf');
    expect(proof.headers['content-disposition']).toBe('attachment; filename="rib.pdf"'); // sent as rib.html, a PDF

    const changed = await placeAgent
      .put('/api/bank-details')
      .send({ ...VALID, iban: 'FR1420041010050500013M02606', bic: 'PSSTFRPPXXX' })
      .expect(200);
    expect(changed.body).toMatchObject({ status: 'submitted', organisationName });
    const history = await placeAgent.get(`/api/organisations/${organisationId}/bank-details`).expect(200);
    expect(
      // Newest first; the demo seed's verified details come after these two.
      history.body
        .slice(0, 2)
        .map((details: { status: string; supersededAt: string | null }) => [details.status, details.supersededAt === null]),
    ).toEqual([
      ['submitted', true],
      ['verified', false],
    ]);
    await operator
      .post(`/api/organisations/${organisationId}/bank-details/${submitted.body.id}/review`)
      .send({ verdict: 'rejected', note: 'Ancien' })
      .expect(409);
    const rejectWithoutNote = await operator
      .post(`/api/organisations/${organisationId}/bank-details/${changed.body.id}/review`)
      .send({ verdict: 'rejected' })
      .expect(400);
    expect(rejectWithoutNote.body.details[0].field).toBe('note');

    const audit = await operator
      .get(`/api/audit-events?objectType=organisation&objectId=${organisationId}&action=bank_details.submitted`)
      .expect(200);
    const latest = audit.body.items[0].changes;
    expect(latest).toMatchObject({
      iban: 'FR14 •••• •••• •••• •••• •••2 606',
      previousIban: 'FR76 •••• •••• •••• •••• •••0 189',
      ibanChanged: true,
    });
    expect(JSON.stringify(audit.body)).not.toContain('30006000011234567890189');
  });

  it('is not readable by other organisations: a funder, who has bank details of its own (its refunds), finds no place’s', async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    await funder.get(`/api/organisations/${organisationId}/bank-details`).expect(404);
    const viewer = await loginAs(testApp, DEMO.funderViewer);
    await viewer.put('/api/bank-details').send({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', accountHolder: 'X' }).expect(403);
  });
});
