import type { ChatMessage } from '../protocol/api';

/**
 * The echo-merge state (ingest.ts): which conversations have an end-user post to Ada in flight, and the end-user
 * messages that came by webhook meanwhile (possibly the echo of that very post), parked until it settles. Shared
 * by every instance in Redis mode (redis/echoState.ts): the echo may reach instance B while A is still posting.
 * `park` decides atomically with the in-flight count, so a message is never parked after the last post settled.
 */
export interface EchoState {
  /** An end-user post for the conversation starts (counted: several may be in flight). */
  begin(conversationId: string): Promise<void>;
  /** True while a post is in flight for the conversation. */
  inFlight(conversationId: string): Promise<boolean>;
  /** Parks a message while a post is in flight; false (nothing parked) when none is any more. */
  park(conversationId: string, message: ChatMessage): Promise<boolean>;
  /** A post settled; when it was the last one in flight, returns (and forgets) the messages parked meanwhile. */
  end(conversationId: string): Promise<ChatMessage[]>;
}

/**
 * The in-process `EchoState` (one bridge): a count and a list per conversation.
 * @example const echo = createMemoryEchoState(); await echo.begin(convId); ... const parked = await echo.end(convId);
 */
export function createMemoryEchoState(): EchoState {
  const counts = new Map<string, number>();
  const parked = new Map<string, ChatMessage[]>();
  return {
    async begin(id) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
    },
    async inFlight(id) {
      return (counts.get(id) ?? 0) > 0;
    },
    async park(id, message) {
      if ((counts.get(id) ?? 0) <= 0) return false;
      const list = parked.get(id) ?? [];
      list.push(message);
      parked.set(id, list);
      return true;
    },
    async end(id) {
      const n = (counts.get(id) ?? 1) - 1;
      if (n > 0) {
        counts.set(id, n);
        return [];
      }
      counts.delete(id);
      const list = parked.get(id) ?? [];
      parked.delete(id);
      return list;
    },
  };
}
