/** npm run seed:demo — adds whatever is missing of the demo data (never in production). */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { demoLoginsBanner, seedDemo } from '../seed/demo-seed';
import { loadEnvironmentOrExit, startConfiguredDatabase } from './database-cli';

async function main(): Promise<void> {
  const environment = loadEnvironmentOrExit();
  if (environment.NODE_ENV === 'production') {
    process.stderr.write('The demo seed never runs in production.\n');
    process.exit(2);
  }
  const server = await startConfiguredDatabase(environment);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl: server.url, migrationsRun: true }), {
    logger: ['error', 'warn'],
  });
  try {
    await seedDemo(app);
    process.stdout.write(demoLoginsBanner(environment.PUBLIC_URL));
  } finally {
    await app.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
