import { createMemoryEchoState } from '../chat/echoState';
import { createLocalLeases } from '../chat/leases';
import { createMemoryHub } from '../hub/memoryHub';
import { createStreamCaps } from '../middleware/limits';
import { createLimiter } from '../middleware/rateLimit';
import { openSqliteStore, type SqliteStoreOptions } from '../store/sqliteStore';
import type { Backend, BackendOptions } from './types';

/**
 * The default backend of a single bridge: the SQLite file in `dataDir`, and everything else in this process.
 * @example const backend = openLocalBackend('./data', { onListenerError });
 */
export function openLocalBackend(dataDir: string, o: BackendOptions & { storeOptions?: SqliteStoreOptions }): Backend {
  const store = openSqliteStore(dataDir, o.storeOptions);
  return {
    store,
    hub: createMemoryHub(o.onListenerError),
    echo: createMemoryEchoState(),
    leases: createLocalLeases(),
    limiter: (l) => createLimiter(l),
    streamCaps: (limits) => createStreamCaps(limits),
    close: () => store.close(),
  };
}
