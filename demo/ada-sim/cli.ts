/**
 * `npm run ada-sim`: runs the Ada simulator until Ctrl+C and prints what a bridge needs to talk to it.
 * Options: see {@link USAGE} (flags or ADA_SIM_* environment variables).
 */
import { startAdaSim } from './index';
import { USAGE, parseCliOptions } from './cliOptions';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`[ada-sim] ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const sim = await startAdaSim({ ...options.sim, log: options.quiet ? undefined : (line) => console.log(`[ada-sim] ${line}`) });
  console.log(
    [
      `[ada-sim] Ada simulator ready`,
      `  ADA_BASE_URL=${sim.url}`,
      `  ADA_API_KEY=${sim.apiKey}`,
      `  ADA_WEBHOOK_SECRET=${sim.webhookSecret}`,
      `  webhooks → ${options.sim.webhookUrls?.join(', ') || '(none yet)'}`,
      `  controls: ${sim.url}/_sim/state`,
    ].join('\n'),
  );
  const stop = (): void => {
    console.log('[ada-sim] stopping');
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
