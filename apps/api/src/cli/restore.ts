/**
 * npm run restore -- FILE — restores a backup made by `npm run backup` into DATABASE_URL or the
 * embedded database, which must be empty (refused otherwise, exit 1, nothing changed), and puts its
 * key files back into DATA_DIR/keys. Stop the app first. See docs/deploy.md.
 */
import { resolve } from 'node:path';
import { runningEmbeddedServer } from '@app/database';
import { restoreBackup, RestoreRefusedError } from '../backup/backup';
import { loadEnvironmentOrExit, startConfiguredDatabase } from './database-cli';

async function main(): Promise<number> {
  const [file, ...rest] = process.argv.slice(2);
  if (!file || rest.length > 0) {
    process.stderr.write('usage: npm run restore -- FILE\n');
    return 2;
  }
  const environment = loadEnvironmentOrExit();
  const running = environment.DATABASE_URL ? null : runningEmbeddedServer(resolve(environment.DATA_DIR, 'postgres'));
  const server = running ?? (await startConfiguredDatabase(environment));
  try {
    const manifest = await restoreBackup({
      file,
      databaseUrl: server.url,
      dataDir: environment.DATA_DIR,
      log: (message) => process.stderr.write(`${message}\n`),
    });
    process.stdout.write(`restored the backup of ${manifest.createdAt}; run npm run ledger:check, then start the app\n`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefusedError) {
      process.stderr.write(`Restore refused: ${error.message}\n`);
      return 1;
    }
    throw error;
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
