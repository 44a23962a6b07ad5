/**
 * pipelinedTransaction and its COMMIT sent behind statements not answered yet (libs/database/src/sql.ts):
 * whatever fails, in PostgreSQL or before a statement could be sent, nothing is committed.
 */
import { randomUUID } from 'node:crypto';
import { IdempotencyService, pipelinedTransaction, preparedRows } from '@app/database';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('pipelined transactions', () => {
  let testApp: TestApp;
  const insert = (manager: Parameters<typeof preparedRows>[0], n: unknown): Promise<unknown[]> =>
    preparedRows(manager, 'pipeline_test_insert', 'INSERT INTO pipeline_test (n) VALUES ($1) RETURNING n', [n]);
  const rows = async (): Promise<number[]> =>
    ((await testApp.dataSource.query('SELECT n FROM pipeline_test ORDER BY n')) as Array<{ n: number }>).map((row) => row.n);

  beforeAll(async () => {
    testApp = await startTestApp();
    await testApp.dataSource.query('CREATE TABLE pipeline_test (n int NOT NULL CHECK (n > 0))');
  });
  afterAll(() => testApp.close());
  beforeEach(() => testApp.dataSource.query('TRUNCATE pipeline_test'));

  it('commits the statements sent together with the COMMIT', async () => {
    const answer = await pipelinedTransaction(testApp.dataSource, async (manager, commitBehind) => {
      await insert(manager, 1);
      return commitBehind(Promise.all([insert(manager, 2), insert(manager, 3)]));
    });
    expect(answer).toHaveLength(2);
    expect(await rows()).toEqual([1, 2, 3]);
  });

  it('commits nothing when a statement sent before the COMMIT fails in PostgreSQL', async () => {
    const attempt = pipelinedTransaction(testApp.dataSource, async (manager, commitBehind) => {
      await insert(manager, 1);
      return commitBehind(Promise.all([insert(manager, 2), insert(manager, -1), insert(manager, 3)]));
    });
    await expect(attempt).rejects.toThrow(/pipeline_test_n_check/);
    expect(await rows()).toEqual([]);
  });

  it('commits nothing when a statement cannot be built: the helpers throw before the COMMIT is sent', async () => {
    const idempotency = testApp.app.get(IdempotencyService);
    const request = { organisationId: randomUUID(), key: randomUUID(), operation: 'test', body: {} };
    const attempt = pipelinedTransaction(testApp.dataSource, async (manager, commitBehind) => {
      await insert(manager, 1);
      const second = insert(manager, 2);
      // An answer that cannot be serialised (a BigInt), as a view could hold by mistake.
      const stored = idempotency.store(manager, request, 201, { amount: 10n });
      return commitBehind(Promise.all([second, stored]));
    });
    await expect(attempt).rejects.toThrow(/BigInt/);
    expect(await rows()).toEqual([]);
  });
});
