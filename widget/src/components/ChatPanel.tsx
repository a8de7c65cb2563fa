import { Component, createRef } from 'preact';
import { Composer } from './Composer';
import type { Ctx } from './context';
import { Header } from './Header';
import { MessageList } from './MessageList';
import { StatusBanner } from './StatusBanner';

/** Props of `ChatPanel`. */
export interface ChatPanelProps {
  /** Move focus into the composer on mount (a visitor opened it; not on page load). */
  autoFocus?: boolean;
}

/** The chat panel: header, status, transcript and composer. A dialog in launcher mode, a region inline. */
export class ChatPanel extends Component<ChatPanelProps> {
  el = createRef<HTMLElement>();

  override componentDidMount() {
    if (this.props.autoFocus) this.el.current?.querySelector('textarea')?.focus();
  }

  override render(_: ChatPanelProps, __: unknown, { c: { store, opts, t } }: Ctx) {
    return (
      <section ref={this.el} class="panel" part="panel" role={opts.mode === 'inline' ? 'region' : 'dialog'}
        aria-label={t.title} data-status={store.status.value}
      >
        <Header />
        <StatusBanner />
        <MessageList />
        <Composer />
      </section>
    );
  }
}
