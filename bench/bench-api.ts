/** The built API as a child process for the benchmarks, on the bench's own database. */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

export interface BenchApi {
  baseUrl: string;
  pid: number;
  stop: () => Promise<void>;
}

/** On `databaseUrl`, or on its own embedded database in `dataDir` when it is undefined. */
export async function startBenchApi(databaseUrl: string | undefined, dataDir: string, env: Record<string, string> = {}): Promise<BenchApi> {
  const port = 3900 + Math.floor(Math.random() * 90);
  // BENCH_API_PROFILE=<dir>: a CPU profile of the API process, to see where the time goes.
  const profile = process.env.BENCH_API_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // Batches are built by the test or bench itself, never by the settlement job behind its back.
      SETTLEMENT_JOB_INTERVAL_MINUTES: '0',
      // No periodic anomaly pass competing with the measures; a settlement build still runs its own pass (docs/anomaly-holds.md).
      ANOMALY_SCAN_INTERVAL_MINUTES: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('API ready on') && ready());
    child.on('exit', (code) => fail(new Error(`API exited with ${code}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export async function benchLogin(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password: 'pass-numerique-demo' }),
  });
  if (response.status !== 200) throw new Error(`bench login failed: ${response.status} ${await response.text()}`);
  return String(response.headers.get('set-cookie')).split(';')[0];
}
