/**
 * Backups (docs/deploy.md, "Backups"): a dated .tar.gz holding a logical dump of every table read in
 * one snapshot, the sequences, the list of migrations the schema is at, the key files of
 * DATA_DIR/keys, a README, and — when a pg_dump at least as recent as the server is found — a
 * pg_dump custom-format file as well. Restore rebuilds the schema with the app's own migrations and
 * loads the rows; it only ever writes into an empty database.
 *
 * Why not pg_dump alone: pg_dump refuses a server newer than itself, and the embedded server is
 * PostgreSQL 18 while no pg_dump 18 ships in the npm registry or Debian 12 (ADR 0011's runtime note).
 * The logical dump needs nothing but the pg driver, so a backup works wherever the app runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { chmodSync, copyFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { quoteIdentifier } from '@app/database';
import { appDataSourceOptions } from '../database/app-data-source';

export const BACKUP_FORMAT = 'pass-numerique-backup/1';
const MIGRATIONS_TABLE = 'migrations';
const FETCH_ROWS = 2000;
const INSERT_ROWS = 1000;
/** Rows holding files (evidence, RIB proofs) are large: a batch also stops at this many characters of JSON. */
const INSERT_CHARACTERS = 16 * 1024 * 1024;

export interface TableManifest {
  schema: string;
  name: string;
  columns: string[];
  rows: number;
  file: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  serverVersion: string;
  database: string;
  migrations: string[];
  tables: TableManifest[];
  sequences: Array<{ schema: string; name: string; lastValue: string | null }>;
  keyFiles: string[];
  keysFromEnvironment: boolean;
  pgDump: string | null;
}

export interface BackupOptions {
  databaseUrl: string;
  /** DATA_DIR: its keys/ folder goes into the archive. */
  dataDir: string;
  /** Folder the archive is written to (created if missing). */
  outputDir: string;
  /** True when CHEQUE_SIGNING_KEY / CHEQUE_CODE_KEY come from the environment (they are then not in the archive). */
  keysFromEnvironment: boolean;
  now?: Date;
  log?: (message: string) => void;
}

export class RestoreRefusedError extends Error {}

