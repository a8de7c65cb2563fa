import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of `startRedisServer`. */
export interface RedisServerOptions {
  /** Append-only file with `appendfsync always` (every acknowledged write is on disk), for restart tests. */
  appendOnly?: boolean;
  /** Default `redis-server` on the PATH (Debian: /usr/bin/redis-server). */
  binary?: string;
}

/** A real redis-server child on a free port, in a temp dir of its own. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`; stays the same across `restart`. */
  url: string;
  port: number;
  /**
   * Stops the server (SIGTERM, so an AOF is flushed; SIGKILL to crash it) and keeps its dir, so `start` brings the
   * same data back.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and dir (after `stop`). */
  start(): Promise<void>;
  /** Stops it and removes its dir. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once a PING on `port` answers PONG (the server accepts commands), or rejects after `timeoutMs`. */
async function waitForPong(port: number, child: ChildProcess, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.setTimeout(500, () => { socket.destroy(); resolve(false); });
      socket.once('error', () => resolve(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (d) => { socket.destroy(); resolve(d.toString().startsWith('+PONG')); });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer: ${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts `redis-server` on a free port (it has no `--port 0`: a port is picked, then taken; a lost race retries
 * with another), no RDB snapshots, optionally AOF with fsync on every write. For vitest, Playwright and the bench.
 * @example const redis = await startRedisServer(); try { ... redis.url ... } finally { await redis.close(); }
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  let port = 0;
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', ''];
    if (options.appendOnly) args.push('--appendonly', 'yes', '--appendfsync', 'always');
    const proc = spawn(options.binary ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-4000); });
    proc.stderr?.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-4000); });
    proc.once('error', (err) => { out += String(err); });
    child = proc;
    await waitForPong(port, proc, () => out);
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  };

  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      await stop();
      if (attempt >= 4) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  return {
    get url() { return `redis://127.0.0.1:${port}`; },
    get port() { return port; },
    stop,
    start: launch,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
