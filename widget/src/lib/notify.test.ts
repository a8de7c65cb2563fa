import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatStore } from '../state/createChatStore';
import { msg } from '../test/renderWithStore';
import { notifyWhileHidden } from './notify';

let hidden = false;
Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
const setHidden = (v: boolean): void => {
  hidden = v;
  document.dispatchEvent(new Event('visibilitychange'));
};
const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

afterEach(() => {
  hidden = false;
  document.title = '';
  vi.unstubAllGlobals();
});

describe('notifyWhileHidden', () => {
  it('shows the unread count in the tab title while hidden, and restores the title exactly', () => {
    document.title = 'Orders · Shop  (beta)';
    const store = createChatStore();
    const stop = notifyWhileHidden(store, { titleUnread: true, sound: false });
    store.upsert(msg({ text: 'seen while visible', createdAt: at(1) }));
    expect(document.title).toBe('Orders · Shop (beta)');
    setHidden(true);
    store.upsert(msg({ role: 'end_user', text: 'mine', createdAt: at(2) }));
    expect(document.title).toBe('Orders · Shop (beta)');
    store.upsert(msg({ text: 'one', createdAt: at(3) }));
    expect(document.title).toBe('(1) Orders · Shop (beta)');
    store.upsert(msg({ text: 'two', createdAt: at(4) }));
    expect(document.title).toBe('(2) Orders · Shop (beta)');
    setHidden(false);
    // The <title> text itself, white space and all (document.title would read it collapsed).
    expect(document.querySelector('title')?.text).toBe('Orders · Shop  (beta)');
    stop();
  });

  it('keeps a title the page set itself meanwhile', () => {
    document.title = 'Cart';
    const store = createChatStore();
    const stop = notifyWhileHidden(store, { titleUnread: true, sound: false });
    setHidden(true);
    store.upsert(msg({ text: 'one', createdAt: at(3) }));
    document.title = 'Checkout';
    store.upsert(msg({ text: 'two', createdAt: at(4) }));
    expect(document.title).toBe('(2) Checkout');
    setHidden(false);
    expect(document.title).toBe('Checkout');
    stop();
  });

  it('chimes only when the page opted in, and leaves the title alone without titleUnread', () => {
    const started: number[] = [];
    class FakeAudio {
      currentTime = 0;
      destination = {};
      createGain = () => ({ connect: vi.fn(), gain: { setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() } });
      createOscillator = () => ({ frequency: { value: 0 }, connect: vi.fn(), start: (t: number) => started.push(t), stop: vi.fn() });
      close = vi.fn(async () => {});
    }
    vi.stubGlobal('AudioContext', FakeAudio);
    document.title = 'Home';
    const quiet = createChatStore();
    const stopQuiet = notifyWhileHidden(quiet, { titleUnread: false, sound: false });
    const loud = createChatStore();
    const stopLoud = notifyWhileHidden(loud, { titleUnread: false, sound: true });
    setHidden(true);
    quiet.upsert(msg({ text: 'one', createdAt: at(3) }));
    expect(started).toEqual([]);
    loud.upsert(msg({ text: 'one', createdAt: at(3) }));
    expect(started).toHaveLength(2);
    expect(document.title).toBe('Home');
    stopQuiet();
    stopLoud();
  });
});
