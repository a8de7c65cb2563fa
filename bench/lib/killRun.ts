import { forkChild } from './ipc';
import { startRedisStack } from './redisStack';
import type { ResumingReport } from './resumingClients';
import { benchChannel, BENCH_ORIGIN, createSessions, startConversations } from './stack';
import { summarize } from './stats';
import type { Percentiles } from './stats';
import { nowNs } from './webhookPayload';
import type { SendResult } from './webhookSender';

/** Sizes of the kill run. */
export interface KillRunOptions {
  streams: number;
  conversations: number;
  ratePerSec: number;
  seconds: number;
  /** When, after the first webhook, instance 0 gets SIGKILL. */
  killAfterMs: number;
}

/** What the kill run saw. */
export interface KillRunResult {
  streams: number;
  sent: number;
  accepted: number;
  /**
   * Webhooks not answered 2xx: in flight on the killed instance (the proxy answers 502; Ada would deliver them
   * again), or not sent at all because 256 were still waiting (`skipped`, a machine too busy to keep the rate).
   */
  notAccepted: number;
  skipped: number;
  statuses: Record<string, number>;
  /** Per stream, the accepted webhooks of its conversation: how many should have arrived, over all streams. */
  expectedEvents: number;
  receivedEvents: number;
  /** An accepted webhook's event that never reached a stream of its conversation (once every stream was back). */
  lost: number;
  /** An event a stream got more than once. */
  duplicated: number;
  /** Streams that dropped with the killed instance, and how long each took to be open again (ms from the kill). */
  streamsDropped: number;
  notBackCount: number;
  backAfterMs: Percentiles;
  /** When each dropped stream saw its connection end, ms after the kill (how soon the proxy passed the death on). */
  droppedAfterMs: Percentiles;
  /** Reconnect attempts each dropped stream made until one was answered 200 (1: the first got through). */
  attempts: Percentiles;
  /** When every dropped stream was open again, ms after the kill (null when one never came back). */
  allLiveAfterMs: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Two bridges on Redis behind the round-robin proxy; streams (the widget's reconnect rule, lib/resumingClients.ts)
 * and webhooks both go through the proxy, so each instance holds about half of the streams and takes half of the
 * webhooks. Instance 0 is SIGKILLed mid-way; every stream of every conversation must still get each accepted
 * webhook's event exactly once, and the dropped streams must be open again (on the other instance) soon.
 */
export async function killRun(o: KillRunOptions): Promise<KillRunResult> {
  const rs = await startRedisStack(2);
  // The proxy in a process of its own, as nginx is: in this one it shared an event loop with the simulator.
  const proxyChild = forkChild('proxyProcess.ts', { BENCH_PROXY_UPSTREAMS: rs.bridges.map((b) => b.url).join(',') });
  const proxy = await proxyChild.call<{ url: string }>('info');
  const clients = forkChild('resumingClients.ts');
  const sender = forkChild('webhookSender.ts');
  try {
    rs.sim.addWebhookUrl(`${proxy.url}/webhooks/ada`);
    const tokens = await createSessions(proxy.url, o.conversations);
    const targets = await startConversations({ bridgeUrl: proxy.url, sim: rs.sim }, tokens);
    const opened = await clients.call<{ open: number }>('open', { url: `${proxy.url}/v1/events`, tokens, count: o.streams, origin: BENCH_ORIGIN });
    await sleep(1000);
    const sending = sender.call<SendResult>('send', {
      secret: rs.sim.webhookSecret, channel: benchChannel(rs.sim), url: `${proxy.url}/webhooks/ada`, targets,
      ratePerSec: o.ratePerSec, durationMs: o.seconds * 1000, seqs: true,
    }, o.seconds * 1000 + 60_000);
    await sleep(o.killAfterMs);
    const killedAtMs = Number(nowNs()) / 1e6;
    rs.bridges[0]?.child.proc.kill('SIGKILL');
    const sent = await sending;
    // Lost means never delivered, not late: wait (up to 60 s) until every dropped stream is open again, so each has
    // caught up from its Last-Event-ID, then 2 s more for the last events.
    const until = Date.now() + 60_000;
    let rep = await clients.call<ResumingReport>('report');
    while (rep.outages.some((x) => !Number.isFinite(x.reopenedAtMs)) && Date.now() < until) {
      await sleep(250);
      rep = await clients.call<ResumingReport>('report');
    }
    await sleep(2000);
    rep = await clients.call<ResumingReport>('report');

    // Stream i holds tokens[i % n], the session of targets[i % n]; webhook seq goes to targets[seq % n].
    const n = targets.length;
    let expectedEvents = 0;
    let receivedEvents = 0;
    let lost = 0;
    let duplicated = 0;
    rep.seqs.forEach((got, i) => {
      const have = new Set(got);
      const mine = (sent.acceptedSeqs ?? []).filter((seq) => seq % n === i % n);
      expectedEvents += mine.length;
      receivedEvents += got.length;
      lost += mine.filter((seq) => !have.has(seq)).length;
      duplicated += got.length - have.size;
    });
    const outages = rep.outages.filter((x) => x.droppedAtMs >= killedAtMs - 50);
    const back = outages.filter((x) => Number.isFinite(x.reopenedAtMs)).map((x) => x.reopenedAtMs - killedAtMs);
    const notBackCount = outages.length - back.length;
    return {
      streams: opened.open, sent: sent.attempted, accepted: sent.accepted, notAccepted: sent.attempted - sent.accepted,
      skipped: sent.skipped, statuses: sent.statuses,
      expectedEvents, receivedEvents, lost, duplicated,
      streamsDropped: new Set(outages.map((x) => x.streamIndex)).size, notBackCount,
      backAfterMs: summarize(back), droppedAfterMs: summarize(outages.map((x) => x.droppedAtMs - killedAtMs)),
      attempts: summarize(outages.filter((x) => x.attempts > 0).map((x) => x.attempts - 1)), allLiveAfterMs: notBackCount === 0 && back.length ? Math.round(Math.max(...back)) : null,
    };
  } finally {
    await sender.stop();
    await clients.stop();
    await proxyChild.stop();
    await rs.close();
  }
}
