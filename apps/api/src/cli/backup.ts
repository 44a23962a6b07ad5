/**
 * npm run backup [-- --output DIR] — writes pass-numerique-backup-<date>.tar.gz (default folder:
 * DATA_DIR/backups) from DATABASE_URL or the embedded database (the running app's, if `npm start`
 * is up). Prints the archive's path last. See apps/api/src/backup/backup.ts and docs/deploy.md.
 */
import { resolve } from 'node:path';
import { runningEmbeddedServer } from '@app/database';
import { createBackup } from '../backup/backup';
import { loadEnvironmentOrExit, startConfiguredDatabase } from './database-cli';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const outputAt = args.indexOf('--output');
  if ((outputAt >= 0 && !args[outputAt + 1]) || args.some((arg, index) => arg !== '--output' && index !== outputAt + 1)) {
    process.stderr.write('usage: npm run backup [-- --output DIR]\n');
    return 2;
  }
  const environment = loadEnvironmentOrExit();
  const running = environment.DATABASE_URL ? null : runningEmbeddedServer(resolve(environment.DATA_DIR, 'postgres'));
  const server = running ?? (await startConfiguredDatabase(environment));
  try {
    const { file, manifest } = await createBackup({
      databaseUrl: server.url,
      dataDir: environment.DATA_DIR,
      outputDir: outputAt >= 0 ? args[outputAt + 1] : resolve(environment.DATA_DIR, 'backups'),
      keysFromEnvironment: Boolean(environment.CHEQUE_SIGNING_KEY || environment.CHEQUE_CODE_KEY),
      log: (message) => process.stderr.write(`${message}\n`),
    });
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    process.stderr.write(
      `${manifest.tables.length} tables, ${rows} rows; ${manifest.keyFiles.length ? `key files: ${manifest.keyFiles.join(', ')}` : 'no key file (see README.txt inside)'}; ` +
        `${manifest.pgDump ? 'with a pg_dump custom-format file' : 'no pg_dump file'}\n`,
    );
    process.stdout.write(`${file}\n`);
    return 0;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
