import { badRequest } from './errors';

/** Ada's list response (§1). */
export interface Page<T> {
  data: T[];
  meta: { next_page_url: string | null };
}

/** Ada's maximum (and default) page size. */
export const MAX_LIMIT = 100;

/**
 * Parses the `limit` query value: default 100, an integer from 1 to 100.
 * @throws AdaApiError 400 for anything else.
 */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return MAX_LIMIT;
  if (!/^\d+$/.test(raw)) throw badRequest('Invalid limit', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  const limit = Number(raw);
  if (limit < 1 || limit > MAX_LIMIT) throw badRequest('Invalid limit', `limit must be from 1 to ${MAX_LIMIT}`);
  return limit;
}

/** Inputs of {@link paginate}. */
export interface PaginateOptions<T> {
  limit: number;
  /** Id of the first item of the wanted page (from a previous `next_page_url`). */
  cursor: string | undefined;
  idOf: (item: T) => string;
  /** Builds the URL of the page starting at the given cursor. */
  pageUrl: (cursor: string) => string;
}

/**
 * Cuts one page out of `items` with Ada's cursor scheme: the cursor is the id of the page's first item.
 * @throws AdaApiError 400 for a cursor that matches no item.
 * @example paginate(users, { limit: 2, cursor: undefined, idOf: (u) => u.id, pageUrl: (c) => `/x?cursor=${c}` });
 */
export function paginate<T>(items: readonly T[], options: PaginateOptions<T>): Page<T> {
  let start = 0;
  if (options.cursor !== undefined) {
    start = items.findIndex((item) => options.idOf(item) === options.cursor);
    if (start < 0) throw badRequest('Invalid cursor', 'The cursor does not match any item');
  }
  const data = items.slice(start, start + options.limit);
  const next = items[start + options.limit];
  return { data, meta: { next_page_url: next ? options.pageUrl(options.idOf(next)) : null } };
}

/** Builds a next-page URL from the current request URL, keeping its other query parameters. */
export function nextPageUrl(requestUrl: string, limit: number, cursor: string): string {
  const url = new URL(requestUrl);
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('cursor', cursor);
  return url.toString();
}
