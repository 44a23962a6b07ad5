/**
 * At most once, proven on real PostgreSQL: many simultaneous attempts on the same cheque, spread
 * over two API processes sharing the database; a deliberately naive read-then-write redemption run
 * through the same harness, to prove the harness does catch double spends; a connection killed
 * between the cheque UPDATE and the commit; a response lost on the way back.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { hashChequeCode } from '@app/domain';
import { LedgerService } from '@app/ledger';
import {
  apiIsBuilt,
  type ApiProcess,
  freePort,
  loginCookie,
  startApiProcess,
  stopApiProcess,
  waitFor,
  chequeKeysEnv,
} from '../helpers/api-process';
import { type AttemptOutcome, raceCheques } from '../helpers/race';
import { handedOutProgramme, redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { DEMO, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app';

const ATTEMPTS_PER_CHEQUE = 50;
const describeBuilt = apiIsBuilt ? describe : describe.skip;

describeBuilt('redemption under races and failures', () => {
  let testApp: TestApp;
  let second: ApiProcess;
  let fixture: RedemptionFixture;
  let cookie: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'pass-numerique-race-'));

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true, env: { PUBLIC_URL: TEST_PUBLIC_URL } });
    fixture = await redemptionFixture(testApp);
    second = await startApiProcess(await freePort(), {
      DATABASE_URL: testApp.databaseUrl,
      DATA_DIR: dataDir,
      // The test app's cheque keys: they are recorded in the database, and other ones refuse to start.
      ...chequeKeysEnv(),
      PUBLIC_URL: TEST_PUBLIC_URL,
      DEMO_SEED: 'false',
      EXPIRY_JOB_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'error',
    });
    cookie = await loginCookie(second.baseUrl, DEMO.placeAgent, TEST_PUBLIC_URL);
  });
  afterAll(async () => {
    if (second) await stopApiProcess(second);
    await testApp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One HTTP redemption attempt, on one process or the other. */
  async function attemptOver(baseUrl: string, code: string): Promise<AttemptOutcome> {
    const response = await fetch(`${baseUrl}/api/redemptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TEST_PUBLIC_URL, cookie, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ cheques: [code], serviceId: fixture.workshopId }),
    });
    const body = (await response.json()) as { details?: { cheques?: Array<{ code: string }> } };
    if (response.status === 201) return 'won';
    if (response.status === 409 && body.details?.cheques?.[0]?.code === 'already_used') return 'already_used';
    return `unexpected ${response.status} ${JSON.stringify(body)}`;
  }

  it(`lets exactly one of ${ATTEMPTS_PER_CHEQUE} simultaneous attempts per cheque win, over two API processes`, async () => {
    const cheques = fixture.codes.slice(0, 8);
    const report = await raceCheques(cheques, ATTEMPTS_PER_CHEQUE, (code, attempt) =>
      attemptOver(attempt % 2 === 0 ? testApp.baseUrl : second.baseUrl, code),
    );
    expect(report.unexpected).toEqual([]);
    expect(report.attempts).toBe(cheques.length * ATTEMPTS_PER_CHEQUE);
    expect(report.winners).toBe(cheques.length);
    expect(report.doubleSpends).toBe(0);
    const rows: Array<{ n: number }> = await testApp.dataSource.query(
      `SELECT count(*)::int AS n FROM redemption_cheques rc JOIN cheques c ON c.id = rc.cheque_id
        WHERE c.code_hash = ANY($1) AND rc.released_at IS NULL`,
      [cheques.map((code) => hashChequeCode(code))],
    );
    expect(rows[0].n).toBe(cheques.length);
    process.stdout.write(`race: ${report.attempts} attempts, ${report.winners} winners, ${report.doubleSpends} double spends\n`);
  });

  it('catches the double spends of a naive read-then-write redemption (the harness can fail)', async () => {
    const { codes } = await handedOutProgramme(testApp, { eligibleServices: [] });
    const pool = new Pool({ connectionString: testApp.databaseUrl, max: 16 });
    try {
      const report = await raceCheques(codes.slice(0, 4), ATTEMPTS_PER_CHEQUE, (code) => naiveRedeem(pool, code));
      expect(report.unexpected).toEqual([]);
      expect(report.doubleSpends).toBeGreaterThan(0);
      process.stdout.write(
        `naive: ${report.attempts} attempts, ${report.winners} "winners", ${report.doubleSpends} double spends caught\n`,
      );
      // The ledger check sees it too: cheques spent with no redemption behind them.
      const ledger = await testApp.app.get(LedgerService).check();
      const booked = ledger.invariants.find((result) => result.invariant === 'redeemed_cheques_booked');
      expect(booked).toMatchObject({
        ok: false,
        offenders: expect.arrayContaining([expect.objectContaining({ problem: 'cheque without a live redemption' })]),
      });
      // Put the naive "redemptions" back, so the file ends with a consistent ledger.
      await testApp.dataSource.query("UPDATE cheques SET status = 'distributed' WHERE code_hash = ANY($1) AND status = 'redeemed'", [
        codes.slice(0, 4).map((code) => hashChequeCode(code)),
      ]);
    } finally {
      await pool.end();
    }
  });

  it('leaves nothing behind when the connection dies between the cheque UPDATE and the commit', async () => {
    const code = fixture.codes[10];
    const key = randomUUID();
    const blocker = new Client({ connectionString: testApp.databaseUrl });
    const admin = new Client({ connectionString: testApp.databaseUrl });
    await Promise.all([blocker.connect(), admin.connect()]);
    try {
      // Hold the audit table: the request stops after spending the cheque and writing the redemption, before its commit.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE');
      const pending = redeem(fixture.placeAgent, [code], fixture.workshopId, key).then((response) => response);
      const pid = await waitFor(async () => {
        const rows: Array<{ pid: number }> = (
          await admin.query(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO audit_events%'`,
          )
        ).rows;
        return rows[0]?.pid;
      });
      // The cheque is spent inside that transaction (its row is locked by it), not yet committed.
      const [spent] = (
        await admin.query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE l.pid = $1 AND l.granted AND c.relname = 'redemptions' AND l.mode = 'RowExclusiveLock'`,
          [pid],
        )
      ).rows;
      expect(spent.n).toBe(1);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await blocker.query('ROLLBACK');
      const response = await pending;
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ code: 'service_unavailable' });
    } finally {
      await blocker.end();
      await admin.end();
    }
    const [cheque] = await testApp.dataSource.query('SELECT status FROM cheques WHERE code_hash = $1', [hashChequeCode(code)]);
    expect(cheque.status).toBe('distributed');
    const [records] = await testApp.dataSource.query('SELECT count(*)::int AS n FROM idempotency_records WHERE key = $1', [key]);
    expect(records.n).toBe(0);
    // The same attempt, retried, goes through once.
    await redeem(fixture.placeAgent, [code], fixture.workshopId, key).expect(201);
  });

  it('commits nothing when one of the writes sent together fails: ledger entry, audit event and answer go back with the cheque', async () => {
    // The ledger entry, the audit event and the stored answer are sent together (pipelined): make
    // the audit event fail and check that the rest of the transaction goes back with it.
    const code = fixture.codes[12];
    expect(code).toBeDefined();
    const key = randomUUID();
    await testApp.dataSource.query(`
      CREATE FUNCTION test_refuse_redemption_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
      CREATE TRIGGER test_refuse_redemption_audit BEFORE INSERT ON audit_events
      FOR EACH ROW WHEN (NEW.action = 'redemption.created') EXECUTE FUNCTION test_refuse_redemption_audit()`);
    try {
      const failed = await redeem(fixture.placeAgent, [code], fixture.workshopId, key);
      expect(failed.status).toBe(500);
    } finally {
      await testApp.dataSource.query(
        'DROP TRIGGER test_refuse_redemption_audit ON audit_events; DROP FUNCTION test_refuse_redemption_audit()',
      );
    }
    const [left] = await testApp.dataSource.query(
      `SELECT (SELECT status::text FROM cheques WHERE code_hash = $1) AS status,
              (SELECT count(*)::int FROM redemption_cheques rc JOIN cheques c ON c.id = rc.cheque_id WHERE c.code_hash = $1) AS lines,
              (SELECT count(*)::int FROM idempotency_records WHERE key = $2) AS records,
              (SELECT count(*)::int FROM ledger_entries e JOIN redemption_cheques rc ON rc.redemption_id::text = e.source
                 JOIN cheques c ON c.id = rc.cheque_id WHERE c.code_hash = $1) AS entries`,
      [hashChequeCode(code), key],
    );
    expect(left).toEqual({ status: 'distributed', lines: 0, records: 0, entries: 0 });
    // Once the fault is gone, the same attempt goes through once, with its entry.
    const created = await redeem(fixture.placeAgent, [code], fixture.workshopId, key).expect(201);
    const [entry] = await testApp.dataSource.query(
      "SELECT count(*)::int AS n FROM ledger_entries WHERE kind = 'redemption' AND source = $1",
      [created.body.id],
    );
    expect(entry.n).toBe(1);
  });

  it('replays the same answer after a lost response, without a second redemption', async () => {
    const code = fixture.codes[11];
    const key = randomUUID();
    await sendAndHangUp(testApp.baseUrl, cookie, key, JSON.stringify({ cheques: [code], serviceId: fixture.workshopId }));
    const stored = await waitFor(async () => {
      const rows: Array<{ response_body: { id: string } }> = await testApp.dataSource.query(
        'SELECT response_body FROM idempotency_records WHERE key = $1',
        [key],
      );
      return rows[0]?.response_body;
    });
    const replay = await redeem(fixture.placeAgent, [code], fixture.workshopId, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(stored);
    const [count] = await testApp.dataSource.query(
      `SELECT count(*)::int AS n FROM redemption_cheques rc JOIN cheques c ON c.id = rc.cheque_id WHERE c.code_hash = $1 AND rc.released_at IS NULL`,
      [hashChequeCode(code)],
    );
    expect(count.n).toBe(1);
  });
});

/** The classic bug, kept here only to prove the harness: read the status, then write it. */
async function naiveRedeem(pool: Pool, code: string): Promise<AttemptOutcome> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; status: string }>('SELECT id, status FROM cheques WHERE code_hash = $1', [
      hashChequeCode(code),
    ]);
    if (rows[0]?.status !== 'distributed') {
      await client.query('ROLLBACK');
      return 'already_used';
    }
    await new Promise((resolve) => setTimeout(resolve, 2)); // the time a real service spends between the two
    await client.query("UPDATE cheques SET status = 'redeemed' WHERE id = $1", [rows[0].id]);
    await client.query('COMMIT');
    return 'won';
  } finally {
    client.release();
  }
}

/** Sends the request, then closes the socket at once: the client never sees the answer. */
function sendAndHangUp(baseUrl: string, cookie: string, key: string, body: string): Promise<void> {
  return new Promise((resolve) => {
    const url = new URL('/api/redemptions', baseUrl);
    const request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        origin: TEST_PUBLIC_URL,
        cookie,
        'idempotency-key': key,
      },
    });
    request.on('error', () => resolve());
    request.end(body, () => {
      request.destroy();
      resolve();
    });
  });
}
