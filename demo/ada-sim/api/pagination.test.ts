import { describe, expect, it } from 'vitest';
import { AdaApiError } from './errors';
import { nextPageUrl, paginate, parseLimit } from './pagination';

const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
const page = (limit: number, cursor?: string) => paginate(items, { limit, cursor, idOf: (i) => i.id, pageUrl: (c) => `next?cursor=${c}` });

describe('pagination', () => {
  it('cuts pages and points next_page_url at the next first item', () => {
    expect(page(2)).toEqual({ data: [{ id: 'a' }, { id: 'b' }], meta: { next_page_url: 'next?cursor=c' } });
    expect(page(2, 'c').meta.next_page_url).toBe('next?cursor=e');
    expect(page(2, 'e')).toEqual({ data: [{ id: 'e' }], meta: { next_page_url: null } });
  });

  it('rejects an unknown cursor with 400', () => {
    expect(() => page(2, 'zzz')).toThrow(AdaApiError);
  });

  it('defaults limit to 100 and accepts 1..100 only', () => {
    expect(parseLimit(undefined)).toBe(100);
    expect(parseLimit('7')).toBe(7);
    for (const bad of ['0', '101', '-1', '2.5', 'ten']) expect(() => parseLimit(bad)).toThrow(/limit/i);
  });

  it('keeps other query parameters in the next URL', () => {
    expect(nextPageUrl('http://x/api/v2/channels/?type=custom&limit=2', 2, 'abc')).toBe('http://x/api/v2/channels/?type=custom&limit=2&cursor=abc');
  });
});
