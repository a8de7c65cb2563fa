/**
 * Relay bench: one bridge (child process) against the Ada simulator, many open SSE streams (held by a client child
 * process), and signed webhooks posted at a steady rate by a sender child process. Each webhook's text carries its
 * send time (monotonic clock, shared by all processes), so the SSE client measures webhook sent → event received.
 * Then widget sends (POST /v1/messages) → the simulator received them, timed by a tap in front of the simulator.
 *
 * Env: BENCH_RELAY_STREAMS (5000), BENCH_RELAY_ACTIVE (100 conversations webhooks go to), BENCH_RELAY_RATES
 * ("100,1000,3000"), BENCH_RELAY_SECONDS (5 per rate), BENCH_RELAY_RATE_WARMUP_MS (1000: sent at each rate right
 * before its measured seconds, reported apart), BENCH_RELAY_SENDS (200 widget messages) at BENCH_RELAY_SEND_RATE
 * (20/s). BENCH_RELAY_TRACE=<file> writes every measured event's send time and latency, every POST's, and the GC
 * pauses and event-loop stalls of the bridge, the SSE clients and the sender (lib/stallTrace.ts) to <file>
 * (<file>.run<N> per run when there are several). BENCH_RELAY_RUNS (3): whole runs, each on a fresh stack; every
 * run is printed and stored, with the median and min–max of each figure and the goal judged on each run and on the
 * median (lib/runs.ts), the first run's verdict kept as `goal` (what the bench stored when it ran once).
 */
import { writeFileSync } from 'node:fs';
import type { LoopDelay } from './lib/bridgeProcess';
import { cpuShare, cpuSnapshot } from './lib/cpuShare';
import type { CpuShare } from './lib/cpuShare';
import { forkChild } from './lib/ipc';
import type { ClientReport, OpenResult } from './lib/sseClients';
import { printMachine, printTable, writeResult } from './lib/report';
import type { Cell } from './lib/report';
import { benchChannel, BENCH_ORIGIN, createSessions, startConversations, startStack } from './lib/stack';
import { formatSpread, judgeRuns, runCount, runSpread, verdictLine } from './lib/runs';
import type { RunSpread, RunsVerdict } from './lib/runs';
import { summarize } from './lib/stats';
import type { Percentiles } from './lib/stats';
import type { MessageResult } from './lib/messageSender';
import type { SendResult } from './lib/webhookSender';

const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const STREAMS = num('BENCH_RELAY_STREAMS', 5000);
const ACTIVE = Math.min(STREAMS, num('BENCH_RELAY_ACTIVE', 100));
const RATES = (process.env.BENCH_RELAY_RATES ?? '100,1000,3000').split(',').map(Number);
const SECONDS = num('BENCH_RELAY_SECONDS', 5);
const RATE_WARMUP_MS = num('BENCH_RELAY_RATE_WARMUP_MS', 1000);
const SENDS = num('BENCH_RELAY_SENDS', 200);
// The bridge's Ada client keeps under Ada's documented 30 requests/s (ada-api.md §1); sending faster than that
// measures its queue, not the relay.
const SEND_RATE = num('BENCH_RELAY_SEND_RATE', 20);
const TRACE = process.env.BENCH_RELAY_TRACE;
// Three runs: enough for a median and a spread that shows a noisy run, few enough to keep `npm run bench` in minutes.
const RUNS = runCount('BENCH_RELAY_RUNS', 3);

/** One rate's outcome. */
interface RateRow {
  ratePerSec: number;
  streams: number;
  sender: SendResult;
  received: number;
  /** Accepted webhooks whose event never reached the stream within 2 s after the last send. */
  missing: number;
  latencyMs: Percentiles;
  /** The unrecorded second at this rate right before the measured window: webhooks accepted, their latency. */
  warmup: { accepted: number; received: number; latencyMs: Percentiles };
  droppedStreams: number;
  /** CPU during the sending (warm-up and window), % of one core: the bench's processes, others, hypervisor steal. */
  cpu: CpuShare;
  /** The bridge process's event-loop delay during the rate (and the 2 s after it). */
  bridgeLoopMs: LoopDelay;
}

