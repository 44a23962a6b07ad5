/** Shared start-up of command-line tools: validated config, then the database server. */
import { resolve } from 'node:path';
import { type DatabaseServer, runningEmbeddedServer, startDatabaseServer } from '@app/database';
import { type Environment, InvalidEnvironmentError, validateEnvironment } from '../config/environment';

export function loadEnvironmentOrExit(): Environment {
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

export function startConfiguredDatabase(
  environment: Environment,
  log: (message: string) => void = () => undefined,
): Promise<DatabaseServer> {
  return startDatabaseServer({
    databaseUrl: environment.DATABASE_URL,
    embeddedDataDir: resolve(environment.DATA_DIR, 'postgres'),
    log,
  });
}

/** The embedded server the running app already has (`npm start` is up), else the configured one started here. */
export async function commandDatabase(environment: Environment): Promise<DatabaseServer> {
  const running = environment.DATABASE_URL ? null : runningEmbeddedServer(resolve(environment.DATA_DIR, 'postgres'));
  return running ?? (await startConfiguredDatabase(environment));
}

/**
 * Runs a command and exits with its code. An error `refusal` turns into a message exits 1 (the command
 * refused, nothing changed); any other error prints its stack and exits 2.
 */
export function runCommand(main: () => Promise<number>, refusal: (error: unknown) => string | null = () => null): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const refused = refusal(error);
      if (refused !== null) {
        process.stderr.write(`${refused}\n`);
        process.exit(1);
      }
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(2);
    },
  );
}
