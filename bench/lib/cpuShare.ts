import { readdirSync, readFileSync } from 'node:fs';

/** CPU time so far (ms): this process and its descendants, the whole machine busy, and stolen by the hypervisor. */
export interface CpuSnapshot {
  atMs: number;
  oursMs: number;
  busyMs: number;
  stealMs: number;
}

/** How a span's CPU went, in % of one core: the bench's processes, every other process, the hypervisor's steal. */
export interface CpuShare {
  oursPct: number;
  othersPct: number;
  stealPct: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux x86-64

/** utime + stime (ticks) and parent pid of a process, from /proc/<pid>/stat; null when it is gone. */
function statOf(pid: string): { ppid: number; ticks: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // after "pid (comm) ": state ppid … utime(12) stime(13)
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

/** Takes a snapshot (reads every /proc/<pid>/stat: a few ms, so only between measured windows). */
export function cpuSnapshot(): CpuSnapshot {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = statOf(name);
    if (st) procs.set(Number(name), st);
  }
  const ours = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let oursTicks = 0;
  for (const [pid, st] of procs) if (ours(pid)) oursTicks += st.ticks;
  // cpu  user nice system idle iowait irq softirq steal …
  const cpu = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return { atMs: performance.now(), oursMs: oursTicks * TICK_MS, busyMs: (user + nice + system + irq + softirq) * TICK_MS, stealMs: steal * TICK_MS };
}

/** CPU shares between two snapshots (a process of ours that exited meanwhile is counted as someone else's). */
export function cpuShare(from: CpuSnapshot, to: CpuSnapshot): CpuShare {
  const wall = Math.max(1, to.atMs - from.atMs);
  const pct = (ms: number): number => Math.round((ms / wall) * 100);
  const ours = to.oursMs - from.oursMs;
  return { oursPct: pct(ours), othersPct: Math.max(0, pct(to.busyMs - from.busyMs - ours)), stealPct: pct(to.stealMs - from.stealMs) };
}
