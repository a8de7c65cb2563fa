import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEventStream, type EventStream } from './eventStream';

/**
 * The stream's timing on a deterministic clock: only timers and Date are faked, the request function answers
 * from a script, so every gap between two connects is exactly the delay the stream chose.
 */
let stream: EventStream | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  stream?.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const unavailable = () => new Response('{"error":{"code":"shutting_down","message":"bye"}}', { status: 503 });
const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });

/** Opens a stream whose n-th connect (1-based) is answered by `answer(n)`; returns the clock time of every connect. */
function run(answer: (n: number) => Response, retryMs = 100) {
  const at: number[] = [];
  const states: string[] = [];
  const request = async () => (at.push(Date.now()), answer(at.length));
  stream = openEventStream({ request, retryMs, onEvent: () => {}, onState: (s) => states.push(s) });
  return { at, states, gaps: () => at.slice(1).map((t, i) => t - at[i]!) };
}

describe('openEventStream timing', () => {
  it('backs off exponentially between failed connects, capped at 30 s', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // the jitter's lower half: exactly half of each step
    const s = run(unavailable);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(s.gaps().slice(0, 11)).toEqual([50, 100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 15_000, 15_000]);
    expect(s.states.every((x) => x === 'reconnecting')).toBe(true);
  });

  it('jitters each delay within its upper half, so dropped widgets do not return together', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const s = run(unavailable);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(s.gaps().slice(0, 4)).toEqual([75, 150, 300, 600]);
  });

  it('starts over from the base after a successful connect, and takes the server\'s retry: as the new base', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    // fail, fail, connect (retry: 1000, then the stream closes), fail, fail
    const s = run((n) => (n === 3 ? sse('retry: 1000\n\n') : unavailable()));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.gaps().slice(0, 4)).toEqual([50, 100, 500, 1_000]);
  });

  it('stops for good on a permanent failure: no timer is left to connect again', async () => {
    const s = run(() => new Response('{"error":{"code":"session_unknown","message":"gone"}}', { status: 401 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.states).toEqual(['failed']);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.at).toHaveLength(1);
  });
});
