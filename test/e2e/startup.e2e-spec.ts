/**
 * The real start-up path (`node dist/apps/api/src/main.js`, what `npm start` runs) on a fresh data
 * folder: embedded PostgreSQL, migrations, demo seed, web app; then a stop and a restart that
 * keeps the data. Needs `npm run build` first (the test command builds before running jest).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { API_MAIN, apiIsBuilt, type ApiProcess, freePort, startApiProcess, stopApiProcess, waitFor } from '../helpers/api-process';

const root = resolve(__dirname, '../..');

/** On the embedded database of this data folder (DATABASE_URL only when the whole run uses one). */
function startApi(dataDir: string, port: number): Promise<ApiProcess> {
  return startApiProcess(port, { DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL });
}

const stopApi = stopApiProcess;
const main = API_MAIN;

const describeBuilt = apiIsBuilt ? describe : describe.skip;

describeBuilt('start-up from a fresh data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-start-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves health and the login page, prints demo logins, and keeps data across a restart', async () => {
    const port = await freePort();
    const firstStart = Date.now();
    const first = await startApi(dataDir, port);
    // The demo logins: last, once the app is ready, in a box.
    const output = await waitFor(async () => (first.output().includes('╝') ? first.output() : undefined));
    expect(output.indexOf('╔')).toBeGreaterThan(output.indexOf('API ready on'));
    expect(output.slice(output.lastIndexOf('╝') + 1).trim()).toBe('');
    expect(output.slice(output.indexOf('╔'))).toContain('║   admin@operateur.example');
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
