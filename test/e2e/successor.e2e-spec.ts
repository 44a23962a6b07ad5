/**
 * The rehearsal of a takeover (docs/successor.md): instance A, mid-month, is exported by the built
 * `successor:export` CLI into one archive signed by A's operator and encrypted to a successor; the
 * built `successor:import` loads it into B — another empty database, other cheque keys. On B a cheque
 * printed by A verifies offline and online and redeems, A's pending redemptions are paid by B's first
 * batch, the totals are A's manifest's and the ledger check is green. A tampered archive, another
 * recipient and another signer are refused, and no secret of A is in the archive.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { Client } from 'pg';
import type TestAgent from 'supertest/lib/agent';
import { hashChequeCode, offlineVerdict, type OfflineRules, publicKeyFromRaw, readScannedCheque, verifyChequeSignature } from '@app/domain';
import { PasswordsService } from '@app/identity';
import { OutboxWorker } from '@app/mail';
import { newSigningKeyBase64 } from '@app/vouchers';
import type { SuccessorManifest } from '../../apps/api/src/successor/successor-archive';
import { apiIsBuilt } from '../helpers/api-process';
import { qrContentOf, redeem, redemptionFixture, type RedemptionFixture } from '../helpers/redemption';
import { createBatch, databaseNow, submitBankDetails, todayInParis, verifyBankDetails } from '../helpers/settlement';
import { passwordLinkIn, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';
import { createEmptyDatabase, dropDatabase } from '../helpers/test-database';

const root = join(__dirname, '..', '..');
const cli = (name: string): string => join(root, 'dist/apps/api/src/cli', `${name}.js`);
const describeBuilt = apiIsBuilt ? describe : describe.skip;
const SUCCESSOR_PASSPHRASE = 'une phrase de passe du successeur';
const NEW_PASSWORD = 'la reprise se passe bien ce mois-ci';
const SUCCESSOR_URL = 'http://successeur.pass-numerique.test';

interface Keys {
  operatorPublic: string;
  operatorPrivate: string;
  successorPublic: string;
  successorPrivate: string;
  strangerPublic: string;
  strangerPrivate: string;
}

async function writeKeyPair(folder: string, name: string, email: string, passphrase?: string): Promise<[string, string]> {
  const pair = await openpgp.generateKey({ userIDs: [{ name, email }], passphrase, format: 'armored' });
  const publicFile = join(folder, `${email}.pub.asc`);
  const privateFile = join(folder, `${email}.key.asc`);
  writeFileSync(publicFile, pair.publicKey);
  writeFileSync(privateFile, pair.privateKey, { mode: 0o600 });
  return [publicFile, privateFile];
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function tableCount(url: string): Promise<number> {
  return withClient(url, async (client) =>
    Number((await client.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n),
  );
}

/** The money figures, computed here from the raw tables (not by the code under test). */
async function moneyFigures(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const figures: Record<string, string> = {};
    for (const row of (
      await client.query(`SELECT account_kind::text AS kind, sum(amount_cents)::text AS cents FROM ledger_postings GROUP BY 1`)
    ).rows) {
      figures[`ledger:${row.kind}`] = row.cents;
    }
    const [pending] = (
      await client.query(
        `SELECT count(*)::text AS n, coalesce(sum(amount_cents), 0)::text AS cents FROM redemptions r
          WHERE undone_at IS NULL AND NOT EXISTS (SELECT 1 FROM settlement_lines l
                WHERE l.organisation_id = r.organisation_id AND l.status = 'paid' AND l.covered @> r.recorded_at)`,
      )
    ).rows;
    const [outstanding] = (
      await client.query(
        `SELECT count(*)::text AS n, coalesce(sum(p.face_value_cents), 0)::text AS cents FROM cheques c JOIN programmes p ON p.id = c.programme_id
          WHERE p.funded_at IS NOT NULL AND c.status IN ('issued', 'distributed')`,
      )
    ).rows;
    return {
      ...figures,
      pendingRedemptions: pending.n,
      pendingCents: pending.cents,
      outstandingCheques: outstanding.n,
      outstandingCents: outstanding.cents,
    };
  });
}

