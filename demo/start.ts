/**
 * `npm start`: the local default. Runs the Ada simulator, the bridge (embedded store in ./data) and the Lovelace
 * Support help center on its own origin, then prints the one URL to open. No account, no settings.
 * Ports: PARLEY_SITE_PORT (5173), PORT (bridge, 8787), ADA_SIM_PORT (8788); HOST (127.0.0.1).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_WIDGET_FILE, startDemoStack, type DemoStack } from './stack';
import { isAddressInUse, PortInUseError, readPort } from './ports';

function fail(line: string): never {
  console.error(`[parley] ${line}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let ports: { site: number; bridge: number; sim: number };
  try {
    ports = {
      site: readPort(process.env, 'PARLEY_SITE_PORT', 5173),
      bridge: readPort(process.env, 'PORT', 8787),
      sim: readPort(process.env, 'ADA_SIM_PORT', 8788),
    };
  } catch (error) {
    fail((error as Error).message);
  }
  if (!existsSync(DEFAULT_WIDGET_FILE)) fail('dist/widget.js is missing: run `npm run build` first (npm start does).');

  const host = process.env.HOST?.trim() || '127.0.0.1';
  const dataDir = resolve(process.env.DATA_DIR?.trim() || 'data');
  let stack: DemoStack;
  try {
    stack = await startDemoStack({
      host,
      sitePort: ports.site,
      bridgePort: ports.bridge,
      simPort: ports.sim,
      dataDir,
      bridge: { logLevel: process.env.LOG_LEVEL?.trim() || 'warn' },
    });
  } catch (error) {
    if (error instanceof PortInUseError) fail(error.message);
    if (isAddressInUse(error)) fail(`A port is already in use: ${(error as Error).message}`);
    fail(`Could not start the demo: ${(error as Error).message}`);
  }

  console.log(`[parley] Ada simulator  ${stack.sim.url}  (a local stand-in for Ada; no account needed)`);
  console.log(`[parley] Bridge         ${stack.bridge.url}  (widget.js, /v1 API, webhooks; data in ${dataDir})`);
  console.log(`[parley] Open the demo help center: ${stack.site.url}   (Ctrl+C stops everything)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(130);
    }
    stopping = true;
    console.log(`\n[parley] ${signal}: stopping site, bridge and simulator…`);
    const force = setTimeout(() => {
      console.error('[parley] Shutdown took too long; exiting.');
      process.exit(1);
    }, 5000);
    force.unref();
    stack
      .close()
      .then(() => {
        console.log('[parley] Stopped.');
        process.exit(0);
      })
      .catch((error: unknown) => fail(`Error while stopping: ${(error as Error).message}`));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
