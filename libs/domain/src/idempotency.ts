/**
 * Idempotency keys (the `Idempotency-Key` header of POSTs that move money or cheques): the same key
 * with the same request replays the first answer; with another request it is refused. Requests are
 * compared by a fingerprint of their canonical JSON, so key order and spacing do not matter.
 */
import { createHash } from 'node:crypto';

/** Printable ASCII, 1 to 255 characters: UUIDs, ULIDs and the like. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function idempotencyKeyProblem(key: string | undefined): string | null {
  if (key === undefined || key === '') return 'header is required (a unique value per attempt, e.g. a UUID)';
  return KEY_PATTERN.test(key) ? null : 'must be 1 to 255 printable ASCII characters without spaces';
}

export function requestFingerprint(body: unknown): Buffer {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest();
}

/** JSON with object keys sorted at every depth (array order is kept: it is meaningful). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
