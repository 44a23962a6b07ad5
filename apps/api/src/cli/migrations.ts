/**
 * npm run migration:run | migration:revert | migration:generate -- <Name> | migration:check
 * Works against DATABASE_URL or the embedded database, like the app.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { appDataSourceOptions } from '../database/app-data-source';
import { findProjectRoot } from '../project-root';
import { loadEnvironmentOrExit, startConfiguredDatabase } from './database-cli';

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const environment = loadEnvironmentOrExit();
  const server = await startConfiguredDatabase(environment);
  const dataSource = new DataSource(appDataSourceOptions(server.url, false));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'run': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        process.stdout.write(applied.length ? applied.map((m) => `applied ${m.name}\n`).join('') : 'no pending migration\n');
        return 0;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        process.stdout.write('reverted the last migration\n');
        return 0;
      case 'check':
        return await checkDrift(dataSource);
      case 'generate':
        return await generate(dataSource, name);
      default:
        process.stderr.write('usage: migrations run | revert | check | generate <PascalName>\n');
        return 2;
    }
  } finally {
    await dataSource.destroy();
    await server.stop();
  }
}

/** After every migration has run, the entities must want no further change. */
async function checkDrift(dataSource: DataSource): Promise<number> {
  await dataSource.runMigrations({ transaction: 'each' });
  const pending = await dataSource.driver.createSchemaBuilder().log();
  if (pending.upQueries.length === 0) {
    process.stdout.write('migrations and entities agree: no drift\n');
    return 0;
  }
  process.stderr.write('Drift: the entities need changes no migration makes:\n');
  for (const query of pending.upQueries) process.stderr.write(`  ${query.query}\n`);
  process.stderr.write('Run `npm run migration:generate -- <Name>` and add it to migrations/index.ts.\n');
  return 1;
}

async function generate(dataSource: DataSource, name: string | undefined): Promise<number> {
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    process.stderr.write('usage: npm run migration:generate -- <PascalName>\n');
    return 2;
  }
  await dataSource.runMigrations({ transaction: 'each' });
  const pending = await dataSource.driver.createSchemaBuilder().log();
  if (pending.upQueries.length === 0) {
    process.stdout.write('no change to migrate\n');
    return 0;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const statement = (query: { query: string; parameters?: unknown[] }): string =>
    `    await queryRunner.query(\`${query.query.replace(/ {2}\(/g, '(').trim()}\`${query.parameters?.length ? `, ${JSON.stringify(query.parameters)}` : ''});`;
  const up = pending.upQueries.map(statement);
  const down = pending.downQueries.reverse().map(statement);
  const file = join(findProjectRoot(), 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up.join('\n')}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down.join('\n')}\n  }\n}\n`,
  );
  process.stdout.write(`wrote ${file}\nadd ${className} to migrations/index.ts\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
