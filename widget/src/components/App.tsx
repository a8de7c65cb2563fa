import { useEffect, useRef } from 'preact/hooks';
import { ChatPanel } from './ChatPanel';
import { useChat } from './context';
import { Launcher } from './Launcher';
import { LiveRegion } from './LiveRegion';

/** Props of `App`. */
export interface AppProps {
  /** This instance owns the page's live region (one per conversation, so replies are announced once). */
  announcer?: boolean;
}

/** One widget instance: launcher + panel, or the panel alone inline. Escape closes the floating panel. */
export function App({ announcer = true }: AppProps) {
  const { open, opts, dir, act } = useChat();
  const launcher = useRef<HTMLButtonElement>(null);
  const mounted = useRef(false);
  useEffect(() => void (mounted.current = true), []);
  const inline = opts.mode === 'inline';
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !inline && open.value) {
      e.stopPropagation();
      act.setOpen(false);
    }
  };
  return (
    <div class={`root ${inline ? 'inline' : 'float'}`} dir={dir} lang={opts.lang} onKeyDown={onKey}>
      {(inline || open.value) && (
        <ChatPanel autoFocus={!inline && mounted.current} onLeave={() => launcher.current?.focus()} />
      )}
      {!inline && <Launcher btn={launcher} />}
      {announcer && <LiveRegion />}
    </div>
  );
}
