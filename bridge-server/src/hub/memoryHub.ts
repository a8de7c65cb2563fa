import type { EventHub, EventListener } from './types';

/**
 * The in-process `EventHub`: a map from session id to its listeners. A listener that throws is isolated so
 * one broken stream cannot stop delivery to the others.
 * @example const hub = createMemoryHub(); const off = hub.subscribe('s1', (e) => send(e)); off();
 */
export function createMemoryHub(onListenerError: (err: unknown) => void = () => {}): EventHub {
  const listeners = new Map<string, Set<EventListener>>();
  let count = 0;
  return {
    subscribe(sessionId, listener) {
      let set = listeners.get(sessionId);
      if (!set) listeners.set(sessionId, (set = new Set()));
      set.add(listener);
      count++;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        count--;
        set.delete(listener);
        if (set.size === 0 && listeners.get(sessionId) === set) listeners.delete(sessionId);
      };
    },
    publish(sessionId, event) {
      const set = listeners.get(sessionId);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener(event);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    activeSessions: () => [...listeners.keys()],
    size: () => count,
  };
}
