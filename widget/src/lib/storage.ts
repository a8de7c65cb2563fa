import type { PersistMode } from '../types';

/** JSON key/value storage for one bridge. */
export interface Store {
  get<T>(key: string): T | null;
  set(key: string, value: unknown): void;
  remove(key: string): void;
  /** Calls `fn` with the new value when another tab writes `key`; returns the unsubscribe. */
  watch<T>(key: string, fn: (value: T | null) => void): () => void;
}

/**
 * Storage for one bridge URL: keys are namespaced by it, `persist` picks localStorage, sessionStorage or memory,
 * and any storage that throws (Safari private mode, sandboxed iframes, quota) falls back to memory.
 * @example createStorage('local', 'https://bridge.example.com').set('token', 't')
 */
export function createStorage(persist: PersistMode, bridgeUrl: string): Store {
  const memory = new Map<string, string>();
  const prefix = `parley:${bridgeUrl}:`;
  let backend: Storage | null = null;
  try {
    backend = persist === 'local' ? localStorage : persist === 'session' ? sessionStorage : null;
  } catch {
    backend = null;
  }
  const read = (k: string): string | null => {
    try {
      return backend ? backend.getItem(prefix + k) : memory.get(k) ?? null;
    } catch {
      return memory.get(k) ?? null;
    }
  };
  return {
    get<T>(key: string): T | null {
      const s = read(key);
      if (s == null) return null;
      try {
        return JSON.parse(s) as T;
      } catch {
        return null;
      }
    },
    set(key, value) {
      const s = JSON.stringify(value);
      memory.set(key, s);
      try {
        backend?.setItem(prefix + key, s);
      } catch {
        backend = null;
      }
    },
    watch<T>(key: string, fn: (value: T | null) => void) {
      // [spec] a `storage` event fires in every other tab of the origin that shares this storage area.
      const on = (e: StorageEvent): void => {
        if (backend && e.storageArea == backend && e.key == prefix + key) fn(this.get<T>(key));
      };
      addEventListener('storage', on);
      return () => removeEventListener('storage', on);
    },
    remove(key) {
      memory.delete(key);
      try {
        backend?.removeItem(prefix + key);
      } catch {
        backend = null;
      }
    },
  };
}
