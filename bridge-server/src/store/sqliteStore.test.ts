import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqliteStore';
import { storeContract } from './storeContract';

storeContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  const stores = [openSqliteStore(join(dir, 'nested'))];
  return {
    store: stores[0]!,
    async reopen() {
      const store = openSqliteStore(join(dir, 'nested'));
      stores.push(store);
      return store;
    },
    async dispose() {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
