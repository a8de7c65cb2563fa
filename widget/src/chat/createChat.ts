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
import { inLanguage } from './inLanguage';
import { createTeaser } from './teaser';

/** A JWT's shape (three base64url parts); anything else on `data-user-token` is warned about and ignored. */
function userTokenOf(raw: string | undefined): string | undefined {
  if (raw === undefined || /^[\w-]+\.[\w-]+\.[\w-]*$/.test(raw)) return raw;
  console.warn('[parley] invalid data-user-token: not a signed token (JWT); the visitor stays anonymous');
}

/** The panel's sheet, parsed once per page when the chat first renders (the loader adopted the launcher's). */
let panelSheet: CSSStyleSheet | undefined;
/** Holds the panel still where it takes the place of the loader's frame, which was already on screen (issue 14). */
let stillSheet: CSSStyleSheet | undefined;

/**
 * The chat file's runtime (issue 14): the loader hands it each widget's shadow root and state, and it renders the
 * chat there. Widgets share one conversation controller per bridge URL, so a launcher and an inline chat show the
 * same conversation live; the controller goes when its last widget does.
 * @example const chat = createChat({ emit }); const widget = chat.attach({ root, opts, open: false, setOpen });
 */
export const createChat: CreateChat = ({ emit }) => {
  const controllers = new Map<string, { controller: Controller; widgets: number }>();
  /** [issue 15] The token of `Parley.identify`: a string, null once signed out, undefined if never called. */
  let user: string | null | undefined;

  return {
    attach(options) {
      const { root, opts: given, store: storage, open: openAtStart, setOpen } = options;
      // This widget's own copy: an answered teaser becomes its greeting.
      const opts = { ...given };
      const { bridgeUrl, mode } = opts;
      let shared = controllers.get(bridgeUrl);
      if (!shared) {
        // identify() wins over the tag's data-user-token (passed through raw by the loader, checked here).
        const userToken = user === undefined ? userTokenOf(opts.userToken) : user ?? undefined;
        controllers.set(bridgeUrl, (shared = { controller: createController({ bridgeUrl, persist: opts.persist, storage, emit, userToken }), widgets: 0 }));
      }
      const { controller } = shared;
      // The first widget of a conversation owns the page's live region, so each reply is announced once.
      const announcer = !shared.widgets++;
      const entry = shared;
      const release = () => {
        if (!--entry.widgets) {
          controller.destroy();
          controllers.delete(bridgeUrl);
        }
      };
      // [issue 5] data-open, or a panel left open on the last page, counts as the visitor's go-ahead: connect now
      // (while the widget's language table loads, if it needs one).
      if (openAtStart && mode != 'inline') void controller.start();
      return inLanguage(options, release, (table) => {
        const open = signal(openAtStart);
        const profile = { displayName: opts.userName, avatar: opts.userAvatar, language: opts.lang };
        const chat: Chat = {
          store: controller.store, open, draft: signal(''), opts, ...pickMessages(opts, table),
          act: {
            send: (text) => void controller.send(text, { surface: mode, metadata: opts.metadata, profile }),
            // The controller's actions report their own failures (the error signal), so nothing is left to await.
            retry: controller.retry,
            end: controller.end,
            startNew: controller.startNew,
            // Opening and closing go through the loader, which tells listeners and remembers it for the next page.
            setOpen,
            attach: (file) => void controller.sendFile(file),
          },
        };
        if (!panelSheet) {
          panelSheet = new CSSStyleSheet();
          panelSheet.replaceSync(panelCss);
        }
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, panelSheet];
        // The loader's frame is on screen: the panel replaces it in place, without sliding in again, until it closes.
        const frame = root.querySelector('.frame');
        if (frame) {
          frame.remove();
          if (!stillSheet) {
            stillSheet = new CSSStyleSheet();
            stillSheet.replaceSync('.root .panel{animation:none}');
          }
          root.adoptedStyleSheets = [...root.adoptedStyleSheets, stillSheet];
        }
        const unrender = live(() => h(App, { announcer }), chat, root);
        let shown = false;
        const stopStill = effect(() => {
          if (open.value) shown = true;
          else if (shown && frame) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s != stillSheet);
      });
      const teaser = mode == 'inline' ? undefined : createTeaser({
        root, opts, storage, dir: chat.dir, open,
        answer(text) {
          opts.greeting = text;
          setOpen(true);
        },
      });
      // Whatever a visible panel shows has been seen; a closed launcher counts it as unread instead. (markSeen reads
      // the transcript, so this runs again as it grows.)
      const stopSeen = effect(() => {
        if (open.value) controller.markSeen();
      });
      // [issue 16] unread replies while the page is hidden: tab title and chime, if opted in (once per conversation).
      const stopNotify = announcer && (opts.titleUnread || opts.sound) ? notifyWhileHidden(controller.store, opts) : undefined;
      return {
        setOpen(v) {
          open.value = v;
          if (v) void controller.start();
        },
        tease: () => teaser?.show(),
        destroy() {
          stopNotify?.();
          teaser?.destroy();
          stopStill();
          stopSeen();
          unrender();
          release();
        },
      };
      });
    },
    // Both reach every conversation on the page: a stored one to patch, or a stored session to forget.
    setMetadata(metadata) {
      controllers.forEach(({ controller }) => void controller.setMetadata(metadata));
    },
    reset() {
      controllers.forEach(({ controller }) => controller.reset());
    },
    identify(userToken) {
      // Also for widgets not attached yet: their controllers start with it.
      user = typeof userToken == 'string' && userToken ? userToken : null;
      controllers.forEach(({ controller }) => void controller.identify(user ?? null));
    },
  };
};
