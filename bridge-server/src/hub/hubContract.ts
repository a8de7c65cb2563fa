import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeEvent } from '../protocol/events';
import type { StoredEvent } from '../store/types';
import type { EventHub } from './types';

/** What a backend's test file gives the contract: a hub, and how the bridge appends an event (store, then publish). */
export interface HubUnderTest {
  hub: EventHub;
  /** Appends an event for a session the way commit.ts does (stored first, then published) and returns it. */
  append(sessionId: string, event: BridgeEvent): Promise<StoredEvent>;
  dispose(): Promise<void>;
}

const ended = (conversationId: string): BridgeEvent => ({ type: 'handoff.ended', conversationId });
const idsOf = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.map(([e]) => (e as StoredEvent).id);

/**
 * The `EventHub` contract: the memory and Redis hubs run this same suite (style habit 18). Delivery may be
 * asynchronous (Redis), so each check waits for what proves the outcome.
 * @example hubContract('memory', async () => ({ hub, append, dispose }));
 */
export function hubContract(name: string, open: () => Promise<HubUnderTest>): void {
  describe(`EventHub contract: ${name}`, () => {
    const opened: HubUnderTest[] = [];
    const fresh = async () => {
      const h = await open();
      opened.push(h);
      return h;
    };
    afterEach(async () => {
      for (const h of opened.splice(0)) await h.dispose();
    });

    it('delivers to every listener of a session only, in order, and unsubscribes', async () => {
      const { hub, append } = await fresh();
      const a = vi.fn();
      const b = vi.fn();
      const other = vi.fn();
      const offA = hub.subscribe('s1', a);
      hub.subscribe('s1', b);
      hub.subscribe('s2', other);
      const first = await append('s1', ended('c'));
      await vi.waitFor(() => expect(idsOf(a)).toEqual([first.id]));
      offA();
      offA();
      const second = await append('s1', ended('c'));
      const third = await append('s1', ended('c'));
      await vi.waitFor(() => expect(idsOf(b)).toEqual([first.id, second.id, third.id]));
      expect(b.mock.calls[0]?.[0]).toEqual(first);
      expect(idsOf(a)).toEqual([first.id]);
      expect(other).not.toHaveBeenCalled();
      expect(hub.size()).toBe(2);
      expect(hub.activeSessions().sort()).toEqual(['s1', 's2']);
    });

    it('isolates a throwing listener', async () => {
      const { hub, append } = await fresh();
      const ok = vi.fn();
      hub.subscribe('s', () => { throw new Error('boom'); });
      hub.subscribe('s', ok);
      await append('s', ended('c'));
      await vi.waitFor(() => expect(ok).toHaveBeenCalledTimes(1));
    });

    it('delivers only what is appended after subscribing', async () => {
      const { hub, append } = await fresh();
      await append('s', ended('before'));
      const listener = vi.fn();
      hub.subscribe('s', listener);
      const after = await append('s', ended('after'));
      await vi.waitFor(() => expect(idsOf(listener)).toEqual([after.id]));
    });
  });
}
