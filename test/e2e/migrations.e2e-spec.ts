import { DataSource } from 'typeorm';
import { appDataSourceOptions } from '../../apps/api/src/database/app-data-source';
import { createTestDatabase, dropTestDatabase } from '../helpers/test-database';

describe('migrations', () => {
  let databaseUrl: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase(); // already migrated (cloned from the template)
    dataSource = new DataSource(appDataSourceOptions(databaseUrl, false));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(databaseUrl);
  });

  async function tables(): Promise<string[]> {
    const rows: Array<{ tablename: string }> = await dataSource.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((row) => row.tablename);
  }

  it('go down to an empty schema and up again cleanly', async () => {
    const migrated = await tables();
    expect(migrated).toEqual(expect.arrayContaining(['audit_events', 'organisations', 'users', 'sessions', 'api_tokens', 'invitations']));
    const count = dataSource.migrations.length;
    for (let step = 0; step < count; step++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    const types = await dataSource.query(
      "SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'",
    );
    expect(types).toEqual([]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(count);
    expect(await tables()).toEqual(migrated);
  });

  it('leave no drift between the entities and the schema', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});
