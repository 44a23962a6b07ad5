/**
 * npm run keys -- <command>: the cheque keys recorded in the database
 * (docs/adr/0012-cheque-keys-across-instances.md), on DATABASE_URL or the embedded database.
 *   list      the recorded keys: id, purpose, fingerprint, recorded, retired
 *   generate  prints a new Ed25519 signing key as one line of base64, for CHEQUE_SIGNING_KEY
 *   rotate    makes this configuration's signing key (CHEQUE_SIGNING_KEY, or DATA_DIR/keys) the one
 *             that signs new cheques; the previous ones keep verifying. Restart every API process
 *             with that key afterwards (a process with a retired key refuses to start).
 * Exit 0 on success, 1 when the keys do not match what is recorded (the message says what to do), 2 on a usage error.
 */
import { resolve } from 'node:path';
import { Client } from 'pg';
import { runningEmbeddedServer } from '@app/database';
import {
  ChequeKeyMismatchError,
  type KeysQuery,
  loadKeyMaterial,
  newSigningKeyBase64,
  recordedChequeKeys,
  type RecordedChequeKey,
  rotateSigningKey,
} from '@app/vouchers';
import { loadEnvironmentOrExit, startConfiguredDatabase } from './database-cli';

const USAGE = 'usage: npm run keys -- list | generate | rotate';

async function main(command: string | undefined): Promise<number> {
  if (command === 'generate') {
    process.stdout.write(`${newSigningKeyBase64()}\n`);
    return 0;
  }
  if (command !== 'list' && command !== 'rotate') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const environment = loadEnvironmentOrExit();
  const running = environment.DATABASE_URL ? null : runningEmbeddedServer(resolve(environment.DATA_DIR, 'postgres'));
  const server = running ?? (await startConfiguredDatabase(environment));
  const client = new Client({ connectionString: server.url });
  await client.connect();
  const query: KeysQuery = async (sql, parameters) => (await client.query(sql, parameters)).rows;
  try {
    if (command === 'list') {
      for (const key of await recordedChequeKeys(query)) process.stdout.write(`${describe(key)}\n`);
      return 0;
    }
    const material = loadKeyMaterial(environment, (message) => process.stdout.write(`${message}\n`));
    await client.query('BEGIN');
    try {
      const rotation = await rotateSigningKey(query, material, new Date());
      await client.query('COMMIT');
      if (!rotation.changed) {
        process.stdout.write(`${rotation.current.kid} already signs new cheques: nothing to do.\n`);
      } else {
        process.stdout.write(
          `${rotation.current.kid} now signs new cheques${rotation.previous ? `; ${rotation.previous.kid} is retired and still verifies the cheques it signed` : ''}.\n` +
            `Restart every API process with this CHEQUE_SIGNING_KEY (one with the retired key refuses to start).\n`,
        );
      }
      return 0;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    await client.end();
    await server.stop();
  }
}

function describe(key: RecordedChequeKey): string {
  const state = key.purpose === 'code' ? 'code key' : key.retiredAt ? `retired ${key.retiredAt.toISOString()}` : 'signs new cheques';
  return `${key.kid}\t${key.purpose}\t${key.fingerprint}\trecorded ${key.recordedAt.toISOString()}\t${state}`;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ChequeKeyMismatchError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
