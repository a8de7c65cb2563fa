/**
 * `npm run bridge`: reads settings from the environment (and ./.env when present), starts the bridge and stops
 * it gracefully on SIGTERM/SIGINT. Exits 1 with one line per missing or malformed setting, and with one line naming
 * the cause when it cannot start (Ada refusing the key or the channel, the port taken, an unreadable database).
 */
import { existsSync } from 'node:fs';
import { readConfig } from './config';
import { startBridge } from './server';
import { describeStartupError } from './startupError';

if (existsSync('.env')) process.loadEnvFile('.env');

const config = readConfig(process.env);
if (!config.ok) {
  for (const line of config.errors) console.error(`[parley] ${line}`);
  process.exit(1);
}

try {
  const bridge = await startBridge(config.options);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[parley] ${signal}: shutting down`);
    bridge.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  const o = config.options;
  console.error(`[parley] ${describeStartupError(err, { adaBaseUrl: o.adaBaseUrl, host: o.host ?? '127.0.0.1', port: o.port ?? 8787, dataDir: o.dataDir })}`);
  process.exit(1);
}
