/**
 * Child process: one bridge (`startBridge`) configured by the JSON in BENCH_BRIDGE_OPTIONS, so its RSS and CPU are
 * its own. Answers `info` with its URL and pid, and `loop` with its event-loop delay since the last `loop` call
 * (perf_hooks.monitorEventLoopDelay, ms). Closes the bridge on SIGTERM or when the parent goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import { startBridge } from '../../bridge-server/src/server';
import type { BridgeOptions, RunningBridge } from '../../bridge-server/src/server';
import { serveIpc } from './ipc';
import { startStallTrace } from './stallTrace';
import type { StallTrace } from './stallTrace';

/** Reply of `info`. */
export interface BridgeInfo {
  url: string;
  pid: number;
}

/** Reply of `mem`: the bridge process's memory after a full GC (MB), by kind and by V8 heap space. */
export interface MemoryReport {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, number>;
  /** Per V8 heap space, the memory it holds from the OS (MB): used plus free pages kept for later allocations. */
  spacesCommitted: Record<string, number>;
}

/** Reply of `loop`: event-loop delay of the bridge process (ms) since the previous `loop` call. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

const options = JSON.parse(process.env.BENCH_BRIDGE_OPTIONS ?? '{}') as BridgeOptions;
let bridge: RunningBridge | null = null;
const ready = startBridge({ ...options, port: 0, host: '127.0.0.1' }).then((b) => {
  bridge = b;
  return b;
});
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const mb = (bytes: number): number => Math.round(bytes / 1024 / 10.24) / 100;
const gc = (globalThis as { gc?: () => void }).gc;

const ms = (ns: number): number => Math.round(ns / 1e4) / 100;

// BENCH_RELAY_TRACE: GC pauses and event-loop stalls for the relay bench's time series (stallTrace.ts).
const tracer = process.env.BENCH_RELAY_TRACE ? startStallTrace() : null;

serveIpc(
  {
    info: async (): Promise<BridgeInfo> => ({ url: (await ready).url, pid: process.pid }),
    mem: (): MemoryReport => {
      gc?.(); // present with --expose-gc (BENCH_BRIDGE_NODE_ARGS); without it the numbers include garbage
      const m = process.memoryUsage();
      const spaces: Record<string, number> = {};
      const spacesCommitted: Record<string, number> = {};
      for (const s of v8.getHeapSpaceStatistics()) {
        spaces[s.space_name] = mb(s.space_used_size);
        spacesCommitted[s.space_name] = mb(s.physical_space_size);
      }
      return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), spaces, spacesCommitted };
    },
    trace: (): StallTrace | null => tracer?.take() ?? null,
    snapshot: (args: { file: string }): string => v8.writeHeapSnapshot(args.file),
    loop: (): LoopDelay => {
      const r = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
      loop.reset();
      return r;
    },
  },
  async () => {
    // Closing tells every stream to reconnect; bounded so a stuck close cannot hold the bench.
    await Promise.race([bridge?.close(), new Promise((r) => setTimeout(r, 5000))]);
  },
);
