import { Component, createRef } from 'preact';
import { ChatPanel } from './ChatPanel';
import type { Ctx } from './context';
import { Launcher } from './Launcher';
import { LiveRegion } from './LiveRegion';

/** Props of `App`. */
export interface AppProps {
  /** This instance owns the page's live region (one per conversation, so replies are announced once). */
  announcer?: boolean;
}

/**
 * One widget instance: launcher + panel, or the panel alone inline. Escape closes the floating panel.
 * It also moves focus (WCAG 2.4.3): into the composer when the visitor opens the panel (not for data-open on page
 * load), and back to the launcher when the panel closes with focus inside it.
 */
export class App extends Component<AppProps> {
  /** Whether the panel was open at the last render: focus moves only when that changes. */
  was = (this.context as Ctx).c.open.value;
  root = createRef<HTMLDivElement>();

  /** Whether focus is in the panel, read before an update can remove it. */
  override getSnapshotBeforeUpdate() {
    return !!this.root.current?.querySelector('.panel:focus-within');
  }

  override componentDidUpdate(_: AppProps, __: unknown, inside: boolean) {
    const open = (this.context as Ctx).c.open.value;
    const el = open ? 'textarea' : inside && '.launcher';
    if (open != this.was && el) this.root.current?.querySelector<HTMLElement>(el)?.focus();
    this.was = open;
  }

  override render({ announcer = true }: AppProps, _: unknown, { c }: Ctx) {
    const { open, opts, dir, act } = c;
    const inline = opts.mode === 'inline';
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !inline && open.value) {
        e.stopPropagation();
        act.setOpen(false);
      }
    };
    return (
      <div ref={this.root} class={`root ${inline ? 'inline' : 'float'}`} dir={dir} lang={opts.lang} onKeyDown={onKey}>
        {/* An inline chat is always open. */}
        {open.value && <ChatPanel />}
        {!inline && <Launcher />}
        {announcer && <LiveRegion />}
      </div>
    );
  }
}
