/**
 * npm run successor:import -- FILE --identity <successor private key file> --signer <operator public key file>
 *
 * Checks the archive's signature against the operator's public key, decrypts it with the successor's
 * private key (passphrase in SUCCESSOR_IDENTITY_PASSPHRASE), and loads it into DATABASE_URL or the
 * embedded database, which must be empty; then checks the loaded money totals against the manifest
 * and runs the ledger check, all in one transaction (any refusal leaves the database empty). This
 * configuration's cheque keys (CHEQUE_SIGNING_KEY, CHEQUE_CODE_KEY, or DATA_DIR/keys) become the ones
 * the app starts with; the old operator's public keys keep verifying its cheques. Stop the app first.
 * Exit 0 when loaded, 1 when refused (the message says why; nothing loaded), 2 on bad usage.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadKeyMaterial } from '@app/vouchers';
import { importSuccessorArchive } from '../successor/successor-archive';
import { readPrivateKey, readPublicKeys, SuccessorArchiveRefusedError } from '../successor/successor-crypto';
import { commandDatabase, loadEnvironmentOrExit, runCommand } from './database-cli';

const USAGE = 'usage: npm run successor:import -- FILE --identity <successor private key file> --signer <operator public key file>\n';

async function main(): Promise<number> {
  let parsed: { values: { identity?: string; signer?: string[] }; positionals: string[] };
  try {
    parsed = parseArgs({
      options: { identity: { type: 'string' }, signer: { type: 'string', multiple: true } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  const { identity: identityFile, signer: signerFiles } = parsed.values;
  if (!file || extra.length > 0 || !identityFile || !signerFiles?.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  const identity = await readPrivateKey(
    identityFile,
    'successor identity',
    process.env.SUCCESSOR_IDENTITY_PASSPHRASE,
    'SUCCESSOR_IDENTITY_PASSPHRASE',
  );
  const signers = (await Promise.all(signerFiles.map((signer) => readPublicKeys(signer, 'operator public key')))).flat();

  const environment = loadEnvironmentOrExit();
  const keys = loadKeyMaterial(environment, (message) => process.stderr.write(`${message}\n`));
  const server = await commandDatabase(environment);
  try {
    const imported = await importSuccessorArchive({
      file: resolve(file),
      databaseUrl: server.url,
      identity,
      signers,
      keys,
      log: (message) => process.stderr.write(`${message}\n`),
    });
    const { totals } = imported.manifest;
    process.stdout.write(
      [
        `Imported the successor archive of ${imported.manifest.source.publicUrl}, made ${imported.manifest.createdAt}, signed by ${imported.signedBy} (sha256 ${imported.sha256}).`,
        `Totals equal the manifest's: pending payable ${totals.pendingPayable.cents} cents (${totals.pendingPayable.redemptions} redemptions), ` +
          `outstanding cheques ${totals.outstandingCheques.cents} cents (${totals.outstandingCheques.cheques} cheques).`,
        imported.ledgerCheck,
        `New cheques are signed by ${imported.signingKeyId}; the previous operator's keys (${imported.manifest.signingKeys.map((key) => key.kid).join(', ')}) keep verifying its cheques.`,
        imported.disabledOperatorAccounts.length
          ? `Disabled the previous operator's staff accounts: ${imported.disabledOperatorAccounts.join(', ')}.`
          : 'No account of the previous operator’s staff was active.',
        'Next: npm run admin:create for your own administrators, then start the app with these cheque keys (docs/successor.md).',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await server.stop();
  }
}

runCommand(main, (error) => (error instanceof SuccessorArchiveRefusedError ? `Import refused: ${error.message}` : null));