function manifestFigures(manifest: SuccessorManifest): Record<string, string> {
  const figures: Record<string, string> = {};
  for (const [kind, cents] of Object.entries(manifest.totals.ledgerBalanceCents)) if (cents !== '0') figures[`ledger:${kind}`] = cents;
  return {
    ...figures,
    pendingRedemptions: String(manifest.totals.pendingPayable.redemptions),
    pendingCents: manifest.totals.pendingPayable.cents,
    outstandingCheques: String(manifest.totals.outstandingCheques.cheques),
    outstandingCents: manifest.totals.outstandingCheques.cents,
  };
}

/**
 * The scanner's offline check (apps/web/src/scanner/offline-check.ts) with Node's Ed25519: only the
 * bundle's keys, cancelled list and rules, no request to the API.
 */
function checkOffline(
  input: string,
  bundle: OfflineRules & { keys: Array<{ kid: string; publicKey: string }>; cancelledCheques: string[] },
  serviceId: string,
) {
  const scanned = readScannedCheque(input);
  if (!scanned.ok || !scanned.qr) throw new Error(`not a cheque's QR: ${input}`);
  const qr = scanned.qr;
  const key = bundle.keys.find((candidate) => candidate.kid === qr.keyId);
  const signatureValid = !!key && verifyChequeSignature(publicKeyFromRaw(key.publicKey), qr, qr.signature);
  const cancelled = bundle.cancelledCheques.includes(hashChequeCode(scanned.code).toString('hex'));
  return offlineVerdict(scanned, { signatureValid, cancelled, queuedAt: null }, bundle, serviceId, new Date());
}

