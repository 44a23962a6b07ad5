/**
 * One rule, two writings: the expiry job's SQL (it decides which cheques expire) and the domain's
 * redemption deadline (it tells people the last day) must agree on every day, through month ends,
 * leap years and long grace periods. The job's own predicate is evaluated by a real PostgreSQL.
 */
import fc from 'fast-check';
import { Client } from 'pg';
import { addDays, chequeVerdict, type IsoDate, redemptionDeadline } from '@app/domain';
import { pastRedemptionDeadlineSql } from '@app/vouchers';
import { createTestDatabase, dropTestDatabase } from '../helpers/test-database';

const day = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10) as IsoDate);

describe('expiry: the job’s SQL and the domain agree', () => {
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

  it('expires a cheque exactly on the days the domain calls it expired (property, 500 cases)', async () => {
    const predicate = `SELECT ${pastRedemptionDeadlineSql('p')} AS past FROM (VALUES ($2::date, $3::int)) AS p(valid_until, grace_days)`;
    await fc.assert(
      fc.asyncProperty(day, fc.integer({ min: 0, max: 400 }), fc.integer({ min: -3, max: 3 }), async (validUntil, graceDays, offset) => {
        // Days around the deadline, where a disagreement would show.
        const today = addDays(redemptionDeadline({ validUntil, graceDays }), offset);
        const { rows } = await client.query<{ past: boolean }>(predicate, [today, validUntil, graceDays]);
        const verdict = chequeVerdict(
          { status: 'distributed', programmeStatus: 'active', validFrom: '2000-01-01' as IsoDate, validUntil, graceDays },
          today,
        );
        expect(rows[0].past).toBe(verdict.code === 'expired');
        expect(rows[0].past).toBe(offset > 0);
      }),
      { numRuns: 500 },
    );
  });
});
