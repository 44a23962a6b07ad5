/** Shared start-up of command-line tools: validated config, then the database server. */
import { resolve } from 'node:path';
import { type DatabaseServer, startDatabaseServer } from '@app/database';
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
