import { effect, signal } from '@preact/signals-core';
import { h } from 'preact';
import type { Metadata } from '../../bridge-server/src/protocol/api';
import { App } from './components/App';
import type { Chat } from './components/context';
import { pickMessages } from './i18n/messages';
import { launcherShell } from './components/Launcher';
import { createStorage } from './lib/storage';
import { mount } from './mount';
import { parseOptions, type OptionContext } from './options';
import { createController, type Controller } from './transport/createController';
import type { Emit, ParleyEvent, ParleyEvents } from './types';

/** What `Parley.init` returns. */
export interface ParleyHandle {
  open(): void;
  close(): void;
  toggle(): void;
  destroy(): void;
  on: ParleyApi['on'];
}

/** The public API, `window.Parley`: exactly these keys, nothing internal. */
export interface ParleyApi {
  init(options?: Record<string, unknown>): ParleyHandle | null;
  open(): void;
  close(): void;
  toggle(): void;
  on<K extends ParleyEvent>(event: K, fn: (payload: ParleyEvents[K]) => void): () => void;
  setMetadata(metadata: Metadata): void;
  /** Signs the visitor in with the site's token (as `data-user-token`), or out with null. */
  identify(userToken: string | null): void;
  reset(): void;
  destroy(): void;
}

type Listener = (payload: never) => void;

/**
 * Builds the Parley API: widget instances keyed by target (init is idempotent per target), and one shared
 * conversation controller per bridge URL, so a launcher and an inline chat show the same conversation live.
 * @example const parley = createParley({ scriptSrc: 'https://bridge.example.com/widget.js' }); parley.init();
 */
export function createParley(ctx: OptionContext = {}): ParleyApi {
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
  const ctrls = new Map<string, { c: Controller; n: number }>();
  /** The signed-in visitor's token given by `Parley.identify` (issue 15): null once signed out, undefined if never called. */
  let user: string | null | undefined;
  /**
   * Widget instances by target ('' for the launcher, the CSS selector of an inline chat): the public handle, and
   * `boot`, which makes the instance's controller and renders it (idempotent).
   */
  const instances = new Map<string, { h: ParleyHandle; boot(): Controller }>();
  const each = (k: 'open' | 'close' | 'toggle' | 'destroy') => () => instances.forEach((i) => i.h[k]());

  function create(key: string, raw: Record<string, unknown>, parent: Element): ParleyHandle {
    const opts = parseOptions(raw, ctx);
    const { bridgeUrl, mode } = opts;
    const inline = mode === 'inline';
    const msgs = pickMessages(opts);
    // Open from the start (inline, or data-open): rendered open, so focus stays where the page has it.
    const open = signal(inline || opts.open);
    // [issue 7] A closed launcher is static markup until it is needed: no controller, storage or render at load.
    const view = mount(opts, parent, open.value ? '' : launcherShell(msgs.t, msgs.dir, opts.lang));
    let entry: { c: Controller; n: number } | undefined;
    let stop: (() => void) | undefined;
    /** Creates the controller (shared per bridge URL) and renders the widget; idempotent. */
    const boot = (): Controller => {
      if (entry) return entry.c;
      entry = ctrls.get(bridgeUrl);
      if (!entry) ctrls.set(bridgeUrl, (entry = { c: createController({ bridgeUrl, persist: opts.persist, emit, userToken: (user === undefined ? opts.userToken : user) ?? undefined }), n: 0 }));
      const { c: ctrl } = entry;
      const profile = { displayName: opts.userName, avatar: opts.userAvatar, language: opts.lang };
      const chat: Chat = {
        store: ctrl.store, open, draft: signal(''), opts, ...msgs,
        act: {
          send: (text) => void ctrl.send(text, { surface: mode, metadata: opts.metadata, profile }),
          // The controller's actions report their own failures (the error signal), so nothing is left to await.
          retry: ctrl.retry,
          end: ctrl.end,
          startNew: ctrl.startNew,
          setOpen,
          attach: (f) => void ctrl.sendFile(f),
        },
      };
      const announcer = !entry.n++;
      const unmount = view.draw(() => h(App, { announcer }), chat);
      // Whatever a visible panel shows has been seen; a closed launcher counts it as unread instead. (markSeen reads
      // the transcript, so this runs again as it grows.)
      const stopSeen = effect(() => {
        if (open.value) ctrl.markSeen();
      });
      stop = () => {
        stopSeen();
        unmount();
      };
      return ctrl;
    };
    function setOpen(v: boolean): void {
      if (inline || v === open.value) return;
      // Rendered closed first, so the first open moves focus into the composer as every later one does.
      const ctrl = boot();
      open.value = v;
      emit(v ? 'open' : 'close', undefined);
      if (v) void ctrl.start();
    }
    if (open.value) {
      const ctrl = boot();
      // [issue 5] data-open counts as the visitor's go-ahead: connect now.
      if (!inline) void ctrl.start();
    } else {
      // A click on the static launcher (once App has rendered, its own handler does the work).
      view.root.addEventListener('click', () => entry || setOpen(true));
      // A returning visitor (a stored session) reconnects once the page is idle, so unread counts show.
      (self.requestIdleCallback ?? setTimeout)(() => {
        if (!entry && instances.get(key)?.h == inst && createStorage(opts.persist, bridgeUrl).get('token')) boot();
      });
    }
    const inst: ParleyHandle = {
      open: () => setOpen(true),
      close: () => setOpen(false),
      toggle: () => setOpen(!open.value),
      on,
      destroy() {
        if (!instances.delete(key)) return;
        stop?.();
        view.remove();
        if (entry && !--entry.n) {
          entry.c.destroy();
          ctrls.delete(bridgeUrl);
        }
      },
    };
    instances.set(key, { h: inst, boot });
    emit('ready', undefined);
    return inst;
  }

  return {
    init(options = {}) {
      const target = options.mode === 'inline' && typeof options.target === 'string' ? options.target : '';
      let parent: Element | null = null;
      try {
        parent = target ? document.querySelector(target) : document.body;
      } catch {
        // not a valid selector: no element
      }
      return instances.get(target)?.h
        ?? (parent ? create(target, options, parent) : (console.warn(`[parley] data-target ${JSON.stringify(target)} matches no element`), null));
    },
    open: each('open'),
    close: each('close'),
    toggle: each('toggle'),
    on,
    // Both need each widget's controller (a stored conversation to patch, or a stored session to forget).
    setMetadata(metadata) {
      instances.forEach((i) => i.boot());
      ctrls.forEach(({ c }) => void c.setMetadata(metadata));
    },
    identify(userToken) {
      // Also for widgets not yet booted: their controllers start with it.
      user = typeof userToken == 'string' && userToken ? userToken : null;
      ctrls.forEach(({ c }) => void c.identify(user ?? null));
    },
    reset() {
      instances.forEach((i) => i.boot());
      ctrls.forEach(({ c }) => c.reset());
    },
    destroy() {
      each('destroy')();
      subs.clear();
    },
  };
}
