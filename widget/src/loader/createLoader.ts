import { createStorage, type Store } from '../lib/storage';
import { adoptFrame, mount } from '../mount';
import { parseOptions, type OptionContext } from '../options';
import type { Emit, ParleyEvent, ParleyEvents, WidgetOptions } from '../types';
import { CHAT_CALLS, type ChatCalls, type ChatInstance, type ChatRuntime } from './contract';
import { chatLoader } from './loadChat';
import { drawShell, launcherShell } from './shell';
import { loaderStrings, type LoaderStrings } from './strings';

/** What `Parley.init` returns. */
export interface ParleyHandle {
  open(): void;
  close(): void;
  toggle(): void;
  destroy(): void;
  on: ParleyApi['on'];
}

/** The public API, `window.Parley`: exactly these keys, nothing internal (the calls of `ChatCalls` included). */
export interface ParleyApi extends ChatCalls {
  init(options?: Record<string, unknown>): ParleyHandle | null;
  open(): void;
  close(): void;
  toggle(): void;
  on<K extends ParleyEvent>(event: K, fn: (payload: ParleyEvents[K]) => void): () => void;
  destroy(): void;
}

/** Where defaults come from, plus where the chat file is and the nonce its tag needs. */
export interface LoaderContext extends OptionContext {
  /** The chat file's URL. */
  chatSrc: string;
  /** The CSP nonce of widget.js's own tag. */
  nonce?: string;
}

/** One widget as the loader holds it: its place on the page, its state, and the chat once it drives it. */
interface Widget {
  opts: WidgetOptions;
  t: LoaderStrings;
  host: HTMLElement;
  root: ShadowRoot;
  open: boolean;
  handle: ParleyHandle;
  chat?: ChatInstance;
  store?: Store;
  /** What had focus when the panel was opened before the chat arrived: focus goes to the composer if it still has. */
  openedFrom?: Element | null;
  /** [issue 16] The proactive teaser is due: the chat shows it once it drives the widget. */
  tease?: boolean;
}

type Listener = (payload: never) => void;
// Safari has no requestIdleCallback.
const idle = (fn: () => void): void => void ('requestIdleCallback' in self ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 1));

/**
 * Builds `window.Parley` for widget.js, the loader (issue 14): widgets keyed by target (init is idempotent per
 * target), each drawn as static markup (the launcher, and a panel frame with a loading line while open), and the
 * chat file, fetched on the visitor's intent (pointer or focus on a widget, a click, `data-open`, an inline embed,
 * a call that needs it, or idle time for a returning visitor) and then handed every widget. Calls that need the
 * chat are queued until it arrives and replayed in order; `on`, `open`, `close`, `toggle` and handles work at once.
 * @example const parley = createLoader({ scriptSrc, chatSrc: new URL('chat.1a2b.js', scriptSrc).href }); parley.init();
 */
