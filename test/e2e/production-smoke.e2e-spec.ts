/**
 * scripts/production-smoke.sh inside `npm test` (so CI runs it): the built app with NODE_ENV=production,
 * generated keys, its own embedded PostgreSQL and its own SMTP server; first admin, link from the mail,
 * password, sign-in, organisation. Needs `npm run build` (the test command builds first): skipped
 * locally when dist/ is missing, never on CI, where a missing build fails the script's first step.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { apiIsBuilt } from '../helpers/api-process';

const root = resolve(__dirname, '../..');
const runnable = apiIsBuilt || process.env.CI === 'true';
const describeRunnable = runnable ? describe : describe.skip;

const STEPS = [
  'preflight: built app, node, curl',
  'generate the production secrets',
  'start the SMTP server that captures the mail',
  'create the first administrator (admin-create, embedded PostgreSQL)',
  'read the password link in the captured mail',
  'start the built API with NODE_ENV=production',
  'health check and production headers',
  'follow the link from the mail',
  'choose the password',
  'sign in',
  'create an organisation',
  "the running API's outbox worker sends mail (forgotten password)",
  'stop the API',
];

if (!runnable) {
  describe('production smoke test', () => {
    it.skip('skipped: dist/apps/api/src/main.js is missing (run npm run build first)', () => undefined);
  });
}

describeRunnable('production smoke test (scripts/production-smoke.sh)', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    // A timed-out run: SIGTERM lets the script's trap stop the API, its database and the mailbox.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  it('creates the first admin, follows the mailed link, chooses a password, signs in and creates an organisation, in production', async () => {
    const run = spawn('bash', [resolve(root, 'scripts/production-smoke.sh')], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = run;
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolveExit) => run.on('exit', (exitCode) => resolveExit(exitCode)));

    if (code !== 0) throw new Error(`scripts/production-smoke.sh exited with ${code}:\n${output}`);
    const steps = output
      .split('\n')
      .filter((line) => line.startsWith('==> '))
      .map((line) => line.slice(4));
    expect(steps).toEqual(STEPS);
    expect(output.match(/^ {4}ok: /gm)).toHaveLength(STEPS.length);
    expect(output).toMatch(/ok: admin\.smoke@example\.org created/);
    expect(output).toMatch(/ok: pn_session cookie: Secure; HttpOnly; SameSite=Lax; operator_admin/);
    expect(output).toMatch(/ok: funder « Financeur du test de fumée » \([0-9a-f-]{36}\)/);
    expect(output).toMatch(/^production smoke test passed in \d+ s$/m);
    expect(output).not.toContain('FAILED');
  }, 480_000);
});
