import type { BridgeEvent } from '../protocol/events';
import type { Store } from '../store/types';

/**
 * Appends one event the way the bridge does, as a write set (`Store.applyWrites`); returns its id.
 * @example const id = await appendEvent(store, 's1', { type: 'handoff.ended', conversationId: 'c' });
 */
export async function appendEvent(store: Store, sessionId: string, event: BridgeEvent): Promise<number> {
  const [r] = await store.applyWrites([{ sessionId, events: [event] }]);
  if (r?.status !== 'applied') throw new Error(`appendEvent: ${r?.status ?? 'no result'}`);
  return r.events[0]!.id;
}
