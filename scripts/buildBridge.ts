/**
 * `npm run build:bridge`: compiles the bridge to plain JavaScript in `dist/bridge/` (gitignored), so production runs
 * `node dist/bridge/main.js` without a TypeScript loader in the process (the tsx loader alone held about 36 MB of
 * the bridge's RSS; issue 7). One ESM file: our own code is bundled, every npm package stays an import resolved from
 * node_modules at run time (better-sqlite3 is native, pino and svix load files of their own), so nothing behaves
 * differently from `tsx bridge-server/src/main.ts` but the loader.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm run bridge` runs the compiled bridge from. */
export const BRIDGE_ENTRY = path.join(ROOT, 'dist/bridge/main.js');

/**
 * Environment `npm run bridge` gives the bridge process unless already set (package.json spells the same values;
 * a test keeps them equal). MALLOC_ARENA_MAX: glibc gives each thread that allocates (V8's GC and compiler
 * helpers, libuv's pool, the SQLite checkpoint worker) an arena of its own, each keeping freed memory; two arenas
 * held 13–14 MB less outside the V8 heap with 10,000 streams open (bench/capacity, three runs each, issue 7).
 * Other C libraries ignore it.
 */
export const BRIDGE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * Bundles one TypeScript entry (default the bridge's `main.ts`) into `outfile`, the way production runs it. The
 * bench compiles its bridge child with the same settings. `outfile` must sit two levels below the repo root, as
 * `bridge-server/src/` does: server.ts finds `dist/widget.js` from its own location.
 * @example await buildBridge(); // dist/bridge/main.js
 */
export async function buildBridge(entry = 'bridge-server/src/main.ts', outfile = BRIDGE_ENTRY): Promise<string> {
  if (path.relative(ROOT, path.dirname(outfile)).split(path.sep).length !== 2) {
    throw new Error(`${outfile}: the compiled bridge must sit two directories below the repo root`);
  }
  await build({
    entryPoints: [path.resolve(ROOT, entry)],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildBridge(); // silent when it works: `npm run bridge` prints only the bridge's own lines
}