function run(script: string, args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli(script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeBuilt('successor archive: the rehearsal of a takeover', () => {
  const work = mkdtempSync(join(tmpdir(), 'pn-successor-'));
  const successorDataDir = join(work, 'successor-data');
  const archive = join(work, 'out', 'reprise.pgp');
  const successorChequeKeys = { CHEQUE_SIGNING_KEY: newSigningKeyBase64(), CHEQUE_CODE_KEY: randomBytes(32).toString('base64') };
  let keys: Keys;
  let a: TestApp;
  let b: TestApp | undefined;
  let bUrl: string;
  let smtp: TestSmtpServer;
  let fixture: RedemptionFixture;
  /** A cheque handed out by A and not used there: its QR, as printed by A. */
  let printedByA: { code: string; qr: string };
  let pendingOnA: string[];
  let figuresOfA: Record<string, string>;
  let manifest: SuccessorManifest;
  let plainFolder: string;

  const importInto = (databaseUrl: string, file: string, identity: string, signer: string) =>
    run('successor-import', [file, '--identity', identity, '--signer', signer], {
      DATABASE_URL: databaseUrl,
      DATA_DIR: successorDataDir,
      SUCCESSOR_IDENTITY_PASSPHRASE: SUCCESSOR_PASSPHRASE,
      ...successorChequeKeys,
    });

  beforeAll(async () => {
    const keyFolder = join(work, 'keys');
    mkdirSync(keyFolder);
    const [operatorPublic, operatorPrivate] = await writeKeyPair(keyFolder, 'Opérateur sortant', 'sortant@operateur.example');
    const [successorPublic, successorPrivate] = await writeKeyPair(
      keyFolder,
      'Successeur',
      'reprise@successeur.example',
      SUCCESSOR_PASSPHRASE,
    );
    const [strangerPublic, strangerPrivate] = await writeKeyPair(keyFolder, 'Inconnu', 'inconnu@ailleurs.example');
    keys = { operatorPublic, operatorPrivate, successorPublic, successorPrivate, strangerPublic, strangerPrivate };
    smtp = await startSmtpServer();

    // Instance A in the middle of a month: the demo's history, today's redemptions not paid yet,
    // a draft batch, and the second place organisation's bank details verified.
    a = await startTestApp();
    fixture = await redemptionFixture(a);
    await redeem(fixture.placeAgent, [fixture.codes[0]], fixture.workshopId).expect(201);
    printedByA = { code: fixture.codes[1], qr: await qrContentOf(a, fixture.codes[1]) };
    const centreSocial = await loginAs(a, 'mediatrice@centre-social.example');
    const [centre]: Array<{ id: string; name: string }> = await a.dataSource.query(
      `SELECT o.id, o.name FROM organisations o JOIN users u ON u.organisation_id = o.id WHERE u.email = 'mediatrice@centre-social.example'`,
    );
    const details = await submitBankDetails(centreSocial, centre.name);
    await verifyBankDetails(a, centre.id, details);
    // Secrets that must not travel: an API token, sessions and known devices (the sign-ins above).
    await (
      await loginAs(a, DEMO.funderManager)
    )
      .post('/api/api-tokens')
      .send({ name: 'Tableur', scopes: ['organisation:read'] })
      .expect(201);
    pendingOnA = (
      await a.dataSource.query(
        `SELECT r.id FROM redemptions r WHERE r.undone_at IS NULL AND NOT EXISTS (SELECT 1 FROM settlement_lines l
            WHERE l.organisation_id = r.organisation_id AND l.status = 'paid' AND l.covered @> r.recorded_at) ORDER BY r.id`,
      )
    ).map((row: { id: string }) => row.id);
    figuresOfA = await moneyFigures(a.databaseUrl);
  });

  afterAll(async () => {
    await b?.close();
    if (!b && bUrl) await dropDatabase(bUrl);
    await a?.close();
    await smtp?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('exports A mid-month into one archive signed by the operator and encrypted to the successor, with no secret in it', async () => {
    expect(pendingOnA.length).toBeGreaterThan(5);
    const exported = run('successor-export', ['--recipient', keys.successorPublic, '--out', archive], {
      DATABASE_URL: a.databaseUrl,
      DATA_DIR: join(work, 'a-data'),
      SUCCESSOR_SIGNING_KEY: keys.operatorPrivate,
    });
    expect({ status: exported.status, stderr: exported.stderr }).toMatchObject({ status: 0 });
    const [file, hashLine] = exported.stdout.trim().split('\n');
    expect(file).toBe(archive);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    const sha256 = /^sha256 ([0-9a-f]{64})$/.exec(hashLine)?.[1];
    expect(sha256).toBeDefined();
    // The handover is in A's audit trail, with the archive's hash.
    const [audited]: Array<{ changes: { sha256: string } }> = await a.dataSource.query(
      `SELECT changes FROM audit_events WHERE action = 'successor.exported' AND object_id = 'reprise.pgp'`,
    );
    expect(audited.changes.sha256).toBe(sha256);

    // Opened here with openpgp directly: the successor's key decrypts, the operator's key signed.
    const successorKey = await openpgp.decryptKey({
      privateKey: await openpgp.readPrivateKey({ armoredKey: readFileSync(keys.successorPrivate, 'utf8') }),
      passphrase: SUCCESSOR_PASSPHRASE,
    });
    const opened = await openpgp.decrypt({
      message: await openpgp.readMessage({ binaryMessage: readFileSync(archive) }),
      decryptionKeys: successorKey,
      verificationKeys: await openpgp.readKey({ armoredKey: readFileSync(keys.operatorPublic, 'utf8') }),
      expectSigned: true,
      format: 'binary',
    });
    plainFolder = join(work, 'plain');
    mkdirSync(plainFolder);
    writeFileSync(join(work, 'plain.tar.gz'), opened.data as Uint8Array);
    expect(spawnSync('tar', ['-xzf', join(work, 'plain.tar.gz'), '-C', plainFolder]).status).toBe(0);
    const [folder] = readdirSync(plainFolder);
    plainFolder = join(plainFolder, folder);
    manifest = JSON.parse(readFileSync(join(plainFolder, 'manifest.json'), 'utf8')) as SuccessorManifest;

    expect(manifest.format).toBe('pass-numerique-successor/1');
    expect(manifestFigures(manifest)).toEqual(figuresOfA);
    expect(manifest.totals.pendingPayable.redemptions).toBe(pendingOnA.length);
    const rows = Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows]));
    for (const table of [
      'organisations',
      'users',
      'programmes',
      'booklets',
      'cheques',
      'cheque_keys',
      'places',
      'qualification_applications',
      'qualification_decisions',
      'qualification_evidence',
      'place_suspensions',
      'bank_details',
      'catalogue_entries',
      'redemptions',
      'ledger_entries',
      'ledger_postings',
      'settlement_batches',
      'settlement_lines',
      'cheque_feedback',
      'audit_events',
    ]) {
      const only: string =
        ({ cheque_keys: " WHERE purpose = 'signing'", audit_events: " WHERE action <> 'successor.exported'" } as Record<string, string>)[
          table
        ] ?? '';
      const [{ n }]: Array<{ n: number }> = await a.dataSource.query(`SELECT count(*)::int AS n FROM ${table}${only}`);
      expect({ table, rows: rows[table] }).toEqual({ table, rows: n });
      expect(n).toBeGreaterThan(0);
    }
    for (const table of [
      'sessions',
      'known_devices',
      'api_tokens',
      'password_tokens',
      'invitations',
      'outbox_messages',
      'idempotency_records',
    ]) {
      expect(rows[table]).toBeUndefined();
    }
    const [aKey]: Array<{ kid: string; public_key: string }> = await a.dataSource.query(
      `SELECT kid, public_key FROM cheque_keys WHERE purpose = 'signing'`,
    );
    expect(manifest.signingKeys).toEqual([expect.objectContaining({ kid: aKey.kid, publicKey: aKey.public_key })]);

    // Searched byte for byte: no password hash, session, token, device cookie, code or code ciphertext of A.
    const content = readdirSync(join(plainFolder, 'data'))
      .map((name) => readFileSync(join(plainFolder, 'data', name), 'utf8'))
      .join('\n')
      .concat(readFileSync(join(plainFolder, 'manifest.json'), 'utf8'));
    const hex = (rows: Array<Record<string, Buffer>>, column: string) => rows.map((row) => row[column].toString('hex'));
    const secrets = [
      ...(await a.dataSource.query(`SELECT password_hash FROM users WHERE password_hash <> '!'`)).map(
        (row: { password_hash: string }) => row.password_hash,
      ),
      ...hex(await a.dataSource.query('SELECT token_hash FROM sessions'), 'token_hash'),
      ...hex(await a.dataSource.query('SELECT token_hash FROM known_devices'), 'token_hash'),
      ...hex(await a.dataSource.query('SELECT token_hash FROM api_tokens'), 'token_hash'),
      ...hex(await a.dataSource.query('SELECT token_hash FROM password_tokens'), 'token_hash'),
      ...hex(await a.dataSource.query('SELECT code_ciphertext FROM cheques'), 'code_ciphertext'),
      ...fixture.codes,
    ];
    expect(secrets.length).toBeGreaterThan(20);
    expect(secrets.filter((secret) => content.includes(secret))).toEqual([]);
    expect(content).not.toContain('$argon2');
  });

  it('refuses a tampered archive, another recipient and another signer, leaving the empty database untouched', async () => {
    bUrl = await createEmptyDatabase('successor');
    const tampered = join(work, 'tampered.pgp');
    const bytes = readFileSync(archive);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(tampered, bytes);
    const altered = importInto(bUrl, tampered, keys.successorPrivate, keys.operatorPublic);
    expect(altered.status).toBe(1);
    expect(altered.stderr).toMatch(/^Import refused: The archive cannot be opened: it was altered or damaged after it was signed/m);

    const stranger = importInto(bUrl, archive, keys.strangerPrivate, keys.operatorPublic);
    expect(stranger.status).toBe(1);
    expect(stranger.stderr).toMatch(/Import refused: This archive is encrypted to the key id\(s\) [0-9A-F]+, not to this identity/);

    const otherSigner = importInto(bUrl, archive, keys.successorPrivate, keys.strangerPublic);
    expect(otherSigner.status).toBe(1);
    expect(otherSigner.stderr).toMatch(/Import refused: The archive's signature does not check out against the operator key/);

    expect(await tableCount(bUrl)).toBe(0);
  });

  it('imports into the empty database B: totals equal the manifest, the ledger check is green; a second import is refused', async () => {
    const imported = importInto(bUrl, archive, keys.successorPrivate, keys.operatorPublic);
    expect({ status: imported.status, stderr: imported.stderr }).toMatchObject({ status: 0 });
    expect(imported.stdout).toContain('ledger check: OK');
    expect(imported.stdout).toContain(
      "Disabled the previous operator's staff accounts: admin@operateur.example, relecteur@operateur.example, tresorerie@operateur.example.",
    );

    expect(await moneyFigures(bUrl)).toEqual(manifestFigures(manifest));
    const ledger = run('ledger-check', [], { DATABASE_URL: bUrl, DATA_DIR: successorDataDir });
    expect({ status: ledger.status, out: ledger.stdout }).toMatchObject({ status: 0, out: expect.stringContaining('ledger check: OK') });
    await withClient(bUrl, async (client) => {
      const codes = await client.query(`SELECT count(*)::int AS n FROM cheques WHERE code_ciphertext IS NOT NULL`);
      expect(codes.rows[0].n).toBe(0);
    });

    const again = importInto(bUrl, archive, keys.successorPrivate, keys.operatorPublic);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/Import refused: The database "pn_test_successor_\w+" is not empty/);
  });

  describe('on B, started with its own cheque keys', () => {
    let placeAgent: TestAgent;

    beforeAll(async () => {
      b = await startTestApp({
        databaseUrl: bUrl,
        seed: false,
        env: { ...successorChequeKeys, DATA_DIR: successorDataDir, PUBLIC_URL: SUCCESSOR_URL, SMTP_URL: smtp.url },
      });
      placeAgent = await chooseNewPassword(b, DEMO.placeAgent);
    });

    async function chooseNewPassword(testApp: TestApp, email: string): Promise<TestAgent> {
      smtp.received.length = 0;
      await testApp.anonymous().post('/api/auth/password-reset').send({ email }).expect(202);
      await testApp.app.get(OutboxWorker).drain();
      const mail = smtp.received.find((received) => received.to && !Array.isArray(received.to) && received.to.text === email);
      if (!mail) throw new Error(`no password link mailed to ${email}`);
      await testApp
        .anonymous()
        .post(`/api/auth/password-reset/${passwordLinkIn(mail).token}`)
        .send({ password: NEW_PASSWORD })
        .expect(204);
      return loginAs(testApp, email, NEW_PASSWORD);
    }

    it('verifies a cheque printed by A offline and online, and redeems it; A’s booklets cannot be printed again', async () => {
      const published = await b!.anonymous().get('/api/keys').expect(200);
      const kids = published.body.keys.map((key: { kid: string }) => key.kid);
      expect(kids).toHaveLength(2);
      expect(kids[1]).toBe(manifest.signingKeys[0].kid);
      expect(kids[0]).not.toBe(manifest.signingKeys[0].kid);

      const bundle = await placeAgent.get(`/api/redemptions/offline-bundle?placeId=${fixture.placeId}`).expect(200);
      expect(checkOffline(printedByA.qr, bundle.body, fixture.workshopId)).toMatchObject({ redeemable: true, code: 'redeemable' });
      // The same check with a key list that lacks A's key fails: the verdict above came from A's public key.
      const withoutA = { ...bundle.body, keys: bundle.body.keys.filter((key: { kid: string }) => key.kid !== manifest.signingKeys[0].kid) };
      expect(checkOffline(printedByA.qr, withoutA, fixture.workshopId).redeemable).toBe(false);

      const online = await placeAgent
        .post('/api/redemptions/verify')
        .send({ cheque: printedByA.qr, serviceId: fixture.workshopId })
        .expect(200);
      expect(online.body.code).toBe('redeemable');
      await redeem(placeAgent, [printedByA.qr], fixture.workshopId).expect(201);
      const twice = await redeem(placeAgent, [printedByA.qr], fixture.workshopId);
      expect(twice.status).toBe(409);

      const funder = await chooseNewPassword(b!, DEMO.funderManager);
      const reprint = await funder.get(`/api/programmes/${fixture.programmeId}/booklets.pdf?from=1&to=1`).expect(409);
      expect(reprint.body.details).toMatchObject({ code: 'booklet_codes_not_held' });
    });

    it('keeps the old operator’s staff out; the successor’s two operators pay A’s pending redemptions in their first batch', async () => {
      smtp.received.length = 0;
      await b!.anonymous().post('/api/auth/password-reset').send({ email: DEMO.operatorAdmin }).expect(202);
      await b!.app.get(OutboxWorker).drain();
      expect(smtp.received).toHaveLength(0);

      const passwords = b!.app.get(PasswordsService);
      const operators: TestAgent[] = [];
      for (const [email, displayName] of [
        ['direction@successeur.example', 'Alix Bernard'],
        ['comptable@successeur.example', 'Noé Garnier'],
      ]) {
        const created = await passwords.createFirstAdmin({ email, displayName, organisationName: 'Successeur' });
        const token = created.url.split('/').at(-1);
        await b!.anonymous().post(`/api/auth/password-reset/${token}`).send({ password: NEW_PASSWORD }).expect(204);
        operators.push(await loginAs(b!, email, NEW_PASSWORD));
      }
      const [first, second] = operators;

      // A's draft was built by A's staff: cancelled, its redemptions go into the successor's batch.
      const [draft]: Array<{ id: string }> = await b!.dataSource.query(`SELECT id FROM settlement_batches WHERE status = 'draft'`);
      await first
        .post(`/api/settlement/batches/${draft.id}/cancel`)
        .set('Idempotency-Key', randomBytes(8).toString('hex'))
        .send({ reason: 'Reprise : lot reconstruit par le successeur' })
        .expect(200);
      // A's batch already sent to the bank (the demo's weekly one): the successor records the bank's payment.
      const sent: Array<{ id: string }> = await b!.dataSource.query(`SELECT id FROM settlement_batches WHERE status = 'exported'`);
      for (const exported of sent) {
        await first
          .post(`/api/settlement/batches/${exported.id}/paid`)
          .set('Idempotency-Key', randomBytes(8).toString('hex'))
          .send({ paidOn: todayInParis(), bankReference: 'VIR-REPRISE-0' })
          .expect(200);
      }
      const batch = await createBatch(first, { cutOff: await databaseNow(b!) }).expect(201);
      await second.post(`/api/settlement/batches/${batch.body.id}/approve`).expect(200);
      await first.post(`/api/settlement/batches/${batch.body.id}/export`).expect(200);
      await first
        .post(`/api/settlement/batches/${batch.body.id}/paid`)
        .set('Idempotency-Key', randomBytes(8).toString('hex'))
        .send({ paidOn: todayInParis(), bankReference: 'VIR-REPRISE-1' })
        .expect(200);

      const stillPending: Array<{ id: string }> = await b!.dataSource.query(
        `SELECT r.id FROM redemptions r WHERE r.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM settlement_lines l
            WHERE (l.batch_id = $2 OR l.batch_id = ANY($3)) AND l.status = 'paid' AND l.organisation_id = r.organisation_id
              AND l.covered @> r.recorded_at)`,
        [pendingOnA, batch.body.id, sent.map((exported) => exported.id)],
      );
      // Except what A held for review (the demo's evening redemption): still held on B, never paid unreviewed.
      const held: Array<{ id: string; amount_cents: string }> = await b!.dataSource.query(
        `SELECT r.id, r.amount_cents::text FROM redemption_holds h JOIN redemptions r ON r.id = h.redemption_id WHERE h.status = 'held'`,
      );
      expect(held).toHaveLength(1);
      expect(stillPending).toEqual([{ id: held[0].id }]);
      const [{ payable }]: Array<{ payable: string }> = await b!.dataSource.query(
        `SELECT coalesce(-sum(amount_cents), 0)::text AS payable FROM ledger_postings WHERE account_kind = 'place_payable'`,
      );
      expect(payable).toBe(held[0].amount_cents);
    });
  });
});
