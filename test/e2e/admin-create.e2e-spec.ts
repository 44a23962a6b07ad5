/**
 * npm run admin:create, as the built command (a child process) against a database of its own: the
 * first operator administrator, a link to choose a password (printed and e-mailed through a real
 * SMTP server), refused when the e-mail exists; then the link works on the built API.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { apiIsBuilt, freePort, startApiProcess, stopApiProcess } from '../helpers/api-process';
import { passwordLinkIn, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { createTestDatabase, dropTestDatabase } from '../helpers/test-database';

const root = resolve(__dirname, '../..');
const CLI = join(root, 'dist/apps/api/src/cli/admin-create.js');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

const describeBuilt = apiIsBuilt ? describe : describe.skip;

describeBuilt('npm run admin:create (the built command)', () => {
  let databaseUrl: string;
  let smtp: TestSmtpServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-admin-'));
  const publicUrl = 'https://pass-numerique.example';

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    smtp = await startSmtpServer();
  });

  afterAll(async () => {
    await smtp?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the operator organisation and an operator_admin without a password, prints and e-mails a link, refuses a second time', async () => {
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PUBLIC_URL: publicUrl, SMTP_URL: smtp.url };
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const operatorsBefore = Number((await db.query(`SELECT count(*) FROM organisations WHERE kind = 'operator'`)).rows[0].count);

      const created = await runCli(['--email', 'Camille.Admin@Example.org', '--name', 'Camille Admin'], env);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const printed = /(https:\/\/pass-numerique\.example\/mot-de-passe\/[A-Za-z0-9_-]{43})/.exec(created.stdout);
      expect(printed).not.toBeNull();
      expect(created.stdout).toContain('camille.admin@example.org');

      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].to).toMatchObject({ text: 'camille.admin@example.org' });
      const mailed = passwordLinkIn(smtp.received[0]);
      expect(mailed.url).toBe(printed?.[1]);

      const users = await db.query(
        `SELECT u.id, u.role, u.password_hash, o.kind FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = $1`,
        ['camille.admin@example.org'],
      );
      expect(users.rows).toEqual([{ id: expect.any(String), role: 'operator_admin', password_hash: '!', kind: 'operator' }]);
      const operatorsAfter = Number((await db.query(`SELECT count(*) FROM organisations WHERE kind = 'operator'`)).rows[0].count);
      expect(operatorsAfter).toBe(operatorsBefore === 0 ? 1 : operatorsBefore);
      // Stored hashed: the secret of the link is nowhere in the database.
      const tokens = await db.query(
        `SELECT purpose, extract(epoch FROM expires_at - created_at)::int AS validity_seconds, token_hash FROM password_tokens WHERE user_id = $1`,
        [users.rows[0].id],
      );
      expect(tokens.rows).toHaveLength(1);
      expect(tokens.rows[0]).toMatchObject({ purpose: 'first_password', validity_seconds: 24 * 3600 });
      expect((tokens.rows[0].token_hash as Buffer).toString('base64url')).not.toBe(mailed.token);
      const audit = await db.query(`SELECT action, actor_type, actor_name FROM audit_events WHERE object_id = $1 ORDER BY occurred_at`, [
        users.rows[0].id,
      ]);
      expect(audit.rows).toEqual([{ action: 'user.created', actor_type: 'system', actor_name: 'admin-create' }]);

      const again = await runCli(['--email', 'camille.admin@example.org', '--name', 'Quelqu’un d’autre'], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('an account already exists for camille.admin@example.org');
      expect(Number((await db.query(`SELECT count(*) FROM users WHERE email = $1`, ['camille.admin@example.org'])).rows[0].count)).toBe(1);

      const bad = await runCli(['--email', 'pas-une-adresse'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--email must be an e-mail address');

      // The link works on the API: choose the password, then sign in.
      const port = await freePort();
      const api = await startApiProcess(port, {
        ...env,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DEMO_SEED: 'false',
        MAIL_OUTBOX_POLL_SECONDS: '0',
      });
      try {
        const origin = api.baseUrl;
        const chosen = await fetch(`${api.baseUrl}/api/auth/password-reset/${mailed.token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify({ password: 'premier mot de passe solide' }),
        });
        expect(chosen.status).toBe(204);
        const login = await fetch(`${api.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify({ email: 'camille.admin@example.org', password: 'premier mot de passe solide' }),
        });
        expect(login.status).toBe(200);
        expect(await login.json()).toMatchObject({ role: 'operator_admin' });
      } finally {
        await stopApiProcess(api);
      }
    } finally {
      await db.end();
    }
  });
});
