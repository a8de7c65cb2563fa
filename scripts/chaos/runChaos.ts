import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startAdaSim } from '../../demo/ada-sim/index';
import { createRandom, type Random } from '../../demo/ada-sim/lib/random';
import { startFleet, type Fleet } from './fleet';
import { judgeTab, openTabs, startTabPage, type Tab } from './browserTabs';
import { prepareDataDir } from './dataDir';
import { createSendGate } from './sendGate';
import { duplicatesOf, judgeVisitor, lossesOf, type VisitorVerdict } from './verdict';
import { createVisitor, type Visitor } from './visitor';

/** Which faults a chaos run injects, and how hard. */
export interface ChaosOptions {
  seed: number;
  visitors: number;
  messagesPerVisitor: number;
  /** A visitor's pause before each message, ms (min, max). */
  thinkMs: [number, number];
  /** SIGKILL a bridge: never, only while no send is in flight, or at any moment. */
  kills: 'none' | 'between-sends' | 'anytime';
  /**
   * Bridges sharing a redis-server (AOF on) behind a round-robin proxy; below 2, one bridge on SQLite in DATA_DIR.
   * With Redis, kills hit a random bridge and redis-server itself is SIGKILLed and restarted `redisRestarts` times.
   */
  redisInstances: number;
  redisRestarts: number;
  /** Time between kills and how long the bridge stays down, ms (min, max). */
  killEveryMs: [number, number];
  downMs: [number, number];
  /** Fill DATA_DIR's disk this many times (a tmpfs; an injected write failure, said so, where none can be mounted; SQLite only). */
  diskFulls: number;
  diskFullMs: [number, number];
  /** `injected`: the write-failure seam even where a tmpfs could be mounted (to try that path); default a tmpfs. */
  diskFault?: 'tmpfs' | 'injected';
  /** Chance a visitor drops offline before a message (its stream dies, sends wait), and for how long, ms. */
  offlineChance: number;
  offlineMs: [number, number];
  /** Simulator faults: duplicate and shuffled webhooks, 429/500 answers, slow replies. */
  simFaults: boolean;
  /** Real browser tabs (Chromium) alongside the HTTP visitors; see browserTabs.ts. */
  tabs: number;
  /** A directory for every bridge's whole log (`bridge<N>.log`) and the simulator's (`ada-sim.log`); null: none. */
  logDir?: string | null;
  /** How long to wait, faults over, for everything to arrive before judging, ms. */
  settleMs: number;
  log: (line: string) => void;
}

