/** Page arithmetic shared by every paginated list. */
export interface PageRequest {
  page: number;
  pageSize: number;
  /** Lists that offer cursors (cursor.ts): read after this position instead of at `page`. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

/** A page of a list that offers cursors: where the next page starts, null on the last one. */
export type CursorPage<T> = Page<T> & { nextCursor: string | null };

export function toPage<T>(items: T[], total: number, request: PageRequest): Page<T>;
export function toPage<T>(items: T[], total: number, request: PageRequest, nextCursor: string | null): CursorPage<T>;
export function toPage<T>(items: T[], total: number, request: PageRequest, nextCursor?: string | null): Page<T> | CursorPage<T> {
  const page: Page<T> = {
    items,
    page: request.page,
    pageSize: request.pageSize,
    total,
    totalPages: Math.max(1, Math.ceil(total / request.pageSize)),
  };
  return nextCursor === undefined ? page : { ...page, nextCursor };
}

/** With a cursor, the position is the cursor's: no offset. */
export function pageOffset(request: PageRequest): number {
  return request.cursor ? 0 : (request.page - 1) * request.pageSize;
}

/**
 * The highest page number a list accepts: far beyond any real list (200 items a page), and small
 * enough that its offset stays a plain integer for PostgreSQL (page 1e21 would not).
 */
export const MAX_PAGE = 1_000_000;
