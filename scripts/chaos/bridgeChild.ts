import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_ENV, buildBridge } from '../buildBridge';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Its own compiled copies, so a chaos run never races `npm run build:bridge` or another run for dist/bridge/. */
const ENTRIES = {
  production: ['bridge-server/src/main.ts', path.join(ROOT, 'dist/chaos/main.js')],
  /** With the store's write-failure seam on a flag file, where no tmpfs can be mounted (faultyMain.ts). */
  injected: ['scripts/chaos/faultyMain.ts', path.join(ROOT, 'dist/chaos/faulty.js')],
} as const;

/** A free TCP port on 127.0.0.1 (the bridge must come back on the same one after each kill). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The production bridge (`node dist/chaos/main.js`, built like `npm run bridge`; `injected`: faultyMain.ts), configured by environment as an
 * operator would, in a child process that can be SIGKILLed and started again on the same port and DATA_DIR.
 * `start` waits until `/healthz` answers; a start that fails (a full disk, say) is retried, as a supervisor would.
 * @example const bridge = await createBridgeChild({ ADA_BASE_URL, ... }); await bridge.start(); bridge.kill();
 */
export async function createBridgeChild(env: Record<string, string>, entry: keyof typeof ENTRIES = 'production', logFile: string | null = null) {
  const [source, compiled] = ENTRIES[entry];
  await buildBridge(source, compiled);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output: string[] = [];
  let starts = 0;
  let failedStarts = 0;

  const keep = (chunk: Buffer) => {
    // Every line, every start, in one file (CHAOS_LOG_DIR): what a loss or a duplicate is traced back with.
    if (logFile) appendFileSync(logFile, chunk);
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 400) output = output.slice(-200);
  };

  /**
   * One attempt: resolves true once healthy, false if the process exited first (or is still unhealthy after
   * `giveUpMs`). A live process is never killed for being slow to get healthy: a supervisor restarts a bridge that
   * exits, not one that is busy catching up (killing those made outages of a minute out of a kill under load).
   */
  async function attempt(giveUpMs: number): Promise<boolean> {
    const proc = spawn(process.execPath, [compiled], {
      cwd: ROOT,
      env: { ...BRIDGE_ENV, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    let exited = false;
    proc.once('exit', () => (exited = true));
    for (const until = Date.now() + giveUpMs; Date.now() < until && !exited;) {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        if (res.status === 200) return true;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    if (!exited) proc.kill('SIGKILL');
    return false;
  }

  return {
    url,
    port,
    /** Starts the bridge, retrying every 500 ms until it is healthy (or `giveUpMs` passed). */
    async start(giveUpMs = 120_000): Promise<void> {
      for (const until = Date.now() + giveUpMs; ;) {
        starts++;
        if (await attempt(until - Date.now())) return;
        failedStarts++;
        if (Date.now() > until) throw new Error(`the bridge did not start in ${giveUpMs} ms:\n${output.slice(-20).join('\n')}`);
        await sleep(500);
      }
    },
    /** SIGKILL: no shutdown, no flush; resolves once the process is gone. */
    async kill(): Promise<void> {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGKILL');
      await gone;
    },
    /** SIGTERM and wait: the graceful stop at the end of a run. */
    async stop(): Promise<void> {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      await Promise.race([gone, sleep(8000).then(() => proc.kill('SIGKILL'))]);
    },
    stats: () => ({ starts, failedStarts }),
    /** The last lines the bridge printed (its pino logs), for a failure report. */
    logTail: (n = 30): string[] => output.slice(-n),
  };
}

/** A bridge child returned by `createBridgeChild`. */
export type BridgeChild = Awaited<ReturnType<typeof createBridgeChild>>;
