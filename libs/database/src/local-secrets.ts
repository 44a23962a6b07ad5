/**
 * The operator's secrets outside production: generated once into DATA_DIR/keys, so that every process
 * started on the same DATA_DIR reads the same ones. In production they come from configuration.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface LocalSecretOptions {
  dataDir: string;
  nodeEnv: string | undefined;
  /** Told when this call generated the file. */
  onGenerated?: (path: string) => void;
}

/** Reads a generated secret, or creates it (never overwriting one another process just wrote). */
export function localSecret(name: string, create: () => string, options: LocalSecretOptions): string {
  if (options.nodeEnv === 'production') {
    throw new Error(`${name}: in production, cheque keys come from configuration (CHEQUE_SIGNING_KEY, CHEQUE_CODE_KEY)`);
  }
  const folder = resolve(options.dataDir, 'keys');
  const path = join(folder, name);
  // Only the key folder is private: its parent (.data) must stay reachable, by PostgreSQL's own user among others.
  mkdirSync(dirname(folder), { recursive: true });
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, create(), { flag: 'wx', mode: 0o600 });
    options.onGenerated?.(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(path, 'utf8');
}

/**
 * The AES-256 key that encrypts stored cheque codes: CHEQUE_CODE_KEY (32 bytes, base64), or outside
 * production DATA_DIR/keys/cheque-code-key.txt. Other secrets are derived from it (HKDF, each with its
 * own label), so that there is one secret to manage.
 */
export const CODE_KEY_FILE = 'cheque-code-key.txt';

export function chequeCodeKey(configured: string | undefined, options: LocalSecretOptions): Buffer {
  const text = configured ?? localSecret(CODE_KEY_FILE, () => randomBytes(32).toString('base64'), options);
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error('CHEQUE_CODE_KEY must be 32 bytes, base64-encoded');
  return key;
}
