/**
 * The successor archive (docs/successor.md): everything another operator needs to take the platform
 * over — organisations, people without their secrets, programmes, cheques without their codes, the
 * public signing keys, places and their qualification history, redemptions, the ledger, settlement,
 * feedback and the audit trail — read in one snapshot, with a manifest of counts and money totals,
 * signed by the operator and encrypted to the successor (successor-crypto.ts).
 *
 * The rows travel like a backup's (apps/api/src/backup/backup.ts: one JSON object per row, loaded
 * back as they were), but the import is one transaction: schema, rows, checks of the totals and of
 * the ledger, the successor's own cheque keys; any failure leaves the database empty.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type * as openpgp from 'openpgp';
import { Client } from 'pg';
import { DataSource, type Migration, MigrationExecutor, type QueryRunner } from 'typeorm';
import { AuditService } from '@app/audit';
import { quoteIdentifier } from '@app/database';
import { systemActor } from '@app/domain';
import { NO_PASSWORD } from '@app/identity';
import { checkLedger, describeLedgerCheck } from '@app/ledger';
import { type ChequeKeyMaterial, rotateSigningKey } from '@app/vouchers';
import { MIGRATIONS } from '../../../../migrations';
import { dumpRows, listTables, loadTable, refuseNonEmptyDatabase, RestoreRefusedError } from '../backup/backup';
import { appDataSourceOptions } from '../database/app-data-source';
import {
  decryptAndVerifyFile,
  describeKey,
  type KeyDescription,
  signAndEncryptFile,
  SuccessorArchiveRefusedError,
} from './successor-crypto';
import { SUCCESSOR_TABLES, successorExclusions, successorSelections } from './successor-tables';
import { type SuccessorTotals, successorTotals, totalsDifferences, type TotalsQuery } from './successor-totals';

export { SuccessorArchiveRefusedError } from './successor-crypto';

export const SUCCESSOR_FORMAT = 'pass-numerique-successor/1';
const MIGRATIONS_TABLE = 'migrations';

export interface SuccessorTable {
  name: string;
  columns: string[];
  rows: number;
  file: string;
  sha256: string;
}

export interface SuccessorManifest {
  format: typeof SUCCESSOR_FORMAT;
  createdAt: string;
  source: { publicUrl: string; database: string; serverVersion: string };
  /** The schema the rows fit: the importing version must know these migrations, in this order. */
  migrations: string[];
  tables: SuccessorTable[];
  sequences: Array<{ table: string; name: string; lastValue: string | null }>;
  totals: SuccessorTotals;
  /** Every key that signed cheques (the QR codes name them): the successor verifies with them forever. */
  signingKeys: Array<{ kid: string; publicKey: string; fingerprint: string; recordedAt: string; retiredAt: string | null }>;
  leftOut: ReturnType<typeof successorExclusions>;
  signer: KeyDescription;
  recipients: KeyDescription[];
}

export interface SuccessorExportOptions {
  databaseUrl: string;
  /** The old instance's PUBLIC_URL (printed on its cheques). */
  publicUrl: string;
  /** The archive file to write. */
  output: string;
  recipients: openpgp.PublicKey[];
  signer: openpgp.PrivateKey;
  now?: Date;
  log?: (message: string) => void;
}

export interface SuccessorExport {
  file: string;
  /** SHA-256 of the archive file, hex: to announce through another channel than the file itself. */
  sha256: string;
  manifest: SuccessorManifest;
}

