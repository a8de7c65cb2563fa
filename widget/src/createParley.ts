import { effect, signal } from '@preact/signals-core';
import { h } from 'preact';
import type { Metadata } from '../../bridge-server/src/protocol/api';
import { App } from './components/App';
import type { Actions, Chat } from './components/context';
import { pickMessages } from './i18n/messages';
import { createEmitter } from './lib/emitter';
import { mount, type Mounted } from './mount';
import { parseOptions, type OptionContext } from './options';
import { createController, type Controller } from './transport/createController';
import type { ParleyEvent, ParleyEvents } from './types';

/** What `Parley.init` returns. */
export interface ParleyHandle {
  open(): void;
  close(): void;
  toggle(): void;
  destroy(): void;
  on: ParleyApi['on'];
}

/** The public API, `window.Parley`. */
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

interface Instance extends ParleyHandle {
  bridgeUrl: string;
}

/**
 * Builds the Parley API: widget instances keyed by target (init is idempotent per target), and one shared
 * conversation controller per bridge URL, so a launcher and an inline chat show the same conversation live.
 * @example const parley = createParley({ scriptSrc: 'https://bridge.example.com/widget.js' }); parley.init();
 */
export function createParley(ctx: OptionContext & { fetch?: typeof fetch } = {}): ParleyApi {
  const bus = createEmitter();
  const controllers = new Map<string, { ctrl: Controller; users: number }>();
  const instances = new Map<string, Instance>();
  const all = (): Instance[] => [...instances.values()];

  function create(key: string, raw: Record<string, unknown>, parent: Element): Instance {
    const opts = parseOptions(raw, ctx);
    const inline = opts.mode === 'inline';
    let entry = controllers.get(opts.bridgeUrl);
    if (!entry) {
      entry = { ctrl: createController({ bridgeUrl: opts.bridgeUrl, persist: opts.persist, emit: bus.emit, fetch: ctx.fetch }), users: 0 };
      controllers.set(opts.bridgeUrl, entry);
    }
    const { ctrl } = entry;
    const announcer = entry.users++ === 0;
    const open = signal(inline || opts.open);
    const profile = { displayName: opts.userName ?? undefined, avatar: opts.userAvatar ?? undefined, language: opts.lang };
    const setOpen = (v: boolean): void => {
      if (inline || v === open.value) return;
      open.value = v;
      bus.emit(v ? 'open' : 'close', undefined);
      if (v) void ctrl.start();
    };
    const act: Actions = {
      send: (text) => void ctrl.send(text, { surface: opts.mode, metadata: opts.metadata, profile }),
      retry: (id) => void ctrl.retry(id),
      end: () => void ctrl.end(),
      startNew: ctrl.startNew,
      setOpen,
    };
    const chat: Chat = { store: ctrl.store, open, draft: signal(''), opts, ...pickMessages(opts.lang), act };
    // [issue 5] data-open counts as the visitor's go-ahead: connect now.
    if (!inline && opts.open) void ctrl.start();
    const m: Mounted = mount(h(App, { announcer }), chat, parent);
    // Whatever a visible panel shows has been seen; a closed launcher counts it as unread instead.
    const stopSeen = effect(() => {
      if (open.value && ctrl.store.messages.value.length) ctrl.markSeen();
    });
    const inst: Instance = {
      bridgeUrl: opts.bridgeUrl,
      open: () => setOpen(true),
      close: () => setOpen(false),
      toggle: () => setOpen(!open.value),
      on: bus.on,
      destroy() {
        if (!instances.delete(key)) return;
        stopSeen();
        m.unmount();
        const e = controllers.get(opts.bridgeUrl);
        if (e && --e.users === 0) {
          e.ctrl.destroy();
          controllers.delete(opts.bridgeUrl);
        }
      },
    };
    instances.set(key, inst);
    bus.emit('ready', undefined);
    return inst;
  }

  return {
    init(options = {}) {
      const inline = options.mode === 'inline' && typeof options.target === 'string';
      const key = inline ? `inline:${String(options.target)}` : 'launcher';
      const existing = instances.get(key);
      if (existing) return existing;
      const parent = inline ? safeQuery(String(options.target)) : document.body;
      if (!parent) {
        console.warn(`[parley] data-target ${JSON.stringify(options.target)} matches no element`);
        return null;
      }
      return create(key, options, parent);
    },
    open: () => all().forEach((i) => i.open()),
    close: () => all().forEach((i) => i.close()),
    toggle: () => all().forEach((i) => i.toggle()),
    on: bus.on,
    setMetadata(metadata) {
      for (const { ctrl } of controllers.values()) void ctrl.setMetadata(metadata);
    },
    reset() {
      for (const { ctrl } of controllers.values()) ctrl.reset();
    },
    destroy() {
      all().forEach((i) => i.destroy());
      bus.clear();
    },
  };
}

function safeQuery(selector: string): Element | null {
  try {
    return document.querySelector(selector);
  } catch {
    return null;
  }
}
