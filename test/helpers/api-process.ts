/**
 * The built API (`node dist/apps/api/src/main.js`, what `npm start` runs) as a separate process:
 * for start-up tests and for races between two API instances on one database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
export const API_MAIN = join(root, 'dist/apps/api/src/main.js');
/** The process tests need `npm run build` first (the test command builds before running jest). */
export const apiIsBuilt = existsSync(API_MAIN);

export interface ApiProcess {
  process: ChildProcess;
  output: () => string;
  baseUrl: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * CHEQUE_SIGNING_KEY and CHEQUE_CODE_KEY as generated into a DATA_DIR (by default the one startTestApp
 * uses): a second process given them shares the first one's keys. With other keys it refuses to start
 * (docs/adr/0012-cheque-keys-across-instances.md).
 */
export function chequeKeysEnv(dataDir: string = join(root, '.data')): { CHEQUE_SIGNING_KEY: string; CHEQUE_CODE_KEY: string } {
  const folder = join(dataDir, 'keys');
  return {
    CHEQUE_SIGNING_KEY: readFileSync(join(folder, 'cheque-signing-key.pem')).toString('base64'),
    CHEQUE_CODE_KEY: readFileSync(join(folder, 'cheque-code-key.txt'), 'utf8').trim(),
  };
}

/** Starts the API with these variables and waits until it listens. */
export async function startApiProcess(port: number, env: Record<string, string | undefined>): Promise<ApiProcess> {
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Batches are built by the test or bench itself, never by the settlement job behind its back.
    SETTLEMENT_JOB_INTERVAL_MINUTES: '0',
    // Nor are redemptions held behind its back: the anomaly rules are the business of their own tests.
    ANOMALY_SCAN_INTERVAL_MINUTES: '0',
    ANOMALY_HOLD_RULES: 'none',
    ...env,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete fullEnv[name];
  const child = spawn(process.execPath, [API_MAIN], { cwd: root, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolveReady, reject) => {
    const onData = (): void => {
      if (output.includes('API ready on')) resolveReady();
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`API exited with ${code}:\n${output}`)));
  });
  return { process: child, output: () => output, baseUrl: `http://127.0.0.1:${port}` };
}

export function stopApiProcess(started: ApiProcess): Promise<number | null> {
  return new Promise((resolveExit) => {
    // Already gone (exited, or killed by a signal: then exitCode stays null and 'exit' will not come again).
    if (started.process.exitCode !== null || started.process.signalCode !== null) return resolveExit(started.process.exitCode);
    started.process.once('exit', (code) => resolveExit(code));
    started.process.kill('SIGTERM');
  });
}

/** Signs in on an API process over fetch; answers the session cookie ("name=value"). */
export async function loginCookie(baseUrl: string, email: string, origin: string = baseUrl): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: 'pass-numerique-demo' }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  return String(login.headers.get('set-cookie')).split(';')[0];
}

/** Polls until the probe answers something (every 20 ms), or fails after the timeout. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