export async function exportSuccessorArchive(options: SuccessorExportOptions): Promise<SuccessorExport> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? new Date();
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const name = `pass-numerique-successor-${stamp}`;
  const work = mkdtempSync(join(tmpdir(), 'pn-successor-'));
  const root = join(work, name);
  mkdirSync(join(root, 'data'), { recursive: true });
  try {
    const client = new Client({ connectionString: options.databaseUrl });
    await client.connect();
    let manifest: SuccessorManifest;
    try {
      // One snapshot: the counts and totals of the manifest are those of the rows written.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const query: TotalsQuery = async (sql, parameters) => (await client.query(sql, parameters)).rows;
      const [{ server_version: serverVersion }] = (await client.query<{ server_version: string }>('SHOW server_version')).rows;
      const [{ database }] = (await client.query<{ database: string }>('SELECT current_database() AS database')).rows;
      const migrations = (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map(
        (row) => row.name,
      );
      const known = MIGRATIONS.map((migration) => migration.name);
      if (migrations.join('\n') !== known.join('\n')) {
        // The archive's rows must fit the schema this version writes (e.g. cheques without their code ciphertext).
        throw new SuccessorArchiveRefusedError(
          `The database is at migration ${migrations.at(-1) ?? '(none)'} (${migrations.length} migrations), this version of Pass numérique at ` +
            `${known.at(-1) ?? '(none)'} (${known.length}): start the app once with this version (it migrates), or run npm run migration:run, then export again.`,
        );
      }
      const selections = successorSelections(
        (await listTables(client)).filter((table) => !(table.schema === 'public' && table.name === MIGRATIONS_TABLE)),
      );
      const tables: SuccessorTable[] = [];
      for (const selection of selections) {
        const file = `data/${selection.name}.jsonl`;
        const rows = await dumpRows(client, selection.select, join(root, file));
        tables.push({ name: selection.name, columns: selection.columns, rows, file, sha256: await sha256Of(join(root, file)) });
        log(`${selection.name}: ${rows} rows`);
      }
      const included = new Set(tables.map((table) => table.name));
      const sequences = (await ownedSequences(query)).filter((sequence) => included.has(sequence.table));
      const totals = await successorTotals(query);
      const signingKeys = (
        await query(
          `SELECT kid, public_key, fingerprint, recorded_at, retired_at FROM cheque_keys WHERE purpose = 'signing' ORDER BY recorded_at, kid`,
        )
      ).map((row) => ({
        kid: String(row.kid),
        publicKey: String(row.public_key),
        fingerprint: String(row.fingerprint),
        recordedAt: new Date(row.recorded_at as string).toISOString(),
        retiredAt: row.retired_at ? new Date(row.retired_at as string).toISOString() : null,
      }));
      await client.query('COMMIT');
      manifest = {
        format: SUCCESSOR_FORMAT,
        createdAt: now.toISOString(),
        source: { publicUrl: options.publicUrl, database, serverVersion },
        migrations,
        tables,
        sequences,
        totals,
        signingKeys,
        leftOut: successorExclusions(),
        signer: describeKey(options.signer),
        recipients: options.recipients.map(describeKey),
      };
    } finally {
      await client.end();
    }
    writeFileSync(join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(root, 'README.txt'), readme(manifest));
    const plain = join(work, `${name}.tar.gz`);
    execFileSync('tar', ['-czf', plain, '-C', work, name]);

    const file = resolve(options.output);
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.partial`;
    await signAndEncryptFile(plain, partial, options.recipients, options.signer);
    const sha256 = await sha256Of(partial);
    // Handing every account and every euro to another operator is itself audited, before the file exists under its name.
    await recordAudit(options.databaseUrl, 'successor-export', [
      {
        action: 'successor.exported',
        objectType: 'successor_archive',
        objectId: basename(file),
        changes: {
          sha256,
          createdAt: manifest.createdAt,
          signer: manifest.signer.fingerprint,
          recipients: manifest.recipients.map((recipient) => recipient.fingerprint),
          rows: Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows])),
          totals: manifest.totals,
        },
      },
    ]);
    renameSync(partial, file);
    return { file, sha256, manifest };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface SuccessorImportOptions {
  file: string;
  databaseUrl: string;
  /** The successor's private key (the archive is encrypted to its public key). */
  identity: openpgp.PrivateKey;
  /** The exporting operator's public key(s): the archive must be signed by one of them. */
  signers: openpgp.PublicKey[];
  /** The successor's own cheque keys (its configuration): recorded as current, the old public keys kept for verifying. */
  keys: ChequeKeyMaterial;
  now?: Date;
  log?: (message: string) => void;
}

export interface SuccessorImport {
  manifest: SuccessorManifest;
  sha256: string;
  signedBy: string;
  /** The successor's signing key id, now the one that signs new cheques. */
  signingKeyId: string;
  /** Accounts of the old operator's staff, disabled by the import. */
  disabledOperatorAccounts: string[];
  ledgerCheck: string;
}

export async function importSuccessorArchive(options: SuccessorImportOptions): Promise<SuccessorImport> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? new Date();
  if (!existsSync(options.file)) throw new SuccessorArchiveRefusedError(`No such file: ${options.file}`);
  const work = mkdtempSync(join(tmpdir(), 'pn-successor-import-'));
  try {
    const plain = join(work, 'archive.tar.gz');
    const sha256 = await sha256Of(options.file);
    const verified = await decryptAndVerifyFile(options.file, plain, options.identity, options.signers);
    log(`signature checked: signed by ${verified.signedBy}${verified.signedAt ? ` on ${verified.signedAt.toISOString()}` : ''}`);
    const extracted = join(work, 'extracted');
    mkdirSync(extracted);
    execFileSync('tar', ['-xzf', plain, '-C', extracted, '--no-same-owner', '--no-same-permissions']);
    const [folder, ...others] = readdirSync(extracted);
    const root = join(extracted, folder ?? '');
    if (!folder || others.length > 0 || !existsSync(join(root, 'manifest.json'))) {
      throw new SuccessorArchiveRefusedError(`${options.file} is signed but holds no successor archive (no manifest.json inside).`);
    }
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as SuccessorManifest;
    if (manifest.format !== SUCCESSOR_FORMAT) {
      throw new SuccessorArchiveRefusedError(
        `Unknown archive format ${JSON.stringify(manifest.format)} (this version reads ${SUCCESSOR_FORMAT}).`,
      );
    }
    for (const table of manifest.tables) {
      // This version's own rules, not the archive's word: a table that must never travel (sessions,
      // tokens…) is refused even in a correctly signed archive from another exporter.
      const policy = SUCCESSOR_TABLES[table.name];
      if (!policy || policy.take === 'none') {
        throw new SuccessorArchiveRefusedError(
          `The archive holds table ${table.name}, which a successor archive must not carry. Nothing was loaded.`,
        );
      }
      const path = join(root, table.file);
      if (table.file !== `data/${table.name}.jsonl` || !existsSync(path) || (await sha256Of(path)) !== table.sha256) {
        throw new SuccessorArchiveRefusedError(
          `${table.file} does not match the manifest's SHA-256: the archive is inconsistent. Nothing was loaded.`,
        );
      }
    }
    await refuseNonEmptyDatabase(options.databaseUrl, 'Successor import').catch((error: unknown) => {
      throw error instanceof RestoreRefusedError ? new SuccessorArchiveRefusedError(error.message) : error;
    });

    const dataSource = new DataSource(appDataSourceOptions(options.databaseUrl, false));
    await dataSource.initialize();
    let result: SuccessorImport;
    try {
      const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
      const known = pending.map((migration) => migration.name);
      if (!manifest.migrations.every((migration, index) => known[index] === migration)) {
        throw new SuccessorArchiveRefusedError(
          `This archive's schema is at migration ${manifest.migrations.at(-1) ?? '(none)'} (${manifest.migrations.length} migrations), ` +
            `which this version of Pass numérique (at ${known.at(-1) ?? '(none)'}, ${known.length} migrations) does not have in that order: ` +
            'import with the version that made the archive, or a later one. Nothing was loaded.',
        );
      }
      const runner = dataSource.createQueryRunner();
      try {
        await runner.connect();
        // Schema, rows, checks and keys in one transaction: a refusal anywhere leaves the database empty.
        await runner.startTransaction();
        result = await load(runner, {
          manifest,
          root,
          pending,
          sha256,
          signedBy: verified.signedBy,
          file: options.file,
          keys: options.keys,
          now,
          log,
        });
        await runner.commitTransaction();
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      } finally {
        await runner.release();
      }
    } finally {
      await dataSource.destroy();
    }
    const analyse = new Client({ connectionString: options.databaseUrl });
    await analyse.connect();
    await analyse.query('ANALYZE').finally(() => analyse.end());
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface LoadInput {
  manifest: SuccessorManifest;
  root: string;
  /** Every migration of this version, in order: the archive's come first. */
  pending: Migration[];
  sha256: string;
  signedBy: string;
  file: string;
  keys: ChequeKeyMaterial;
  now: Date;
  log: (message: string) => void;
}

