/**
 * The cheque keys recorded in the database (table cheque_keys), shared by every API process and
 * the keys CLI. See docs/adr/0012-cheque-keys-across-instances.md. Every function runs inside the
 * caller's transaction and first locks the table, so two processes starting together agree.
 */
import { type ChequeKeyMaterial, decryptChequeCode } from './cheque-key-material';

/** One SQL statement in the caller's transaction (TypeORM's manager.query or pg's client.query rows). */
export type KeysQuery = (sql: string, parameters?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface RecordedChequeKey {
  kid: string;
  purpose: 'signing' | 'code';
  publicKey: string | null;
  fingerprint: string;
  recordedAt: Date;
  retiredAt: Date | null;
}

/** The process's keys are not the recorded ones: the message says what to do. */
export class ChequeKeyMismatchError extends Error {
  override name = 'ChequeKeyMismatchError';
}

const ADR = 'docs/adr/0012-cheque-keys-across-instances.md';

export async function recordedChequeKeys(query: KeysQuery): Promise<RecordedChequeKey[]> {
  const rows = await query(
    `SELECT kid, purpose, public_key, fingerprint, recorded_at, retired_at FROM cheque_keys ORDER BY recorded_at, kid`,
  );
  return rows.map((row) => ({
    kid: row.kid as string,
    purpose: row.purpose as 'signing' | 'code',
    publicKey: (row.public_key as string | null) ?? null,
    fingerprint: row.fingerprint as string,
    recordedAt: new Date(row.recorded_at as string),
    retiredAt: row.retired_at ? new Date(row.retired_at as string) : null,
  }));
}

export interface ReconciledKeys {
  /** The id this process signs new cheques with (the recorded one for its key). */
  kid: string;
  /** Every signing key that verifies cheques, current and retired. */
  signingKeys: RecordedChequeKey[];
  /** What was recorded now (this process was the first one). */
  recorded: Array<'signing' | 'code'>;
}

/**
 * At start-up: records this process's keys when none are (first process), otherwise refuses
 * (ChequeKeyMismatchError) unless they are the recorded ones and the signing key is the current one.
 */
export async function reconcileChequeKeys(query: KeysQuery, material: ChequeKeyMaterial): Promise<ReconciledKeys> {
  await lockKeys(query);
  let keys = await recordedChequeKeys(query);
  const recorded: Array<'signing' | 'code'> = [];

  const code = keys.find((key) => key.purpose === 'code');
  if (!code) {
    await checkCodeKeyOpensStoredCodes(query, material);
    await insertKey(query, { kid: 'code', purpose: 'code', publicKey: null, fingerprint: material.codeFingerprint });
    recorded.push('code');
  } else if (code.fingerprint !== material.codeFingerprint) {
    throw new ChequeKeyMismatchError(codeKeyMismatchMessage(material, code));
  }

  const signing = keys.filter((key) => key.purpose === 'signing');
  const mine = signing.find((key) => key.fingerprint === material.signingFingerprint);
  if (signing.length === 0) {
    await checkNoChequeSignedByAnotherKey(query, material);
    await insertKey(query, {
      kid: material.kid,
      purpose: 'signing',
      publicKey: material.rawPublicKey,
      fingerprint: material.signingFingerprint,
    });
    recorded.push('signing');
  } else if (!mine) {
    throw new ChequeKeyMismatchError(unknownSigningKeyMessage(material, currentSigningKey(signing)));
  } else if (mine.retiredAt) {
    const current = currentSigningKey(signing);
    throw new ChequeKeyMismatchError(
      `The cheque signing key ${mine.kid} (from ${material.signingSource}) was replaced on ${mine.retiredAt.toISOString()}` +
        `${current ? ` by ${current.kid}` : ''}: it still verifies the cheques it signed but signs nothing new. ` +
        `Set CHEQUE_SIGNING_KEY to the current key, the one every other API process uses (see ${ADR}).`,
    );
  } else if (material.kidConfigured && mine.kid !== material.kid) {
    throw new ChequeKeyMismatchError(
      `CHEQUE_SIGNING_KEY_ID=${material.kid}, but this signing key is recorded as ${mine.kid}: unset CHEQUE_SIGNING_KEY_ID or set it to ${mine.kid}.`,
    );
  }
  if (recorded.length > 0) keys = await recordedChequeKeys(query);
  const signingKeys = keys.filter((key) => key.purpose === 'signing');
  const own = signingKeys.find((key) => key.fingerprint === material.signingFingerprint);
  return { kid: own ? own.kid : material.kid, signingKeys, recorded };
}

/**
 * Makes this configuration's signing key the current one (`npm run keys:rotate`): the previous
 * current key is retired (it still verifies), new cheques are signed by this one once the API
 * processes run with it. The code key must be the recorded one.
 */
export async function rotateSigningKey(
  query: KeysQuery,
  material: ChequeKeyMaterial,
  now: Date,
): Promise<{ previous: RecordedChequeKey | null; current: RecordedChequeKey; changed: boolean }> {
  await lockKeys(query);
  const keys = await recordedChequeKeys(query);
  const code = keys.find((key) => key.purpose === 'code');
  if (code && code.fingerprint !== material.codeFingerprint) throw new ChequeKeyMismatchError(codeKeyMismatchMessage(material, code));
  if (!code) await insertKey(query, { kid: 'code', purpose: 'code', publicKey: null, fingerprint: material.codeFingerprint });
  const signing = keys.filter((key) => key.purpose === 'signing');
  const previous = currentSigningKey(signing) ?? null;
  const mine = signing.find((key) => key.fingerprint === material.signingFingerprint);
  if (mine && !mine.retiredAt) return { previous, current: mine, changed: false };
  if (mine) {
    throw new ChequeKeyMismatchError(
      `This signing key (${mine.kid}) was already retired on ${mine.retiredAt?.toISOString()}: a retired key never becomes current again. Generate a new one (npm run keys -- generate).`,
    );
  }
  if (keys.some((key) => key.kid === material.kid)) {
    throw new ChequeKeyMismatchError(
      `The key id ${material.kid} is already recorded for another key: set another CHEQUE_SIGNING_KEY_ID, or unset it.`,
    );
  }
  await query(`UPDATE cheque_keys SET retired_at = $1 WHERE purpose = 'signing' AND retired_at IS NULL`, [now]);
  await insertKey(query, {
    kid: material.kid,
    purpose: 'signing',
    publicKey: material.rawPublicKey,
    fingerprint: material.signingFingerprint,
  });
  const current = (await recordedChequeKeys(query)).find((key) => key.kid === material.kid) as RecordedChequeKey;
  return { previous, current, changed: true };
}

function currentSigningKey(signing: RecordedChequeKey[]): RecordedChequeKey | undefined {
  return signing.find((key) => !key.retiredAt);
}

async function lockKeys(query: KeysQuery): Promise<void> {
  // Conflicts with itself: the second process to start waits for the first one's decision.
  await query(`LOCK TABLE cheque_keys IN SHARE ROW EXCLUSIVE MODE`);
}

async function insertKey(query: KeysQuery, key: Pick<RecordedChequeKey, 'kid' | 'purpose' | 'publicKey' | 'fingerprint'>): Promise<void> {
  await query(`INSERT INTO cheque_keys (kid, purpose, public_key, fingerprint) VALUES ($1, $2, $3, $4)`, [
    key.kid,
    key.purpose,
    key.publicKey,
    key.fingerprint,
  ]);
}

/** A database from before key recording: its cheques tell which keys it used; never record other ones. */
async function checkNoChequeSignedByAnotherKey(query: KeysQuery, material: ChequeKeyMaterial): Promise<void> {
  const [other] = await query(`SELECT signing_key_id FROM cheques WHERE signing_key_id <> $1 LIMIT 1`, [material.kid]);
  if (other) {
    throw new ChequeKeyMismatchError(
      `Cheques in this database are signed by key ${String(other.signing_key_id)}, but this process's signing key (from ${material.signingSource}) is ${material.kid}. ` +
        `Start it with the key that signed them: copy DATA_DIR/keys/ from the instance that issued them, or set CHEQUE_SIGNING_KEY (and CHEQUE_SIGNING_KEY_ID if it was set) to that key.`,
    );
  }
}

async function checkCodeKeyOpensStoredCodes(query: KeysQuery, material: ChequeKeyMaterial): Promise<void> {
  const [stored] = await query(`SELECT code_ciphertext, programme_id FROM cheques WHERE code_ciphertext IS NOT NULL LIMIT 1`);
  if (!stored) return;
  try {
    decryptChequeCode(material.codeKey, stored.code_ciphertext as Buffer, stored.programme_id as string);
  } catch {
    throw new ChequeKeyMismatchError(
      `The cheque code key (from ${material.codeSource}) does not open the codes stored in this database. ` +
        `Start this process with the key that encrypted them: copy DATA_DIR/keys/ from the instance that issued them, or set CHEQUE_CODE_KEY to that key.`,
    );
  }
}

function codeKeyMismatchMessage(material: ChequeKeyMaterial, recorded: RecordedChequeKey): string {
  return (
    `The cheque code key (from ${material.codeSource}) is not the one recorded in this database on ${recorded.recordedAt.toISOString()} ` +
    `(fingerprint ${recorded.fingerprint.slice(0, 16)}…, this one ${material.codeFingerprint.slice(0, 16)}…). ` +
    `Stored cheque codes are encrypted with the recorded key: give every API process the same one, by copying DATA_DIR/keys/cheque-code-key.txt ` +
    `from the first instance into this one's DATA_DIR/keys/, or by setting CHEQUE_CODE_KEY to its value. ` +
    `The code key cannot be rotated (every stored code would have to be re-encrypted); see ${ADR}.`
  );
}

function unknownSigningKeyMessage(material: ChequeKeyMaterial, current: RecordedChequeKey | undefined): string {
  return (
    `The cheque signing key (from ${material.signingSource}, fingerprint ${material.signingFingerprint.slice(0, 16)}…) is not recorded in this database` +
    `${current ? `, whose cheques are signed by key ${current.kid} (fingerprint ${current.fingerprint.slice(0, 16)}…)` : ''}: ` +
    `the cheques this process would sign would not verify elsewhere. Either give it the recorded key, by copying DATA_DIR/keys/cheque-signing-key.pem ` +
    `from the first instance into this one's DATA_DIR/keys/ or by setting CHEQUE_SIGNING_KEY (and CHEQUE_SIGNING_KEY_ID if set there) to the same value; ` +
    `or, to rotate to this new key on purpose, first run \`npm run keys -- rotate\` with this configuration (see ${ADR}).`
  );
}
