/** Raw SQL helpers for the statements TypeORM's query builder cannot express well. */
import type { PoolClient, QueryResultRow } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

/**
 * The rows of an `UPDATE … RETURNING` / `DELETE … RETURNING` (or any statement), always as an
 * array: EntityManager.query answers `[rows, count]` for UPDATE and DELETE, rows for the rest.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return result.records as T[];
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/**
 * The rows of one of the hot path's statements, run as a named prepared statement on the
 * connection: PostgreSQL parses and plans it once per connection instead of on every call (the
 * redemption statement took longer to plan than to run). A name always goes with the same text.
 */
export async function preparedRows<T>(manager: EntityManager, name: string, sql: string, parameters: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      return (await client.query<T & QueryResultRow>({ name, text: sql, values: parameters })).rows;
    } catch (error) {
      // As TypeORM would report it, so that callers recognise PostgreSQL errors the same way.
      throw new QueryFailedError(sql, parameters, error as Error);
    }
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
