/**
 * One bridge as a real child process, `node dist/bridge/main.js` configured by the environment exactly as
 * `npm run bridge` runs it, so a test can SIGKILL it (a crash: no drain, no goodbye) and start it again on the
 * same port. Needs `npm run build` first (`npm run test:e2e` does it).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_ENTRY, BRIDGE_ENV } from '../../scripts/buildBridge';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Options of {@link bridgeChild}. */
export interface BridgeChildOptions {
  /** Names the instance in errors and logs, e.g. `bridge-a`. */
  name: string;
  port: number;
  /** The bridge's settings (ADA_*, ALLOWED_ORIGINS, REDIS_URL, …); PORT and HOST are set from `port`. */
  env: Record<string, string>;
  /** Copy the bridge's own output to this process's stderr (default: only when it fails to start). */
  echo?: boolean;
}

/** A bridge process that can be started, killed and started again. */
export interface BridgeChild {
  name: string;
  url: string;
  /** Starts the process and resolves once `/healthz` answers 200; rejects with its last output if it exits first. */
  start(): Promise<void>;
  /** Sends `signal` (default SIGKILL) and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  running(): boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A bridge child process on 127.0.0.1:`port` (not started yet).
 * @example const a = bridgeChild({ name: 'bridge-a', port, env: { REDIS_URL, ... } }); await a.start(); await a.kill();
 */
export function bridgeChild(options: BridgeChildOptions): BridgeChild {
  const url = `http://127.0.0.1:${options.port}`;
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  return {
    name: options.name,
    url,
    running: () => proc !== null && proc.exitCode === null && proc.signalCode === null,
    async start() {
      if (!existsSync(BRIDGE_ENTRY)) throw new Error(`${BRIDGE_ENTRY} is missing: run \`npm run build\` first`);
      const output: string[] = [];
      const child = spawn(process.execPath, [BRIDGE_ENTRY], {
        cwd: ROOT,
        env: { ...process.env, ...BRIDGE_ENV, ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      proc = child;
      const keep = (chunk: Buffer): void => {
        output.push(chunk.toString());
        if (output.length > 50) output.shift();
        if (options.echo) process.stderr.write(`[${options.name}] ${chunk.toString()}`);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      let done = false;
      exited = new Promise<void>((resolve) => child.once('exit', () => {
        done = true;
        resolve();
      }));
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        if (done) throw new Error(`${options.name} exited while starting (${child.exitCode ?? child.signalCode}):\n${output.join('')}`);
        const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
        if (ok) return;
        await sleep(50);
      }
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not answer /healthz within 20 s:\n${output.join('')}`);
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}
