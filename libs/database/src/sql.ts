/** Raw SQL helpers for the statements TypeORM's query builder cannot express well. */
import type { EntityManager } from 'typeorm';

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
