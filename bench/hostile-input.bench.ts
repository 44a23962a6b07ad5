/**
 * Hostile input: what 8 parallel 39 MB posts to a JSON route cost the API's memory (goal: its RSS
 * rises by at most 20 MB). Anchor, in the same run: 8 parallel ordinary JSON posts to the same route.
 * Three ways to send the 39 MB: declared as CSV (415 before reading), declared as JSON with its
 * length (413 before reading), and as chunked JSON with no length (413 after counting 100 kB).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchApi } from './bench-api';

const PARALLEL = 8;
const BODY_BYTES = 39 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);
const ROUTE = '/api/cheques/ABCD-EFGH-JKLM/feedback';

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

interface Post {
  status: number;
  sentBytes: number;
  ms: number;
}

/** One post that tries to send `bytes` bytes (or a small valid body when bytes is 0). */
function post(baseUrl: string, headers: Record<string, string>, bytes: number): Promise<Post> {
  const started = performance.now();
  return new Promise((resolve) => {
    let sentBytes = 0;
    let status = 0;
    const request = httpRequest(`${baseUrl}${ROUTE}`, { method: 'POST', headers: { origin: baseUrl, ...headers } }, (response) => {
      status = response.statusCode ?? 0;
      response.resume();
      response.on('end', () => {
        request.destroy();
        resolve({ status, sentBytes, ms: performance.now() - started });
      });
    });
    request.on('error', () => resolve({ status, sentBytes, ms: performance.now() - started }));
    if (bytes === 0) {
      request.end(JSON.stringify({ rating: 5, comment: 'Très bien' }));
      return;
    }
    const pump = (): void => {
      while (sentBytes < bytes && !request.destroyed) {
        sentBytes += CHUNK.length;
        if (!request.write(CHUNK)) return void request.once('drain', pump);
      }
      if (!request.destroyed) request.end();
    };
    pump();
  });
}

async function attack(name: string, baseUrl: string, pid: number, headers: Record<string, string>, bytes: number): Promise<number> {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 5);
  const posts = await Promise.all(Array.from({ length: PARALLEL }, () => post(baseUrl, headers, bytes)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes(pid));
  const rise = (peak - before) / 1024 / 1024;
  // 0: the connection was closed while the client was still sending, before it read the answer.
  const statuses = [...new Set(posts.map((one) => (one.status === 0 ? 'reset' : String(one.status))))].join(',');
  const sent = Math.max(...posts.map((one) => one.sentBytes)) / 1024 / 1024;
  const slowest = Math.max(...posts.map((one) => one.ms));
  console.log(
    `${name.padEnd(44)} answers ${statuses.padEnd(9)} RSS ${(before / 1024 / 1024).toFixed(0)} MB, peak rise ${rise.toFixed(1).padStart(5)} MB; client sent ≤ ${sent.toFixed(1)} MB; slowest answer ${slowest.toFixed(0)} ms`,
  );
  return rise;
}

export async function hostileInputBenchmark(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-bench-'));
  chmodSync(dataDir, 0o755);
  const api = await startBenchApi(undefined, dataDir, { DEMO_SEED: 'false' });
  try {
    // Warm-up: the first requests load code and fill caches, which is not what is measured.
    for (let round = 0; round < 3; round++)
      await attack('warm-up (8 small JSON posts)', api.baseUrl, api.pid, { 'content-type': 'application/json' }, 0);
    const anchor = await attack('anchor: 8 small JSON posts', api.baseUrl, api.pid, { 'content-type': 'application/json' }, 0);
    const length = String(BODY_BYTES);
    const rises = [
      await attack(
        '8 × 39 MB declared text/csv',
        api.baseUrl,
        api.pid,
        { 'content-type': 'text/csv', 'content-length': length },
        BODY_BYTES,
      ),
      await attack(
        '8 × 39 MB declared application/json',
        api.baseUrl,
        api.pid,
        { 'content-type': 'application/json', 'content-length': length },
        BODY_BYTES,
      ),
      await attack('8 × 39 MB chunked application/json', api.baseUrl, api.pid, { 'content-type': 'application/json' }, BODY_BYTES),
    ];
    const worst = Math.max(...rises);
    console.log(
      `worst RSS rise ${worst.toFixed(1)} MB (goal ≤ 20 MB: ${worst <= 20 ? 'met' : 'NOT met'}); anchor ${anchor.toFixed(1)} MB; difference ${(worst - anchor).toFixed(1)} MB`,
    );
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
