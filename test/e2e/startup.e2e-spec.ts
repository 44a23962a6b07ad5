/**
 * The real start-up path (`node dist/apps/api/src/main.js`, what `npm start` runs) on a fresh data
 * folder: embedded PostgreSQL, migrations, demo seed, web app; then a stop and a restart that
 * keeps the data. Needs `npm run build` first (the test command builds before running jest).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const main = join(root, 'dist/apps/api/src/main.js');

interface Started {
  process: ChildProcess;
  output: () => string;
  baseUrl: string;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startApi(dataDir: string, port: number, extraEnv: Record<string, string> = {}): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...extraEnv,
  };
  delete env.DATABASE_URL; // this test is about the embedded database
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  const child = spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

function stopApi(started: Started): Promise<number | null> {
  return new Promise((resolveExit) => {
    started.process.once('exit', (code) => resolveExit(code));
    started.process.kill('SIGTERM');
  });
}

const describeBuilt = existsSync(main) ? describe : describe.skip;

describeBuilt('start-up from a fresh data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-start-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves health and the login page, prints demo logins, and keeps data across a restart', async () => {
    const port = await freePort();
    const firstStart = Date.now();
    const first = await startApi(dataDir, port);
    const health = await fetch(`${first.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const page = await fetch(`${first.baseUrl}/connexion`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="fr"');
    expect(first.output()).toContain('admin@operateur.example');
    expect(first.output()).toContain('pass-numerique-demo');
    process.stdout.write(`first start (initdb + migrations + seed): ${Date.now() - firstStart} ms\n`);

    // Change something, stop cleanly, start again on the same folder.
    const login = await fetch(`${first.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: first.baseUrl },
      body: JSON.stringify({ email: 'admin@operateur.example', password: 'pass-numerique-demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0];
    const created = await fetch(`${first.baseUrl}/api/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: first.baseUrl, cookie },
      body: JSON.stringify({ name: 'Survit au redémarrage', kind: 'place' }),
    });
    expect(created.status).toBe(201);
    expect(await stopApi(first)).toBe(0);

    const secondStart = Date.now();
    const second = await startApi(dataDir, port);
    process.stdout.write(`second start: ${Date.now() - secondStart} ms\n`);
    const organisations = await fetch(`${second.baseUrl}/api/organisations?kind=place`, { headers: { cookie } });
    expect(organisations.status).toBe(200);
    expect(((await organisations.json()) as Array<{ name: string }>).map((o) => o.name)).toContain('Survit au redémarrage');
    expect(await stopApi(second)).toBe(0);
  });

  it('refuses to start on a bad variable and names it', async () => {
    const child = spawn(process.execPath, [main], {
      cwd: root,
      env: { ...process.env, PORT: 'not-a-port', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
    expect(code).toBe(2);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('PORT="not-a-port"');
  });
});
