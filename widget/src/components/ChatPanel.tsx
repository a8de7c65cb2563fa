import { useEffect, useRef } from 'preact/hooks';
import { Composer } from './Composer';
import { useChat } from './context';
import { Header } from './Header';
import { MessageList } from './MessageList';
import { StatusBanner } from './StatusBanner';

/** Props of `ChatPanel`. */
export interface ChatPanelProps {
  /** Move focus into the composer on mount (a visitor opened it; not on page load). */
  autoFocus?: boolean;
  /** Called when the panel closes while it holds the focus, so focus can go back to the launcher. */
  onLeave?: () => void;
}

/** The chat panel: header, status, transcript and composer. A dialog in launcher mode, a region inline. */
export function ChatPanel({ autoFocus, onLeave }: ChatPanelProps) {
  const { store, opts, t } = useChat();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (autoFocus) el?.querySelector('textarea')?.focus();
    return () => {
      const root = el?.getRootNode() as Document | ShadowRoot | undefined;
      if (el && root?.activeElement && el.contains(root.activeElement)) onLeave?.();
    };
  }, []);
  const inline = opts.mode === 'inline';
  return (
    <section
      ref={ref}
      class="panel"
      part="panel"
      role={inline ? 'region' : 'dialog'}
      aria-label={opts.title ?? t.title}
      data-status={store.status.value}
    >
      <Header />
      <StatusBanner />
      <MessageList />
      <Composer />
    </section>
  );
}
