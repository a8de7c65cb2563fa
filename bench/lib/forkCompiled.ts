import { fork } from 'node:child_process';
import path from 'node:path';
import { BRIDGE_ENV, buildBridge } from '../../scripts/buildBridge';
import { ROOT, talkTo } from './ipc';
import type { BenchChild } from './ipc';

/**
 * Like `forkChild`, but compiles `bench/lib/<file>` first with the production build (scripts/buildBridge.ts) into
 * `dist/bench/` and runs it on plain node, with no TypeScript loader and with the environment `npm run bridge` sets
 * (BRIDGE_ENV): the bridge child measures what operators run, not tsx's loader (about 36 MB of RSS). Kept out of
 * ipc.ts, which the children import, so no child bundles esbuild.
 * @example const bridge = await forkCompiledChild('bridgeProcess.ts', { BENCH_BRIDGE_OPTIONS: '{...}' });
 */
export async function forkCompiledChild(file: string, env: Record<string, string> = {}, maxOldSpaceMb = 2048, nodeArgs: string[] = []): Promise<BenchChild> {
  const compiled = await buildBridge(path.join('bench/lib', file), path.join(ROOT, 'dist/bench', file.replace(/\.ts$/, '.js')));
  return talkTo(file, fork(compiled, [], {
    cwd: ROOT,
    execArgv: [`--max-old-space-size=${maxOldSpaceMb}`, ...nodeArgs],
    env: { ...BRIDGE_ENV, ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }));
}
