/**
 * Where this process's cheque keys come from (configuration, or files generated once into
 * DATA_DIR/keys outside production) and their fingerprints. Shared by the API and the keys CLI.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { join, resolve } from 'node:path';
import { CODE_KEY_FILE, chequeCodeKey, localSecret, type LocalSecretOptions } from '@app/database';
import { rawPublicKey } from '@app/domain';

export interface KeySettings {
  NODE_ENV?: string;
  DATA_DIR: string;
  CHEQUE_SIGNING_KEY?: string;
  CHEQUE_SIGNING_KEY_ID?: string;
  CHEQUE_CODE_KEY?: string;
}

export interface ChequeKeyMaterial {
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** Raw public key, base64url. */
  rawPublicKey: string;
  /** The key id this configuration would print in QR codes. */
  kid: string;
  /** CHEQUE_SIGNING_KEY_ID was set (otherwise the recorded id of the same key is adopted). */
  kidConfigured: boolean;
  signingFingerprint: string;
  codeKey: Buffer;
  codeFingerprint: string;
  /** Where each came from, for messages: "CHEQUE_SIGNING_KEY" or a file path. */
  signingSource: string;
  codeSource: string;
}

export const SIGNING_KEY_FILE = 'cheque-signing-key.pem';
export { CODE_KEY_FILE };

export function loadKeyMaterial(settings: KeySettings, log: (message: string) => void = () => undefined): ChequeKeyMaterial {
  const keysDir = resolve(settings.DATA_DIR, 'keys');
  // One loader for the generated files (libs/database): login throttling derives its key from the code key too.
  const local: LocalSecretOptions = {
    dataDir: settings.DATA_DIR,
    nodeEnv: settings.NODE_ENV,
    onGenerated: (path) => log(`generated ${path} (demo/development only; configure the keys in production)`),
  };
  const signingPem = settings.CHEQUE_SIGNING_KEY
    ? decodePem(settings.CHEQUE_SIGNING_KEY)
    : localSecret(SIGNING_KEY_FILE, newSigningKeyPem, local);
  const codeKey = chequeCodeKey(settings.CHEQUE_CODE_KEY, local);

  const signingKey = createPrivateKey(signingPem);
  if (signingKey.asymmetricKeyType !== 'ed25519') throw new Error('CHEQUE_SIGNING_KEY must be an Ed25519 private key');
  const publicKey = createPublicKey(signingKey);
  const raw = rawPublicKey(publicKey);
  const signingFingerprint = signingKeyFingerprint(raw);
  return {
    signingKey,
    publicKey,
    rawPublicKey: raw,
    // The key id defaults to a fingerprint, so a new key never reuses an old id.
    kid: settings.CHEQUE_SIGNING_KEY_ID || `ed25519-${signingFingerprint.slice(0, 12)}`,
    kidConfigured: Boolean(settings.CHEQUE_SIGNING_KEY_ID),
    signingFingerprint,
    codeKey,
    codeFingerprint: codeKeyFingerprint(codeKey),
    signingSource: settings.CHEQUE_SIGNING_KEY ? 'CHEQUE_SIGNING_KEY' : join(keysDir, SIGNING_KEY_FILE),
    codeSource: settings.CHEQUE_CODE_KEY ? 'CHEQUE_CODE_KEY' : join(keysDir, CODE_KEY_FILE),
  };
}

/** SHA-256 of the raw 32-byte public key, hex. */
export function signingKeyFingerprint(rawPublicKeyBase64url: string): string {
  return createHash('sha256').update(Buffer.from(rawPublicKeyBase64url, 'base64url')).digest('hex');
}

/** Keyed, so the recorded value tells nothing about the secret key (not even a hash of it alone). */
export function codeKeyFingerprint(codeKey: Buffer): string {
  return createHmac('sha256', codeKey).update('pass-numerique:cheque-code-key-fingerprint:v1').digest('hex');
}

/** iv (12) ‖ tag (16) ‖ ciphertext; the programme id is bound as associated data. */
export function encryptChequeCode(codeKey: Buffer, code: string, programmeId: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', codeKey, iv);
  cipher.setAAD(Buffer.from(programmeId));
  const ciphertext = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

export function decryptChequeCode(codeKey: Buffer, sealed: Buffer, programmeId: string): string {
  const decipher = createDecipheriv('aes-256-gcm', codeKey, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(programmeId));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

/** A new Ed25519 private key as one line of base64 (PKCS#8 PEM), ready for CHEQUE_SIGNING_KEY. */
export function newSigningKeyBase64(): string {
  return Buffer.from(newSigningKeyPem()).toString('base64');
}

function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Accepts the PEM itself or its base64 (easier in environment variables). */
function decodePem(value: string): string {
  return value.includes('BEGIN') ? value.replace(/\\n/g, '\n') : Buffer.from(value, 'base64').toString('utf8');
}