/** Inside the caller's transaction: the schema, the rows, the checks, the old operator's staff disabled, the successor's keys. */
async function load(runner: QueryRunner, input: LoadInput): Promise<SuccessorImport> {
  const { manifest, now, log } = input;
  const query: TotalsQuery = async (sql, parameters) =>
    (await runner.query(sql, parameters, true)).records as Array<Record<string, unknown>>;
  const schema = new MigrationExecutor(runner.connection, runner);
  schema.transaction = 'none';
  for (const migration of input.pending.slice(0, manifest.migrations.length)) await schema.executeMigration(migration);
  log(`schema created by ${manifest.migrations.length} migrations`);

  await loadRows(runner, manifest, input.root, log);
  // No secret arrives, whoever made the archive: no password to sign in with, no code to reprint.
  const [secrets] = (
    await runner.query(
      `SELECT (SELECT count(*) FROM users WHERE password_hash <> $1)::int AS passwords,
              (SELECT count(*) FROM cheques WHERE code_ciphertext IS NOT NULL)::int AS codes`,
      [NO_PASSWORD],
      true,
    )
  ).records as Array<{ passwords: number; codes: number }>;
  if (secrets.passwords > 0 || secrets.codes > 0) {
    throw new SuccessorArchiveRefusedError(
      `The archive carries secrets a successor archive never holds (${secrets.passwords} password hashes, ${secrets.codes} cheque code ciphertexts). Nothing was loaded.`,
    );
  }
  const differences = totalsDifferences(manifest.totals, await successorTotals(query));
  if (differences.length > 0) {
    throw new SuccessorArchiveRefusedError(`The loaded figures differ from the manifest's: ${differences.join('; ')}. Nothing was loaded.`);
  }
  log('money totals equal the manifest’s');

  const audit = new AuditService(runner.connection);
  const actor = systemActor('successor-import');
  // The old operator's staff lose their access; the successor's administrators come from npm run admin:create.
  const disabled = (
    await query(
      `UPDATE users SET disabled_at = $1 WHERE disabled_at IS NULL
          AND organisation_id IN (SELECT id FROM organisations WHERE kind = 'operator') RETURNING id, email`,
      [now],
    )
  )
    .map((row) => ({ id: String(row.id), email: String(row.email) }))
    .sort((one, other) => one.email.localeCompare(other.email));
  await audit.recordMany(
    runner.manager,
    actor,
    disabled.map((user) => ({
      action: 'user.disabled',
      objectType: 'user',
      objectId: user.id,
      changes: { reason: 'staff of the previous operator, disabled when a successor took the platform over' },
    })),
  );
  // The successor's signing key becomes the current one; the old operator's keep verifying the cheques they signed.
  const rotation = await rotateSigningKey(query, input.keys, now);
  await audit.recordMany(runner.manager, actor, [
    {
      action: 'cheque_keys.successor_recorded',
      objectType: 'cheque_key',
      objectId: rotation.current.kid,
      changes: {
        signingKey: rotation.current.kid,
        retired: rotation.changed ? (rotation.previous?.kid ?? null) : null,
        stillVerifying: manifest.signingKeys.map((key) => key.kid),
      },
    },
    {
      action: 'successor.imported',
      objectType: 'successor_archive',
      objectId: basename(input.file),
      changes: {
        sha256: input.sha256,
        createdAt: manifest.createdAt,
        source: manifest.source.publicUrl,
        signedBy: input.signedBy,
        rows: Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows])),
        totals: manifest.totals,
      },
    },
  ]);
  // Then the schema moves on to this version's, as an app start would do it.
  for (const migration of input.pending.slice(manifest.migrations.length)) await schema.executeMigration(migration);
  const ledger = await checkLedger(query, now);
  if (!ledger.ok)
    throw new SuccessorArchiveRefusedError(
      `The ledger check fails on the loaded data; nothing was loaded.\n${describeLedgerCheck(ledger)}`,
    );
  return {
    manifest,
    sha256: input.sha256,
    signedBy: input.signedBy,
    signingKeyId: rotation.current.kid,
    disabledOperatorAccounts: disabled.map((user) => user.email),
    ledgerCheck: describeLedgerCheck(ledger),
  };
}

