import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { BridgeError } from '../errors';

/** SQLite result codes that mean the file or the disk under it cannot be used (the rest are the caller's own errors). */
const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|NOTADB|CANTOPEN|PERM|NOLFS)/;
const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Options of `createFileGuard`. */
export interface FileGuardOptions {
  /** The database file the connection opened. */
  file: string;
  logger?: Logger;
  /** Test seam: while it returns true, every write fails as on a full disk (SQLITE_FULL), before it reaches SQLite. */
  failWrites?: () => boolean;
  /** How often the file is checked while nothing else checks it (default 5 s). */
  checkEveryMs?: number;
}

/**
 * Keeps the SQLite store honest about its file. A full disk (or any I/O failure) turns a write into a 503
 * `unavailable` the caller can answer with `Retry-After`, and is logged once until a write works again. A
 * database file deleted, replaced or overwritten while the bridge runs is detected (on every write, on `check`, and
 * on a timer): SQLite would go on writing to the unlinked inode, so from then on every write is refused and
 * health fails until a restart.
 * @example const guard = createFileGuard({ file, logger }); guard.write(() => stmt.run(...));
 */
export function createFileGuard(o: FileGuardOptions) {
  const opened = statSync(o.file);
  let fileProblem: string | null = null;
  let writeProblem: string | null = null;

  const unavailable = (reason: string, cause?: unknown) =>
    new BridgeError('unavailable', 'The chat server cannot save messages right now; please try again shortly.', { cause: cause ?? new Error(reason) });

  function noteFile(problem: string): void {
    if (fileProblem) return;
    fileProblem = problem;
    o.logger?.error({ file: o.file, problem }, `database file ${problem} while running: writes stopped, health fails; restore the file and restart the bridge`);
  }

  /** Whether the file is still the one opened (same inode, not deleted): a `stat`, cheap enough for every write. */
  function checkInode(): void {
    if (fileProblem) return;
    const now = statSync(o.file, { throwIfNoEntry: false });
    if (!now) noteFile('was deleted');
    else if (now.ino !== opened.ino || now.dev !== opened.dev) noteFile('was replaced by another file');
  }

  /** Also reads the header: an overwritten file keeps its inode, and the connection's cache would hide it a while. */
  function checkHeader(): void {
    if (fileProblem) return;
    const header = Buffer.alloc(HEADER.length);
    let fd: number | null = null;
    try {
      fd = openSync(o.file, 'r');
      readSync(fd, header, 0, header.length, 0);
    } catch (err) {
      noteFile(`could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    } finally {
      if (fd !== null) closeSync(fd);
    }
    if (!header.equals(HEADER)) noteFile('is no longer a SQLite database (overwritten or corrupted)');
  }

  /** Classifies an error a store operation threw: storage failures become `unavailable`. */
  function translate(err: unknown, writing: boolean): unknown {
    const code = (err as { code?: unknown }).code;
    if (!(err instanceof Database.SqliteError) || typeof code !== 'string' || !STORAGE_CODES.test(code)) return err;
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) noteFile(`is corrupted (${code})`);
    else if (writing && !writeProblem) {
      writeProblem = code;
      o.logger?.error({ file: o.file, code }, `cannot write the database (${code === 'SQLITE_FULL' ? 'disk full' : code}): sends and webhooks are refused with 503 until it can`);
    }
    return unavailable(code, err);
  }

  const timer = setInterval(() => {
    checkInode();
    checkHeader();
  }, o.checkEveryMs ?? 5_000);
  timer.unref();

  return {
    /** Runs a write: refused while the file is bad or the fault seam is on; storage errors become `unavailable`. */
    write<T>(fn: () => T): T {
      checkInode();
      if (fileProblem) throw unavailable(`database file ${fileProblem}`);
      try {
        if (o.failWrites?.()) throw new Database.SqliteError('database or disk is full (injected)', 'SQLITE_FULL');
        const result = fn();
        if (writeProblem) {
          writeProblem = null;
          o.logger?.warn({ file: o.file }, 'the database can be written again');
        }
        return result;
      } catch (err) {
        throw translate(err, true);
      }
    },
    /** Runs a read; a corrupted file becomes `unavailable`. */
    read<T>(fn: () => T): T {
      try {
        return fn();
      } catch (err) {
        throw translate(err, false);
      }
    },
    /** A write set that failed alone: the same translation as a thrown error. */
    translate: (err: unknown): unknown => translate(err, true),
    /** Full check for health: inode and header; throws `unavailable` naming the problem. */
    check(): void {
      checkInode();
      checkHeader();
      if (fileProblem) throw unavailable(`database file ${fileProblem}`);
    },
    /** Why the store cannot serve right now, or null. */
    problem: (): string | null => (fileProblem ? `database file ${fileProblem}` : writeProblem ? `cannot write (${writeProblem})` : null),
    stop: () => clearInterval(timer),
  };
}

/** The guard returned by `createFileGuard`. */
export type FileGuard = ReturnType<typeof createFileGuard>;
