import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

/**
 * What a process did while the relay bench measured, on the monotonic clock every bench process shares (ms):
 * GC pauses as [start, ms, kind] and event-loop stalls over 5 ms as [start, ms, ms the main thread ran, ms it
 * waited for a CPU]. A stall with much run time is the process's own work; with much waiting, other processes had
 * the CPUs; with neither, a blocking system call.
 */
export interface StallTrace {
  gcs: [number, number, number][];
  stalls: [number, number, number, number][];
  /** CPU time of the whole process (all threads: GC helpers, workers) since the previous take, ms. */
  cpuMs: number;
}

/** ms on the CPU and ms waiting in the run queue of this process's main thread (/proc/…/schedstat). */
function schedstat(): [number, number] {
  const [run = 0, wait = 0] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
  return [run / 1e6, wait / 1e6];
}

/**
 * Starts recording this process's GC pauses and event-loop stalls (a 2 ms timer and a /proc read each tick:
 * only for BENCH_RELAY_TRACE runs). `take()` returns what was recorded since the previous call.
 * @example const trace = startStallTrace(); …; const { gcs, stalls } = trace.take();
 */
export function startStallTrace(): { take(): StallTrace } {
  let trace: StallTrace = { gcs: [], stalls: [], cpuMs: 0 };
  let cpu = process.cpuUsage();
  const origin = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      trace.gcs.push([e.startTime + origin, e.duration, (e as { detail?: { kind?: number } }).detail?.kind ?? 0]);
    }
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let lastSched = schedstat();
  setInterval(() => {
    const now = performance.now();
    const sched = schedstat();
    if (now - last > 7) trace.stalls.push([last + origin, now - last - 2, sched[0] - lastSched[0], sched[1] - lastSched[1]]);
    last = now;
    lastSched = sched;
  }, 2).unref();
  return {
    take() {
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const taken = { ...trace, cpuMs: Math.round((used.user + used.system) / 1000) };
      trace = { gcs: [], stalls: [], cpuMs: 0 };
      return taken;
    },
  };
}
