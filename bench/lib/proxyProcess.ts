/**
 * Child process: the round-robin proxy (e2e/lib/roundRobinProxy.ts) in its own process, as nginx runs apart from
 * everything else, so the kill run times the bridges' resume and not the simulator sharing the proxy's event loop.
 * Upstreams from BENCH_PROXY_UPSTREAMS (comma-separated). Commands: info.
 */
import { startRoundRobinProxy } from '../../e2e/lib/roundRobinProxy';
import { serveIpc } from './ipc';

const proxy = startRoundRobinProxy({ upstreams: (process.env.BENCH_PROXY_UPSTREAMS ?? '').split(',').filter(Boolean) });

serveIpc(
  { info: async () => ({ url: (await proxy).url }) },
  async () => (await proxy).close(),
);