/** What a chaos run found. */
export interface ChaosReport {
  seed: number;
  visitors: number;
  messages: number;
  lost: number;
  duplicated: number;
  maxResumeMs: number;
  kills: number;
  /** `sqlite` or `redis ×N`, and how many times redis-server was restarted. */
  fleet: string;
  redisRestarts: number;
  diskFull: string;
  streamRepeats: number;
  violations: number;
  /** Webhook deliveries that failed twice, so Svix would retry them only 5 minutes later (reconciliation covers them). */
  lateWebhooks: number;
  /**
   * The longest the harness's own event loop stalled (ms). The simulator and every visitor live in it: a long stall
   * makes Ada slow to the bridge and delays what visitors read, so a slow resume or an Ada timeout beside a long
   * stall here is the machine's doing, not the bridge's.
   */
  harnessStallMs: number;
  verdicts: VisitorVerdict[];
  /** `N visitors, M messages, lost L, duplicated D, max resume X s`. */
  summary: string;
  /** One line per loss or duplicate, plus the bridge's last log lines when anything went wrong. */
  details: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const between = (r: Random, [min, max]: [number, number]) => min + r.next() * (max - min);

/**
 * Runs the simulator (in this process, over HTTP to the bridge), the production bridge in a child process, and
 * `visitors` HTTP visitors typing unique messages, while the faults of `o` hit; then heals everything, waits for
 * the dust to settle, and judges every visitor (verdict.ts). Randomness comes from `o.seed` (timing still varies).
 * @example const report = await runChaos({ ...CI_FAULTS, seed: 1, log: console.log }); console.log(report.summary);
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const random = createRandom(o.seed);
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const redis = o.redisInstances >= 2;
  // With Redis the bridges keep nothing in DATA_DIR: there is no disk of theirs to fill.
  const data = prepareDataDir(o.diskFulls > 0 && !redis, o.diskFault === 'injected');
  // Webhooks the simulator put off to Svix's 5-minute retry (or gave up on): only reconciliation can deliver those in time.
  const lateWebhooks: string[] = [];
  const sim = await startAdaSim({
    seed: o.seed, replyDelayMs: 200, strict: true,
    log: (line) => {
      if (/; retry [3-9] in|given up/.test(line)) lateWebhooks.push(line);
      if (o.logDir) appendFileSync(path.join(o.logDir, 'ada-sim.log'), `${new Date().toISOString()} ${line}\n`);
    },
  });
  const origin = 'http://chaos.test';
  const gate = createSendGate();
  let fleet: Fleet | null = null;
  const visitors: Visitor[] = [];
  const tabPage = o.tabs > 0 ? await startTabPage() : null;
  let browser: Awaited<ReturnType<typeof openTabs>> | null = null;
  const tabs: Tab[] = [];
  let kills = 0;
  let redisRestarts = 0;
  let scriptsDone = false;
  const diskFull = o.diskFulls === 0 ? 'off' : redis ? 'n/a (Redis holds the state)' : data.kind === 'tmpfs' ? `${o.diskFulls}× full tmpfs`
    : `${o.diskFulls}× injected write failure (${data.why})`;
  try {
    fleet = await startFleet({
      env: {
        ADA_BASE_URL: sim.url, ADA_API_KEY: sim.apiKey, ADA_WEBHOOK_SECRET: sim.webhookSecret, ALLOWED_ORIGINS: [origin, tabPage?.origin].filter(Boolean).join(','),
        LOG_LEVEL: o.logDir ? 'info' : 'warn', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_SESSION_PER_MINUTE: '1000000',
      },
      dataDir: data.dir, redisInstances: o.redisInstances, logDir: o.logDir ?? null, fullFlag: data.kind === 'injected' ? data.flag : undefined,
    });
    const b = fleet;
    sim.addWebhookUrl(`${b.url}/webhooks/ada`);
    o.log(`bridge ${b.url} (${b.kind}), Ada ${sim.url}, DATA_DIR ${data.dir} (${data.kind}), seed ${o.seed}`);

    for (let i = 0; i < o.visitors; i++) visitors.push(createVisitor({ name: `v${i + 1}`, bridgeUrl: b.url, origin, random: createRandom(o.seed + i + 1), gate }));
    await Promise.all(visitors.map((v) => v.start()));
    if (tabPage) {
      tabPage.setBridge(b.url);
      browser = await openTabs(o.tabs, `${tabPage.origin}/`, random);
      tabs.push(...browser.tabs);
    }
    if (o.simFaults) sim.setFaults({ duplicateRate: 0.2, reorderWindowMs: 100, errorRates: { 429: 0.05, 500: 0.05 } });

    const faults: Promise<void>[] = [];
    if (o.kills !== 'none') {
      faults.push((async () => {
        while (!scriptsDone) {
          await sleep(between(random, o.killEveryMs));
          if (scriptsDone) break;
          if (o.kills === 'between-sends') await gate.close();
          const down = between(random, o.downMs);
          const which = await b.killOne(random, down);
          kills++;
          o.log(`kill ${kills}: SIGKILL ${which}, down ${Math.round(down)} ms${o.kills === 'between-sends' ? ' (no send in flight)' : ''}`);
          gate.open();
        }
      })());
    }
    if (redis && o.redisRestarts > 0) {
      faults.push((async () => {
        // Exactly `redisRestarts`, even if the visitors are done typing: the streams and the settle still go through them.
        for (let n = 0; n < o.redisRestarts; n++) {
          await sleep(between(random, n === 0 ? [1000, 3000] : [3000, 8000]));
          const down = between(random, [500, 3000]);
          await b.restartRedis(down);
          redisRestarts++;
          o.log(`redis-server SIGKILLed and restarted (AOF), down ${Math.round(down)} ms`);
        }
      })());
    }
    if (data.kind !== 'plain') {
      faults.push((async () => {
        for (let n = 0; n < o.diskFulls && !scriptsDone; n++) {
          await sleep(between(random, [1000, 4000]));
          data.fill();
          const hold = between(random, o.diskFullMs);
          o.log(`disk full for ${Math.round(hold)} ms`);
          await sleep(hold);
          data.free();
        }
      })());
    }
    if (o.simFaults) {
      faults.push((async () => {
        while (!scriptsDone) {
          sim.setFaults({ replyDelayMs: random.chance(0.4) ? 2500 : 200 });
          await sleep(between(random, [1500, 4000]));
        }
      })());
    }

    const typing = visitors.map(async (v, i) => {
      const r = createRandom(o.seed * 31 + i);
      const sends: Promise<void>[] = [];
      for (let k = 1; k <= o.messagesPerVisitor; k++) {
        await sleep(between(r, o.thinkMs));
        if (r.chance(o.offlineChance)) void v.goOffline(between(r, o.offlineMs));
        // Hex words the AI Agent finds nothing about: it answers each with exactly one "couldn't find" message.
        sends.push(v.type(`q${r.id(10, true)} ${v.name}m${k} ${r.id(6, true)}`));
      }
      await Promise.all(sends);
    });
    const tabTyping = tabs.map(async (tab, i) => {
      const r = createRandom(o.seed * 37 + i);
      for (let k = 1; k <= o.messagesPerVisitor; k++) {
        await sleep(between(r, o.thinkMs));
        if (r.chance(o.offlineChance)) void tab.goOffline(between(r, o.offlineMs));
        await tab.type(`q${r.id(10, true)} ${tab.name}m${k} ${r.id(6, true)}`);
      }
    });
    // Nothing hangs: a send the bridge can never take (every retry refused) must fail the run, not stall it.
    const typingLimitMs = o.messagesPerVisitor * (o.thinkMs[1] + 30_000);
    const finished = await Promise.race([Promise.all([...typing, ...tabTyping]).then(() => true), sleep(typingLimitMs).then(() => false)]);
    if (!finished) {
      o.log(`typing still not done after ${Math.round(typingLimitMs / 1000)} s: unacknowledged sends are judged as they are`);
      for (const v of visitors) v.stop();
    }
    scriptsDone = true;
    await Promise.all(faults);
    data.free();
    gate.open();
    sim.setFaults({ errorRates: {}, replyDelayMs: 200 });
    o.log(`typing done after ${kills} kills; settling`);

    // Faults over: wait for whatever is still in flight (webhook retries, reconciliation) to land, then judge.
    let verdicts: VisitorVerdict[] = [];
    for (const until = Date.now() + o.settleMs; ;) {
      await Promise.race([sim.idle(), sleep(5000)]);
      const ada = { url: sim.url, apiKey: sim.apiKey };
      verdicts = await Promise.all([...visitors.map((v) => judgeVisitor(v, ada)), ...tabs.map((t) => judgeTab(t, ada))]);
      if (verdicts.every((x) => lossesOf(x) === 0) || Date.now() > until) break;
      await sleep(1000);
    }
    const lost = verdicts.reduce((n, x) => n + lossesOf(x), 0);
    const duplicated = verdicts.reduce((n, x) => n + duplicatesOf(x), 0);
    const messages = verdicts.reduce((n, x) => n + x.typed, 0);
    const maxResumeMs = Math.max(0, ...visitors.flatMap((v) => v.resumes));
    const details = [...verdicts.flatMap((x) => x.details), ...visitors.flatMap((v) => v.problems)];
    if (details.length > 0) details.push(`webhooks put off for 5 minutes: ${lateWebhooks.length}`, ...lateWebhooks.slice(0, 20), 'bridge log tail:', ...b.logTail());
    const people = visitors.length + tabs.length;
    return {
      seed: o.seed, visitors: people, messages, lost, duplicated, maxResumeMs, kills, diskFull,
      fleet: redis ? `${b.kind}, redis-server restarted ${redisRestarts}×` : b.kind, redisRestarts,
      streamRepeats: verdicts.reduce((n, x) => n + x.streamRepeats, 0),
      violations: sim.violations().length,
      lateWebhooks: lateWebhooks.length,
      harnessStallMs: Math.round(loop.max / 1e6),
      verdicts,
      summary: `${people} visitors${tabs.length ? ` (${tabs.length} in Chromium)` : ''}, ${messages} messages, lost ${lost}, duplicated ${duplicated}, max resume ${(maxResumeMs / 1000).toFixed(1)} s`,
      details,
    };
  } finally {
    loop.disable();
    scriptsDone = true;
    for (const v of visitors) v.stop();
    gate.open();
    await browser?.close();
    await tabPage?.close();
    await fleet?.close();
    await sim.close();
    data.cleanup();
  }
}
