/**
 * A real redis-server for a test, on a free port, with no persistence (nothing written to disk), stopped by
 * `close()`. Debian's `/usr/bin/redis-server` unless PARLEY_REDIS_SERVER names another one.
 */
import { spawn } from 'node:child_process';
import { reservePort } from '../../demo/ports';

/** A running redis-server. */
export interface RedisChild {
  /** e.g. `redis://127.0.0.1:41234/0`, what the bridges get as REDIS_URL. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts redis-server and resolves once it accepts connections.
 * @example const redis = await startRedis(); // REDIS_URL=redis.url … await redis.close();
 */
export async function startRedis(): Promise<RedisChild> {
  const bin = process.env.PARLEY_REDIS_SERVER ?? '/usr/bin/redis-server';
  const port = await reservePort(0, '127.0.0.1', 'redis-server', 'PARLEY_REDIS_SERVER');
  const proc = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    proc.once('error', (err) => reject(new Error(`could not run ${bin}: ${err.message}`)));
    proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
    proc.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
