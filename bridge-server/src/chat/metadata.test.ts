import { describe, expect, it } from 'vitest';
import { startMetadata, validateMetadata } from './metadata';

describe('metadata', () => {
  it('merges widget metadata with page and help-center flag', () => {
    expect(startMetadata({ metadata: { plan: 'pro' }, page: { url: 'https://x/a' }, surface: 'inline' }))
      .toEqual({ plan: 'pro', page_url: 'https://x/a', started_from_help_center: true });
    expect(startMetadata({ surface: 'launcher' })).toEqual({});
  });
  it('rejects wrong value types and more than 4 KB', () => {
    expect(() => validateMetadata({ a: { nested: 1 } })).toThrow(/string, number or boolean/);
    expect(() => validateMetadata({ a: null })).toThrow();
    expect(validateMetadata({ a: null }, { allowNull: true })).toEqual({ a: null });
    expect(() => validateMetadata({ a: 'x'.repeat(4100) })).toThrow(expect.objectContaining({ code: 'metadata_too_large' }));
  });
});
