/**
 * Cheque keys across API processes (docs/adr/0012-cheque-keys-across-instances.md), with real
 * processes on one database: the same keys verify each other's cheques; other keys refuse to start
 * and say what to do; a rotation registered with the keys CLI signs new cheques while the old ones
 * still verify and redeem, and GET /api/keys lists both. Needs `npm run build:api` first.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { hashChequeCode } from '@app/domain';
import { ChequeKeysService, newSigningKeyBase64 } from '@app/vouchers';
import { apiIsBuilt, type ApiProcess, chequeKeysEnv, freePort, startApiProcess, stopApiProcess } from '../helpers/api-process';
import { createProgramme } from '../helpers/programmes';
import {
  handedOutProgramme,
  handOutFirstBooklet,
  qrContentOf,
  redeem,
  redemptionFixture,
  type RedemptionFixture,
} from '../helpers/redemption';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed';
import { DEMO, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app';

const root = resolve(__dirname, '../..');
const describeBuilt = apiIsBuilt ? describe : describe.skip;

interface PublishedKeys {
  keys: Array<{ kid: string; publicKey: string }>;
}

describeBuilt('cheque keys across API processes', () => {
  let testApp: TestApp;
  let fixture: RedemptionFixture;
  const started: ApiProcess[] = [];
  const dataDirs: string[] = [];

  function dataDir(): string {
    const folder = mkdtempSync(join(tmpdir(), 'pass-numerique-keys-'));
    chmodSync(folder, 0o755);
    dataDirs.push(folder);
    return folder;
  }

  /** A second API process on the test app's database. */
  async function startSecond(env: Record<string, string | undefined>): Promise<ApiProcess> {
    const api = await startApiProcess(await freePort(), {
      DATABASE_URL: testApp.databaseUrl,
      DATA_DIR: dataDir(),
      PUBLIC_URL: TEST_PUBLIC_URL,
      DEMO_SEED: 'false',
      EXPIRY_JOB_INTERVAL_MINUTES: '0',
      REPORTING_REFRESH_MINUTES: '0',
      LOG_LEVEL: 'error',
      ...env,
    });
    started.push(api);
    return api;
  }

  async function signedIn(api: ApiProcess, email: string): Promise<TestAgent> {
    // Every request sends the platform's Origin, as a browser would.
    const agent = request.agent(api.baseUrl).set('Origin', TEST_PUBLIC_URL);
    await agent.post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
    return agent;
  }

  /** A programme created, activated and handed out through this process's HTTP API: its cheques are signed by its key. */
  async function handedOutThrough(api: ApiProcess): Promise<{ programmeId: string; codes: string[] }> {
    const funder = await signedIn(api, DEMO.funderManager);
    const operator = await signedIn(api, DEMO.operatorAdmin);
    const distributor = await signedIn(api, DEMO.distributorAgent);
    const programme = await createProgramme({ funder, operator, until: 'active', input: { name: `Programme de ${api.baseUrl}` } });
    await handOutFirstBooklet(testApp, { operator, distributor }, programme);
    const rows: Array<{ code_ciphertext: Buffer }> = await testApp.dataSource.query(
      `SELECT c.code_ciphertext FROM cheques c JOIN booklets b ON b.id = c.booklet_id
        WHERE c.programme_id = $1 AND b.number = 1 ORDER BY c.position`,
      [programme.id],
    );
    // Decrypted with the test app's code key: the same key encrypted them in the other process.
    const keys = testApp.app.get(ChequeKeysService);
    return { programmeId: programme.id, codes: rows.map((row) => keys.decryptCode(row.code_ciphertext, programme.id)) };
  }

  async function keyIdOf(code: string): Promise<string> {
    const [row]: Array<{ signing_key_id: string }> = await testApp.dataSource.query(
      'SELECT signing_key_id FROM cheques WHERE code_hash = $1',
      [hashChequeCode(code)],
    );
    return row.signing_key_id;
  }

  async function publishedKeys(baseUrl: string): Promise<PublishedKeys> {
    const response = await fetch(`${baseUrl}/api/keys`);
    expect(response.status).toBe(200);
    return (await response.json()) as PublishedKeys;
  }

  /** The keys CLI as an operator runs it (`npm run keys -- …`, built). */
  function keysCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/cli/keys.js'), ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: testApp.databaseUrl, DATA_DIR: dataDir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolveExit) => child.on('exit', (code) => resolveExit({ code, output })));
  }

  beforeAll(async () => {
    testApp = await startTestApp({ listen: true, env: { PUBLIC_URL: TEST_PUBLIC_URL } });
    fixture = await redemptionFixture(testApp);
  });
  afterAll(async () => {
    for (const api of started) await stopApiProcess(api);
    await testApp?.close();
    for (const folder of dataDirs) rmSync(folder, { recursive: true, force: true });
  });

  it('records the fingerprints of the keys the first process started with', async () => {
    const rows: Array<{ kid: string; purpose: string; public_key: string | null; fingerprint: string; retired_at: Date | null }> =
      await testApp.dataSource.query('SELECT kid, purpose, public_key, fingerprint, retired_at FROM cheque_keys ORDER BY purpose');
    expect(rows.map((row) => row.purpose)).toEqual(['code', 'signing']);
    expect(rows[0].public_key).toBeNull();
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.fingerprint) && row.retired_at === null)).toBe(true);
    const published = await publishedKeys(testApp.baseUrl);
    expect(published.keys).toEqual([expect.objectContaining({ kid: rows[1].kid, publicKey: rows[1].public_key })]);
  });

  it('starts a second process with the same keys, and each verifies and redeems the cheques the other signed', async () => {
    const second = await startSecond(chequeKeysEnv());
    expect(await publishedKeys(second.baseUrl)).toEqual(await publishedKeys(testApp.baseUrl));

    // Signed by the test app, redeemed through the second process.
    const first = await handedOutProgramme(testApp);
    const agentOnSecond = await signedIn(second, DEMO.placeAgent);
    const viaSecond = await redeem(agentOnSecond, [await qrContentOf(testApp, first.codes[0])], fixture.supportId);
    expect(viaSecond.status).toBe(201);

    // Signed by the second process, redeemed through the test app.
    const issuedThere = await handedOutThrough(second);
    const viaTestApp = await redeem(fixture.placeAgent, [await qrContentOf(testApp, issuedThere.codes[0])], fixture.supportId);
    expect(viaTestApp.status).toBe(201);
  });

  it('refuses to start another DATA_DIR with other keys, saying what to do', async () => {
    // A fresh data folder generates its own keys: the code key differs first.
    await expect(startSecond({})).rejects.toThrow(/Start-up refused: The cheque code key .* is not the one recorded in this database/);
    const fresh = await startSecond({}).catch((error: Error) => error.message);
    expect(fresh).toContain('cheque-code-key.txt');
    expect(fresh).toContain('CHEQUE_CODE_KEY');
    expect(fresh).toContain('cannot be rotated');

    // The right code key, another signing key.
    const otherSigning = await startSecond({
      CHEQUE_CODE_KEY: chequeKeysEnv().CHEQUE_CODE_KEY,
      CHEQUE_SIGNING_KEY: newSigningKeyBase64(),
    }).catch((error: Error) => error.message);
    expect(otherSigning).toMatch(/API exited with 1/);
    expect(otherSigning).toContain('The cheque signing key (from CHEQUE_SIGNING_KEY');
    expect(otherSigning).toContain('is not recorded in this database');
    expect(otherSigning).toContain('cheque-signing-key.pem');
    expect(otherSigning).toContain('npm run keys -- rotate');
    const [{ n }]: Array<{ n: number }> = await testApp.dataSource.query('SELECT count(*)::int AS n FROM cheque_keys');
    expect(n).toBe(2);
  });

  it('rotates the signing key: new cheques are signed by the new key, old ones still verify and redeem, /api/keys lists both', async () => {
    const oldKid = (await publishedKeys(testApp.baseUrl)).keys[0].kid;
    const before = await handedOutProgramme(testApp);
    expect(await keyIdOf(before.codes[0])).toBe(oldKid);

    const newKey = { CHEQUE_SIGNING_KEY: newSigningKeyBase64(), CHEQUE_CODE_KEY: chequeKeysEnv().CHEQUE_CODE_KEY };
    const rotation = await keysCli(['rotate'], newKey);
    expect(rotation).toMatchObject({ code: 0 });
    expect(rotation.output).toContain(`${oldKid} is retired and still verifies the cheques it signed`);

    const rotated = await startSecond(newKey);
    const listed = await publishedKeys(rotated.baseUrl);
    expect(listed.keys).toHaveLength(2);
    const newKid = listed.keys[0].kid;
    expect(listed.keys.map((key) => key.kid)).toEqual([newKid, oldKid]);

    // New cheques: signed by the new key; they verify on the new process and on the test app started before the rotation.
    const after = await handedOutThrough(rotated);
    expect(await keyIdOf(after.codes[0])).toBe(newKid);
    const agentOnRotated = await signedIn(rotated, DEMO.placeAgent);
    expect((await redeem(agentOnRotated, [await qrContentOf(testApp, after.codes[0])], fixture.supportId)).status).toBe(201);
    expect((await redeem(fixture.placeAgent, [await qrContentOf(testApp, after.codes[1])], fixture.supportId)).status).toBe(201);

    // Old cheques still verify and redeem on the new process.
    expect((await redeem(agentOnRotated, [await qrContentOf(testApp, before.codes[0])], fixture.supportId)).status).toBe(201);

    // The offline bundle carries both keys; the test app lists both too once it re-read them.
    const bundle = await fixture.placeAgent.get(`/api/redemptions/offline-bundle?placeId=${fixture.placeId}`).expect(200);
    expect((bundle.body as PublishedKeys).keys.map((key) => key.kid).sort()).toEqual([newKid, oldKid].sort());

    // A process still configured with the retired key refuses to start.
    const retired = await startSecond(chequeKeysEnv()).catch((error: Error) => error.message);
    expect(retired).toContain(`The cheque signing key ${oldKid}`);
    expect(retired).toContain(`by ${newKid}`);
    expect(retired).toContain('Set CHEQUE_SIGNING_KEY to the current key');

    const list = await keysCli(['list'], newKey);
    expect(list.code).toBe(0);
    expect(list.output).toContain(`${newKid}\tsigning`);
    expect(list.output).toMatch(new RegExp(`${oldKid}\\tsigning\\t[0-9a-f]{64}\\trecorded \\S+\\tretired `));
  });
});
