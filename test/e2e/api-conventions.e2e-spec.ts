import SwaggerParser from '@apidevtools/swagger-parser';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

describe('API conventions', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('GET /api/health checks the database', async () => {
    const response = await testApp.anonymous().get('/api/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok' });
    expect(typeof response.body.databaseMs).toBe('number');
  });

  it('malformed JSON is a 400 in the standard shape', async () => {
    const response = await testApp
      .anonymous()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(response.body).toMatchObject({ code: 'malformed_request' });
    expect(typeof response.body.message).toBe('string');
  });

  it('unknown fields and wrong types are 400 with each field named', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const response = await admin.post('/api/organisations').send({ name: 42, kind: 'bank', siren: '123' }).expect(400);
    expect(response.body).toEqual({
      code: 'validation_failed',
      message: 'The request has invalid fields',
      details: [
        { field: 'siren', problems: ['is not an allowed field'] },
        { field: 'name', problems: ['must be shorter than or equal to 200 characters', 'must be a string'] },
        { field: 'kind', problems: ['must be one of operator, funder, distributor, place'] },
      ],
    });
  });

  it('a body that is not an object, an empty body and a bad id are 400s', async () => {
    const admin = await loginAs(testApp, DEMO.operatorAdmin);
    const array = await admin.post('/api/organisations').send([1, 2]).expect(400);
    expect(array.body.code).toMatch(/validation_failed|malformed_request/);
    const empty = await admin.post('/api/organisations').set('Content-Type', 'application/json').send('').expect(400);
    expect(empty.body.code).toMatch(/validation_failed|malformed_request/);
    const badId = await admin.get('/api/organisations/not-a-uuid').expect(400);
    expect(badId.body).toMatchObject({ code: 'malformed_request' });
  });

  it('a body that is too large is 413, an unknown content type is 415', async () => {
    const big = await testApp
      .anonymous()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(big.body).toMatchObject({ code: 'payload_too_large' });
    const xml = await testApp.anonymous().post('/api/auth/login').set('Content-Type', 'application/xml').send('<login/>').expect(415);
    expect(xml.body).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('unknown routes answer 404 in the same shape, whatever the method', async () => {
    for (const method of ['get', 'post', 'delete'] as const) {
      const response = await testApp.anonymous()[method]('/api/does-not-exist').expect(404);
      expect(response.body).toEqual({ code: 'not_found', message: 'No such route or object', details: null });
    }
  });

  it('echoes a sane X-Request-Id and makes one otherwise', async () => {
    const given = await testApp.anonymous().get('/api/health').set('X-Request-Id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await testApp.anonymous().get('/api/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and no CORS permission', async () => {
    const response = await testApp.anonymous().get('/api/health').set('Origin', 'https://elsewhere.example').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('publishes a valid OpenAPI 3 document and its UI', async () => {
    const response = await testApp.anonymous().get('/api/openapi.json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    const document = await SwaggerParser.validate(structuredClone(response.body));
    expect(Object.keys(document.paths ?? {})).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/organisations/{id}', '/api/audit-events', '/api/health']),
    );
    await testApp.anonymous().get('/api/docs').expect(200);
  });
});
