/**
 * Capacity bench, against one bridge in its own child process (and the Ada simulator):
 * 1. idle SSE streams held open in steps (default 1k, 5k, 10k; a client child process holds them): the bridge's RSS
 *    from /proc/<pid>/status before and after, per stream; and the fan-out time of one webhook event to all of them
 *    (every stream belongs to one session, like many tabs, so one event goes to all);
 * 2. webhook ingest throughput with autocannon (signed, unique) at increasing rates until errors or p99 > 100 ms,
 *    beside a bare node:http server doing only the Svix check and one SSE socket write (this machine's ceiling).
 *
 * Env: BENCH_CAPACITY_STEPS ("1000,5000,10000"), BENCH_INGEST_RATES, BENCH_INGEST_STEP_SECONDS (3).
 * BENCH_CAPACITY_RUNS (3): whole runs, each on a fresh bridge; BENCH_INGEST_RUNS (1): how many of them also run the
 * ingest ramps. Every run is printed and stored, with the median and min–max of each figure and each goal judged on
 * every run and on the median (lib/runs.ts); `goal` keeps the first run's verdicts (what the bench stored with one run).
 */
import { forkChild, openFilesLimit, rssBytes } from './lib/ipc';
import type { BenchChild } from './lib/ipc';
import type { RampResult } from './lib/ingestLoad';
import { printMachine, printTable, writeResult } from './lib/report';
import type { ClientReport, OpenResult } from './lib/sseClients';
import { benchChannel, BENCH_ORIGIN, createSessions, startConversations, startStack } from './lib/stack';
import { formatSpread, judgeRuns, runCount, runSpread, verdictLine } from './lib/runs';
import type { RunSpread, RunsVerdict } from './lib/runs';
import { median } from './lib/stats';
import { createWebhookSigner, markerText, nowNs } from './lib/webhookPayload';
import type { WebhookSigning, WebhookTarget } from './lib/webhookPayload';

const STEPS = (process.env.BENCH_CAPACITY_STEPS ?? '1000,5000,10000').split(',').map(Number);
const INGEST_RATES = (process.env.BENCH_INGEST_RATES ?? '100,250,500,1000,1500,2000,3000,4000,5000,6000,8000,10000').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_INGEST_STEP_SECONDS ?? 3);
const FANOUTS_PER_STEP = 3;
// Three runs of the stream steps show the spread of the RSS goal; the ingest ramps (about 80 s quiet, for
// the bridge and the bare server) run in the first BENCH_INGEST_RUNS of them, once by default.
const RUNS = runCount('BENCH_CAPACITY_RUNS', 3);
const INGEST_RUNS = Math.min(RUNS, Number(process.env.BENCH_INGEST_RUNS ?? 1));
// autocannon splits `overallRate` over connections and each sends its share in bursts: 64 connections made even the
// bare server miss p99 < 100 ms at 250/s here, 8–10 keep the load steady.
const CONNECTIONS = 10;
const MB = 1024 * 1024;

/** One run: its stream steps and, when measured in it, the ingest ramps. */
interface CapacityRun {
  run: number;
  rssBeforeMB: number;
  steps: StreamStep[];
  ingest: { bridge: RampResult; bare: RampResult } | null;
}

