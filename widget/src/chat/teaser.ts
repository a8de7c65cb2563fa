import { effect, signal, type Signal } from '@preact/signals-core';
import { h, render } from 'preact';
import { Teaser } from '../components/Teaser';
import { dismissLabel } from '../i18n/teaser';
import type { Store } from '../lib/storage';
import teaserCss from '../styles/teaser.css?inline';
import type { WidgetOptions } from '../types';

/** The teaser's sheet, parsed once per page when a teaser first shows. */
let sheet: CSSStyleSheet | undefined;
/** How long a teaser waits before looking again when a host overlay (a cookie banner) is where it would show. */
export const RECHECK_MS = 5000;

/** Options of `createTeaser`. */
export interface TeaserOptions {
  root: ShadowRoot;
  opts: WidgetOptions;
  /** The widget's storage, where "teased" is remembered (once per visitor). */
  storage: Store;
  dir: 'ltr' | 'rtl';
  /** Whether the panel is open: the teaser never shows beside an open panel, and goes when it opens. */
  open: Signal<boolean>;
  /** The visitor answered the teaser: open the chat with `text` as the agent's greeting. */
  answer(text: string): void;
}

/** Whether a host element fixed to the viewport (a cookie banner, a bar) lies under any corner or the middle of `el`. */
function overHostOverlay(el: Element, host: Element): boolean {
  const r = el.getBoundingClientRect();
  const xs = [r.left + 1, (r.left + r.right) / 2, r.right - 1];
  const ys = [r.top + 1, (r.top + r.bottom) / 2, r.bottom - 1];
  for (const x of xs) {
    for (const y of ys) {
      // (jsdom, in unit tests, has no elementsFromPoint and no layout: nothing is under anything there.)
      for (const under of document.elementsFromPoint?.(x, y) ?? []) {
        if (under == host || under == document.body || under == document.documentElement || under.hasAttribute('data-parley')) continue;
        if (/fixed|sticky/.test(getComputedStyle(under).position)) return true;
      }
    }
  }
  return false;
}

/**
 * The proactive teaser of one launcher (issue 16), rendered beside the chat's own tree in the same shadow root.
 * `show()` shows `opts.proactive` once per visitor (remembered in the widget's storage as `teased`), unless the panel
 * is open; where a host overlay would be covered it waits and looks again. The visitor answers it (the chat opens
 * with the text as the agent's greeting; nothing reaches Ada before their first message), or dismisses it with its
 * close button or Escape.
 * @example const teaser = createTeaser({ root, opts, dir, open, answer }); teaser.show(); teaser.destroy();
 */
export function createTeaser(o: TeaserOptions): { show(): void; destroy(): void } {
  const text = signal<string | null>(null);
  const box = document.createElement('div');
  o.root.append(box);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hide = (): void => {
    clearTimeout(timer);
    // Focus on the teaser goes back to the launcher rather than to the page's start.
    const focused = box.contains(o.root.activeElement);
    text.value = null;
    if (focused) o.root.querySelector<HTMLElement>('.launcher')?.focus();
  };
  const props = {
    text, dir: o.dir, lang: o.opts.lang, dismissLabel: dismissLabel(o.opts.lang), onDismiss: hide,
    onAnswer() {
      const said = text.value;
      hide();
      if (said != null) o.answer(said);
    },
  };
  const stopRender = effect(() => render(h(Teaser, props), box));
  const stopOpen = effect(() => {
    if (o.open.value) hide();
  });
  const onKey = (e: Event): void => {
    if ((e as KeyboardEvent).key == 'Escape' && text.value != null) hide();
  };
  o.root.addEventListener('keydown', onKey);

  function show(): void {
    clearTimeout(timer);
    const say = o.opts.proactive;
    if (!say || o.open.peek() || text.peek() != null) return;
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(teaserCss);
    }
    if (!o.root.adoptedStyleSheets.includes(sheet)) o.root.adoptedStyleSheets = [...o.root.adoptedStyleSheets, sheet];
    // Rendered, measured and taken back in one task, so a teaser that would cover a banner is never painted (or read).
    text.value = say;
    const card = box.querySelector('.teaser');
    if (card && overHostOverlay(card, o.root.host)) {
      text.value = null;
      timer = setTimeout(show, RECHECK_MS);
      return;
    }
    o.storage.set('teased', true);
  }

  return {
    show,
    destroy() {
      clearTimeout(timer);
      o.root.removeEventListener('keydown', onKey);
      stopOpen();
      stopRender();
      render(null, box);
      box.remove();
    },
  };
}
