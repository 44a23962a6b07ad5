/** Random secrets (session cookies, API tokens, invitation links) and how they are stored: only a SHA-256. */
import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are long and random, so a fast unsalted hash is enough to make a stolen table useless. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
