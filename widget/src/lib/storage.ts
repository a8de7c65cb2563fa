import type { PersistMode } from '../types';

/** JSON key/value storage for one bridge. */
export interface Store {
  get<T>(key: string): T | null;
  set(key: string, value: unknown): void;
  remove(key: string): void;
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

/**
 * Calls `fn` with the new value whenever another tab writes `key` of `createStorage(persist, bridgeUrl)`; returns
 * the unsubscribe. Apart from `createStorage` so that only the chat file carries it (the loader has no use for it).
 * @example const stop = watchStorage('local', 'https://bridge.example.com', 'seen', (v) => console.log(v));
 */
export function watchStorage<T>(persist: PersistMode, bridgeUrl: string, key: string, fn: (value: T | null) => void): () => void {
  // [spec] a `storage` event fires in every other tab of the origin that shares this storage area.
  const on = (e: StorageEvent): void => {
    if (persist == 'none' || e.key != `parley:${bridgeUrl}:${key}`) return;
    try {
      if (e.storageArea == (persist == 'local' ? localStorage : sessionStorage)) fn(e.newValue == null ? null : (JSON.parse(e.newValue) as T));
    } catch {
      // storage out of reach, or a value that is not JSON: nothing to follow
    }
  };
  addEventListener('storage', on);
  return () => removeEventListener('storage', on);
}
