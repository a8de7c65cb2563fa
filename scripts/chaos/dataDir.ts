import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The bridge's DATA_DIR for a chaos run, and how its disk can be filled. */
export interface ChaosDataDir {
  dir: string;
  /**
   * `tmpfs`: a small RAM disk of its own that can really fill up; `injected`: a temp dir, and a full disk is every
   * SQLite write failing while `flag` exists (the bridge must run faultyMain.ts); `plain`: no full-disk fault.
   */
  kind: 'tmpfs' | 'injected' | 'plain';
  /** Why there is no tmpfs, when there is none. */
  why: string | null;
  /** The file whose existence fails every write (`injected` only). */
  flag: string;
  /** Fills the disk to the last byte (ENOSPC for every write after), or raises the flag. */
  fill(): void;
  /** Frees what `fill` took. */
  free(): void;
  cleanup(): void;
}

/**
 * A DATA_DIR on its own 64 MB tmpfs when the machine allows mounting one (root, or a container with CAP_SYS_ADMIN),
 * so "the disk is full" is a real ENOSPC from the kernel, not a mock; else a temp dir with an injected write failure
 * (`injected`), and `why` says why.
 * @example const data = prepareDataDir(true); data.fill(); ...; data.free(); data.cleanup();
 */
export function prepareDataDir(wantTmpfs: boolean, injectOnly = false): ChaosDataDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-chaos-'));
  const filler = path.join(dir, 'filler');
  const flag = path.join(dir, 'chaos-disk-full');
  let kind: ChaosDataDir['kind'] = 'plain';
  let why: string | null = wantTmpfs ? null : 'not asked for';
  if (wantTmpfs && injectOnly) {
    kind = 'injected';
    why = 'CHAOS_DISK=injected';
  } else if (wantTmpfs) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
      kind = 'tmpfs';
    } catch (err) {
      kind = 'injected';
      why = `mount -t tmpfs failed: ${(err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message}`;
    }
  }
  return {
    dir, kind, why, flag,
    fill() {
      if (kind === 'injected') return writeFileSync(flag, '');
      if (kind !== 'tmpfs') throw new Error('no disk to fill');
      const fd = openSync(filler, 'a');
      try {
        // Big writes first, then smaller ones, until not one byte more fits.
        for (const size of [1 << 20, 1 << 12, 1]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      try {
        unlinkSync(kind === 'injected' ? flag : filler);
      } catch {
        // already freed
      }
    },
    cleanup() {
      if (kind === 'tmpfs') {
        try {
          execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
        } catch {
          // left mounted: os.tmpdir() is cleaned by the system
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