export function createLoader(ctx: LoaderContext): ParleyApi {
  // The public event bus of `Parley.on`; a throwing listener is logged, never thrown into the widget or the page.
  const subs = new Map<string, Set<Listener>>();
  const on: ParleyApi['on'] = (event, fn) => {
    const set = subs.get(event) ?? new Set();
    subs.set(event, set.add(fn as Listener));
    return () => void set.delete(fn as Listener);
  };
  const emit: Emit = (event, payload) =>
    subs.get(event)?.forEach((fn) => {
      try {
        (fn as (p: typeof payload) => void)(payload);
      } catch (e) {
        console.error('[parley] listener of', event, 'threw', e);
      }
    });

  /** Widgets by target: '' for the launcher, the CSS selector of an inline chat. */
  const widgets = new Map<string, Widget>();
  let runtime: ChatRuntime | undefined;
  const queue: [keyof ChatCalls, unknown[]][] = [];
  let failed = false;

  const storeOf = (w: Widget): Store => (w.store ??= createStorage(w.opts.persist, w.opts.bridgeUrl));
  /** Whether the chat has rendered the widget (not only taken it, while its language's table is on its way). */
  const drives = (w: Widget): boolean => !!w.chat && !w.chat.pending;
  const draw = (w: Widget): void => {
    if (drives(w)) return;
    if (w.open) adoptFrame(w.root);
    drawShell(w.root, { open: w.open, failed }, w.t, w.opts.mode == 'inline');
  };
  const chat = chatLoader({
    src: ctx.chatSrc,
    nonce: ctx.nonce,
    onFailure(v) {
      failed = v;
      widgets.forEach(draw);
    },
  });

  /** Hands a widget to the chat: the chat renders over the loader's markup, adopting the launcher (and its focus). */
  function attach(w: Widget): void {
    if (w.chat || !runtime) return;
    const active = document.activeElement;
    // Opened before the chat arrived: focus moves into the composer as on any open, unless the visitor has moved on.
    const focus = w.open && w.openedFrom !== undefined && (active == w.openedFrom || active == w.host || active == document.body);
    // The chat takes the loader's frame away itself, so its panel can take the frame's place without sliding in.
    w.chat = runtime.attach({ root: w.root, opts: w.opts, store: storeOf(w), open: w.open && !focus, setOpen: (v) => setOpen(w, v) });
    // Rendered closed first, then opened: the same path as a click, so App moves focus to the composer.
    if (focus) w.chat.setOpen(true);
    if (w.tease) w.chat.tease();
  }

  /** Fetches the chat file (once), hands it every widget, then replays the queued calls in order. */
  function need(): void {
    if (runtime) return;
    void chat.load().then((createChat) => {
      try {
        runtime ??= createChat({ emit });
        widgets.forEach(attach);
        for (const [method, args] of queue.splice(0)) (runtime[method] as (...a: unknown[]) => void)(...args);
      } catch (e) {
        // The host page never sees the widget's errors.
        console.error('[parley] the chat failed to start', e);
      }
    });
  }

  function setOpen(w: Widget, v: boolean): void {
    if (w.opts.mode == 'inline' || v == w.open) return;
    w.open = v;
    w.openedFrom = v ? document.activeElement : undefined;
    // The chat holds the call until it has rendered (it replays it then); meanwhile the loader's frame answers.
    w.chat?.setOpen(v);
    if (!drives(w)) {
      // [issue 14] The chat file's request goes out first, and the frame is drawn while it travels.
      if (v) {
        need();
        // The visitor asks again: a failed file is tried again now rather than after the backoff.
        chat.retry();
      }
      draw(w);
    }
    // [issue 16] The panel opens again on the next page: written on an open or close (after what the visitor sees),
    // never at page load.
    if (v) storeOf(w).set('open', true);
    else storeOf(w).remove('open');
    emit(v ? 'open' : 'close', undefined);
  }

  function create(key: string, raw: Record<string, unknown>, parent: Element): ParleyHandle {
    const opts = parseOptions(raw, ctx);
    const inline = opts.mode == 'inline';
    const { t, dir } = loaderStrings(opts.lang, opts.title);
    const shell = inline ? `<div class="root inline" dir="${dir}" lang="${opts.lang}"></div>` : launcherShell(t, dir, opts.lang);
    const handle: ParleyHandle = {
      open: () => setOpen(w, true),
      close: () => setOpen(w, false),
      toggle: () => setOpen(w, !w.open),
      on,
      destroy() {
        if (widgets.get(key) != w) return;
        widgets.delete(key);
        w.chat?.destroy();
        w.host.remove();
      },
    };
    const w: Widget = { opts, t, ...mount(opts, parent, shell), open: inline || opts.open, handle };
    widgets.set(key, w);
    const { root } = w;
    // Intent: a pointer over the launcher or focus on it is the moment to fetch the chat, before the click.
    root.addEventListener('pointerover', need);
    root.addEventListener('focusin', need);
    // Until the chat drives the widget, the loader answers its launcher, minimize button and Escape.
    root.addEventListener('click', (e) => {
      const button = !drives(w) && (e.target as Element).closest?.('button');
      if (button) setOpen(w, button.classList.contains('launcher') && !w.open);
    });
    root.addEventListener('keydown', (e) => {
      if (drives(w) || !w.open || inline || (e as KeyboardEvent).key != 'Escape') return;
      setOpen(w, false);
      root.querySelector<HTMLElement>('.launcher')?.focus();
    });
    // The chat is here already (a later init): it takes the widget now.
    if (runtime) attach(w);
    else if (w.open) {
      // An inline embed or data-open: wanted now.
      draw(w);
      need();
    }
    // [issue 14] Storage waits for idle time: a page's first localStorage read blocks on the browser process, and
    // the host-cost bench saw it in the widget's cost at load.
    if (!w.open) {
      idle(() => {
        if (widgets.get(key) != w || w.open) return;
        const store = storeOf(w);
        // [issue 16] The visitor left the panel open on the last page: it opens again, without taking focus.
        if (store.get('open')) {
          w.open = true;
          if (w.chat) w.chat.setOpen(true);
          else {
            draw(w);
            need();
          }
        }
        // A returning visitor (a stored session) reconnects, so unread replies show.
        else if (store.get('token')) need();
        // [issue 16] A visitor with no conversation gets the teaser once, after its delay, if still closed.
        else if (opts.proactive && !store.get('teased')) {
          setTimeout(() => {
            if (widgets.get(key) != w || w.open) return;
            w.tease = true;
            if (w.chat) w.chat.tease();
            else need();
          }, opts.proactiveDelay * 1000);
        }
      });
    }
    emit('ready', undefined);
    return handle;
  }

  const each = (k: 'open' | 'close' | 'toggle' | 'destroy') => () => widgets.forEach((w) => w.handle[k]());
  const api = {
    init(options = {}) {
      const target = options.mode === 'inline' && typeof options.target === 'string' ? options.target : '';
      let parent: Element | null = null;
      try {
        parent = target ? document.querySelector(target) : document.body;
      } catch {
        // not a valid selector: no element
      }
      return widgets.get(target)?.handle
        ?? (parent ? create(target, options, parent) : (console.warn(`[parley] data-target ${JSON.stringify(target)} matches no element`), null));
    },
    open: each('open'),
    close: each('close'),
    toggle: each('toggle'),
    on,
    destroy() {
      each('destroy')();
      subs.clear();
      // No widget is waiting any more: stop trying to fetch the chat (a later init starts again).
      if (!runtime) chat.stop();
    },
  } as ParleyApi;
  // The calls that need the chat: straight to it once here, else queued (and the chat fetched).
  for (const method of CHAT_CALLS) {
    api[method] = (...args: unknown[]) => {
      if (runtime) (runtime[method] as (...a: unknown[]) => void)(...args);
      else {
        queue.push([method, args]);
        need();
      }
    };
  }
  return api;
}
