/**
 * Decode bombs (ADR 0008, amendment): small uploads that cost seconds and gigabytes to decode are
 * refused as 400 naming the field, the API keeps answering while a check runs (it runs in the
 * decode worker, off the event loop), and nothing is decoded for a programme or an application
 * the caller may not change.
 */
import { encode as encodeJpeg } from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import type TestAgent from 'supertest/lib/agent';
import { objectStreamPdf, zeroPng } from '../../bench/decode-bombs';
import { demoPdf, demoPng } from '../../apps/api/src/seed/demo-documents';
import { createOrganisationWithUser } from '../helpers/fixtures';
import { PLACE_INPUT } from '../helpers/places';
import { createProgramme } from '../helpers/programmes';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

const TOO_COMPLEX = 'is too complex to check (send a smaller or simpler file)';

describe('Upload decode bombs', () => {
  let testApp: TestApp;
  let funder: TestAgent;
  let place: TestAgent;
  let applicationId: string;
  let pngBomb: Buffer;
  let pdfBomb: Buffer;

  beforeAll(async () => {
    testApp = await startTestApp();
    funder = await loginAs(testApp, DEMO.funderManager);
    place = await loginAs(testApp, DEMO.placeAgent);
    const created = await place
      .post('/api/places')
      .send({ ...PLACE_INPUT, nom: 'Lieu des pièces lourdes' })
      .expect(201);
    applicationId = (await place.post('/api/qualification/applications').send({ placeId: created.body.id }).expect(201)).body.id;
    pngBomb = await zeroPng(7000, 7000, 16); // 16-bit RGBA zeros: ~380 KB for 392 MB of samples
    pdfBomb = objectStreamPdf(256 * 1024 * 1024); // an object stream of 256 MB of zeros, ~250 KB packed
  });
  afterAll(() => testApp.close());

  const evidence = (contentType: string, file: Buffer, id = applicationId): Promise<{ status: number; body: unknown }> =>
    place
      .post(`/api/qualification/applications/${id}/evidence?criterion=ACCUEIL&fileName=piece`)
      .set('content-type', contentType)
      .send(file);

  it('refuses the 16-bit 7000 × 7000 PNG as evidence, as a logo and as a bank statement, naming the field', async () => {
    expect(pngBomb.length).toBeLessThan(400 * 1024);
    const asEvidence = await evidence('image/png', pngBomb);
    expect(asEvidence.status).toBe(400);
    expect(asEvidence.body).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'file', problems: ['must be at most 10000 pixels a side and 25 megapixels (this one is 7000 × 7000)'] }],
    });

    const draft = await createProgramme({ funder, operator: await loginAs(testApp, DEMO.operatorAdmin), until: 'draft' });
    const logo = await funder
      .put(`/api/programmes/${draft.id}/logo`)
      .set('content-type', 'image/png')
      .send(await zeroPng(4000, 4000, 16));
    expect(logo.status).toBe(400);
    expect(logo.body).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'logo', problems: ['must use 8 bits a sample (this one uses 16: save it as an ordinary PNG)'] }],
    });

    await place
      .put('/api/bank-details')
      .send({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', accountHolder: 'Lieu des pièces lourdes' })
      .expect(200);
    const proof = await place.put('/api/bank-details/proof?fileName=rib.png').set('content-type', 'image/png').send(pngBomb);
    expect(proof.status).toBe(400);
    expect(proof.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'proof' }] });
  });

  it('refuses a PDF whose object stream unpacks to 256 MB, while GET /api/health keeps answering', async () => {
    const order: string[] = [];
    const bomb = evidence('application/pdf', pdfBomb).then((response) => {
      order.push('bomb');
      return response;
    });
    const health = testApp
      .anonymous()
      .get('/api/health')
      .then((response) => {
        order.push('health');
        return response;
      });
    const [bombAnswer, healthAnswer] = await Promise.all([bomb, health]);
    expect(healthAnswer.status).toBe(200);
    expect(bombAnswer.status).toBe(400);
    expect(bombAnswer.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'file', problems: [TOO_COMPLEX] }] });
    expect(order).toEqual(['health', 'bomb']);

    const proof = await place.put('/api/bank-details/proof?fileName=rib.pdf').set('content-type', 'application/pdf').send(pdfBomb);
    expect(proof.status).toBe(400);
    expect(proof.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'proof', problems: [TOO_COMPLEX] }] });
  });

  it('still takes ordinary PNG, JPEG and PDF files (a PDF with object streams too)', async () => {
    const jpeg = Buffer.from(encodeJpeg({ width: 64, height: 48, data: Buffer.alloc(64 * 48 * 4, 0x80) }, 85).data);
    const withObjectStreams = await PDFDocument.create();
    withObjectStreams.addPage();
    const objectStreamsPdf = Buffer.from(await withObjectStreams.save({ useObjectStreams: true }));
    expect(objectStreamsPdf.includes('/ObjStm')).toBe(true);
    for (const [type, file] of [
      ['image/png', demoPng()],
      ['image/jpeg', jpeg],
      ['application/pdf', demoPdf('Attestation')],
      ['application/pdf', objectStreamsPdf],
    ] as const) {
      const answer = await evidence(type, file);
      expect({ type, status: answer.status }).toEqual({ type, status: 201 });
    }
    const draft = await createProgramme({ funder, operator: await loginAs(testApp, DEMO.operatorAdmin), until: 'draft' });
    await funder.put(`/api/programmes/${draft.id}/logo`).set('content-type', 'image/jpeg').send(jpeg).expect(200);
  });

  it("answers 404 for another organisation's programme or application before looking at the file", async () => {
    const draft = await createProgramme({ funder, operator: await loginAs(testApp, DEMO.operatorAdmin), until: 'draft' });
    const otherFunder = await loginAs(testApp, (await createOrganisationWithUser(testApp, 'funder', 'funder_manager')).email);
    // Refused as 400 by its header if it were looked at: the 404 says it was not.
    const logo = await otherFunder.put(`/api/programmes/${draft.id}/logo`).set('content-type', 'image/png').send(pngBomb);
    expect(logo.status).toBe(404);
    expect(logo.body).toEqual({ code: 'not_found', message: 'programme not found', details: null });

    const otherPlace = await loginAs(testApp, (await createOrganisationWithUser(testApp, 'place', 'place_agent')).email);
    const file = await otherPlace
      .post(`/api/qualification/applications/${applicationId}/evidence?criterion=ACCUEIL&fileName=piece.pdf`)
      .set('content-type', 'application/pdf')
      .send(pdfBomb);
    expect(file.status).toBe(404);
    expect(file.body).toMatchObject({ code: 'not_found', message: 'application not found' });

    // No bank details yet: nothing to attach a statement to, whatever the file.
    const proof = await otherPlace.put('/api/bank-details/proof?fileName=rib.pdf').set('content-type', 'application/pdf').send(pdfBomb);
    expect(proof.status).toBe(404);
  });
});
