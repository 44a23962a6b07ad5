/**
 * One rule, two writings: the statement that spends cheques (SQL, it decides) and redeemability
 * (libs/domain, it explains refusals) must agree on every state of cheques, programmes and places.
 * Generated states are written as rows on a real PostgreSQL, then the real spend statement runs
 * with the parameters the service gives it, in transactions rolled back.
 */
import fc from 'fast-check';
import { Client } from 'pg';
import { type Redeemability, redeemability, REDEMPTION_REFUSALS, localDate, suspensionAt } from '@app/domain';
import { SPEND_CHEQUES_SQL, spendChequesParameters } from '@app/redemption';
import {
  type ChequeState,
  type RedemptionState,
  redemptionStateArbitrary,
  writeRedemptionStates,
  writeStateOwners,
} from '../helpers/redemption-states';
import { createTestDatabase, dropTestDatabase } from '../helpers/test-database';

const ATTEMPTS = 500;
/** Attempts written and tried in one transaction before it is rolled back. */
const ATTEMPTS_PER_TRANSACTION = 50;

/** Refusals that need facts these states do not have (a scan, a signature, an unknown cheque). */
const NOT_FROM_STATES = ['unknown_code', 'mistyped_code', 'invalid_signature'];

/** The domain's verdict on one cheque of the attempt, from the generated state (as RedemptionService.evaluate builds it). */
function domainVerdict(state: RedemptionState, cheque: ChequeState): Redeemability {
  return redeemability(
    {
      cheque: { ...cheque, usedOn: null },
      programme: { territoryCodes: cheque.territoryCodes, eligibleServices: cheque.eligibleServices },
      place: {
        communeCode: state.place.communeCode ?? '',
        qualifiedUntil: state.place.qualifiedUntil,
        suspendedAt: suspensionAt(state.place.suspendedAt, state.occurredAt),
      },
      service: { category: state.category },
    },
    localDate(state.occurredAt),
  );
}

/** Work run in transactions that are rolled back every `size` runs (or at once when one fails): nothing stays. */
class RolledBackTransactions {
  private runs = 0;
  private open = false;

  constructor(
    private readonly client: Client,
    private readonly size: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (!this.open) await this.client.query('BEGIN');
    this.open = true;
    try {
      const result = await work();
      this.runs += 1;
      if (this.runs % this.size === 0) await this.end();
      return result;
    } catch (error) {
      await this.end();
      throw error;
    }
  }

  async end(): Promise<void> {
    if (this.open) await this.client.query('ROLLBACK');
    this.open = false;
  }
}

describe('redemption rules: the spend statement agrees with the domain function', () => {
  let databaseUrl: string;
  let client: Client;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    client = new Client({ connectionString: databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await dropTestDatabase(databaseUrl);
  });

  it('spends the cheques of an attempt exactly when the domain finds every one redeemable (property, 500 attempts)', async () => {
    const owners = await writeStateOwners(client);
    const transactions = new RolledBackTransactions(client, ATTEMPTS_PER_TRANSACTION);
    const verdictsSeen = new Set<string>();
    try {
      await fc.assert(
        fc.asyncProperty(redemptionStateArbitrary, (state) =>
          transactions.run(async () => {
            const [attempt] = await writeRedemptionStates(client, [state], owners);
            const verdicts = state.cheques.map((cheque) => domainVerdict(state, cheque));
            for (const verdict of verdicts) verdictsSeen.add(verdict.code);
            // Named like the service's prepared statement: planned once, as on the app's connections.
            const spent = await client.query({
              name: 'redemption_spend',
              text: SPEND_CHEQUES_SQL,
              values: spendChequesParameters(attempt),
            });
            const redeemable = verdicts.every((verdict) => verdict.redeemable);
            expect({ verdicts: verdicts.map((verdict) => verdict.code), spent: spent.rows.length }).toEqual({
              verdicts: verdicts.map((verdict) => verdict.code),
              spent: redeemable ? state.cheques.length : 0,
            });
          }),
        ),
        { numRuns: ATTEMPTS },
      );
    } finally {
      await transactions.end();
    }
    // The states reached every verdict a state can give: the agreement is not about a few easy cases.
    const reachable = ['redeemable', ...REDEMPTION_REFUSALS.filter((code) => !NOT_FROM_STATES.includes(code))];
    expect([...verdictsSeen].sort()).toEqual(reachable.sort());
  });
});