/** One run: its streams, every rate, and the widget sends. */
interface RelayRun {
  run: number;
  opened: OpenResult;
  rates: RateRow[];
  widgetSend: MessageResult & { atSimMs: Percentiles };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One run of the relay bench on a fresh stack (bridge, simulator, tap, stream holders). */
async function measureOnce(runNo: number): Promise<RelayRun> {
  const stack = await startStack(50);
  const clients = forkChild('sseClients.ts');
  try {
    let t = Date.now();
    const tokens = await createSessions(stack.bridgeUrl, STREAMS);
    const targets = await startConversations(stack, tokens.slice(0, ACTIVE));
    console.log(`run ${runNo}: setup: ${tokens.length} sessions, ${targets.length} conversations in ${Date.now() - t} ms`);
    t = Date.now();
    const opened = await clients.call<OpenResult>('open', { url: `${stack.bridgeUrl}/v1/events`, tokens, count: STREAMS, origin: BENCH_ORIGIN });
    console.log(`opened ${opened.open} streams in ${opened.ms} ms (${opened.failed} failed${opened.firstError ? `: ${opened.firstError}` : ''})`);
    const signing = { secret: stack.sim.webhookSecret, channel: benchChannel(stack.sim) };

    // One sender process for all rates, warmed up first (not recorded): JIT in the sender, bridge and clients, and
    // the store's first writes, at the lowest rate for 3 s. Each rate then starts with RATE_WARMUP_MS at that rate,
    // not recorded, so its window measures the rate held, not the step up to it (the sender's connections growing
    // to the new concurrency, the processes' GC and JIT adapting); what that second cost is printed beside it.
    const sender = forkChild('webhookSender.ts');
    const rates: RateRow[] = [];
    const traces: unknown[] = [];
    try {
      await sender.call<SendResult>('send', { ...signing, url: `${stack.bridgeUrl}/webhooks/ada`, targets, ratePerSec: Math.min(...RATES), durationMs: 3000 });
      await sleep(1000);
      for (const rate of RATES) {
        await clients.call('reset');
        await stack.bridge.call('loop');
        if (TRACE) await Promise.all([stack.bridge.call('trace'), clients.call('trace'), sender.call('trace')]);
        const cpuFrom = cpuSnapshot();
        const sent = await sender.call<SendResult>('send', {
          ...signing, url: `${stack.bridgeUrl}/webhooks/ada`, targets, ratePerSec: rate, durationMs: SECONDS * 1000,
          warmupMs: RATE_WARMUP_MS, samples: Boolean(TRACE),
        }, RATE_WARMUP_MS + SECONDS * 1000 + 60_000);
        const cpu = cpuShare(cpuFrom, cpuSnapshot());
        await sleep(2000);
        const rep = await clients.call<ClientReport>('report');
        if (TRACE) {
          traces.push({
            rate, events: await clients.call('samples'), posts: sent.samples,
            bridge: await stack.bridge.call('trace'), clients: await clients.call('trace'), sender: await sender.call('trace'),
          });
          delete sent.samples;
        }
        const loop = await stack.bridge.call<LoopDelay>('loop');
        rates.push({
          ratePerSec: rate, streams: rep.open, sender: sent, received: rep.received,
          missing: Math.max(0, sent.accepted - rep.received), latencyMs: rep.latencyMs, droppedStreams: rep.dropped, bridgeLoopMs: loop,
          warmup: { accepted: sent.warmup.accepted, received: rep.warmReceived, latencyMs: rep.warmLatencyMs }, cpu,
        });
        // Every webhook not accepted, by what happened to it: an answer (e.g. 503 overloaded), a connection error, or never
        // sent because 256 were already waiting (what a sender with a timeout would have counted as timeouts).
        console.log(`run ${runNo}, rate ${rate}/s: answers ${JSON.stringify(sent.statuses)}, connection errors ${sent.errors}, not sent (256 waiting) ${sent.skipped}`);
        console.log(`run ${runNo}, rate ${rate}/s: accepted ${sent.accepted}/${sent.attempted}, received ${rep.received}, p99 ${rep.latencyMs.p99} ms (step p99 ${rep.warmLatencyMs.p99} ms); bridge event-loop delay p99 ${loop.p99} ms, max ${loop.max} ms; CPU bench ${cpu.oursPct} %, others ${cpu.othersPct} %, steal ${cpu.stealPct} %`);
        await sleep(1000);
      }
    } finally {
      await sender.stop();
    }
    if (TRACE) writeFileSync(RUNS > 1 ? `${TRACE}.run${runNo}` : TRACE, JSON.stringify(traces));

    // Widget send → Ada: the tap in front of the simulator timestamps each marker on arrival.
    const msgSender = forkChild('messageSender.ts');
    let sends: MessageResult;
    try {
      const sendArgs = { bridgeUrl: stack.bridgeUrl, origin: BENCH_ORIGIN, tokens: tokens.slice(0, ACTIVE), count: SENDS, ratePerSec: SEND_RATE };
      await msgSender.call<MessageResult>('send', { ...sendArgs, count: 20 }); // warm-up, not recorded
      await stack.sim.idle();
      await stack.tap.reset();
      sends = await msgSender.call<MessageResult>('send', sendArgs);
    } finally {
      await msgSender.stop();
    }
    await sleep(1000);
    const send = summarize(await stack.tap.latencies());

    if (sends.firstError) console.log(`run ${runNo}: widget send error: ${sends.firstError}`);
    return { run: runNo, opened, rates, widgetSend: { ...sends, atSimMs: send } };
  } finally {
    await clients.stop();
    await stack.close();
  }
}

/** Runs the relay bench BENCH_RELAY_RUNS times; prints every run and the spread, writes bench/results/relay.json. */
export async function run(): Promise<{ runs: RelayRun[]; verdicts: Record<string, RunsVerdict> }> {
  printMachine();
  const runs: RelayRun[] = [];
  for (let i = 1; i <= RUNS; i++) runs.push(await measureOnce(i));

  const lat = (p: Percentiles): Cell[] => [p.p50, p.p90, p.p99, p.max];
  printTable(
    `Relay: signed webhook sent → SSE event received (ms), ${RUNS} runs, each on a fresh bridge; ${SECONDS} s per rate after `
      + `${RATE_WARMUP_MS / 1000} s at that rate not recorded (its p99/max: step p99/max), ${ACTIVE} active conversations; `
      + 'others %cpu: processes outside the bench meanwhile (every run is shown, quiet or not)',
    ['run', 'rate/s', 'streams', 'accepted', 'achieved/s', 'received', 'missing', 'p50', 'p90', 'p99', 'max', 'POST p99', 'not 2xx', 'step p99', 'step max', 'others %cpu'],
    runs.flatMap((x) => x.rates.map((r) => [
      x.run, r.ratePerSec, r.streams, r.sender.accepted, r.sender.achievedPerSec, r.received, r.missing, ...lat(r.latencyMs),
      r.sender.responseMs.p99, r.sender.attempted - r.sender.accepted, r.warmup.latencyMs.p99, r.warmup.latencyMs.max,
      r.cpu.othersPct,
    ])),
  );
  const spreads = RATES.map((rate) => {
    const rows = runs.map((x) => x.rates.find((r) => r.ratePerSec === rate));
    const of = (f: (r: RateRow) => number): RunSpread => runSpread(rows.map((r) => (r ? f(r) : Number.NaN)));
    return {
      ratePerSec: rate, p50Ms: of((r) => r.latencyMs.p50), p99Ms: of((r) => r.latencyMs.p99), maxMs: of((r) => r.latencyMs.max),
      missing: of((r) => r.missing), othersCpuPct: of((r) => r.cpu.othersPct),
    };
  });
  const mm = formatSpread;
  printTable(
    `Relay over ${RUNS} runs: median (min–max) of each run's figure`,
    ['rate/s', 'p50 ms', 'p99 ms', 'max ms', 'missing', 'others %cpu'],
    spreads.map((s) => [s.ratePerSec, mm(s.p50Ms), mm(s.p99Ms), mm(s.maxMs), mm(s.missing), mm(s.othersCpuPct)]),
  );
  printTable(
    `Widget send: POST /v1/messages sent → Ada simulator received (ms), ${SENDS} messages at ${SEND_RATE}/s per run, ${STREAMS} streams open`,
    ['run', 'sent', 'ok', 'at sim', 'p50', 'p90', 'p99', 'max', 'POST p50', 'POST p99'],
    runs.map((x) => [x.run, x.widgetSend.sent, x.widgetSend.ok, x.widgetSend.atSimMs.count, ...lat(x.widgetSend.atSimMs),
      x.widgetSend.responseMs.p50, x.widgetSend.responseMs.p99]),
  );

  // The goal as it was set (issue 7): p99 < 10 ms at 1,000/s with 5,000 streams, none missing. Judged on each run and
  // on the median run's p99; a run short of 5,000 streams or with an event missing fails the goal whatever its p99.
  const at1000 = runs.map((x) => x.rates.find((r) => r.ratePerSec === 1000));
  const verdicts: Record<string, RunsVerdict> = {};
  if (at1000.some(Boolean)) {
    verdicts.p99At1000Under10ms = judgeRuns(
      'p99 < 10 ms at 1,000/s with 5,000 streams, none missing', 'ms',
      at1000.map((r) => r?.latencyMs.p99 ?? Number.NaN), (v) => v < 10,
      at1000.map((r) => Boolean(r && r.streams >= 5000 && r.missing === 0)),
    );
  }
  const first = at1000[0];
  // The verdict as the bench stored it with one run (the first run's figures), kept beside the one over the runs.
  const goal = first
    ? {
      target: 'p99 < 10 ms at 1,000/s with 5,000 streams, none missing',
      p99Ms: first.latencyMs.p99, streams: first.streams, missing: first.missing, othersCpuPct: first.cpu.othersPct,
      met: first.latencyMs.p99 < 10 && first.streams >= 5000 && first.missing === 0,
      overRuns: verdicts.p99At1000Under10ms?.met ?? null,
    }
    : null;
  for (const v of Object.values(verdicts)) console.log(verdictLine(v));
  console.log(`wrote ${writeResult('relay', {
    runs: RUNS, streams: STREAMS, active: ACTIVE, seconds: SECONDS, rateWarmupMs: RATE_WARMUP_MS,
    spread: spreads, verdicts, goal, perRun: runs,
  })}`);
  return { runs, verdicts };
}
