/**
 * npm run successor:export -- --recipient <public key file> [--recipient …] [--out FILE] [--signing-key FILE]
 *
 * Writes the successor archive (docs/successor.md) of DATABASE_URL or the embedded database (the
 * running app's, if `npm start` is up): signed with the operator's OpenPGP private key (--signing-key,
 * or the file named by SUCCESSOR_SIGNING_KEY; its passphrase in SUCCESSOR_SIGNING_KEY_PASSPHRASE) and
 * encrypted to each recipient's public key. Default file: DATA_DIR/successor/pass-numerique-successor-<date>.pgp.
 * Prints the archive's path and SHA-256 last. Exit 1 when a key or the schema is refused, 2 on bad usage.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportSuccessorArchive } from '../successor/successor-archive';
import { readPrivateKey, readPublicKeys, SuccessorArchiveRefusedError } from '../successor/successor-crypto';
import { UnknownTablesError } from '../successor/successor-tables';
import { commandDatabase, loadEnvironmentOrExit, runCommand } from './database-cli';

const USAGE =
  'usage: npm run successor:export -- --recipient <public key file> [--recipient <another>] [--out FILE] [--signing-key <operator private key file>]\n';

async function main(): Promise<number> {
  let values: { recipient?: string[]; out?: string; 'signing-key'?: string };
  try {
    ({ values } = parseArgs({
      options: { recipient: { type: 'string', multiple: true }, out: { type: 'string' }, 'signing-key': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const signingKeyFile = values['signing-key'] ?? process.env.SUCCESSOR_SIGNING_KEY;
  if (!values.recipient?.length || !signingKeyFile) {
    process.stderr.write(
      `${values.recipient?.length ? '' : '--recipient is required (the successor’s OpenPGP public key).\n'}` +
        `${signingKeyFile ? '' : 'The operator’s signing key is required: --signing-key FILE, or SUCCESSOR_SIGNING_KEY=FILE.\n'}${USAGE}`,
    );
    return 2;
  }
  const recipients = (await Promise.all(values.recipient.map((file) => readPublicKeys(file, 'recipient')))).flat();
  const signer = await readPrivateKey(
    signingKeyFile,
    'operator signing key',
    process.env.SUCCESSOR_SIGNING_KEY_PASSPHRASE,
    'SUCCESSOR_SIGNING_KEY_PASSPHRASE',
  );

  const environment = loadEnvironmentOrExit();
  const server = await commandDatabase(environment);
  try {
    const now = new Date();
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const archive = await exportSuccessorArchive({
      databaseUrl: server.url,
      publicUrl: environment.PUBLIC_URL,
      output: values.out ?? resolve(environment.DATA_DIR, 'successor', `pass-numerique-successor-${stamp}.pgp`),
      recipients,
      signer,
      now,
      log: (message) => process.stderr.write(`${message}\n`),
    });
    const { totals } = archive.manifest;
    process.stderr.write(
      `${archive.manifest.tables.length} tables, ${archive.manifest.tables.reduce((sum, table) => sum + table.rows, 0)} rows; ` +
        `pending payable ${totals.pendingPayable.cents} cents (${totals.pendingPayable.redemptions} redemptions), ` +
        `outstanding cheques ${totals.outstandingCheques.cents} cents (${totals.outstandingCheques.cheques} cheques)\n` +
        `signed by ${archive.manifest.signer.fingerprint}; encrypted to ${archive.manifest.recipients.map((key) => key.fingerprint).join(', ')}\n` +
        'Announce the SHA-256 below to the recipient through another channel than the file itself.\n',
    );
    process.stdout.write(`${archive.file}\nsha256 ${archive.sha256}\n`);
    return 0;
  } finally {
    await server.stop();
  }
}

runCommand(main, (error) =>
  error instanceof SuccessorArchiveRefusedError || error instanceof UnknownTablesError ? `Export refused: ${error.message}` : null,
);
