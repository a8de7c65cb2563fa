import { effect } from '@preact/signals-core';
import type { ChatStore } from '../state/createChatStore';

/** Options of `notifyWhileHidden`: which of the two notices the page opted into. */
export interface NotifyOptions {
  titleUnread?: boolean;
  sound?: boolean;
}

/** A short two-note chime made with Web Audio, so no sound file is shipped or fetched. */
function chime(): void {
  try {
    const ctx = new AudioContext();
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.12, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    [880, 1320].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.12);
      osc.stop(ctx.currentTime + 0.4);
    });
    setTimeout(() => void ctx.close(), 600);
  } catch {
    // No Web Audio (or the browser refused it): the title still tells.
  }
}

/**
 * While the page is hidden, agent replies that arrive are counted: the tab title shows "(n) " before the page's own
 * title (opt-in `data-title-unread`), and each one chimes (opt-in `data-sound`). The title is restored exactly when
 * the page shows again; if the page set its own title meanwhile, that one is kept. Returns the stop function.
 * @example const stop = notifyWhileHidden(store, { titleUnread: true, sound: false });
 */
export function notifyWhileHidden(store: ChatStore, o: NotifyOptions): () => void {
  // document.title reads with white space collapsed: the <title> element's own text is what gets restored, exactly.
  const el = (): HTMLTitleElement | null => document.querySelector('title');
  const read = (): string => el()?.text ?? document.title;
  /** The page's title before ours, and ours as written (to tell whether the page changed it since). */
  let base: string | null = null;
  let ours = '';
  /** `createdAt` of the newest message when the page was hidden: later agent replies are unread. */
  let from = '';
  let count = 0;
  const replies = () => store.messages.value.filter((m) => m.role.endsWith('_agent') && m.content.type != 'presence' && !m.state);
  const restore = (): void => {
    if (base != null && read() == ours) {
      const t = el();
      if (t) t.text = base;
      else document.title = base;
    }
    base = null;
    count = 0;
  };
  const onVisibility = (): void => {
    if (!document.hidden) return restore();
    from = replies().at(-1)?.createdAt ?? '';
    count = 0;
  };
  document.addEventListener('visibilitychange', onVisibility);
  const stop = effect(() => {
    const n = replies().filter((m) => m.createdAt > from).length;
    if (!document.hidden || n <= count) return;
    count = n;
    if (o.sound) chime();
    if (o.titleUnread) {
      if (base == null || read() != ours) base = read();
      document.title = ours = `(${n}) ${base}`;
    }
  });
  return () => {
    stop();
    restore();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
