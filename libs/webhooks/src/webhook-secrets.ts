/**
 * Endpoint secrets at rest. The sender must sign with the secret itself, so it is stored encrypted
 * (AES-256-GCM) under a key derived from the operator's one root secret (CHEQUE_CODE_KEY, HKDF with
 * its own label), like the sign-in counters' key: one secret to manage, a database dump alone
 * reveals no webhook secret.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const KEY_LABEL = 'pass-numerique webhook endpoint secrets';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A new signing secret in Standard Webhooks' form: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(rootSecret: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', rootSecret, Buffer.alloc(0), KEY_LABEL, 32));
  }

  /** The endpoint id is bound as associated data: a ciphertext copied to another endpoint does not open. */
  seal(secret: string, endpointId: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(endpointId));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, endpointId: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(endpointId));
    decipher.setAuthTag(sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
