/** Raw SQL helpers for the statements TypeORM's query builder cannot express well. */
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';

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
    // Sent at once on a connection already held (no await before it): statements issued one after
    // the other in a pipelined transaction reach PostgreSQL in the order of the calls.
    const client = (runner as { databaseConnection?: PoolClient }).databaseConnection ?? ((await runner.connect()) as PoolClient);
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

/**
 * Sends COMMIT right behind the statements already issued, without waiting for their answers, and
 * answers `last` once they and the COMMIT are done. If any of them fails, PostgreSQL turns the
 * COMMIT into a rollback and `last` rejects: nothing is committed.
 */
export type CommitBehind = <R>(last: Promise<R>) => Promise<R>;

/**
 * A transaction whose BEGIN goes out with its first statement instead of a round trip of its own,
 * and whose COMMIT may go out with its last ones (`commitBehind`): the connections run in pg's
 * pipeline mode (data-source-options.ts), so a statement sent before the previous one is answered
 * travels at once and PostgreSQL runs them in order; statements issued in the same turn of the
 * event loop share one write (coalescing-client.ts). The hot path uses the same mode to send
 * statements that do not need each other's answers together (see RedemptionService.redeemOnce).
 * `work` must not open a transaction of its own.
 */
export async function pipelinedTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager, commitBehind: CommitBehind) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  let committed: Promise<QueryResult> | null = null;
  const commitBehind: CommitBehind = async (last) => {
    committed = client.query('COMMIT');
    const [result] = await Promise.all([last, committed]);
    return result;
  };
  try {
    // Sent before anything `work` sends; if it failed, so would every statement behind it.
    const begun = client.query('BEGIN');
    const [result] = await Promise.all([work(runner.manager, commitBehind), begun]);
    const commit: QueryResult = await (committed ?? client.query('COMMIT'));
    // COMMIT of a transaction a failed statement aborted answers ROLLBACK, not an error.
    if (commit.command !== 'COMMIT') throw new Error(`the transaction was not committed (${commit.command})`);
    return result;
  } catch (error) {
    // A broken connection cannot roll back, and needs not: PostgreSQL drops its transaction.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
