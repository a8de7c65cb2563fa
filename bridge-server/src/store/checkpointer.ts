import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite's WAL checkpoints on a worker thread, off the event loop. A checkpoint copies the WAL back into the
 * database file and fsyncs both; run by the writing connection (SQLite's default, every 1,000 pages) it stalled the
 * event loop 10–25 ms every ~80 webhooks (bench/capacity, relay). PASSIVE never blocks the writer: it copies what no
 * reader still needs and leaves the rest for the next round.
 *
 * The WAL only starts over from its beginning when a write finds every frame of it copied back, and under steady
 * writes a PASSIVE round never ends with nothing new behind it: at 1,000 webhooks/s (about 12 pages each) the WAL
 * grew by about 50 MB/s without end, each write got slower as the WAL index grew, and the first write after the
 * burst truncated it back to `journal_size_limit` (about 20 ms on the event loop; bench/relay, issue 7). So once the
 * WAL holds more than `holdAfterFrames` frames, the worker catches up in rounds that each copy what the last one
 * left (fewer every time), then asks the writer to hold its writes (`writable()`) for one last round of a few
 * frames, about a millisecond; the next write then starts the WAL over. The hold is a hint, never a lock: a write
 * made anyway only means the WAL restarts a round later. The worker is plain CommonJS given as source, so it runs
 * the same under tsx, vitest and plain node.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
let holding = false;
const round = () => {
  if (holding) return;
  try {
    let r = passive();
    if (r.log <= workerData.holdAfterFrames) return;
    // Each round copies what was written during the one before; a few rounds leave little for the held one.
    for (let i = 0, last = r.log; i < 4; i++, last = r.log) {
      r = passive();
      if (r.log - last <= workerData.holdAtMostFrames) break;
    }
    holding = true;
    parentPort.postMessage({ hold: true });
  } catch (err) { parentPort.postMessage({ error: String(err) }); }
};
const timer = setInterval(round, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'held') {
    try { passive(); } catch (err) { parentPort.postMessage({ error: String(err) }); }
    holding = false;
    parentPort.postMessage({ release: true });
    return;
  }
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** A running checkpoint worker. */
export interface Checkpointer {
  /** While the worker asks writers to hold (for its last round before the WAL starts over): when to write. */
  writable(): Promise<void> | null;
  /** Stops the worker and closes its connection (before the main connection closes, so that one checkpoints last). */
  stop(): Promise<void>;
}

/** Options of `startCheckpointer`. */
export interface CheckpointerOptions {
  file: string;
  everyMs?: number;
  /** WAL size (frames of one page) from which the worker makes the WAL start over; default 4,000 (16 MB). */
  holdAfterFrames?: number;
  /** Longest a hold lasts if the worker has not finished its round (ms): writes go on then. Default 5. */
  maxHoldMs?: number;
  /** Called when the worker fails; the caller then goes back to checkpointing on its own connection. */
  onFailure: (err: unknown) => void;
}

/**
 * Starts the checkpoint worker for the database at `file`.
 * @example const cp = startCheckpointer({ file, onFailure: () => db.pragma('wal_autocheckpoint = 1000') }); await cp.stop();
 */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file: options.file, driver, everyMs: options.everyMs ?? 500, holdAfterFrames: options.holdAfterFrames ?? 4000, holdAtMostFrames: 64,
    },
  });
  worker.unref();
  let stopped = false;
  let hold: { done: Promise<void>; release: () => void } | null = null;
  const release = (): void => {
    hold?.release();
    hold = null;
  };
  worker.on('message', (m: { hold?: true; release?: true; error?: string }) => {
    if (m.hold) {
      let resolve = (): void => {};
      const done = new Promise<void>((r) => (resolve = r));
      const timer = setTimeout(release, options.maxHoldMs ?? 5);
      hold = { done, release: () => (clearTimeout(timer), resolve()) };
      worker.postMessage('held');
    } else if (m.release) {
      release();
    } else {
      release();
      options.onFailure(new Error(m.error));
    }
  });
  worker.on('error', (err) => {
    release();
    if (!stopped) options.onFailure(err);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    writable: () => hold?.done ?? null,
    async stop() {
      release();
      if (stopped) return exited;
      stopped = true;
      // The worker and the timer are unref'd so they never hold a running bridge open; while stopping they must,
      // or a process whose only work left is this stop (a start-up failure) exits 13 before its error is printed.
      worker.ref();
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      await worker.terminate();
    },
  };
}
