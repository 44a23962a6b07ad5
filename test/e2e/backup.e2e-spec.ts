/**
 * npm run backup / npm run restore (docs/deploy.md): a backup restored into a fresh, empty database
 * passes the ledger check, and a cheque printed before it still verifies and redeems on an app
 * started there with the restored key files. A database that is not empty is refused untouched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import { checkLedger, describeLedgerCheck } from '@app/ledger';
import { createBackup, restoreBackup, RestoreRefusedError } from '../../apps/api/src/backup/backup';
import { apiIsBuilt } from '../helpers/api-process';
import { qrContentOf, redeem, redemptionFixture } from '../helpers/redemption';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';
import { createEmptyDatabase, dropDatabase } from '../helpers/test-database';

const root = join(__dirname, '..', '..');
const describeBuilt = apiIsBuilt ? describe : describe.skip;

async function counts(url: string, tables: string[]): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, number> = {};
    for (const table of tables) result[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    return result;
  } finally {
    await client.end();
  }
}

describe('backup and restore', () => {
  const sourceDataDir = mkdtempSync(join(tmpdir(), 'pn-backup-source-'));
  const restoredDataDir = mkdtempSync(join(tmpdir(), 'pn-backup-restored-'));
  const outputDir = mkdtempSync(join(tmpdir(), 'pn-backup-out-'));
  let source: TestApp;
  let restored: TestApp | undefined;

  beforeAll(async () => {
    // Keys generated into this DATA_DIR/keys: the restored app must get them back from the archive.
    source = await startTestApp({ env: { DATA_DIR: sourceDataDir } });
  });
  afterAll(async () => {
    await restored?.close();
    await source.close();
    for (const folder of [sourceDataDir, restoredDataDir, outputDir]) rmSync(folder, { recursive: true, force: true });
  });

  it('restores into a fresh empty database: same rows, ledger check green, a cheque printed before verifies and redeems there', async () => {
    const fixture = await redemptionFixture(source);
    const [spent, kept] = fixture.codes;
    await redeem(fixture.placeAgent, [spent], fixture.workshopId).expect(201);
    const qr = await qrContentOf(source, kept);
    const before = await fixture.placeAgent.post('/api/redemptions/verify').send({ cheque: qr, serviceId: fixture.workshopId }).expect(200);
    expect(before.body.code).toBe('redeemable');

    const { file, manifest } = await createBackup({
      databaseUrl: source.databaseUrl,
      dataDir: sourceDataDir,
      outputDir,
      keysFromEnvironment: false,
    });
    expect(basename(file)).toMatch(/^pass-numerique-backup-\d{8}-\d{6}\.tar\.gz$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(manifest.keyFiles).toEqual(['cheque-code-key.txt', 'cheque-signing-key.pem']);
    expect(manifest.tables.map((table) => table.name)).toEqual(expect.arrayContaining(['cheques', 'ledger_postings', 'audit_events']));
    const listing = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' }).stdout;
    expect(listing).toMatch(/\/manifest\.json$/m);
    expect(listing).toMatch(/\/README\.txt$/m);
    expect(listing).toMatch(/\/keys\/cheque-signing-key\.pem$/m);

    const target = await createEmptyDatabase('full');
    try {
      await restoreBackup({ file, databaseUrl: target, dataDir: restoredDataDir });
    } catch (error) {
      await dropDatabase(target);
      throw error;
    }
    expect(readdirSync(join(restoredDataDir, 'keys')).sort()).toEqual(['cheque-code-key.txt', 'cheque-signing-key.pem']);
    expect(readFileSync(join(restoredDataDir, 'keys', 'cheque-signing-key.pem'))).toEqual(
      readFileSync(join(sourceDataDir, 'keys', 'cheque-signing-key.pem')),
    );

    const tables = ['cheques', 'redemptions', 'ledger_entries', 'ledger_postings', 'audit_events', 'users', 'places', 'migrations'];
    expect(await counts(target, tables)).toEqual(await counts(source.databaseUrl, tables));

    const client = new Client({ connectionString: target });
    await client.connect();
    try {
      const report = await checkLedger(async (sql, parameters) => (await client.query(sql, parameters)).rows);
      expect({ ok: report.ok, report: describeLedgerCheck(report) }).toMatchObject({ ok: true });
    } finally {
      await client.end();
    }

    // The app on the restored database, with the restored DATA_DIR (its keys): no seed, the backup's people sign in.
    restored = await startTestApp({ databaseUrl: target, seed: false, env: { DATA_DIR: restoredDataDir } });
    const placeAgent = await loginAs(restored, DEMO.placeAgent);
    const after = await placeAgent.post('/api/redemptions/verify').send({ cheque: qr, serviceId: fixture.workshopId }).expect(200);
    expect(after.body.code).toBe('redeemable');
    await redeem(placeAgent, [kept], fixture.workshopId).expect(201);
    const again = await placeAgent.post('/api/redemptions/verify').send({ cheque: spent, serviceId: fixture.workshopId }).expect(200);
    expect(again.body.code).not.toBe('redeemable');
  });

  it('refuses a database that is not empty, says so, and changes nothing', async () => {
    const { file } = await createBackup({ databaseUrl: source.databaseUrl, dataDir: sourceDataDir, outputDir, keysFromEnvironment: false });
    const tables = ['cheques', 'audit_events', 'users'];
    const before = await counts(source.databaseUrl, tables);
    const refusal = restoreBackup({ file, databaseUrl: source.databaseUrl, dataDir: mkdtempSync(join(tmpdir(), 'pn-backup-other-')) });
    await expect(refusal).rejects.toBeInstanceOf(RestoreRefusedError);
    await expect(refusal).rejects.toThrow(/is not empty .*Restore only goes into an empty database/);
    expect(await counts(source.databaseUrl, tables)).toEqual(before);
  });

  it('refuses to overwrite other key files in DATA_DIR/keys, before touching the database', async () => {
    const { file } = await createBackup({ databaseUrl: source.databaseUrl, dataDir: sourceDataDir, outputDir, keysFromEnvironment: false });
    const otherDataDir = mkdtempSync(join(tmpdir(), 'pn-backup-otherkeys-'));
    const target = await createEmptyDatabase('keys');
    try {
      // An app started on otherDataDir generated its own keys there.
      const other = await startTestApp({ seed: false, env: { DATA_DIR: otherDataDir } });
      await other.close();
      await expect(restoreBackup({ file, databaseUrl: target, dataDir: otherDataDir })).rejects.toThrow(/already holds other keys/);
      const client = new Client({ connectionString: target });
      await client.connect();
      const { rows } = await client.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'");
      await client.end();
      expect(Number(rows[0].n)).toBe(0);
    } finally {
      await dropDatabase(target);
      rmSync(otherDataDir, { recursive: true, force: true });
    }
  });

  it('states in the archive that keys from the environment are not in it', async () => {
    const emptyDataDir = mkdtempSync(join(tmpdir(), 'pn-backup-envkeys-'));
    const folder = mkdtempSync(join(tmpdir(), 'pn-backup-readme-'));
    try {
      const { file, manifest } = await createBackup({
        databaseUrl: source.databaseUrl,
        dataDir: emptyDataDir,
        outputDir,
        keysFromEnvironment: true,
      });
      expect(manifest.keyFiles).toEqual([]);
      spawnSync('tar', ['-xzf', file, '-C', folder]);
      const readme = readFileSync(join(folder, basename(file, '.tar.gz'), 'README.txt'), 'utf8');
      expect(readme).toContain('The cheque keys are NOT in this archive');
      expect(readme).toContain('CHEQUE_CODE_KEY');
    } finally {
      rmSync(emptyDataDir, { recursive: true, force: true });
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describeBuilt('the commands (built CLIs)', () => {
    it('npm run backup prints the archive it wrote; npm run restore refuses a non-empty database with exit 1', () => {
      const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: source.databaseUrl, DATA_DIR: sourceDataDir };
      const backup = spawnSync(process.execPath, [join(root, 'dist/apps/api/src/cli/backup.js'), '--output', outputDir], {
        env,
        encoding: 'utf8',
      });
      expect({ status: backup.status, stderr: backup.stderr }).toMatchObject({ status: 0 });
      const file = backup.stdout.trim();
      expect(existsSync(file)).toBe(true);
      expect(backup.stderr).toContain('key files: cheque-code-key.txt, cheque-signing-key.pem');

      const restore = spawnSync(process.execPath, [join(root, 'dist/apps/api/src/cli/restore.js'), file], { env, encoding: 'utf8' });
      expect(restore.status).toBe(1);
      expect(restore.stderr).toMatch(/^Restore refused: The database "pn_test_\w+" is not empty/);
    });
  });
});
