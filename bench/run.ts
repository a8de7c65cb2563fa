/**
 * Runs the benches: all of them, or the ones named on the command line (`npm run bench -- size host-cost`).
 * Each prints a table and writes bench/results/<name>.json with the machine noted.
 */
import { machineInfo, machineLine } from './lib/machine';

type Bench = () => Promise<unknown>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  size: async () => (await import('./size')).run,
  'host-cost': async () => (await import('./host-cost')).run,
  relay: async () => (await import('./relay')).run,
  capacity: async () => (await import('./capacity')).run,
  // Needs redis-server; run only when named (`npm run bench -- relay --redis`).
  'relay-redis': async () => (await import('./relayRedis')).run,
};

async function main(): Promise<void> {
  const redis = process.argv.includes('--redis');
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-')).map((n) => (redis && n === 'relay' ? 'relay-redis' : n));
  const unknown = asked.filter((n) => !(n in BENCHES));
  if (unknown.length) {
    console.error(`[bench] unknown bench: ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
    process.exit(2);
  }
  const names = asked.length ? asked : Object.keys(BENCHES).filter((n) => n !== 'relay-redis');
  console.log(`[bench] ${names.join(', ')} on ${machineLine(machineInfo())}`);
  const failed: string[] = [];
  for (const name of names) {
    const load = BENCHES[name];
    if (!load) continue;
    const started = Date.now();
    console.log(`\n=== ${name} ===`);
    try {
      await (await load())();
    } catch (err) {
      failed.push(name);
      console.error(`[bench] ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    console.log(`[bench] ${name} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (failed.length) {
    console.error(`\n[bench] failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}

await main();
