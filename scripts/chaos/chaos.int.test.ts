/**
 * The short chaos run inside `npm test` (issue 17): a dozen HTTP visitors speaking the widget protocol, the simulator
 * with duplicate and shuffled webhooks, 429/500 answers and slow replies, visitors dropping offline and back, and the
 * production bridge SIGKILLed and restarted. Nothing typed may be lost or doubled, at Ada or on screen.
 *
 * Its faults are the ones today's bridge survives. Two wait for issue 17's fixes, and `npm run chaos` runs them and
 * fails on them until then: a kill while a send is in flight (Ada gets the message twice when the widget resends it,
 * item 1), so kills here happen between sends; and a full disk (sends fail, then double, item 2), left out here.
 * Once those land: `kills: 'anytime'` and `diskFulls: 1`.
 * CHAOS_SEED=<n> replays a run's choices (the seed is printed).
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runChaos } from './runChaos';

const seed = Number(process.env.CHAOS_SEED) || randomInt(1, 2 ** 31);

describe('chaos (short run)', () => {
  it('loses and doubles nothing while the bridge is killed, Ada misbehaves and visitors drop offline', async () => {
    const log: string[] = [];
    const report = await runChaos({
      seed, visitors: 12, messagesPerVisitor: 4, thinkMs: [200, 1500],
      kills: 'between-sends', killEveryMs: [1500, 3500], downMs: [100, 1000],
      diskFulls: 0, diskFullMs: [0, 0],
      offlineChance: 0.2, offlineMs: [500, 2500],
      simFaults: true, tabs: 0, settleMs: 40_000,
      log: (line) => log.push(line),
    });
    console.log(`[chaos] seed ${seed}: ${report.summary}; ${report.kills} kills, stream repeats ${report.streamRepeats}, harness stall ${report.harnessStallMs} ms`);
    const context = `seed ${seed} (CHAOS_SEED=${seed} replays it)\n${[...log, ...report.details].join('\n')}`;
    expect(report.messages, context).toBe(48);
    expect(report.kills, context).toBeGreaterThan(0);
    expect(report.lost, context).toBe(0);
    expect(report.duplicated, context).toBe(0);
    expect(report.violations, context).toBe(0);
    // Every visitor's stream came back after the kills and its own drops.
    expect(report.maxResumeMs, context).toBeGreaterThan(0);
  }, 180_000);
});
