import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LIB = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (the children's cwd). */
export const ROOT = path.resolve(LIB, '../..');

/** A request to a bench child process; `id` pairs it with the reply. */
export interface IpcRequest<T = unknown> {
  id: number;
  cmd: string;
  args: T;
}

/** A reply from a bench child process. */
export interface IpcReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

function isReply(v: unknown): v is IpcReply {
  return typeof v === 'object' && v !== null && 'id' in v && 'ok' in v;
}

/** A bench child process spoken to with request/reply messages. */
export interface BenchChild {
  proc: ChildProcess;
  call<R>(cmd: string, args?: unknown, timeoutMs?: number): Promise<R>;
  /** Asks the child to exit, and kills it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Forks `bench/lib/<file>` under tsx, on loopback, with its own fd limit (inherited: see bench/README.md).
 * `maxOldSpaceMb` sizes its heap; `nodeArgs` are more Node flags (e.g. `--cpu-prof`).
 */
export function forkChild(file: string, env: Record<string, string> = {}, maxOldSpaceMb = 2048, nodeArgs: string[] = []): BenchChild {
  return talkTo(file, fork(path.join(LIB, file), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', `--max-old-space-size=${maxOldSpaceMb}`, ...nodeArgs],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }));
}

/** Request/reply over the IPC channel of a forked bench child (see forkChild, forkCompiledChild). */
export function talkTo(file: string, proc: ChildProcess): BenchChild {
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  proc.on('message', (m: unknown) => {
    if (!isReply(m)) return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.value);
    else w?.reject(new Error(`${file}: ${m.error ?? 'failed'}`));
  });
  proc.on('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`${file} exited (${code ?? signal})`));
    waiting.clear();
  });
  return {
    proc,
    call<R>(cmd: string, args: unknown = {}, timeoutMs = 300_000): Promise<R> {
      const id = next++;
      return new Promise<R>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${file}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as R);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        const req: IpcRequest = { id, cmd, args };
        proc.send(req);
      });
    },
    async stop(graceMs = 5000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

type Handler = (args: never) => unknown;

/** In a child: answers requests with the handler named by `cmd`; exits on SIGTERM or when the parent goes away. */
export function serveIpc(handlers: Record<string, Handler>, onExit: () => Promise<void> | void = () => {}): void {
  const exit = async (): Promise<void> => {
    await onExit();
    process.exit(0);
  };
  process.on('SIGTERM', () => void exit());
  process.on('disconnect', () => void exit());
  process.on('message', (m: IpcRequest) => {
    const handler = handlers[m.cmd];
    const reply = (r: Omit<IpcReply, 'id'>): void => void process.send?.({ id: m.id, ...r });
    if (!handler) return reply({ ok: false, error: `unknown command ${m.cmd}` });
    Promise.resolve()
      .then(() => handler(m.args as never))
      .then((value) => reply({ ok: true, value }))
      .catch((err: unknown) => reply({ ok: false, error: err instanceof Error ? err.message : String(err) }));
  });
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (VmRSS). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** This process's soft limit on open files (from /proc/self/limits), which forked children inherit. */
export function openFilesLimit(): number {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !m?.[1] || m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
}
