/**
 * The chaos run's bridge where no tmpfs can be mounted (no root): `bridge-server/src/main.ts` with the SQLite store's
 * write-failure seam wired to a file, so "the disk is full" is every write failing with SQLITE_FULL while
 * `CHAOS_FULL_FLAG` exists (dataDir.ts creates and removes it). Only the cause is injected: the store, the health
 * check, the 503s and the catch-up that follow are the production code's.
 */
import { existsSync } from 'node:fs';
import { readConfig } from '../../bridge-server/src/config';
import { startBridge } from '../../bridge-server/src/server';

const flag = process.env.CHAOS_FULL_FLAG ?? '';
const config = readConfig(process.env);
if (!config.ok || !flag) {
  for (const line of config.ok ? ['CHAOS_FULL_FLAG: not set'] : config.errors) console.error(`[parley] ${line}`);
  process.exit(1);
}
try {
  const bridge = await startBridge({ ...config.options, storeFaults: { failWrites: () => existsSync(flag) } });
  process.on('SIGTERM', () => void bridge.close().then(() => process.exit(0), () => process.exit(1)));
} catch (err) {
  console.error(`[parley] could not start: ${(err as Error).message}`);
  process.exit(1);
}
