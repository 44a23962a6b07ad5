/**
 * Starts the API: validated config → PostgreSQL (DATABASE_URL or embedded) → migrations →
 * demo seed when the database is empty (not in production) → HTTP on PORT.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { PinoLogger } from 'nestjs-pino';
import { symbols } from 'pino';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startDatabaseServer } from '@app/database';
import { ChequeKeyMismatchError } from '@app/vouchers';
import { AppModule } from './app.module';
import { InvalidEnvironmentError, validateEnvironment } from './config/environment';
import { configureApp, createFastifyAdapter } from './configure-app';
import { demoLoginsBanner, isDatabaseEmpty, seedDemo } from './seed/demo-seed';

async function bootstrap(): Promise<void> {
  const environment = validateEnvironment(process.env);
  const database = await startDatabaseServer({
    databaseUrl: environment.DATABASE_URL,
    embeddedDataDir: resolve(environment.DATA_DIR, 'postgres'),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ databaseUrl: database.url, migrationsRun: true }),
    createFastifyAdapter({ trustProxy: environment.TRUST_PROXY }),
    { bufferLogs: true },
  );
  await configureApp(app);
  // Module start-up hooks (keys, scheduled jobs) must have run before the seed uses the services.
  await app.init();

  const demo = environment.DEMO_SEED && environment.NODE_ENV !== 'production';
  if (demo && (await isDatabaseEmpty(app))) await seedDemo(app);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping\n`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen(environment.PORT, environment.HOST);
  process.stdout.write(`API ready on ${await app.getUrl()} (database: ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'})\n`);
  // The demo logins go last, through the log's own stream: pino writes stdout asynchronously, so a
  // line logged during start-up could otherwise land after anything written to stdout directly.
  if (demo) logStream().write(demoLoginsBanner(environment.PUBLIC_URL));
}

function logStream(): { write(text: string): unknown } {
  return (PinoLogger.root as unknown as Record<symbol, { write(text: string): unknown } | undefined>)[symbols.streamSym] ?? process.stdout;
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof ChequeKeyMismatchError) {
    process.stderr.write(`Start-up refused: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
