/** A fresh database per test file, cloned from the migrated template made by global-setup. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdentifier, withDatabaseName } from '@app/database';
import { checkLedgerOf } from './ledger-invariants';

const TEMPLATE_DATABASE = 'pass_numerique_test_template';
const live = new Set<string>();

/** This file's databases not dropped yet. */
export function liveTestDatabases(): string[] {
  return [...live];
}

export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL;
  if (!url) throw new Error('TEST_DATABASE_ADMIN_URL is unset: run through jest (global-setup starts PostgreSQL)');
  return url;
}

export async function createTestDatabase(): Promise<string> {
  const name = `pn_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // Cloning waits for nobody else to be connected to the template; retry briefly if a sibling clones too.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(TEMPLATE_DATABASE)}`);
        break;
      } catch (error) {
        if (attempt >= 20 || !String((error as Error).message).includes('being accessed by other users')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(adminUrl(), name);
  live.add(url);
  return url;
}

export async function dropTestDatabase(url: string): Promise<void> {
  await checkLedgerOf(url);
  live.delete(url);
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A database with nothing in it (template0, not the migrated template): what restore and successor import go into. */
export async function createEmptyDatabase(label: string): Promise<string> {
  const name = `pn_test_${label}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return withDatabaseName(adminUrl(), name);
}

/** Drops a database whatever it holds (no ledger check: for one a test left unfinished or refused). */
export async function dropDatabase(url: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(new URL(url).pathname.slice(1))} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