/** Writes the archive and answers its path. */
export async function createBackup(options: BackupOptions): Promise<{ file: string; manifest: BackupManifest }> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? new Date();
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const name = `pass-numerique-backup-${stamp}`;
  const work = mkdtempSync(join(tmpdir(), 'pn-backup-'));
  const root = join(work, name);
  mkdirSync(join(root, 'data'), { recursive: true });
  try {
    const client = new Client({ connectionString: options.databaseUrl });
    await client.connect();
    let manifest: BackupManifest;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [{ server_version: serverVersion }] = (await client.query<{ server_version: string }>('SHOW server_version')).rows;
      const [{ database }] = (await client.query<{ database: string }>('SELECT current_database() AS database')).rows;
      const migrations = (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map(
        (row) => row.name,
      );
      const tables: TableManifest[] = [];
      for (const table of await listTables(client)) {
        if (table.schema === 'public' && table.name === MIGRATIONS_TABLE) continue;
        const file = `data/${table.schema}.${table.name}.jsonl`;
        const rows = await dumpTable(client, table.schema, table.name, table.columns, join(root, file));
        tables.push({ ...table, rows, file });
        log(`${table.schema}.${table.name}: ${rows} rows`);
      }
      const sequences = (
        await client.query<{ schema: string; name: string; last_value: string | null }>(
          `SELECT schemaname AS schema, sequencename AS name, last_value::text AS last_value FROM pg_sequences
            WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
        )
      ).rows.map((row) => ({ schema: row.schema, name: row.name, lastValue: row.last_value }));
      await client.query('COMMIT');
      manifest = {
        format: BACKUP_FORMAT,
        createdAt: now.toISOString(),
        serverVersion,
        database,
        migrations,
        tables,
        sequences,
        keyFiles: copyKeyFiles(options.dataDir, join(root, 'keys')),
        keysFromEnvironment: options.keysFromEnvironment,
        pgDump: writePgDump(options.databaseUrl, serverVersion, join(root, 'database.pgdump'), log),
      };
    } finally {
      await client.end();
    }
    writeFileSync(join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(root, 'README.txt'), readme(manifest));
    mkdirSync(options.outputDir, { recursive: true });
    const file = resolve(options.outputDir, `${name}.tar.gz`);
    // The archive holds personal data and, often, the cheque keys: readable by its owner only.
    execFileSync('tar', ['-czf', file, '-C', work, name]);
    chmodSync(file, 0o600);
    return { file, manifest };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface RestoreOptions {
  file: string;
  databaseUrl: string;
  /** DATA_DIR: the archive's key files are put back into its keys/ folder. */
  dataDir: string;
  log?: (message: string) => void;
}

/** Restores an archive into an empty database; refuses (RestoreRefusedError) anything else. */
export async function restoreBackup(options: RestoreOptions): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  if (!existsSync(options.file)) throw new RestoreRefusedError(`No such file: ${options.file}`);
  const work = mkdtempSync(join(tmpdir(), 'pn-restore-'));
  try {
    execFileSync('tar', ['-xzf', resolve(options.file), '-C', work]);
    const [folder] = readdirSync(work);
    const root = join(work, folder ?? '');
    if (!folder || !existsSync(join(root, 'manifest.json'))) {
      throw new RestoreRefusedError(`${options.file} is not a Pass numérique backup (no manifest.json inside)`);
    }
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT) {
      throw new RestoreRefusedError(`Unknown backup format ${JSON.stringify(manifest.format)} (this version reads ${BACKUP_FORMAT})`);
    }
    const keysDir = resolve(options.dataDir, 'keys');
    checkKeyFiles(join(root, 'keys'), manifest.keyFiles, keysDir);
    await refuseNonEmptyDatabase(options.databaseUrl);

    const dataSource = new DataSource(appDataSourceOptions(options.databaseUrl, false));
    await dataSource.initialize();
    try {
      const known = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
      if (known.join('\n') !== manifest.migrations.join('\n')) {
        throw new RestoreRefusedError(
          `This backup's schema is at migration ${manifest.migrations.at(-1) ?? '(none)'} (${manifest.migrations.length} migrations); ` +
            `this version of Pass numérique is at ${known.at(-1) ?? '(none)'} (${known.length}). Restore with the version that made the ` +
            'backup, then start the new version: it migrates the restored database.',
        );
      }
      await dataSource.runMigrations({ transaction: 'each' });
      log(`schema created by ${known.length} migrations`);
    } finally {
      await dataSource.destroy();
    }

    const client = new Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      // Rows go back as they were: no trigger fires (the ledger's balance triggers would count twice,
      // the audit trail's would refuse the emptying below) and no foreign key is checked row by row
      // (the rows come from one consistent snapshot). Needs a superuser or SET permission on it.
      await client.query('SET LOCAL session_replication_role = replica').catch((error: Error) => {
        throw new RestoreRefusedError(
          `The database user may not set session_replication_role (${error.message}): restore as the database owner with superuser rights, or GRANT SET ON PARAMETER session_replication_role to it.`,
        );
      });
      // Migrations may insert reference rows: the backup's rows replace them.
      const names = manifest.tables.map((table) => `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`);
      if (names.length > 0) await client.query(`TRUNCATE ${names.join(', ')}`);
      for (const table of manifest.tables) {
        const loaded = await loadTable((sql, parameters) => client.query(sql, parameters), table, join(root, table.file));
        if (loaded !== table.rows) throw new Error(`${table.schema}.${table.name}: ${loaded} rows loaded, the manifest says ${table.rows}`);
        log(`${table.schema}.${table.name}: ${loaded} rows`);
      }
      for (const sequence of manifest.sequences) {
        const qualified = `${quoteIdentifier(sequence.schema)}.${quoteIdentifier(sequence.name)}`;
        if (sequence.lastValue === null) await client.query('SELECT setval($1::regclass, 1, false)', [qualified]);
        else await client.query('SELECT setval($1::regclass, $2::bigint, true)', [qualified, sequence.lastValue]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end();
    }
    const analyse = new Client({ connectionString: options.databaseUrl });
    await analyse.connect();
    await analyse.query('ANALYZE').finally(() => analyse.end());

    if (manifest.keyFiles.length > 0) {
      mkdirSync(keysDir, { recursive: true, mode: 0o700 });
      for (const file of manifest.keyFiles) {
        const target = join(keysDir, file);
        if (!existsSync(target)) {
          copyFileSync(join(root, 'keys', file), target);
          chmodSync(target, 0o600);
        }
      }
      log(`key files restored into ${keysDir}: ${manifest.keyFiles.join(', ')}`);
    }
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every table of the database (partitions as their parent) with its stored columns, in name order. */
export async function listTables(client: Client): Promise<Array<{ schema: string; name: string; columns: string[] }>> {
  const { rows } = await client.query<{ schema: string; name: string; columns: string[] }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      GROUP BY n.nspname, c.relname
      ORDER BY n.nspname, c.relname`,
  );
  return rows;
}

/** One JSON object per line (to_jsonb of the row): every type goes through its text form and back. */
function dumpTable(client: Client, schema: string, table: string, columns: string[], file: string): Promise<number> {
  return dumpRows(
    client,
    `SELECT ${columns.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)}`,
    file,
  );
}

/**
 * Writes the rows of a SELECT (run in the caller's transaction, read through a cursor) to a file,
 * one JSON object per line whose keys are the SELECT's column names; answers how many.
 */
export async function dumpRows(client: Client, select: string, file: string): Promise<number> {
  const out = createWriteStream(file);
  await client.query(`DECLARE dump_rows NO SCROLL CURSOR FOR SELECT to_jsonb(r)::text AS line FROM (${select}) r`);
  let count = 0;
  try {
    for (;;) {
      const { rows } = await client.query<{ line: string }>(`FETCH ${FETCH_ROWS} FROM dump_rows`);
      if (rows.length === 0) break;
      count += rows.length;
      if (!out.write(`${rows.map((row) => row.line).join('\n')}\n`)) await once(out, 'drain');
    }
  } finally {
    await client.query('CLOSE dump_rows');
    out.end();
    await once(out, 'close');
  }
  return count;
}

/** Loads a file written by dumpRows into a table, as they were (identity values included); answers how many rows. */
export async function loadTable(
  query: (sql: string, parameters: unknown[]) => Promise<unknown>,
  table: Pick<TableManifest, 'schema' | 'name' | 'columns'>,
  file: string,
): Promise<number> {
  const qualified = `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
  const list = table.columns.map(quoteIdentifier).join(', ');
  const insert = `INSERT INTO ${qualified} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM jsonb_populate_recordset(NULL::${qualified}, $1::jsonb)`;
  let batch: string[] = [];
  let characters = 0;
  let count = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await query(insert, [`[${batch.join(',')}]`]);
    count += batch.length;
    batch = [];
    characters = 0;
  };
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(line);
    characters += line.length;
    if (batch.length >= INSERT_ROWS || characters >= INSERT_CHARACTERS) await flush();
  }
  await flush();
  return count;
}

