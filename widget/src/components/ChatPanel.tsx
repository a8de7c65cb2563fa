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
}

/** The chat panel: header, status, transcript and composer. A dialog in launcher mode, a region inline. */
export function ChatPanel({ autoFocus }: ChatPanelProps) {
  const { store, opts, t } = useChat();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (autoFocus) ref.current?.querySelector('textarea')?.focus();
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
