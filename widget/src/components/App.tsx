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

/** One widget instance: launcher + panel, or the panel alone inline. Escape closes the floating panel. */
export class App extends Component<AppProps> {
  /** Whether focus is in the panel: closing it then hands focus back to the launcher (WCAG 2.4.3). */
  inside = false;
  launcher = createRef<HTMLButtonElement>();
  mounted = false;

  override componentDidMount() {
    this.mounted = true;
  }

  override componentDidUpdate() {
    if (!(this.context as Ctx).c.open.value && this.inside) this.launcher.current?.focus();
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
      <div class={`root ${inline ? 'inline' : 'float'}`} dir={dir} lang={opts.lang} onKeyDown={onKey}
        onFocusIn={(e) => (this.inside = !!(e.target as Element).closest('.panel'))}
      >
        {/* Focus moves in only when a visitor opens it after mount, not for data-open on page load. */}
        {(inline || open.value) && <ChatPanel autoFocus={!inline && this.mounted} />}
        {!inline && <Launcher btn={this.launcher} />}
        {announcer && <LiveRegion />}
      </div>
    );
  }
}
