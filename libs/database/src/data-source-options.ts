/** The one place that says how we talk to PostgreSQL; the app and the migration CLI both use it. */
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { CoalescingClient } from './coalescing-client';

export interface DataSourceParts {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Run pending migrations when the data source initialises (the app does; the CLI decides itself). */
  migrationsRun?: boolean;
  poolSize?: number;
}

export function buildDataSourceOptions(parts: DataSourceParts): DataSourceOptions {
  return {
    type: 'postgres',
    url: parts.url,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsRun: parts.migrationsRun ?? false,
    migrationsTableName: 'migrations',
    // Each migration in its own transaction, so a failing one leaves the schema at the previous step.
    migrationsTransactionMode: 'each',
    // Never: the schema only changes through reviewed migrations.
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL >= 13: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Query errors surface as exceptions (logged by the HTTP error filter when unexpected).
    logging: ['migration'],
    extra: {
      max: parts.poolSize ?? 20,
      application_name: 'pass-numerique',
      // Only named prepared statements (preparedRows: the hot path's key look-ups) follow this: they
      // keep one generic plan per connection. Otherwise PostgreSQL judges `= ANY($1)` dearer in
      // general than for the one cheque at hand and plans the redemption statement on every call
      // (0.6 ms, more than it takes to run). Ordinary queries are planned each time as before.
      options: '-c plan_cache_mode=force_generic_plan',
      // pg's pipeline mode: a statement sent on a connection before the previous one is answered
      // goes out at once (PostgreSQL still runs them in order, each with its own sync point).
      // Code that awaits each statement behaves as before; the redemption sends its independent
      // writes together, saving round trips (pipelinedTransaction in sql.ts).
      pipeline: true,
      // Statements issued together also leave in one write (coalescing-client.ts).
      Client: CoalescingClient,
    },
  };
}
