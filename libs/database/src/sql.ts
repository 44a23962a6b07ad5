/** Raw SQL helpers for the statements TypeORM's query builder cannot express well. */
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { Logger } from '@nestjs/common';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { METROPOLITAN_TIME_ZONE } from '@app/domain';

/** The calendar day of a timestamptz expression in the platform's time zone: localDate's answer, in SQL. */
export function localDateSql(instant: string): string {
  return `(${instant} AT TIME ZONE '${METROPOLITAN_TIME_ZONE}')::date`;
}

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
export function preparedRows<T>(manager: EntityManager, name: string, sql: string, parameters: unknown[]): Promise<T[]> {
  // On a connection already held, sent within this call: statements issued one after the other in
  // a pipelined transaction reach PostgreSQL in the order of the calls, and a statement that cannot
  // be sent throws here, before anything sent behind it (see CommitBehind).
  const held = manager.queryRunner && (manager.queryRunner as { databaseConnection?: PoolClient }).databaseConnection;
  if (held) return rowsOf<T>(held.query<T & QueryResultRow>({ name, text: sql, values: parameters }), sql, parameters);
  return preparedRowsOnOwnConnection<T>(manager, name, sql, parameters);
}

async function preparedRowsOnOwnConnection<T>(manager: EntityManager, name: string, sql: string, parameters: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    return await rowsOf<T>(client.query<T & QueryResultRow>({ name, text: sql, values: parameters }), sql, parameters);
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/** The rows, or the error as TypeORM would report it, so that callers recognise PostgreSQL errors the same way. */
function rowsOf<T>(result: Promise<QueryResult<T & QueryResultRow>>, sql: string, parameters: unknown[]): Promise<T[]> {
  return result.then(
    ({ rows }) => rows,
    (error: unknown) => {
      throw new QueryFailedError(sql, parameters, error as Error);
    },
  );
}

/**
 * Sends COMMIT right behind the statements already issued, without waiting for their answers, and
 * answers `last` once they and the COMMIT are done. If any of them fails in PostgreSQL, it turns the
 * COMMIT into a rollback and `last` rejects: nothing is committed. This relies on every statement
 * behind `last` having been sent: the helpers that issue them (preparedRows, and the services'
 * statements built on it) prepare their parameters and send within the call, so a statement that
 * cannot be built throws before COMMIT is sent.
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
    const commit = client.query('COMMIT');
    committed = commit;
    try {
      const [result] = await Promise.all([last, commit]);
      return result;
    } catch (error) {
      // Only a statement that failed without reaching PostgreSQL could leave the COMMIT standing:
      // the helpers above exist so that it cannot; should it happen anyway, say so loudly.
      const answer = await commit.catch(() => null);
      if (answer?.command === 'COMMIT') {
        new Logger('pipelinedTransaction').error(`committed although a statement behind it failed: ${String(error)}`);
      }
      throw error;
    }
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
