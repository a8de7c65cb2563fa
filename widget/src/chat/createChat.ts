import { effect, signal } from '@preact/signals-core';
import { h } from 'preact';
import { App } from '../components/App';
import type { Chat } from '../components/context';
import { live } from '../components/live';
import { pickMessages } from '../i18n/messages';
import { notifyWhileHidden } from '../lib/notify';
import type { CreateChat } from '../loader/contract';
import panelCss from '../styles/panel.css?inline';
import { createController, type Controller } from '../transport/createController';

/** The panel's sheet, parsed once per page when the chat first renders (the loader adopted the launcher's). */
let panelSheet: CSSStyleSheet | undefined;

/**
 * The chat file's runtime (issue 14): the loader hands it each widget's shadow root and state, and it renders the
 * chat there. Widgets share one conversation controller per bridge URL, so a launcher and an inline chat show the
 * same conversation live; the controller goes when its last widget does.
 * @example const chat = createChat({ emit }); const widget = chat.attach({ root, opts, open: false, setOpen });
 */
export const createChat: CreateChat = ({ emit }) => {
  const controllers = new Map<string, { controller: Controller; widgets: number }>();

  return {
    attach({ root, opts, open: openAtStart, setOpen }) {
      const { bridgeUrl, mode } = opts;
      let shared = controllers.get(bridgeUrl);
      if (!shared) controllers.set(bridgeUrl, (shared = { controller: createController({ bridgeUrl, persist: opts.persist, emit }), widgets: 0 }));
      const { controller } = shared;
      const open = signal(openAtStart);
      const profile = { displayName: opts.userName, avatar: opts.userAvatar, language: opts.lang };
      const chat: Chat = {
        store: controller.store, open, draft: signal(''), opts, ...pickMessages(opts),
        act: {
          send: (text) => void controller.send(text, { surface: mode, metadata: opts.metadata, profile }),
          // The controller's actions report their own failures (the error signal), so nothing is left to await.
          retry: controller.retry,
          end: controller.end,
          startNew: controller.startNew,
          // Opening and closing go through the loader, which tells listeners and remembers it for the next page.
          setOpen,
        },
      };
      // The first widget of a conversation owns the page's live region, so each reply is announced once.
      const announcer = !shared.widgets++;
      if (!panelSheet) {
        panelSheet = new CSSStyleSheet();
        panelSheet.replaceSync(panelCss);
      }
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, panelSheet];
      const unrender = live(() => h(App, { announcer }), chat, root);
      // Whatever a visible panel shows has been seen; a closed launcher counts it as unread instead. (markSeen reads
      // the transcript, so this runs again as it grows.)
      const stopSeen = effect(() => {
        if (open.value) controller.markSeen();
      });
      // [issue 16] unread replies while the page is hidden: tab title and chime, if opted in (once per conversation).
      const stopNotify = announcer && (opts.titleUnread || opts.sound) ? notifyWhileHidden(controller.store, opts) : undefined;
      // [issue 5] data-open, or a panel left open on the last page, counts as the visitor's go-ahead: connect now.
      if (openAtStart && mode != 'inline') void controller.start();
      const entry = shared;
      return {
        setOpen(v) {
          open.value = v;
          if (v) void controller.start();
        },
        destroy() {
          stopNotify?.();
          stopSeen();
          unrender();
          if (!--entry.widgets) {
            controller.destroy();
            controllers.delete(bridgeUrl);
          }
        },
      };
    },
    // Both reach every conversation on the page: a stored one to patch, or a stored session to forget.
    setMetadata(metadata) {
      controllers.forEach(({ controller }) => void controller.setMetadata(metadata));
    },
    reset() {
      controllers.forEach(({ controller }) => controller.reset());
    },
  };
};
