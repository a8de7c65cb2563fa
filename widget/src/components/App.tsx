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
  // Whether focus is in the panel: closing it then hands focus back to the launcher (WCAG 2.4.3).
  const inside = useRef(false);
  useEffect(() => void (mounted.current = true), []);
  useEffect(() => {
    if (!open.value && inside.current) launcher.current?.focus();
  }, [open.value]);
  const inline = opts.mode === 'inline';
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !inline && open.value) {
      e.stopPropagation();
      act.setOpen(false);
    }
  };
  return (
    <div class={`root ${inline ? 'inline' : 'float'}`} dir={dir}
      lang={opts.lang}
      onKeyDown={onKey}
      onFocusIn={(e) => (inside.current = !!(e.target as Element).closest('.panel'))}
    >
      {(inline || open.value) && (
        <ChatPanel autoFocus={!inline && mounted.current} />
      )}
      {!inline && <Launcher btn={launcher} />}
      {announcer && <LiveRegion />}
    </div>
  );
}
