export * from './database-server';
export * from './coalescing-client';
export * from './data-source-options';
export * from './postgres-errors';
export * from './sql';
export * from './idempotency.service';
export * from './local-secrets';
