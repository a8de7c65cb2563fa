/**
 * Capacity bench, against one bridge in its own child process (and the Ada simulator):
 * 1. idle SSE streams held open in steps (default 1k, 5k, 10k; a client child process holds them): the bridge's RSS
 *    from /proc/<pid>/status before and after, per stream; and the fan-out time of one webhook event to all of them
 *    (every stream belongs to one session, like many tabs, so one event goes to all);
 * 2. webhook ingest throughput with autocannon (signed, unique) at increasing rates until errors or p99 > 100 ms,
 *    beside a bare node:http server doing only the Svix check and one SSE socket write (this machine's ceiling).
 *
 * Env: BENCH_CAPACITY_STEPS ("1000,5000,10000"), BENCH_INGEST_RATES, BENCH_INGEST_STEP_SECONDS (3).
 */
import { forkChild, openFilesLimit, rssBytes } from './lib/ipc';
import type { BenchChild } from './lib/ipc';
import type { RampResult } from './lib/ingestLoad';
import { printMachine, printTable, writeResult } from './lib/report';
import type { ClientReport, OpenResult } from './lib/sseClients';
import { benchChannel, BENCH_ORIGIN, createSessions, startConversations, startStack } from './lib/stack';
import { median } from './lib/stats';
import { createWebhookSigner, markerText, nowNs } from './lib/webhookPayload';
import type { WebhookSigning, WebhookTarget } from './lib/webhookPayload';

const STEPS = (process.env.BENCH_CAPACITY_STEPS ?? '1000,5000,10000').split(',').map(Number);
const INGEST_RATES = (process.env.BENCH_INGEST_RATES ?? '100,250,500,1000,1500,2000,3000,4000,5000,6000,8000,10000').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_INGEST_STEP_SECONDS ?? 3);
const FANOUTS_PER_STEP = 3;
// autocannon splits `overallRate` over connections and each sends its share in bursts: 64 connections made even the
// bare server miss p99 < 100 ms at 250/s here, 8–10 keep the load steady.
const CONNECTIONS = 10;
const MB = 1024 * 1024;

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

/** Runs the capacity bench; prints tables and writes bench/results/capacity.json. */
export async function run(): Promise<{ streams: StreamStep[]; bridge: RampResult; bare: RampResult }> {
  printMachine();
  const maxStreams = Math.max(...STEPS);
  const fdLimit = openFilesLimit();
  if (fdLimit < maxStreams + 1000) {
    throw new Error(`open-files limit ${fdLimit} is too low for ${maxStreams} streams: run \`ulimit -n ${maxStreams * 2}\` first`);
  }
  const stack = await startStack(50);
  const steps: StreamStep[] = [];
  let bridgeRamp: RampResult;
  let bareRamp: RampResult;
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
    console.log(`bridge RSS before streams: ${round(rssBefore / MB)} MB`);

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
        const runs: ClientReport[] = [];
        for (let i = 0; i < FANOUTS_PER_STEP; i++) {
          runs.push(await fanOut(clients, webhookUrl, signing, target, open));
          await sleep(500);
        }
        steps.push({
          streams: open, openMs: opened.ms, failed: opened.failed,
          rssMB: round(rss / MB), rssPerStreamKB: round((rss - rssBefore) / 1024 / Math.max(1, open), 2),
          fanOutAllMs: round(median(runs.map((r) => r.latencyMs.max)), 2),
          fanOutMedianMs: round(median(runs.map((r) => r.latencyMs.p50)), 2),
          deliveredShare: round(Math.min(...runs.map((r) => r.received / Math.max(1, open))), 4),
        });
        console.log(`${open} streams: RSS ${round(rss / MB)} MB, fan-out ${steps[steps.length - 1]?.fanOutAllMs} ms${opened.firstError ? ` (${opened.failed} failed: ${opened.firstError})` : ''}`);
      }
    } finally {
      await clients.stop(15_000);
    }
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

  printTable(
    `Idle SSE streams held by one bridge process (one session; VmRSS from /proc; ${round(rssBefore / MB)} MB before any stream)`,
    ['streams', 'open ms', 'failed', 'RSS MB', 'KB/stream', 'fan-out all ms', 'fan-out median ms', 'delivered'],
    steps.map((s) => [s.streams, s.openMs, s.failed, s.rssMB, s.rssPerStreamKB, s.fanOutAllMs, s.fanOutMedianMs, s.deliveredShare]),
  );
  printTable(
    `Webhook ingest (signed, unique ids; ${STEP_SECONDS} s per rate, ${CONNECTIONS} connections; stop at errors, p99 > 100 ms or < 90% of rate)`,
    ['server', 'rate/s', 'achieved/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ok'],
    [
      ...bridgeRamp.steps.map((s) => ['bridge', s.rate, s.achievedPerSec, s.p50Ms, s.p99Ms, s.non2xx, s.errors, s.ok ? 'yes' : 'no']),
      ...bareRamp.steps.map((s) => ['bare node:http', s.rate, s.achievedPerSec, s.p50Ms, s.p99Ms, s.non2xx, s.errors, s.ok ? 'yes' : 'no']),
    ],
  );
  const at10k = steps.find((s) => s.streams >= 10_000);
  const ratio = bareRamp.bestPerSec ? bridgeRamp.bestPerSec / bareRamp.bestPerSec : null;
  const share = ratio === null ? null : round(ratio, 2);
  const goal = {
    tenThousandStreamsUnder200MB: at10k ? at10k.rssMB < 200 : null,
    // Judged on the exact ratio: 4,000 against 8,003 is 0.4998, shown as 0.5 but not met.
    ingestAtLeastHalfOfBare: ratio === null ? null : ratio >= 0.5,
  };
  console.log(
    `ingest: bridge ${bridgeRamp.bestPerSec}/s vs bare ${bareRamp.bestPerSec}/s (${share ?? '–'}×; goal ≥ 0.5: ${goal.ingestAtLeastHalfOfBare ? 'met' : 'NOT met'}); ` +
      `10k streams: ${at10k ? `${at10k.rssMB} MB (goal < 200: ${goal.tenThousandStreamsUnder200MB ? 'met' : 'NOT met'})` : 'not reached'}`,
  );
  console.log(`wrote ${writeResult('capacity', { rssBeforeMB: round(rssBefore / MB), steps, ingest: { bridge: bridgeRamp, bare: bareRamp, share }, goal })}`);
  return { streams: steps, bridge: bridgeRamp, bare: bareRamp };
}
