/**
 * Foundation: the cost of authentication on a request. Anchor: GET /api/health (HTTP + one
 * database round trip). Measured: GET /api/auth/me with a session cookie (guard: session lookup by
 * hash + organisation, then the handler's own reads).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

const root = resolve(__dirname, '../..');
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;

interface Measure {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(name: string, url: string, headers: Record<string, string> = {}): Promise<Measure> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS, headers });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function startApi(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-bench-'));
  chmodSync(dataDir, 0o755);
  const port = 3900 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('API ready on') && ready());
    child.on('exit', (code) => fail(new Error(`API exited with ${code}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

export async function authBenchmark(): Promise<void> {
  // A fresh embedded database with the demo seed: the bench signs in as its operator admin.
  const api = await startApi();
  try {
    const cookie = await benchUserCookie(api.baseUrl);
    const anchor = await load('GET /api/health (anchor)', `${api.baseUrl}/api/health`);
    const measured = await load('GET /api/auth/me (session cookie)', `${api.baseUrl}/api/auth/me`, { cookie });
    for (const measure of [anchor, measured]) {
      console.log(
        `${measure.name.padEnd(40)} ${measure.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${measure.p50} ms  p99 ${measure.p99} ms  errors ${measure.errors}`,
      );
    }
    console.log(
      `authenticated / anchor throughput ratio: ${(measured.requestsPerSecond / anchor.requestsPerSecond).toFixed(2)} (${CONNECTIONS} connections, ${DURATION_SECONDS} s each)`,
    );
  } finally {
    await api.stop();
  }
}

async function benchUserCookie(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email: 'admin@operateur.example', password: 'pass-numerique-demo' }),
  });
  if (response.status !== 200) throw new Error(`bench login failed: ${response.status} ${await response.text()}`);
  return String(response.headers.get('set-cookie')).split(';')[0];
}
