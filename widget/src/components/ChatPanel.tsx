import { Composer } from './Composer';
import type { Ctx } from './context';
import { Header } from './Header';
import { MessageList } from './MessageList';
import { StatusBanner } from './StatusBanner';

/** The chat panel: header, status, transcript and composer. A dialog in launcher mode, a region inline. */
export function ChatPanel(_: unknown, { c: { opts, t } }: Ctx) {
  return (
    <section class="panel" part="panel" role={opts.mode === 'inline' ? 'region' : 'dialog'} aria-label={t.title}>
      <Header />
      <StatusBanner />
      <MessageList />
      <Composer />
    </section>
  );
}