/** Refuses (RestoreRefusedError) a database holding any table, view or sequence; `command` names who refuses. */
export async function refuseNonEmptyDatabase(databaseUrl: string, command = 'Restore'): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1`,
    );
    if (rows.length > 0) {
      const [{ database }] = (await client.query<{ database: string }>('SELECT current_database() AS database')).rows;
      throw new RestoreRefusedError(
        `The database "${database}" is not empty (${rows.length} tables or sequences, e.g. ${rows
          .slice(0, 3)
          .map((row) => row.name)
          .join(', ')}). ${command} only goes into an empty database: create a new one (createdb, or a new DATA_DIR for the ` +
          `embedded database), point DATABASE_URL at it and run the ${command.toLowerCase()} again. Nothing was changed.`,
      );
    }
  } finally {
    await client.end();
  }
}

function copyKeyFiles(dataDir: string, target: string): string[] {
  const keysDir = resolve(dataDir, 'keys');
  if (!existsSync(keysDir)) return [];
  const files = readdirSync(keysDir).filter((file) => statSync(join(keysDir, file)).isFile());
  if (files.length === 0) return [];
  mkdirSync(target, { recursive: true });
  for (const file of files) copyFileSync(join(keysDir, file), join(target, file));
  return files.sort();
}

/** Existing key files that differ from the archive's would make its cheques unreadable: refuse before any change. */
function checkKeyFiles(archived: string, files: string[], keysDir: string): void {
  const clashes = files.filter(
    (file) => existsSync(join(keysDir, file)) && !readFileSync(join(keysDir, file)).equals(readFileSync(join(archived, file))),
  );
  if (clashes.length > 0) {
    throw new RestoreRefusedError(
      `${keysDir} already holds other keys (${clashes.join(', ')}) than the backup's: the restored cheques would not verify. ` +
        'Move those files away (keep them!) and run the restore again. Nothing was changed.',
    );
  }
}

