import { Component, createRef } from 'preact';
import { Composer } from './Composer';
import type { Ctx } from './context';
import { Header } from './Header';
import { MessageList } from './MessageList';
import { StatusBanner } from './StatusBanner';

/**
 * The chat panel: header, status, transcript and composer. A dialog in launcher mode, a region inline. The floating
 * one is a manual popover shown as it mounts: the top layer puts it above every host overlay (a cookie bar with the
 * highest z-index covered its header, issue 16) without raising the closed launcher over them.
 */
export class ChatPanel extends Component {
  el = createRef<HTMLElement>();

  override componentDidMount() {
    const el = this.el.current;
    // A browser without popovers (or jsdom) keeps the panel in --parley-z's stacking order.
    if (el?.popover) el.showPopover?.();
  }

  override render(_: unknown, __: unknown, { c: { opts, t } }: Ctx) {
    const inline = opts.mode === 'inline';
    return (
      // data-focus: focus is (or was last, before something took it away) inside the panel; EndedNotice reads it.
      <section ref={this.el} class="panel" part="panel" role={inline ? 'region' : 'dialog'} aria-label={t.title} popover={inline ? undefined : 'manual'}
        onFocusIn={() => this.el.current?.setAttribute('data-focus', '')}
        onFocusOut={(e) => {
          // Focus taken by a control turning disabled or going away has no relatedTarget: it still counts as inside.
          const to = e.relatedTarget as Node | null;
          if (to && !this.el.current?.contains(to)) this.el.current?.removeAttribute('data-focus');
        }}
      >
        <Header />
        <StatusBanner />
        <MessageList />
        <Composer />
      </section>
    );
  }
}
