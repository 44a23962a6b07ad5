/**
 * Input an attacker sends (issue 18): every case is refused with a 4xx in the documented shape
 * `{ code, message, details }`, before the route's code runs, and nothing is stored.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { createProgramme } from '../helpers/programmes';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

describe('hostile input', () => {
  let testApp: TestApp;
  let port: number;

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true });
    port = Number(new URL(testApp.baseUrl).port);
  });
  afterAll(() => testApp.close());

  /** The documented error shape: code, message and details (present, null allowed). */
  function expectError(body: unknown, code: string): void {
    expect(body).toMatchObject({ code, message: expect.any(String) });
    expect(Object.keys(body as object).sort()).toEqual(['code', 'details', 'message']);
  }

  /**
   * Sends headers announcing a body, but only `sent` bytes of it, and resolves with the answer:
   * the server must answer without waiting for the rest.
   */
  function announceBody(path: string, headers: Record<string, string>, sent = ''): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, path, method: 'POST', headers: { origin: testApp.publicUrl, ...headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            request.destroy();
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            });
          });
        },
      );
      request.on('error', reject);
      if (sent) request.write(sent);
      request.flushHeaders();
    });
  }

  /** Writes raw bytes on a socket and reads the whole answer until the server closes. */
  function rawExchange(bytes: string | Buffer): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head, body] = text.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), headers: { raw: head }, body: JSON.parse(body) });
      });
      socket.write(bytes);
    });
  }

  describe('deep JSON', () => {
    const deepArrays = JSON.stringify({ email: 'a@b.fr', password: 'x' }).replace('"x"', `${'['.repeat(5000)}${']'.repeat(5000)}`);
    let deepObjects = '1';
    for (let level = 0; level < 5000; level++) deepObjects = `{"a":${deepObjects}}`;

    it('is refused as 400 naming the field, on anonymous routes', async () => {
      const arrays = await testApp.anonymous().post('/api/auth/login').set('Content-Type', 'application/json').send(deepArrays).expect(400);
      expectError(arrays.body, 'validation_failed');
      expect(arrays.body.details[0].field).toMatch(/^password(\.0)+$/);
      const objects = await testApp
        .anonymous()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(deepObjects)
        .expect(400);
      expectError(objects.body, 'validation_failed');
      expect(objects.body.details[0].problems[0]).toContain('nested more than 32 levels');
    });

    it('is refused on signed-in routes too', async () => {
      const admin = await loginAs(testApp, DEMO.operatorAdmin);
      const response = await admin.post('/api/organisations').set('Content-Type', 'application/json').send(deepObjects).expect(400);
      expectError(response.body, 'validation_failed');
    });
  });

  describe('NUL bytes and lone surrogates', () => {
    it('are refused in the query, naming the parameter', async () => {
      const response = await testApp.anonymous().get('/api/places?q=%00').expect(400);
      expectError(response.body, 'validation_failed');
      expect(response.body.details).toEqual([{ field: 'q', problems: [expect.stringContaining('NUL')] }]);
    });

    it('are refused in path parameters', async () => {
      const agent = await loginAs(testApp, DEMO.distributorAgent);
      const response = await agent.get('/api/booklets/%00').expect(400);
      expectError(response.body, 'validation_failed');
      expect(response.body.details[0].field).toBe('serial');
    });

    it('are refused in body fields (and keys), and nothing is stored', async () => {
      const funder = await loginAs(testApp, DEMO.funderManager);
      const programme = { faceValueCents: 1000, bookletCount: 1, validFrom: '2027-01-01', validUntil: '2027-12-31' };
      for (const name of ['Pass\u0000numérique', 'Pass \ud800 numérique']) {
        const response = await funder
          .post('/api/programmes')
          .set('Content-Type', 'application/json')
          // JSON.stringify writes a lone surrogate as an escape: the server sees it after parsing.
          .send(JSON.stringify({ ...programme, name }))
          .expect(400);
        expectError(response.body, 'validation_failed');
        expect(response.body.details[0].field).toBe('name');
      }
      const [{ count }] = await testApp.dataSource.query(
        `SELECT count(*)::int AS count FROM programmes WHERE name LIKE 'Pass%' AND name LIKE '%numérique' AND name NOT LIKE '% numérique'`,
      );
      expect(count).toBe(0);
    });

    it('refuses a body that is not valid UTF-8', async () => {
      const body = Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
      const head = `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nOrigin: ${testApp.publicUrl}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      const response = await rawExchange(Buffer.concat([Buffer.from(head), body]));
      expect(response.status).toBe(400);
      expectError(response.body, 'malformed_request');
      expect((response.body as { message: string }).message).toContain('UTF-8');
    });
  });

  it('an amount too large to add up exactly is refused naming the field (it reached the ledger as a 500)', async () => {
    const funder = await loginAs(testApp, DEMO.funderManager);
    const operator = await loginAs(testApp, DEMO.operatorAdmin);
    const ordered = await createProgramme({ funder, operator, until: 'ordered' });
    for (const amountCents of [1e300, Number.MAX_SAFE_INTEGER, 1_000_000_000_001]) {
      const response = await operator
        .post(`/api/programmes/${ordered.id}/funding`)
        .send({ amountCents, receivedOn: '2026-11-20', reference: 'VIR-1' })
        .expect(400);
      expectError(response.body, 'validation_failed');
      expect(response.body.details[0].field).toBe('amountCents');
    }
    expect((await operator.get(`/api/programmes/${ordered.id}`).expect(200)).body.status).toBe('ordered');
  });

  describe('bodies', () => {
    it('a JSON route answers 415 to a 39 MB CSV before reading it', async () => {
      const answer = await announceBody('/api/cheques/ABCD-EFGH-JKLM/feedback', {
        'content-type': 'text/csv',
        'content-length': String(39 * 1024 * 1024),
      });
      expect(answer.status).toBe(415);
      expectError(answer.body, 'unsupported_media_type');
      expect(answer.headers.connection).toBe('close');
    });

    it('a JSON route answers 413 to a 39 MB JSON body before reading it', async () => {
      const answer = await announceBody(
        '/api/auth/login',
        { 'content-type': 'application/json', 'content-length': String(39 * 1024 * 1024) },
        '{"email":',
      );
      expect(answer.status).toBe(413);
      expectError(answer.body, 'payload_too_large');
      expect(answer.body).toMatchObject({ details: { maxBytes: 100 * 1024 } });
    });

    it('counts the bytes of a body that announces no length (chunked)', async () => {
      const response = await rawExchange(
        `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${testApp.publicUrl}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
          `${(200 * 1024).toString(16)}\r\n${'{'.padEnd(200 * 1024, ' ')}\r\n0\r\n\r\n`,
      );
      expect(response.status).toBe(413);
      expectError(response.body, 'payload_too_large');
    });

    it('refuses forms, text and files on JSON routes (no cross-site form can write)', async () => {
      const admin = await loginAs(testApp, DEMO.operatorAdmin);
      for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'image/png']) {
        const response = await admin.post('/api/organisations').set('Content-Type', type).send('name=Evil&kind=funder').expect(415);
        expectError(response.body, 'unsupported_media_type');
        expect(response.body.details.accepted).toEqual(['application/json']);
      }
      const login = await testApp
        .anonymous()
        .post('/api/auth/login')
        .type('form')
        .send({ email: DEMO.operatorAdmin, password: 'x' })
        .expect(415);
      expectError(login.body, 'unsupported_media_type');
    });

    it('holds an empty write to its declared type too (an empty cross-site text/plain form)', async () => {
      const admin = await loginAs(testApp, DEMO.operatorAdmin);
      const response = await admin.post('/api/auth/logout').set('Content-Type', 'text/plain').send('').expect(415);
      expectError(response.body, 'unsupported_media_type');
      await admin.get('/api/auth/me').expect(200); // still signed in: the logout never ran
    });

    it('a file route refuses JSON and types it does not declare', async () => {
      const place = await loginAs(testApp, DEMO.placeAgent);
      const json = await place.put('/api/bank-details/proof?fileName=rib.pdf').send({ a: 1 }).expect(415);
      expect(json.body.details.accepted).toEqual(['application/pdf', 'image/png', 'image/jpeg']);
      const csv = await place.put('/api/bank-details/proof?fileName=rib.csv').set('Content-Type', 'text/csv').send('a,b').expect(415);
      expectError(csv.body, 'unsupported_media_type');
    });
  });

  describe('errors raised before the routes', () => {
    it('bad percent-encoding in the path', async () => {
      const response = await testApp.anonymous().get('/api/booklets/%ff').expect(400);
      expectError(response.body, 'malformed_request');
    });

    it('an over-long path parameter', async () => {
      // 414 from the router; where the web app's build is served, its catch-all route takes the
      // path instead and answers 404 for anything under /api. Either way: a 4xx in the shape.
      const response = await testApp.anonymous().get(`/api/cheques/${'A'.repeat(5000)}/status`);
      expect([404, 414]).toContain(response.status);
      expectError(response.body, response.status === 414 ? 'uri_too_long' : 'not_found');
    });

    it('oversized headers (431) and unreadable HTTP (400) are answered in the same shape', async () => {
      const big = await rawExchange(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(big.status).toBe(431);
      expectError(big.body, 'request_headers_too_large');
      const nul = await rawExchange(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n`);
      expect(nul.status).toBe(400);
      expectError(nul.body, 'malformed_request');
    });

    it('401, 403 and 404 carry details too', async () => {
      expectError((await testApp.anonymous().get('/api/organisations').expect(401)).body, 'unauthenticated');
      const viewer = await loginAs(testApp, DEMO.funderViewer);
      expectError((await viewer.post('/api/programmes').send({}).expect(403)).body, 'forbidden');
      expectError((await testApp.anonymous().get('/api/nothing-here').expect(404)).body, 'not_found');
    });
  });

  describe('cross-site requests', () => {
    it('an Origin equal to a forged Host header is refused', async () => {
      const admin = await loginAs(testApp, DEMO.operatorAdmin);
      const response = await admin
        .post('/api/organisations')
        .set('Host', 'evil.example')
        .set('Origin', 'http://evil.example')
        .send({ name: 'Evil', kind: 'funder' })
        .expect(403);
      expectError(response.body, 'csrf_rejected');
    });

    it('an opaque "null" Origin is refused even with the platform Referer', async () => {
      const admin = await loginAs(testApp, DEMO.operatorAdmin);
      const response = await admin
        .post('/api/organisations')
        .set('Origin', 'null')
        .set('Referer', `${testApp.publicUrl}/organisations`)
        .send({ name: 'Depuis un iframe', kind: 'funder' })
        .expect(403);
      expectError(response.body, 'csrf_rejected');
    });

    it('login needs the platform Origin (or Referer)', async () => {
      const body = { email: DEMO.operatorAdmin, password: 'pass-numerique-demo' };
      expectError((await testApp.anonymous().post('/api/auth/login').unset('Origin').send(body).expect(403)).body, 'csrf_rejected');
      await testApp.anonymous().post('/api/auth/login').set('Origin', 'https://evil.example').send(body).expect(403);
      await testApp
        .anonymous()
        .post('/api/auth/login')
        .unset('Origin')
        .set('Referer', `${testApp.publicUrl}/connexion`)
        .send(body)
        .expect(200);
    });
  });
});

describe('behind a reverse proxy (TRUST_PROXY=1)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ trustProxy: true });
  });
  afterAll(() => testApp.close());

  it('takes the address the proxy appended, not one the client wrote before it', async () => {
    const agent = testApp.anonymous();
    await agent
      .post('/api/auth/login')
      .set('X-Forwarded-For', '203.0.113.77, 198.51.100.9')
      .send({ email: DEMO.operatorAdmin, password: 'pass-numerique-demo' })
      .expect(200);
    const sessions = (await agent.get('/api/auth/sessions').expect(200)).body as Array<{ current: boolean; ipAddress: string }>;
    expect(sessions.find((session) => session.current)?.ipAddress).toBe('198.51.100.9');
  });
});
