import { describe, expect, it, vi } from 'vitest';
import { createMemoryHub } from './memoryHub';

const ev = (id: number) => ({ id, event: { type: 'handoff.ended' as const, conversationId: 'c' } });

describe('createMemoryHub', () => {
  it('delivers to every listener of a session only, and unsubscribes', () => {
    const hub = createMemoryHub();
    const a = vi.fn();
    const b = vi.fn();
    const other = vi.fn();
    const offA = hub.subscribe('s1', a);
    hub.subscribe('s1', b);
    hub.subscribe('s2', other);
    hub.publish('s1', ev(1));
    offA();
    offA();
    hub.publish('s1', ev(2));
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(other).not.toHaveBeenCalled();
    expect(hub.size()).toBe(2);
    expect(hub.activeSessions().sort()).toEqual(['s1', 's2']);
  });
  it('isolates a throwing listener', () => {
    const onError = vi.fn();
    const hub = createMemoryHub(onError);
    const ok = vi.fn();
    hub.subscribe('s', () => { throw new Error('boom'); });
    hub.subscribe('s', ok);
    hub.publish('s', ev(1));
    expect(ok).toHaveBeenCalled();
    expect(onError).toHaveBeenCalled();
  });
});
