/**
 * Child process: one bridge (`startBridge`) configured by the JSON in BENCH_BRIDGE_OPTIONS, so its RSS and CPU are
 * its own. Answers `info` with its URL and pid; closes the bridge on SIGTERM or when the parent goes away.
 */
import { startBridge } from '../../bridge-server/src/server';
import type { BridgeOptions, RunningBridge } from '../../bridge-server/src/server';
import { serveIpc } from './ipc';

/** Reply of `info`. */
export interface BridgeInfo {
  url: string;
  pid: number;
}

const options = JSON.parse(process.env.BENCH_BRIDGE_OPTIONS ?? '{}') as BridgeOptions;
let bridge: RunningBridge | null = null;
const ready = startBridge({ ...options, port: 0, host: '127.0.0.1' }).then((b) => {
  bridge = b;
  return b;
});

serveIpc(
  { info: async (): Promise<BridgeInfo> => ({ url: (await ready).url, pid: process.pid }) },
  async () => {
    // Closing tells every stream to reconnect; bounded so a stuck close cannot hold the bench.
    await Promise.race([bridge?.close(), new Promise((r) => setTimeout(r, 5000))]);
  },
);