/** The archive's rows, as they were: no trigger fires (the ledger's would count twice), then the sequences. */
async function loadRows(runner: QueryRunner, manifest: SuccessorManifest, root: string, log: (message: string) => void): Promise<void> {
  await runner.query('SET LOCAL session_replication_role = replica').catch((error: Error) => {
    throw new SuccessorArchiveRefusedError(
      `The database user may not set session_replication_role (${error.message}): import as the database owner with superuser rights, ` +
        'or GRANT SET ON PARAMETER session_replication_role to it. Nothing was loaded.',
    );
  });
  // Migrations may insert reference rows (the map's chunks): the archive's rows replace them.
  const names = manifest.tables.map((table) => `public.${quoteIdentifier(table.name)}`);
  if (names.length > 0) await runner.query(`TRUNCATE ${names.join(', ')} CASCADE`);
  for (const table of manifest.tables) {
    const loaded = await loadTable(
      (sql, parameters) => runner.query(sql, parameters),
      { schema: 'public', ...table },
      join(root, table.file),
    );
    if (loaded !== table.rows)
      throw new SuccessorArchiveRefusedError(`${table.name}: ${loaded} rows loaded, the manifest says ${table.rows}. Nothing was loaded.`);
    log(`${table.name}: ${loaded} rows`);
  }
  for (const sequence of manifest.sequences) {
    const qualified = `public.${quoteIdentifier(sequence.name)}`;
    if (sequence.lastValue === null) await runner.query('SELECT setval($1::regclass, 1, false)', [qualified]);
    else await runner.query('SELECT setval($1::regclass, $2::bigint, true)', [qualified, sequence.lastValue]);
  }
  await runner.query('SET LOCAL session_replication_role = origin');
}

