import type { ParleyEvent, ParleyEvents } from '../types';

type Listener = (payload: never) => void;

/**
 * The public event bus of `Parley.on`. A throwing listener is logged, never thrown into the widget or the page.
 * @example const off = bus.on('message', (m) => console.log(m)); off();
 */
export function createEmitter() {
  const map = new Map<ParleyEvent, Set<Listener>>();
  return {
    on<K extends ParleyEvent>(event: K, fn: (payload: ParleyEvents[K]) => void): () => void {
      const set = map.get(event) ?? new Set();
      map.set(event, set);
      set.add(fn as Listener);
      return () => void set.delete(fn as Listener);
    },
    emit<K extends ParleyEvent>(event: K, payload: ParleyEvents[K]): void {
      for (const fn of map.get(event) ?? []) {
        try {
          (fn as (p: ParleyEvents[K]) => void)(payload);
        } catch (e) {
          console.error('[parley] listener of', event, 'threw', e);
        }
      }
    },
    clear: () => map.clear(),
  };
}
