/**
 * `npm run bridge`: reads settings from the environment (and ./.env when present), starts the bridge and stops
 * it gracefully on SIGTERM/SIGINT. Exits 1 with one line per missing or malformed setting.
 */
import { existsSync } from 'node:fs';
import { ChannelSetupError } from './chat/channel';
import { readConfig } from './config';
import { startBridge } from './server';

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
  if (err instanceof ChannelSetupError) console.error(`[parley] ${err.message}`);
  else console.error(`[parley] could not start: ${(err as Error).message}`);
  process.exit(1);
}
