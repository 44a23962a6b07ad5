/** Ledger helpers for tests: balances by account key, organisation ids of the demo users. */
import type TestAgent from 'supertest/lib/agent';
import type { TestApp } from './test-app';

/** GET /api/ledger/balances as { accountKey: cents }. */
export async function balancesOf(agent: TestAgent, at?: Date): Promise<Record<string, number>> {
  const response = await agent.get('/api/ledger/balances').query(at ? { at: at.toISOString() } : {});
  if (response.status !== 200) throw new Error(`balances: ${response.status} ${JSON.stringify(response.body)}`);
  return Object.fromEntries(
    (response.body.accounts as Array<{ account: string; balanceCents: number }>).map((a) => [a.account, a.balanceCents]),
  );
}

export async function organisationOf(testApp: TestApp, email: string): Promise<string> {
  const [row]: Array<{ organisation_id: string }> = await testApp.dataSource.query('SELECT organisation_id FROM users WHERE email = $1', [
    email,
  ]);
  return row.organisation_id;
}
