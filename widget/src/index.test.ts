import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHAT_EVENT } from './loader/contract';

type Parley = Record<string, (...a: unknown[]) => unknown> & { q?: unknown[] };
const w = window as unknown as { Parley?: Parley };
const PUBLIC_KEYS = ['close', 'destroy', 'identify', 'init', 'on', 'open', 'reset', 'setMetadata', 'toggle'];

// jsdom has no constructable stylesheets: a stand-in keeps the text the widget parses.
class Sheet {
  text = '';
  replaceSync(text: string) {
    this.text = text;
  }
}
Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', { value: [], writable: true, configurable: true });
const sheets = (root: ShadowRoot | null | undefined): unknown[] => (root?.adoptedStyleSheets as unknown[] | undefined) ?? [];

const host = () => document.querySelector('[data-parley="launcher"]');
const rootOf = () => host()?.shadowRoot;
/** The chat file's tag, as the loader added it (jsdom runs no external script: the tests play the file's part). */
const chatTag = () => document.querySelector<HTMLScriptElement>('script[src$="/chat.dev.js"]');
/** Lets the promise chain from the tag's load to the loader's hand-off run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
/** What the chat file does when it runs, then the tag's load event. */
async function chatArrives(): Promise<void> {
  const { createChat } = await import('./chat/createChat');
  const tag = chatTag();
  expect(tag, 'the loader asked for the chat file').toBeTruthy();
  tag!.dispatchEvent(new CustomEvent(CHAT_EVENT, { detail: createChat }));
  tag!.dispatchEvent(new Event('load'));
  await settle();
}

