/**
 * Child process: the Ada tap (see adaTap.ts) in its own process, so the simulator's work (AI replies, webhook
 * deliveries) cannot delay its arrival timestamps. Target from BENCH_TAP_TARGET. Commands: info, reset, latencies.
 */
import { startAdaTap } from './adaTap';
import { serveIpc } from './ipc';

const tap = startAdaTap(process.env.BENCH_TAP_TARGET ?? '');

serveIpc(
  {
    info: async () => ({ url: (await tap).url }),
    reset: async () => {
      (await tap).reset();
      return true;
    },
    latencies: async () => (await tap).latencies(),
  },
  async () => (await tap).close(),
);
