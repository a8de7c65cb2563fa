import { loadTable } from '../i18n/load';
import type { AttachOptions, ChatInstance } from '../loader/contract';

/**
 * Attaches a widget once its language's UI table is here (round 2: the chat file carries English only, the other
 * tables are fetched beside it), so no English flashes by; meanwhile the loader's launcher or frame stays on screen
 * and the loader's calls wait, in order; `release` gives the conversation back if the widget goes first. English
 * attaches at once; a failed fetch attaches in English.
 * @example attach: (o) => inLanguage(o, release, (table) => render(o, table))
 */
export function inLanguage(o: AttachOptions, release: () => void, attach: (table?: string) => ChatInstance): ChatInstance {
  const table = loadTable(o.opts.lang);
  if (!table) return attach();
  let widget: ChatInstance | undefined;
  let gone = false;
  const calls: ((w: ChatInstance) => void)[] = [];
  void table.then((t) => {
    if (gone) return;
    widget = attach(t);
    handle.pending = false;
    calls.splice(0).forEach((call) => call(widget!));
  });
  const later = (call: (w: ChatInstance) => void) => (widget ? call(widget) : void calls.push(call));
  // [issue 14] Pending until rendered: the loader's launcher and frame answer a click meanwhile, never a dead one.
  const handle: ChatInstance = {
    pending: true,
    setOpen: (v) => later((w) => w.setOpen(v)),
    tease: () => later((w) => w.tease()),
    destroy() {
      gone = true;
      if (widget) widget.destroy();
      else release();
    },
  };
  return handle;
}
