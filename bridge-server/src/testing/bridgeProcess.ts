import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_ENTRY, BRIDGE_ENV } from '../../../scripts/buildBridge';

/** A compiled bridge process (`node dist/bridge/main.js`, as `npm run bridge` runs it). */
export interface BridgeProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves with the URL once the bridge logs that it listens; rejects if it exits first or takes over `timeoutMs`. */
  listening(timeoutMs?: number): Promise<string>;
  /** Kills it if still running, waits for the exit, removes its working directory. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Spawns the compiled bridge (run `buildBridge()` first) from an empty working directory, with only `env` (plus
 * PATH, HOME and `npm run bridge`'s defaults) in its environment.
 * @example const p = spawnBridge({ ADA_BASE_URL, ... }); const url = await p.listening(); await p.stop('SIGKILL');
 */
export function spawnBridge(env: Record<string, string>): BridgeProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-proc-'));
  const child = spawn(process.execPath, [BRIDGE_ENTRY], {
    cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...BRIDGE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    resolve(code);
    for (const w of [...waiters]) w();
  }));
  return {
    child,
    output: () => output,
    exited,
    listening(timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = /"url":"(http:[^"]+)".*"msg":"bridge listening"/.exec(output);
          if (!m?.[1] && child.exitCode === null && child.signalCode === null) return;
          waiters.delete(check);
          clearTimeout(timer);
          if (m?.[1]) resolve(m[1]);
          else reject(new Error(`bridge exited before listening:\n${output}`));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`bridge did not listen within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
