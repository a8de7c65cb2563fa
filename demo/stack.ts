import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startAdaSim } from './ada-sim/index';
import type { AdaSim, AdaSimOptions } from './ada-sim/types';
import { startBridge, type BridgeOptions, type RunningBridge } from '../bridge-server/src/server';
import { startSite, type SiteServer } from './site/server';
import { reservePort } from './ports';

/** Options of {@link startDemoStack}. Ports default to 0 (free ports). */
export interface DemoStackOptions {
  host?: string;
  sitePort?: number;
  bridgePort?: number;
  simPort?: number;
  /** Where the bridge keeps its embedded store. */
  dataDir: string;
  /** The built widget the bridge serves; default `dist/widget.js`. */
  widgetFile?: string;
  /** Simulator knobs (reply delay, time scale, seed, log). */
  sim?: Omit<AdaSimOptions, 'port' | 'host' | 'siteUrl'>;
  /** The bridge's `IDENTITY_SECRET`, shared with the site's account page; default a random one per start. */
  identitySecret?: string;
  /** Extra bridge options (log level, rate limits). */
  bridge?: Partial<Omit<BridgeOptions, 'adaBaseUrl' | 'adaApiKey' | 'adaWebhookSecret' | 'port' | 'host' | 'allowedOrigins' | 'dataDir'>>;
}

/** Simulator, bridge and help-center site wired together. */
export interface DemoStack {
  sim: AdaSim;
  /** The current bridge; a new object after {@link DemoStack.restartBridge}. */
  readonly bridge: RunningBridge;
  site: SiteServer;
  /** Stops the bridge and starts it again on the same port and data dir (as a deploy or crash would). */
  restartBridge(): Promise<void>;
  /** Stops the bridge only (e.g. to test an outage); {@link DemoStack.startBridgeAgain} brings it back. */
  stopBridge(): Promise<void>;
  startBridgeAgain(): Promise<void>;
  /** Stops everything, site first. */
  close(): Promise<void>;
}

/** The widget bundle `npm run build` emits. */
export const DEFAULT_WIDGET_FILE = fileURLToPath(new URL('../dist/widget.js', import.meta.url));

/**
 * Starts the local Ada simulator, the bridge pointed at it (API key and webhook secret passed in-process), and
 * the help-center site on its own origin, in that order; registers the bridge's webhook endpoint at the simulator.
 * Ports are checked first, so a taken port fails with a {@link import('./ports').PortInUseError} before anything starts.
 * @example const stack = await startDemoStack({ dataDir: 'data', sitePort: 5173, bridgePort: 8787, simPort: 8788 });
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const host = options.host ?? '127.0.0.1';
  const sitePort = await reservePort(options.sitePort ?? 0, host, 'demo site', 'PARLEY_SITE_PORT');
  const bridgePort = await reservePort(options.bridgePort ?? 0, host, 'bridge', 'PORT');
  const simPort = await reservePort(options.simPort ?? 0, host, 'Ada simulator', 'ADA_SIM_PORT');
  const siteOrigin = `http://${host}:${sitePort}`;
  // The site's backend and the bridge share it, as a real site and its bridge would.
  const identitySecret = options.identitySecret ?? randomBytes(32).toString('base64url');

  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const sim = await startAdaSim({ ...options.sim, port: simPort, host, siteUrl: siteOrigin });
    started.push(sim);
    const bridgeOptions: BridgeOptions = {
      ...options.bridge,
      adaBaseUrl: sim.url,
      adaApiKey: sim.apiKey,
      adaWebhookSecret: sim.webhookSecret,
      port: bridgePort,
      host,
      allowedOrigins: [siteOrigin],
      dataDir: options.dataDir,
      widgetFile: options.widgetFile ?? DEFAULT_WIDGET_FILE,
      identitySecret,
    };
    let bridge: RunningBridge | null = await startBridge(bridgeOptions);
    const bridgeRef = { close: async () => { if (bridge) await bridge.close(); bridge = null; } };
    started.push(bridgeRef);
    sim.addWebhookUrl(`${bridge.url}/webhooks/ada`);
    const site = await startSite({ port: sitePort, host, bridgeUrl: bridge.url, identitySecret });
    started.push(site);

    const current = (): RunningBridge => {
      if (!bridge) throw new Error('the bridge is stopped');
      return bridge;
    };
    return {
      sim,
      site,
      get bridge() {
        return current();
      },
      stopBridge: () => bridgeRef.close(),
      async startBridgeAgain() {
        if (!bridge) bridge = await startBridge(bridgeOptions);
      },
      async restartBridge() {
        await bridgeRef.close();
        bridge = await startBridge(bridgeOptions);
      },
      async close() {
        for (const part of started.reverse()) await part.close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const part of started.reverse()) await part.close().catch(() => undefined);
    throw error;
  }
}