/** The sequences behind identity and serial columns, with the table that owns each. */
async function ownedSequences(query: TotalsQuery): Promise<Array<{ table: string; name: string; lastValue: string | null }>> {
  const rows = await query(
    `SELECT t.relname AS table, s.relname AS name, ps.last_value::text AS last_value
       FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = 'public'
       JOIN pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = s.relname
      WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
      ORDER BY 1, 2`,
  );
  return rows.map((row) => ({ table: String(row.table), name: String(row.name), lastValue: (row.last_value as string | null) ?? null }));
}

async function recordAudit(databaseUrl: string, name: string, facts: Parameters<AuditService['recordMany']>[2]): Promise<void> {
  const dataSource = new DataSource(appDataSourceOptions(databaseUrl, false));
  await dataSource.initialize();
  try {
    await dataSource.transaction((manager) => new AuditService(dataSource).recordMany(manager, systemActor(name), facts));
  } finally {
    await dataSource.destroy();
  }
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

function readme(manifest: SuccessorManifest): string {
  const rows = manifest.tables.map((table) => `  ${table.name}: ${table.rows}`).join('\n');
  const leftOut = manifest.leftOut.tables.map((entry) => `  ${entry.table}: ${entry.why}`).join('\n');
  const changed = manifest.leftOut.columns.map((entry) => `  ${entry.table}.${entry.column}: ${entry.why}`).join('\n');
  return `Pass numérique — successor archive (archive de reprise), made ${manifest.createdAt}
from ${manifest.source.publicUrl} (database "${manifest.source.database}", PostgreSQL ${manifest.source.serverVersion}).
Signed by ${manifest.signer.fingerprint} (${manifest.signer.userIds.join(', ')}).

What it holds (rows per table; manifest.json has the columns, SHA-256 and the money totals):
${rows}

Left out, and why:
${leftOut}

Changed on the way out, and why:
${changed}

Import into an EMPTY database, with this version of Pass numérique or a later one:
  npm run successor:import -- <archive.pgp> --identity <successor private key> --signer <operator public key>
See docs/successor.md.
`;
}
