/** Page arithmetic shared by every paginated list. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

export function toPage<T>(items: T[], total: number, request: PageRequest): Page<T> {
  return {
    items,
    page: request.page,
    pageSize: request.pageSize,
    total,
    totalPages: Math.max(1, Math.ceil(total / request.pageSize)),
  };
}

export function pageOffset(request: PageRequest): number {
  return (request.page - 1) * request.pageSize;
}

/**
 * The highest page number a list accepts: far beyond any real list (200 items a page), and small
 * enough that its offset stays a plain integer for PostgreSQL (page 1e21 would not).
 */
export const MAX_PAGE = 1_000_000;
