import { describe, expect, it } from 'vitest';
import { formatEvent, formatRetry } from './formatEvent';

describe('formatEvent', () => {
  it('frames id, event and one-line data', () => {
    const out = formatEvent({ type: 'error', code: 'internal_error', message: 'a\nb' }, 7);
    expect(out).toBe('id: 7\nevent: error\ndata: {"type":"error","code":"internal_error","message":"a\\nb"}\n\n');
  });
  it('omits the id when none is given and rejects line breaks in ids', () => {
    expect(formatEvent({ type: 'reconnect', retryMs: 5 })).toMatch(/^event: reconnect\n/);
    expect(() => formatEvent({ type: 'reconnect', retryMs: 5 }, '1\n2')).toThrow();
    expect(formatRetry(1500.7)).toBe('retry: 1500\n\n');
  });
});