/** One step of held streams. */
interface StreamStep {
  streams: number;
  openMs: number;
  failed: number;
  rssMB: number;
  rssPerStreamKB: number;
  /** Median over the fan-outs of: send → last stream received, and send → median stream received (ms). */
  fanOutAllMs: number;
  fanOutMedianMs: number;
  /** Smallest share of streams that got the event (1 = all). */
  deliveredShare: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

async function fanOut(clients: BenchChild, webhookUrl: string, signing: WebhookSigning, target: WebhookTarget, expected: number) {
  const sign = createWebhookSigner(signing);
  await clients.call('reset');
  const { body, headers } = sign(target, markerText(0, nowNs()));
  const res = await fetch(webhookUrl, { method: 'POST', headers, body });
  if (!res.ok) throw new Error(`webhook → ${res.status} ${await res.text()}`);
  const deadline = Date.now() + 10_000;
  let rep = await clients.call<ClientReport>('report');
  while (rep.received < expected && Date.now() < deadline) {
    await sleep(50);
    rep = await clients.call<ClientReport>('report');
  }
  return rep;
}

/** One autocannon ramp of signed webhooks at `url` (one stream open at `streamUrl`), stopping at the first failing rate. */
export async function ingest(label: string, url: string, streamUrl: string, tokens: string[], signing: WebhookSigning, target: WebhookTarget): Promise<RampResult> {
  const holder = forkChild('sseClients.ts');
  const load = forkChild('ingestLoad.ts');
  try {
    await holder.call<OpenResult>('open', { url: streamUrl, tokens, count: 1, origin: BENCH_ORIGIN });
    const r = await load.call<RampResult>('ramp', {
      ...signing, url, target, rates: INGEST_RATES, stepSeconds: STEP_SECONDS, connections: CONNECTIONS, p99LimitMs: 100,
    }, (INGEST_RATES.length * (STEP_SECONDS + 5) + 30) * 1000);
    console.log(`ingest ${label}: best ${r.bestPerSec}/s`);
    return r;
  } finally {
    await load.stop();
    await holder.stop();
  }
}

/** One run on a fresh stack: the stream steps, then (when `withIngest`) the ingest ramps of the bridge and the bare server. */
async function measureOnce(runNo: number, withIngest: boolean): Promise<CapacityRun> {
  const stack = await startStack(50);
  const steps: StreamStep[] = [];
  let bridgeRamp: RampResult | null = null;
  let bareRamp: RampResult | null = null;
  let rssBefore = 0;
  try {
    const [token, ingestToken] = await createSessions(stack.bridgeUrl, 2);
    if (!token || !ingestToken) throw new Error('no session');
    const [target, ingestTarget] = await startConversations(stack, [token, ingestToken]);
    if (!target || !ingestTarget) throw new Error('no conversation');
    const signing: WebhookSigning = { secret: stack.sim.webhookSecret, channel: benchChannel(stack.sim) };
    const webhookUrl = `${stack.bridgeUrl}/webhooks/ada`;
    await sleep(2000);
    // One fan-out before measuring warms the webhook path (JIT), so step 1 is not charged for it.
    const warm = forkChild('sseClients.ts');
    await warm.call<OpenResult>('open', { url: `${stack.bridgeUrl}/v1/events`, tokens: [token], count: 1, origin: BENCH_ORIGIN });
    for (let i = 0; i < 10; i++) {
      const rep = await fanOut(warm, webhookUrl, signing, target, 1);
      if (rep.received === 0) throw new Error('warm-up: the webhook event never reached the stream of its session');
    }
    await warm.stop();
    await sleep(1000);
    rssBefore = rssBytes(stack.bridgePid);
    console.log(`run ${runNo}: bridge RSS before streams: ${round(rssBefore / MB)} MB`);

    const clients = forkChild('sseClients.ts', {}, 4096);
    try {
      let open = 0;
      for (const target_ of STEPS) {
        const opened = await clients.call<OpenResult>('open', {
          url: `${stack.bridgeUrl}/v1/events`, tokens: [token], count: target_ - open, origin: BENCH_ORIGIN, concurrency: 200,
        });
        open = opened.open;
        await sleep(3000);
        const rss = rssBytes(stack.bridgePid);
        const fanOuts: ClientReport[] = [];
        for (let i = 0; i < FANOUTS_PER_STEP; i++) {
          fanOuts.push(await fanOut(clients, webhookUrl, signing, target, open));
          await sleep(500);
        }
        steps.push({
          streams: open, openMs: opened.ms, failed: opened.failed,
          rssMB: round(rss / MB), rssPerStreamKB: round((rss - rssBefore) / 1024 / Math.max(1, open), 2),
          fanOutAllMs: round(median(fanOuts.map((r) => r.latencyMs.max)), 2),
          fanOutMedianMs: round(median(fanOuts.map((r) => r.latencyMs.p50)), 2),
          deliveredShare: round(Math.min(...fanOuts.map((r) => r.received / Math.max(1, open))), 4),
        });
        console.log(`run ${runNo}: ${open} streams: RSS ${round(rss / MB)} MB, fan-out ${steps[steps.length - 1]?.fanOutAllMs} ms${opened.firstError ? ` (${opened.failed} failed: ${opened.firstError})` : ''}`);
      }
    } finally {
      await clients.stop(15_000);
    }
    if (!withIngest) return { run: runNo, rssBeforeMB: round(rssBefore / MB), steps, ingest: null };
    await sleep(2000);
    bridgeRamp = await ingest('bridge', webhookUrl, `${stack.bridgeUrl}/v1/events`, [ingestToken], signing, ingestTarget);

    const bare = forkChild('bareServer.ts', { BENCH_WEBHOOK_SECRET: stack.sim.webhookSecret });
    try {
      const info = await bare.call<{ url: string }>('info');
      bareRamp = await ingest('bare node:http', `${info.url}/webhooks/ada`, `${info.url}/events`, [], signing, ingestTarget);
    } finally {
      await bare.stop();
    }
  } finally {
    await stack.close();
  }
  return { run: runNo, rssBeforeMB: round(rssBefore / MB), steps, ingest: { bridge: bridgeRamp, bare: bareRamp } };
}

/** Runs the capacity bench BENCH_CAPACITY_RUNS times; prints every run and the spread, writes bench/results/capacity.json. */
export async function run(): Promise<{ runs: CapacityRun[]; verdicts: Record<string, RunsVerdict> }> {
  printMachine();
  const maxStreams = Math.max(...STEPS);
  const fdLimit = openFilesLimit();
  if (fdLimit < maxStreams + 1000) {
    throw new Error(`open-files limit ${fdLimit} is too low for ${maxStreams} streams: run \`ulimit -n ${maxStreams * 2}\` first`);
  }
  const runs: CapacityRun[] = [];
  for (let i = 1; i <= RUNS; i++) runs.push(await measureOnce(i, i <= INGEST_RUNS));
  const ramps = runs.flatMap((r) => (r.ingest ? [{ run: r.run, ...r.ingest }] : []));

  printTable(
    `Idle SSE streams held by one bridge process (one session; VmRSS from /proc), ${RUNS} runs, each on a fresh bridge; RSS before any stream: ${runs.map((r) => r.rssBeforeMB).join(', ')} MB`,
    ['run', 'streams', 'open ms', 'failed', 'RSS MB', 'KB/stream', 'fan-out all ms', 'fan-out median ms', 'delivered'],
    runs.flatMap((r) => r.steps.map((s) => [r.run, s.streams, s.openMs, s.failed, s.rssMB, s.rssPerStreamKB, s.fanOutAllMs, s.fanOutMedianMs, s.deliveredShare])),
  );
  const mm = formatSpread;
  const stepSpread = STEPS.map((n) => {
    const rows = runs.map((r) => r.steps.find((s) => s.streams >= n));
    const of = (f: (s: StreamStep) => number): RunSpread => runSpread(rows.map((s) => (s ? f(s) : Number.NaN)));
    return { streams: n, rssMB: of((s) => s.rssMB), rssPerStreamKB: of((s) => s.rssPerStreamKB), fanOutAllMs: of((s) => s.fanOutAllMs) };
  });
  printTable(
    `Idle streams over ${RUNS} runs: median (min–max) of each run's figure`,
    ['streams', 'RSS MB', 'KB/stream', 'fan-out all ms'],
    stepSpread.map((s) => [s.streams, mm(s.rssMB), mm(s.rssPerStreamKB), mm(s.fanOutAllMs)]),
  );
  printTable(
    `Webhook ingest (signed, unique ids; ${STEP_SECONDS} s per rate, ${CONNECTIONS} connections; stop at errors, p99 > 100 ms or < 90% of rate)`,
    ['run', 'server', 'rate/s', 'achieved/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ok'],
    ramps.flatMap((x) => [
      ...x.bridge.steps.map((s) => [x.run, 'bridge', s.rate, s.achievedPerSec, s.p50Ms, s.p99Ms, s.non2xx, s.errors, s.ok ? 'yes' : 'no']),
      ...x.bare.steps.map((s) => [x.run, 'bare node:http', s.rate, s.achievedPerSec, s.p50Ms, s.p99Ms, s.non2xx, s.errors, s.ok ? 'yes' : 'no']),
    ]),
  );

  // Each goal as it was set (issue 7), judged on each run and on the median run; a run that did not reach 10,000
  // open streams counts as not met.
  const at10k = runs.map((r) => r.steps.find((s) => s.streams >= 10_000));
  // Judged on the exact ratio: 4,000 against 8,003 is 0.4998, shown as 0.5 but not met.
  const ratios = ramps.map((x) => (x.bare.bestPerSec ? x.bridge.bestPerSec / x.bare.bestPerSec : Number.NaN));
  const verdicts: Record<string, RunsVerdict> = {};
  if (STEPS.some((n) => n >= 10_000)) {
    verdicts.tenThousandStreamsUnder200MB = judgeRuns(
      '10,000 idle streams in < 200 MB RSS', 'MB', at10k.map((s) => s?.rssMB ?? Number.NaN), (v) => v < 200, at10k.map(Boolean),
    );
  }
  if (ratios.length) verdicts.ingestAtLeastHalfOfBare = judgeRuns('webhook ingest ≥ 0.5× bare node:http', '×', ratios, (v) => v >= 0.5);
  for (const v of Object.values(verdicts)) console.log(verdictLine(v));
  for (const x of ramps) console.log(`run ${x.run}: ingest bridge ${x.bridge.bestPerSec}/s vs bare ${x.bare.bestPerSec}/s`);
  // What the bench stored when it ran once (the first run's figures), kept beside the verdicts over the runs.
  const firstRamp = ramps[0];
  const firstRatio = ratios[0];
  const goal = {
    tenThousandStreamsUnder200MB: at10k[0] ? at10k[0].rssMB < 200 : null,
    ingestAtLeastHalfOfBare: firstRatio === undefined || Number.isNaN(firstRatio) ? null : firstRatio >= 0.5,
  };
  const first = runs[0];
  console.log(`wrote ${writeResult('capacity', {
    runs: RUNS, ingestRuns: INGEST_RUNS,
    rssBeforeMB: first?.rssBeforeMB, steps: first?.steps,
    ingest: firstRamp ? { bridge: firstRamp.bridge, bare: firstRamp.bare, share: round(firstRatio ?? Number.NaN, 2) } : null,
    goal, spread: { steps: stepSpread, ingestRatio: runSpread(ratios) }, verdicts, perRun: runs,
  })}`);
  return { runs, verdicts };
}
