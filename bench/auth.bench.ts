/**
 * Foundation: the cost of authentication on a request. Anchor: GET /api/health (HTTP + one
 * database round trip). Measured: GET /api/auth/me with a session cookie (guard: session lookup by
 * hash + organisation, then the handler's own reads).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type BenchApi, benchLogin, startBenchApi } from './bench-api';

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

/** The API on its own embedded database (with the demo seed) in a throwaway folder. */
async function startApi(): Promise<BenchApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-bench-'));
  chmodSync(dataDir, 0o755);
  const api = await startBenchApi(undefined, dataDir);
  return {
    ...api,
    stop: async () => {
      await api.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function authBenchmark(): Promise<void> {
  // A fresh embedded database with the demo seed: the bench signs in as its operator admin.
  const api = await startApi();
  try {
    const cookie = await benchLogin(api.baseUrl, 'admin@operateur.example');
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
