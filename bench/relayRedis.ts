/**
 * Several bridges on Redis (`npm run bench -- relay --redis`), side by side with one SQLite bridge in the same run:
 * 1. relay: signed webhook sent → SSE event received at one rate (default 1,000/s) with many streams open (5,000):
 *    one SQLite bridge as the reference, then two bridges on Redis with every stream on instance A and every webhook
 *    posted to instance B, so each event crosses instances through Redis. Goal: p99 ≤ 15 ms across instances.
 * 2. ingest: the autocannon ramp of capacity.ts against a bare node:http server (the machine's ceiling), one SQLite
 *    bridge and one bridge on Redis. Goal: Redis bridge ≥ 0.4× the ceiling.
 * 3. kill run (lib/killRun.ts): two bridges on Redis behind the round-robin proxy, one SIGKILLed under 200 webhooks/s.
 *    Goals: 0 lost, 0 duplicated, every dropped stream open again within 5 s.
 *
 * Env: BENCH_RELAY_STREAMS (5000), BENCH_RELAY_ACTIVE (100), BENCH_REDIS_RATE (1000), BENCH_RELAY_SECONDS (5),
 * BENCH_RELAY_RATE_WARMUP_MS (1000), BENCH_INGEST_RATES (capacity.ts; BENCH_REDIS_INGEST=0 skips the ingest part),
 * BENCH_KILL_STREAMS (1000), BENCH_KILL_CONVERSATIONS (50), BENCH_KILL_RATE (200), BENCH_KILL_SECONDS (10);
 * BENCH_REDIS_PARTS ("relay,ingest,kill") runs only the parts named.
 */
import os from 'node:os';
import { ingest } from './capacity';
import { cpuShare, cpuSnapshot } from './lib/cpuShare';
import { forkChild } from './lib/ipc';
import { killRun } from './lib/killRun';
import type { KillRunResult } from './lib/killRun';
import type { RampResult } from './lib/ingestLoad';
import { startRedisStack } from './lib/redisStack';
import { printMachine, printTable, writeResult } from './lib/report';
import type { ClientReport, OpenResult } from './lib/sseClients';
import { benchChannel, BENCH_ORIGIN, createSessions, startConversations, startStack } from './lib/stack';
import type { Percentiles } from './lib/stats';
import type { AdaSim } from '../demo/ada-sim/index';
import type { SendResult } from './lib/webhookSender';

const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const STREAMS = num('BENCH_RELAY_STREAMS', 5000);
const ACTIVE = Math.min(STREAMS, num('BENCH_RELAY_ACTIVE', 100));
const RATE = num('BENCH_REDIS_RATE', 1000);
const SECONDS = num('BENCH_RELAY_SECONDS', 5);
const RATE_WARMUP_MS = num('BENCH_RELAY_RATE_WARMUP_MS', 1000);
const PARTS = new Set((process.env.BENCH_REDIS_PARTS ?? 'relay,ingest,kill').split(','));
const INGEST = PARTS.has('ingest') && process.env.BENCH_REDIS_INGEST !== '0';
const KILL = {
  streams: num('BENCH_KILL_STREAMS', 1000), conversations: num('BENCH_KILL_CONVERSATIONS', 50),
  ratePerSec: num('BENCH_KILL_RATE', 200), seconds: num('BENCH_KILL_SECONDS', 10), killAfterMs: 3000,
};

