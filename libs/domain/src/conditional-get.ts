/**
 * Conditional GET (RFC 9110 §13): whether a client's copy, named by its If-None-Match entity tags or
 * dated by If-Modified-Since, is still the current representation, so the answer can be a 304.
 */
import { createHash } from 'node:crypto';

export interface Validators {
  /** A strong entity tag, quoted: `"…"`. */
  etag: string;
  /** When the representation last changed, to the second (HTTP dates have no finer resolution). */
  lastModified: Date;
}

export interface CacheConditions {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

/** A strong entity tag for a representation named by these parts (dataset, format, data version…). */
export function entityTag(...parts: string[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;
}

/** The instant as an HTTP date can carry it: the second it falls in. */
export function toHttpSecond(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 1000) * 1000);
}

/**
 * True when the client's copy is current. If-None-Match wins when present (weak comparison: `W/`
 * ignored, `*` matches anything); otherwise If-Modified-Since, when it is a valid date, holds the
 * copy current unless the representation changed after it. An unreadable date is ignored.
 */
export function isNotModified(conditions: CacheConditions, validators: Validators): boolean {
  const { ifNoneMatch, ifModifiedSince } = conditions;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '') {
    const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
    const tags = ifNoneMatch.split(',').map(opaque);
    return tags.includes('*') || tags.includes(opaque(validators.etag));
  }
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  return toHttpSecond(validators.lastModified).getTime() <= since;
}