describe('widget.js, the loader', () => {
  beforeEach(() => {
    vi.stubGlobal('CSSStyleSheet', Sheet);
    // A conversation request that never answers: enough to see that the chat connects, and when.
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>(() => {})));
  });
  afterEach(() => {
    w.Parley?.destroy?.();
    delete w.Parley;
    document.body.innerHTML = '';
    localStorage.clear();
    sessionStorage.clear();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('installs exactly the public keys on window.Parley, before and after the chat arrived', async () => {
    const globals = Object.keys(window);
    await import('./index');
    expect(Object.keys(w.Parley ?? {}).sort()).toEqual(PUBLIC_KEYS);
    w.Parley?.open?.();
    await chatArrives();
    expect(rootOf()?.querySelector('[role="dialog"] textarea')).toBeTruthy();
    // The hand-off left nothing behind: no key, no global, no tag.
    expect(Object.keys(w.Parley ?? {}).sort()).toEqual(PUBLIC_KEYS);
    expect(Object.getOwnPropertySymbols(w.Parley)).toEqual([]);
    expect(Object.keys(window).filter((k) => !globals.includes(k))).toEqual(['Parley']);
    expect(chatTag()).toBeNull();
  });

  it('draws the launcher in an open shadow root, and touches no storage, network or chat file on load', async () => {
    vi.useFakeTimers();
    const before = document.head.innerHTML;
    await import('./index');
    vi.runAllTimers(); // idle time: a first-time visitor has no stored session, so nothing is fetched
    const root = rootOf();
    expect(root?.querySelector('button')?.getAttribute('aria-label')).toBe('Open chat');
    expect(sheets(root)).toHaveLength(1); // the launcher's sheet only
    expect(document.head.innerHTML).toBe(before);
    expect(localStorage.length).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
    expect(chatTag()).toBeNull();
  });

  it('fetches the chat file when a pointer or focus comes to the launcher, without opening it', async () => {
    await import('./index');
    rootOf()?.querySelector('.launcher')?.dispatchEvent(new Event('pointerover', { bubbles: true, composed: true }));
    expect(chatTag()).toBeTruthy();
    await chatArrives();
    expect(rootOf()?.querySelector('[role="dialog"]')).toBeNull();
    expect(rootOf()?.querySelector('[aria-live]')).toBeTruthy(); // App has rendered, closed
    expect(localStorage.length).toBe(0);
  });

  it('opens the panel frame at once on a click, then the chat with focus in the composer, on the same launcher', async () => {
    await import('./index');
    const root = rootOf();
    const launcher = root?.querySelector<HTMLButtonElement>('.launcher');
    launcher?.focus();
    launcher?.click();
    // Not a dead click: the frame shows, busy, and says why, before any chat code exists.
    const frame = root?.querySelector('[role="dialog"]');
    expect(frame?.getAttribute('aria-busy')).toBe('true');
    expect(frame?.getAttribute('aria-label')).toBe('Chat with us');
    expect(frame?.querySelector('[role="status"]')?.textContent).toBe('Loading the chat…');
    expect(launcher?.getAttribute('aria-label')).toBe('Close chat');
    expect(launcher?.getAttribute('aria-expanded')).toBe('true');
    expect(sheets(root)).toHaveLength(2); // + the frame's
    await chatArrives();
    expect(root?.querySelector('.frame')).toBeNull();
    expect(root?.querySelector('[role="dialog"]')?.getAttribute('aria-busy')).toBeNull();
    expect(root?.activeElement).toBe(root?.querySelector('textarea'));
    expect(root?.querySelector('.launcher')).toBe(launcher); // App adopted the static button
    expect(launcher?.getAttribute('aria-label')).toBe('Close chat');
    // + the panel's, and one that holds it still where it replaced the frame already on screen (issue 14)
    expect(sheets(root)).toHaveLength(4);
    expect(fetch).toHaveBeenCalled(); // opening is the go-ahead to connect
  });

  it('closes the frame with Escape or the launcher before the chat arrived', async () => {
    await import('./index');
    const root = rootOf();
    const launcher = root?.querySelector<HTMLButtonElement>('.launcher');
    launcher?.click();
    root?.querySelector('.frame')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(root?.querySelector('.frame')).toBeNull();
    expect(root?.activeElement).toBe(launcher);
    launcher?.click();
    launcher?.click();
    expect(root?.querySelector('.frame')).toBeNull();
    expect(launcher?.getAttribute('aria-label')).toBe('Open chat');
  });

  it('replays calls queued by the snippet before the script loaded', async () => {
    const q: unknown[] = [];
    const stub = { q } as unknown as Parley;
    for (const m of PUBLIC_KEYS) stub[m] = (...args: unknown[]) => void q.push([m, args]);
    w.Parley = stub;
    const ready = vi.fn();
    w.Parley.on?.('ready', ready);
    document.body.innerHTML = '<article><div id="help-chat"></div></article>';
    w.Parley.init?.({ mode: 'inline', target: '#help-chat' });
    await import('./index');
    expect(ready).toHaveBeenCalledTimes(2);
    // An inline embed wants the chat now: its frame shows until it arrives.
    const inline = () => document.querySelector('#help-chat [data-parley="inline"]')?.shadowRoot;
    expect(inline()?.querySelector('[role="region"] [role="status"]')?.textContent).toBe('Loading the chat…');
    await chatArrives();
    expect(inline()?.querySelector('[role=log]')).toBeTruthy();
    expect(host()).toBeTruthy();
  });

  it('queues the calls that need the chat, fetches it, and replays them in order once it is there', async () => {
    localStorage.setItem(`parley:${location.origin}:token`, JSON.stringify('t1'));
    await import('./index');
    w.Parley?.setMetadata?.({ plan: 'pro' });
    w.Parley?.reset?.();
    expect(chatTag()).toBeTruthy();
    expect(localStorage.getItem(`parley:${location.origin}:token`)).not.toBeNull();
    await chatArrives();
    // reset() ran after the widget was handed to the chat: the stored session is gone.
    expect(localStorage.getItem(`parley:${location.origin}:token`)).toBeNull();
  });

  it('queues identify() before the chat arrives, and the chat then signs in with that token, not an anonymous session', async () => {
    await import('./index');
    w.Parley?.identify?.('head.payload.sig');
    expect(chatTag()).toBeTruthy();
    await chatArrives();
    w.Parley?.open?.();
    await settle();
    const calls = vi.mocked(fetch).mock.calls.map(([url, init]) => [String(url), init?.body]);
    expect(calls).toEqual([[expect.stringMatching(/\/v1\/sessions$/), JSON.stringify({ userToken: 'head.payload.sig' })]]);
  });

  it('checks data-user-token in the chat file: a value that is not a JWT is warned about and the visitor stays anonymous', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await import('./index');
    w.Parley?.destroy?.();
    w.Parley?.init?.({ userToken: 'not a token' });
    w.Parley?.open?.();
    await chatArrives();
    await settle();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[parley] invalid data-user-token'));
    const calls = vi.mocked(fetch).mock.calls.map(([url, init]) => [String(url), init?.body]);
    expect(calls).toEqual([[expect.stringMatching(/\/v1\/sessions$/), '{}']]);
    warn.mockRestore();
  });

  it('keeps the first global when widget.js runs twice, adding the second instance', async () => {
    await import('./index');
    const first = w.Parley;
    vi.resetModules();
    await import('./index');
    expect(w.Parley).toBe(first);
    expect(document.querySelectorAll('[data-parley="launcher"]')).toHaveLength(1);
  });

  it('gives handles that work before and after the chat arrived, and tells listeners', async () => {
    await import('./index');
    const seen: string[] = [];
    w.Parley?.on?.('open', () => seen.push('open'));
    w.Parley?.on?.('close', () => seen.push('close'));
    document.body.insertAdjacentHTML('beforeend', '<div id="help"></div>');
    const handle = w.Parley?.init?.({}) as { open(): void; close(): void; toggle(): void; destroy(): void };
    expect(w.Parley?.init?.({})).toBe(handle); // idempotent per target
    handle.open();
    handle.close();
    handle.toggle();
    expect(rootOf()?.querySelector('.frame')).toBeTruthy();
    await chatArrives();
    expect(rootOf()?.querySelector('[role="dialog"] textarea')).toBeTruthy();
    handle.close();
    expect(rootOf()?.querySelector('[role="dialog"]')).toBeNull();
    handle.toggle();
    expect(rootOf()?.querySelector('[role="dialog"]')).toBeTruthy();
    expect(seen).toEqual(['open', 'close', 'open', 'close', 'open']);
    handle.destroy();
    expect(host()).toBeNull();
    // After destroy(), a new init works, with the chat already here.
    w.Parley?.destroy?.();
    w.Parley?.init?.({ open: true });
    expect(rootOf()?.querySelector('[role="dialog"] textarea')).toBeTruthy();
  });

  it('says so when the chat file fails, and tries again with backoff and when back online', async () => {
    vi.useFakeTimers();
    await import('./index');
    rootOf()?.querySelector<HTMLButtonElement>('.launcher')?.click();
    chatTag()?.dispatchEvent(new Event('error'));
    await settle();
    const status = () => rootOf()?.querySelector('.frame [role="status"]')?.textContent;
    expect(status()).toBe('The chat could not load. Trying again…');
    expect(rootOf()?.querySelector('.frame')?.getAttribute('aria-busy')).toBe('false');
    expect(chatTag()).toBeNull();
    vi.advanceTimersByTime(999);
    expect(chatTag()).toBeNull();
    vi.advanceTimersByTime(1);
    await settle();
    expect(chatTag()).toBeTruthy(); // after 1 s
    expect(status()).toBe('Loading the chat…');
    chatTag()?.dispatchEvent(new Event('error'));
    await settle();
    vi.advanceTimersByTime(1500);
    expect(chatTag()).toBeNull(); // the second wait is 2 s…
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(chatTag()).toBeTruthy(); // …unless the browser comes back online
    vi.useRealTimers();
    await chatArrives();
    expect(rootOf()?.querySelector('[role="dialog"] textarea')).toBeTruthy();
  });

  it('reconnects a returning visitor once the page is idle, so unread replies can show', async () => {
    localStorage.setItem(`parley:${location.origin}:token`, JSON.stringify('t1'));
    vi.useFakeTimers();
    await import('./index');
    expect(chatTag()).toBeNull();
    vi.runAllTimers();
    vi.useRealTimers();
    await chatArrives();
    expect(fetch).toHaveBeenCalledWith(`${location.origin}/v1/conversation`, expect.anything());
    expect(rootOf()?.querySelector('[aria-live]')).toBeTruthy();
    expect(rootOf()?.querySelector('[role="dialog"]')).toBeNull();
  });

  it.each(['local', 'session'] as const)('opens the panel again on the next page when the visitor left it open (persist %s)', async (persist) => {
    const storage = persist == 'local' ? localStorage : sessionStorage;
    w.Parley = { q: [['init', [{ persist }]]] } as unknown as Parley;
    await import('./index');
    rootOf()?.querySelector<HTMLButtonElement>('.launcher')?.click();
    expect(storage.getItem(`parley:${location.origin}:open`)).toBe('true');
    // The next page.
    w.Parley?.destroy?.();
    delete w.Parley;
    document.body.innerHTML = '';
    vi.resetModules();
    w.Parley = { q: [['init', [{ persist }]]] } as unknown as Parley;
    const outside = document.body.appendChild(document.createElement('input'));
    outside.focus();
    const reads = vi.spyOn(Storage.prototype, 'getItem');
    await import('./index');
    // [issue 14] No storage at load (a page's first read blocks on the browser process): closed until idle time,
    // then drawn open.
    expect(reads).not.toHaveBeenCalled();
    expect(rootOf()?.querySelector('.frame')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5)); // idle time (jsdom: the loader's setTimeout fallback)
    expect(rootOf()?.querySelector('.frame')).toBeTruthy();
    reads.mockRestore();
    await chatArrives();
    expect(rootOf()?.querySelector('[role="dialog"] textarea')).toBeTruthy();
    expect(document.activeElement).toBe(outside); // reopened, but focus stays where the visitor has it
    // Closing it is remembered too.
    rootOf()?.querySelector<HTMLButtonElement>('.launcher')?.click();
    expect(storage.getItem(`parley:${location.origin}:open`)).toBeNull();
  });

  it('remembers nothing with data-persist none', async () => {
    w.Parley = { q: [['init', [{ persist: 'none' }]]] } as unknown as Parley;
    await import('./index');
    rootOf()?.querySelector<HTMLButtonElement>('.launcher')?.click();
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });
});
