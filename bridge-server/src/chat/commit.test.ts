import { afterEach, describe, expect, it } from 'vitest';
import { createFakeContext } from '../testing/fakeContext';
import { commit } from './commit';
import { emit } from './context';

const envs: ReturnType<typeof createFakeContext>[] = [];
afterEach(async () => { for (const e of envs.splice(0)) await e.close(); });

describe('commit', () => {
  it('applies the sets of one turn in one store call and publishes their events after it, in id order', async () => {
    const env = createFakeContext();
    envs.push(env);
    const calls: number[] = [];
    const applyWrites = env.store.applyWrites.bind(env.store);
    env.store.applyWrites = (sets) => {
      calls.push(sets.length);
      return applyWrites(sets);
    };
    const seen: number[] = [];
    env.ctx.hub.subscribe('s1', (e) => seen.push(e.id));
    env.ctx.hub.subscribe('s2', (e) => seen.push(e.id));
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => emit(env.ctx, `s${(i % 2) + 1}`, { type: 'handoff.ended', conversationId: `c${i}` })));
    expect(calls).toEqual([6]);
    expect(seen).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).toEqual(seen);
  });

  it('rejects a set that fails without publishing it, and still applies and publishes the others', async () => {
    const env = createFakeContext();
    envs.push(env);
    const published = env.published('s1');
    const [ok, bad, after] = await Promise.allSettled([
      commit(env.ctx, { sessionId: 's1', events: [{ type: 'handoff.ended', conversationId: 'a' }] }),
      commit(env.ctx, { sessionId: 's1', events: [{ type: 'handoff.ended', conversationId: 'b' }, { type: 'error', code: 1n } as never] }),
      commit(env.ctx, { sessionId: 's1', events: [{ type: 'handoff.ended', conversationId: 'c' }] }),
    ]);
    expect([ok.status, bad.status, after.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(published.map((e) => (e.event.type === 'handoff.ended' ? e.event.conversationId : null))).toEqual(['a', 'c']);
    expect((await env.store.eventsAfter('s1', 0, 10)).map((e) => e.id)).toEqual(published.map((e) => e.id));
  });

  it('keeps committing after a hub that throws (the events stay stored for resume)', async () => {
    const env = createFakeContext();
    envs.push(env);
    const publish = env.ctx.hub.publish;
    env.ctx.hub.publish = () => { throw new Error('hub down'); };
    const first = await emit(env.ctx, 's1', { type: 'handoff.ended', conversationId: 'a' });
    env.ctx.hub.publish = publish;
    const published = env.published('s1');
    const second = await emit(env.ctx, 's1', { type: 'handoff.ended', conversationId: 'b' });
    expect(published.map((e) => e.id)).toEqual([second]);
    expect((await env.store.eventsAfter('s1', 0, 10)).map((e) => e.id)).toEqual([first, second]);
  });
});