/** pg_dump -Fc when one at least as recent as the server exists (pg_dump refuses newer servers); its name, or null. */
function writePgDump(databaseUrl: string, serverVersion: string, file: string, log: (message: string) => void): string | null {
  const serverMajor = Number.parseInt(serverVersion, 10);
  const pgDump = findPgDump(serverMajor);
  if (!pgDump) {
    log(`no pg_dump ≥ ${serverMajor} found: the archive holds the logical dump only`);
    return null;
  }
  const result = spawnSync(pgDump, ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${databaseUrl}`], { encoding: 'utf8' });
  if (result.status !== 0) {
    log(`pg_dump failed, the archive holds the logical dump only: ${result.stderr.trim()}`);
    rmSync(file, { force: true });
    return null;
  }
  return basename(file);
}

function findPgDump(serverMajor: number): string | null {
  const candidates = [process.env.PG_DUMP, 'pg_dump'];
  if (existsSync('/usr/lib/postgresql')) {
    for (const version of readdirSync('/usr/lib/postgresql')) candidates.push(join('/usr/lib/postgresql', version, 'bin', 'pg_dump'));
  }
  for (const candidate of candidates) {
    if (!candidate) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    const major = Number.parseInt(/(\d+)/.exec(version.stdout ?? '')?.[1] ?? '', 10);
    if (version.status === 0 && major >= serverMajor) return candidate;
  }
  return null;
}

function readme(manifest: BackupManifest): string {
  const keys =
    manifest.keyFiles.length > 0
      ? `keys/: the cheque key files of DATA_DIR/keys (${manifest.keyFiles.join(', ')}). Whoever holds this archive can sign cheques: keep it as secret as the keys.`
      : manifest.keysFromEnvironment
        ? 'The cheque keys are NOT in this archive: they come from the environment (CHEQUE_SIGNING_KEY, CHEQUE_CODE_KEY,\n' +
          'e.g. .env.production). Keep them in your secret store: without CHEQUE_CODE_KEY the stored cheque codes cannot be\n' +
          'read, and without the signing key no new cheque matches the ones already printed.'
        : 'No key file was found in DATA_DIR/keys and no key came from the environment.';
  return `Pass numérique backup, made ${manifest.createdAt} from database "${manifest.database}" (PostgreSQL ${manifest.serverVersion}).

Contents
- manifest.json: format, migrations the schema is at, tables with their row counts, sequences.
- data/*.jsonl: every row of every table, read in one snapshot (one JSON object per line).
- ${manifest.pgDump ? `${manifest.pgDump}: the same database as a pg_dump custom-format archive (pg_restore can read it).` : 'no pg_dump file: no pg_dump at least as recent as the server was found when the backup was made.'}
- ${keys}

Restore (into an EMPTY database, with the same version of Pass numérique):
  npm run restore -- ${'<this file>'}
  docker compose run --rm -v "$PWD:/backup" api node dist/apps/api/src/cli/restore.js /backup/<this file>
See docs/deploy.md.
`;
}