/** One relay measurement at RATE. */
interface RelayRow {
  label: string;
  streams: number;
  accepted: number;
  received: number;
  missing: number;
  latencyMs: Percentiles;
  postP99Ms: number;
  othersPct: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sessions and conversations through `apiUrl`, streams on `streamUrl`, webhooks to `webhookUrl`; one rate measured. */
async function relay(label: string, sim: AdaSim, apiUrl: string, streamUrl: string, webhookUrl: string): Promise<RelayRow> {
  const tokens = await createSessions(apiUrl, STREAMS);
  const targets = await startConversations({ bridgeUrl: apiUrl, sim }, tokens.slice(0, ACTIVE));
  const clients = forkChild('sseClients.ts');
  const sender = forkChild('webhookSender.ts');
  try {
    const opened = await clients.call<OpenResult>('open', { url: `${streamUrl}/v1/events`, tokens, count: STREAMS, origin: BENCH_ORIGIN });
    const args = { secret: sim.webhookSecret, channel: benchChannel(sim), url: `${webhookUrl}/webhooks/ada`, targets };
    // JIT and the first writes, not recorded (as relay.ts warms up), then RATE_WARMUP_MS at the rate before the window.
    await sender.call<SendResult>('send', { ...args, ratePerSec: Math.max(1, RATE / 10), durationMs: 3000 });
    await sleep(1000);
    await clients.call('reset');
    const cpuFrom = cpuSnapshot();
    const sent = await sender.call<SendResult>('send', { ...args, ratePerSec: RATE, durationMs: SECONDS * 1000, warmupMs: RATE_WARMUP_MS }, RATE_WARMUP_MS + SECONDS * 1000 + 60_000);
    const cpu = cpuShare(cpuFrom, cpuSnapshot());
    await sleep(2000);
    const rep = await clients.call<ClientReport>('report');
    const row = {
      label, streams: rep.open, accepted: sent.accepted, received: rep.received, missing: Math.max(0, sent.accepted - rep.received),
      latencyMs: rep.latencyMs, postP99Ms: sent.responseMs.p99, othersPct: cpu.othersPct,
    };
    console.log(`${label}: ${opened.open} streams, accepted ${sent.accepted}, received ${rep.received}, p99 ${rep.latencyMs.p99} ms; others ${cpu.othersPct} %cpu`);
    return row;
  } finally {
    await sender.stop();
    await clients.stop();
  }
}

/** The ingest ramp against a bridge: one session with a conversation, its stream open, webhooks to `url`. */
async function ingestBridge(label: string, sim: AdaSim, url: string): Promise<RampResult> {
  const [token] = await createSessions(url, 1);
  const [target] = await startConversations({ bridgeUrl: url, sim }, token ? [token] : []);
  if (!token || !target) throw new Error('no conversation for the ingest ramp');
  return ingest(label, `${url}/webhooks/ada`, `${url}/v1/events`, [token], { secret: sim.webhookSecret, channel: benchChannel(sim) }, target);
}

/** Runs the Redis bench; prints tables and writes bench/results/relay-redis.json with each goal's verdict. */
export async function run(): Promise<unknown> {
  printMachine();
  const rows: RelayRow[] = [];
  const ramps: Record<string, RampResult> = {};

  if (PARTS.has('relay') || INGEST) {
    const sqlite = await startStack(50);
    try {
      if (PARTS.has('relay')) rows.push(await relay('SQLite, one process', sqlite.sim, sqlite.bridgeUrl, sqlite.bridgeUrl, sqlite.bridgeUrl));
      if (INGEST) {
        await sleep(1000);
        ramps.sqlite = await ingestBridge('bridge (SQLite)', sqlite.sim, sqlite.bridgeUrl);
        const bare = forkChild('bareServer.ts', { BENCH_WEBHOOK_SECRET: sqlite.sim.webhookSecret });
        try {
          const info = await bare.call<{ url: string }>('info');
          // The bare server only checks the signature: any conversation will do.
          const target = { conversationId: 'bare', endUserId: 'bare' };
          ramps.bare = await ingest('bare node:http', `${info.url}/webhooks/ada`, `${info.url}/events`, [], { secret: sqlite.sim.webhookSecret, channel: benchChannel(sqlite.sim) }, target);
        } finally {
          await bare.stop();
        }
      }
    } finally {
      await sqlite.close();
    }

    const redis = await startRedisStack(2);
    try {
      const [a, b] = redis.bridges;
      if (!a || !b) throw new Error('two bridges expected');
      redis.sim.addWebhookUrl(`${b.url}/webhooks/ada`);
      if (PARTS.has('relay')) rows.push(await relay('Redis, stream on A, webhook to B', redis.sim, a.url, a.url, b.url));
      if (INGEST) {
        await sleep(1000);
        ramps.redis = await ingestBridge('bridge (Redis)', redis.sim, b.url);
      }
    } finally {
      await redis.close();
    }
  }

  const kill: KillRunResult | null = PARTS.has('kill') ? await killRun(KILL) : null;
  return report(rows, ramps, kill);
}

function report(rows: RelayRow[], ramps: Record<string, RampResult>, kill: KillRunResult | null): unknown {
  printTable(
    `Relay: signed webhook sent → SSE event received (ms), ${RATE}/s for ${SECONDS} s after ${RATE_WARMUP_MS / 1000} s not recorded, ${ACTIVE} active conversations`,
    ['setup', 'streams', 'accepted', 'received', 'missing', 'p50', 'p90', 'p99', 'max', 'POST p99', 'others %cpu'],
    rows.map((r) => [r.label, r.streams, r.accepted, r.received, r.missing, r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.latencyMs.max, r.postP99Ms, r.othersPct]),
  );
  const bare = ramps.bare?.bestPerSec ?? 0;
  const share = (r?: RampResult): number | null => (r && bare ? Math.round((r.bestPerSec / bare) * 100) / 100 : null);
  if (Object.keys(ramps).length) {
    printTable('Webhook ingest: best passing rate of the autocannon ramp (capacity.ts), against the bare node:http ceiling',
      ['server', 'best/s', '× bare'],
      [['bare node:http', bare, 1], ['bridge, SQLite', ramps.sqlite?.bestPerSec ?? null, share(ramps.sqlite)], ['bridge, Redis', ramps.redis?.bestPerSec ?? null, share(ramps.redis)]]);
  }
  if (kill) printTable(`Kill run: 2 bridges on Redis behind the round-robin proxy, one SIGKILLed after ${KILL.killAfterMs / 1000} s of ${KILL.seconds} s at ${KILL.ratePerSec} webhooks/s`,
    ['streams', 'accepted', 'not 2xx', 'of which skipped', 'expected', 'received', 'lost', 'duplicated', 'dropped', 'dropped p50/max ms', 'back p50 ms', 'all live ms', 'attempts p50/max'],
    [[kill.streams, kill.accepted, kill.notAccepted, kill.skipped, kill.expectedEvents, kill.receivedEvents, kill.lost, kill.duplicated, kill.streamsDropped, `${kill.droppedAfterMs.p50}/${kill.droppedAfterMs.max}`, kill.backAfterMs.p50, kill.allLiveAfterMs, `${kill.attempts.p50}/${kill.attempts.max}`]]);

  const across = rows.find((r) => r.label.startsWith('Redis'));
  const sqlite = rows.find((r) => r.label.startsWith('SQLite'));
  const ratio = ramps.redis && bare ? ramps.redis.bestPerSec / bare : null;
  // Judged on exact values; the tables round. The goal is set at 5,000 streams: a run with fewer is not judged met.
  const goal = {
    relayP99AcrossInstancesAtMost15ms: across ? across.latencyMs.p99 <= 15 && across.streams >= 5000 && across.missing === 0 : null,
    ingestRedisAtLeast04OfBare: ratio === null ? null : ratio >= 0.4,
    killLostNone: kill ? kill.lost === 0 : null,
    killDuplicatedNone: kill ? kill.duplicated === 0 : null,
    killAllLiveWithin5s: kill ? kill.allLiveAfterMs !== null && kill.allLiveAfterMs <= 5000 : null,
  };
  // Each verdict with what it was judged on and the same run's reference (one SQLite process, or the bare server).
  const basis: Record<keyof typeof goal, string> = {
    relayP99AcrossInstancesAtMost15ms: across ? `Redis p99 ${across.latencyMs.p99} ms at ${across.streams} streams, ${across.missing} missing; SQLite one process ${sqlite ? `${sqlite.latencyMs.p99} ms at ${sqlite.streams} streams` : 'not run'}` : 'not run',
    ingestRedisAtLeast04OfBare: ramps.redis && !bare ? 'the bare server passed no step of the ramp: this machine cannot give a ceiling now'
      : ratio === null ? 'not run' : `Redis ${ramps.redis?.bestPerSec}/s = ${share(ramps.redis)}× bare ${bare}/s; SQLite ${ramps.sqlite?.bestPerSec ?? '–'}/s = ${share(ramps.sqlite) ?? '–'}×`,
    killLostNone: kill ? `${kill.lost} lost of ${kill.expectedEvents}` : 'not run',
    killDuplicatedNone: kill ? `${kill.duplicated} duplicated` : 'not run',
    killAllLiveWithin5s: kill ? `all ${kill.streamsDropped} dropped streams live again after ${kill.allLiveAfterMs ?? 'never'} ms (median ${kill.backAfterMs.p50} ms)` : 'not run',
  };
  const load = os.loadavg().map((l) => Math.round(l * 100) / 100);
  for (const [name, met] of Object.entries(goal)) {
    console.log(`goal ${name}: ${met === null ? 'not measured' : met ? 'met' : 'NOT met'} (${basis[name as keyof typeof goal]})`);
  }
  console.log(`load average at the end: ${load.join(' / ')} (a shared machine's figures are noise for the speed goals)`);
  const data = {
    streams: STREAMS, active: ACTIVE, ratePerSec: RATE, seconds: SECONDS, relay: rows,
    ingest: { ...ramps, redisShare: share(ramps.redis), sqliteShare: share(ramps.sqlite) }, kill, killOptions: KILL, goal, basis, loadAtEnd: load,
  };
  console.log(`wrote ${writeResult('relay-redis', data)}`);
  return data;
}
