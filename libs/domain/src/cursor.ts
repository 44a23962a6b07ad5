/**
 * Cursor pagination for software that reads a whole list (docs/api.md, « Pages and cursors »): the
 * cursor is the sort key of the last item read, so rows inserted or removed meanwhile never shift
 * what comes next (no gap, no duplicate), unlike page numbers, which people keep. Opaque to
 * clients: base64url of a small JSON array, checked strictly when it comes back.
 */
import { DomainError } from './domain-error';

/** How each part of a sort key is written and checked: an integer id, an instant as PostgreSQL writes it, a uuid, a text. */
export type CursorPart = 'integer' | 'instant' | 'uuid' | 'text';

const PART_PATTERNS: Record<CursorPart, RegExp> = {
  integer: /^-?\d{1,19}$/,
  // timestamptz as text, to the microsecond (a JavaScript Date would lose them and skip rows).
  instant: /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  text: /^[\s\S]{0,500}$/,
};

const BIGINT_MAX = 2n ** 63n - 1n;

/** Beyond the form: values PostgreSQL accepts, so that a forged cursor is a 400, never a database error. */
function partFits(part: string, kind: CursorPart): boolean {
  const match = PART_PATTERNS[kind].exec(part);
  if (!match) return false;
  // No NUL in text: PostgreSQL refuses it.
  if (kind === 'text') return !part.includes('\u0000');
  if (kind === 'integer') return BigInt(part) <= BIGINT_MAX && BigInt(part) >= -BIGINT_MAX - 1n;
  if (kind === 'instant') {
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
    const offsetHours = match[8] === 'Z' ? 0 : Math.abs(Number(match[8].slice(0, 3)));
    const calendar = new Date(Date.UTC(year, month - 1, day));
    return (
      year >= 1900 &&
      year <= 2200 &&
      calendar.getUTCMonth() === month - 1 &&
      calendar.getUTCDate() === day &&
      hour < 24 &&
      minute < 60 &&
      second < 60 &&
      offsetHours <= 15
    );
  }
  return true;
}

export const MAX_CURSOR_LENGTH = 2000;
const NOT_OURS = 'is not a cursor this list gave (start again without it)';

/** A cursor names its list, so that one list's position is never read as another's. */
export function encodeCursor(list: string, key: string[]): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

/** The sort key a cursor of this list carries, or 400 validation_failed naming `cursor`. */
export function decodeCursor(cursor: string, list: string, shape: readonly CursorPart[]): string[] {
  let parts: unknown;
  try {
    if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw DomainError.validation([{ field: 'cursor', problems: [NOT_OURS] }]);
  }
  const fits =
    Array.isArray(parts) &&
    parts.length === shape.length + 1 &&
    parts[0] === list &&
    parts.slice(1).every((part, index) => typeof part === 'string' && partFits(part, shape[index]));
  if (!fits) throw DomainError.validation([{ field: 'cursor', problems: [NOT_OURS] }]);
  return (parts as string[]).slice(1);
}

/**
 * One page read with one extra row: the items, and the cursor to the next page when there is one
 * (the extra row proves it), made from the last item's sort key.
 */
export function keysetSlice<T>(
  rows: T[],
  pageSize: number,
  list: string,
  keyOf: (row: T) => string[],
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= pageSize) return { items: rows, nextCursor: null };
  const items = rows.slice(0, pageSize);
  return { items, nextCursor: encodeCursor(list, keyOf(items[items.length - 1])) };
}
