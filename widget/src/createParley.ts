import { effect, signal } from '@preact/signals-core';
import { h } from 'preact';
import type { Metadata } from '../../bridge-server/src/protocol/api';
import { App } from './components/App';
import type { Chat } from './components/context';
import { pickMessages } from './i18n/messages';
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
  /** Widget instances by target: '' for the launcher, the CSS selector of an inline chat. */
  const instances = new Map<string, ParleyHandle>();
  const each = (k: 'open' | 'close' | 'toggle' | 'destroy') => () => instances.forEach((i) => i[k]());

  function create(key: string, raw: Record<string, unknown>, parent: Element): ParleyHandle {
    const opts = parseOptions(raw, ctx);
    const { bridgeUrl, mode } = opts;
    const inline = mode === 'inline';
    let entry = ctrls.get(bridgeUrl);
    if (!entry) ctrls.set(bridgeUrl, (entry = { c: createController({ bridgeUrl, persist: opts.persist, emit }), n: 0 }));
    const { c: ctrl } = entry;
    const announcer = !entry.n++;
    const open = signal(inline || opts.open);
    const profile = { displayName: opts.userName, avatar: opts.userAvatar, language: opts.lang };
    const setOpen = (v: boolean): void => {
      if (inline || v === open.value) return;
      open.value = v;
      emit(v ? 'open' : 'close', undefined);
      if (v) void ctrl.start();
    };
    const chat: Chat = {
      store: ctrl.store, open, draft: signal(''), opts, ...pickMessages(opts),
      act: {
        send: (text) => void ctrl.send(text, { surface: mode, metadata: opts.metadata, profile }),
        // The controller's actions report their own failures (the error signal), so nothing is left to await.
        retry: ctrl.retry,
        end: ctrl.end,
        startNew: ctrl.startNew,
        setOpen,
      },
    };
    // [issue 5] data-open counts as the visitor's go-ahead: connect now.
    if (!inline && opts.open) void ctrl.start();
    const unmount = mount(() => h(App, { announcer }), chat, parent);
    // Whatever a visible panel shows has been seen; a closed launcher counts it as unread instead. (markSeen reads
    // the transcript, so this runs again as it grows.)
    const stopSeen = effect(() => {
      if (open.value) ctrl.markSeen();
    });
    const inst: ParleyHandle = {
      open: () => setOpen(true),
      close: () => setOpen(false),
      toggle: () => setOpen(!open.value),
      on,
      destroy() {
        if (!instances.delete(key)) return;
        stopSeen();
        unmount();
        if (!--entry.n) {
          ctrl.destroy();
          ctrls.delete(bridgeUrl);
        }
      },
    };
    instances.set(key, inst);
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
      return instances.get(target)
        ?? (parent ? create(target, options, parent) : (console.warn(`[parley] data-target ${JSON.stringify(target)} matches no element`), null));
    },
    open: each('open'),
    close: each('close'),
    toggle: each('toggle'),
    on,
    setMetadata: (metadata) => ctrls.forEach(({ c }) => void c.setMetadata(metadata)),
    reset: () => ctrls.forEach(({ c }) => c.reset()),
    destroy() {
      each('destroy')();
      subs.clear();
    },
  };
}
