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
  instant: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  text: /^[\s\S]{0,500}$/,
};

export const MAX_CURSOR_LENGTH = 2000;
const NOT_OURS = 'is not a cursor this list gave (start again without it)';

export function encodeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key a cursor carries, or 400 validation_failed naming `cursor`. */
export function decodeCursor(cursor: string, shape: readonly CursorPart[]): string[] {
  let key: unknown;
  try {
    if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw DomainError.validation([{ field: 'cursor', problems: [NOT_OURS] }]);
  }
  const fits =
    Array.isArray(key) && key.length === shape.length && key.every((part, index) => typeof part === 'string' && PART_PATTERNS[shape[index]].test(part));
  if (!fits) throw DomainError.validation([{ field: 'cursor', problems: [NOT_OURS] }]);
  return key as string[];
}

/**
 * One page read with one extra row: the items, and the cursor to the next page when there is one
 * (the extra row proves it), made from the last item's sort key.
 */
export function keysetSlice<T>(rows: T[], pageSize: number, keyOf: (row: T) => string[]): { items: T[]; nextCursor: string | null } {
  if (rows.length <= pageSize) return { items: rows, nextCursor: null };
  const items = rows.slice(0, pageSize);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1])) };
}
