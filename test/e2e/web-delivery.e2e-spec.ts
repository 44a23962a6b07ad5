/**
 * What a phone on a slow network receives: the web app's files precompressed (brotli or gzip, as the
 * client accepts) and cached for a year when their name is hashed, the HTML revalidated on every
 * visit, API answers over 1 kB compressed, small ones and already-encoded ones left alone, and no
 * compressed request body accepted.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { findProjectRoot } from '../../apps/api/src/project-root';
import { startTestApp, type TestApp } from '../helpers/test-app';

const WEB = join(findProjectRoot(), 'dist', 'web');

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request whose answer is read as bytes on the wire (no client-side decompression). */
function raw(baseUrl: string, path: string, headers: Record<string, string> = {}, method = 'GET', body?: Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(new URL(path, baseUrl), { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    call.on('error', reject);
    call.end(body);
  });
}

function decoded(answer: RawAnswer): Buffer {
  switch (answer.headers['content-encoding']) {
    case 'br':
      return brotliDecompressSync(answer.body);
    case 'gzip':
      return gunzipSync(answer.body);
    default:
      return answer.body;
  }
}

const describeWithBuild = existsSync(join(WEB, 'index.html')) || process.env.CI ? describe : describe.skip;

describeWithBuild('delivery to slow networks', () => {
  let testApp: TestApp;
  let script: string;

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true });
    script = readdirSync(join(WEB, 'assets')).find((name) => /^index-.*\.js$/.test(name))!;
  });
  afterAll(() => testApp.close());

  it('sends a hashed script compressed as the client accepts, cached for a year, the same bytes once decoded', async () => {
    const original = readFileSync(join(WEB, 'assets', script));
    for (const [accept, expected] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const answer = await raw(testApp.baseUrl, `/assets/${script}`, { 'accept-encoding': accept });
      expect({ accept, status: answer.status, encoding: answer.headers['content-encoding'] }).toEqual({
        accept,
        status: 200,
        encoding: expected,
      });
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.headers['content-type']).toMatch(/javascript/);
      expect(decoded(answer).equals(original)).toBe(true);
      if (expected) expect(answer.body.length).toBeLessThan(original.length / 2);
    }
  });

  it('revalidates the HTML and the service worker on every visit, client-side routes included', async () => {
    for (const path of ['/', '/carte', '/sw.js']) {
      const answer = await raw(testApp.baseUrl, path, { 'accept-encoding': 'br, gzip' });
      expect({ path, status: answer.status, cacheControl: answer.headers['cache-control'] }).toEqual({
        path,
        status: 200,
        cacheControl: 'no-cache',
      });
    }
  });

  it('compresses API answers over 1 kB and leaves small ones as they are', async () => {
    const large = await raw(testApp.baseUrl, '/api/qualification/referential', { 'accept-encoding': 'br, gzip' });
    expect(large.status).toBe(200);
    expect(large.headers['content-encoding']).toBe('br');
    expect(large.headers.vary).toMatch(/accept-encoding/i);
    const referential = JSON.parse(decoded(large).toString('utf8'));
    expect(referential.criteria.length).toBeGreaterThan(0);
    expect(decoded(large).length).toBeGreaterThan(1024);

    const small = await raw(testApp.baseUrl, '/api/health', { 'accept-encoding': 'br, gzip' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toBeTruthy();
  });

  it('does not compress twice what the API already compressed (the map)', async () => {
    const map = await raw(testApp.baseUrl, '/api/places.geojson', { 'accept-encoding': 'gzip' });
    expect(map.status).toBe(200);
    expect(map.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(map.body).toString('utf8')).type).toBe('FeatureCollection');
  });

  it('refuses a compressed request body (415, before reading it)', async () => {
    const body = Buffer.from(JSON.stringify({ email: 'a@b.example', password: 'x' }));
    const answer = await raw(
      testApp.baseUrl,
      '/api/auth/login',
      { 'content-type': 'application/json', 'content-encoding': 'gzip', origin: testApp.publicUrl, 'content-length': String(body.length) },
      'POST',
      body,
    );
    expect(answer.status).toBe(415);
    const error = JSON.parse(answer.body.toString('utf8'));
    expect(error).toEqual({
      code: 'unsupported_media_type',
      message: 'Send the body uncompressed (no Content-Encoding)',
      details: { contentEncoding: 'gzip' },
    });
  });
});
