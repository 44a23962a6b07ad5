/**
 * Once per test run: a PostgreSQL server (a throwaway embedded cluster, or DATABASE_URL's) and a
 * template database with every migration applied. Each test file then clones the template
 * (CREATE DATABASE … TEMPLATE), which takes a fraction of a second and isolates files from each other.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { register } from 'tsconfig-paths';

const root = resolve(__dirname, '../..');
// Jest maps @app/* inside tests only; this file runs outside that sandbox.
// eslint-disable-next-line @typescript-eslint/no-require-imports
register({ baseUrl: root, paths: require(join(root, 'tsconfig.json')).compilerOptions.paths });

export const TEMPLATE_DATABASE = 'pass_numerique_test_template';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_ADMIN_URL) return; // another project of this run did it
  // Loaded after register() above so that their @app/* imports resolve.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startDatabaseServer, withDatabaseName, createDatabaseIfMissing, quoteIdentifier } =
    require('../../libs/database/src') as typeof import('../../libs/database/src');
  const { DataSource } = require('typeorm') as typeof import('typeorm');
  const { Client } = require('pg') as typeof import('pg');
  const { appDataSourceOptions } =
    require('../../apps/api/src/database/app-data-source') as typeof import('../../apps/api/src/database/app-data-source');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const given = process.env.DATABASE_URL;
  const server = await startDatabaseServer({
    databaseUrl: given,
    embeddedDataDir: mkdtempSync(join(tmpdir(), 'pass-numerique-test-pg-')),
    databaseName: 'postgres',
    persistent: false,
  });
  const adminUrl = withDatabaseName(server.url, given ? new URL(given).pathname.slice(1) || 'postgres' : 'postgres');

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(TEMPLATE_DATABASE)}`);
  await admin.end();
  await createDatabaseIfMissing(adminUrl, TEMPLATE_DATABASE);
  const template = new DataSource(appDataSourceOptions(withDatabaseName(server.url, TEMPLATE_DATABASE), false));
  await template.initialize();
  await template.runMigrations({ transaction: 'each' });
  await template.destroy();

  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  (globalThis as { __TEST_DATABASE_SERVER__?: { stop(): Promise<void> } }).__TEST_DATABASE_SERVER__ = server;
}
