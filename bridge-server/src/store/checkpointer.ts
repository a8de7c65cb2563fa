import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite's WAL checkpoints on a worker thread, off the event loop. A checkpoint copies the WAL back into the
 * database file and fsyncs both; run by the writing connection (SQLite's default, every 1,000 pages) it stalled the
 * event loop 10–25 ms every ~80 webhooks (bench/capacity, relay). PASSIVE never blocks the writer: it copies what no
 * reader still needs and leaves the rest for the next round. The worker is plain CommonJS given as source, so it
 * runs the same under tsx, vitest and plain node.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/** A running checkpoint worker. */
export interface Checkpointer {
  /** Stops the worker and closes its connection (before the main connection closes, so that one checkpoints last). */
  stop(): Promise<void>;
}

/** Options of `startCheckpointer`. */
export interface CheckpointerOptions {
  file: string;
  everyMs?: number;
  /** Called when the worker fails; the caller then goes back to checkpointing on its own connection. */
  onFailure: (err: unknown) => void;
}

/**
 * Starts the checkpoint worker for the database at `file`.
 * @example const cp = startCheckpointer({ file, onFailure: () => db.pragma('wal_autocheckpoint = 1000') }); await cp.stop();
 */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: options.file, driver, everyMs: options.everyMs ?? 500 } });
  worker.unref();
  let stopped = false;
  worker.on('message', (m: unknown) => options.onFailure(new Error(String(m))));
  worker.on('error', (err) => {
    if (!stopped) options.onFailure(err);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      if (stopped) return exited;
      stopped = true;
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
    },
  };
}
