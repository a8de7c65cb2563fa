import { CHAT_EVENT, type CreateChat } from './contract';

/** Options of `chatLoader`. */
export interface ChatLoaderOptions {
  /** The chat file's URL (beside widget.js, content-hashed). */
  src: string;
  /** The CSP nonce of the loader's own tag, given to the chat's tag so a nonce-based `script-src` runs it too. */
  nonce?: string;
  /** Told `true` after each failed attempt and `false` when an attempt starts, so the launcher can say so. */
  onFailure(failed: boolean): void;
}

/** Waits between attempts: 1 s, 2 s, 4 s … up to 30 s. */
const delay = (attempt: number): number => Math.min(30_000, 1000 * 2 ** attempt);

/**
 * Loads the chat file once, with a `<script>` tag (the only way a strict CSP lets code in: no eval, no blob), and
 * resolves with what the file hands over on its own tag (`CHAT_EVENT`). A failed load (offline, a 404 after a
 * deploy, a file that is not ours) is tried again with backoff, at once when the browser comes back online or
 * when `retry()` is called (the visitor clicked); the promise never rejects, so the host page sees no error.
 * @example const chat = chatLoader({ src, nonce, onFailure }); chat.load().then((createChat) => …);
 */
export function chatLoader(o: ChatLoaderOptions): { load(): Promise<CreateChat>; retry(): void; stop(): void } {
  let loading: Promise<CreateChat> | undefined;
  let failures = 0;
  /** Which run is current: stop() starts a new generation, so an older run ends instead of trying again. */
  let generation = 0;
  const idle = (): void => {};
  let wake = idle;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** One attempt: resolves with the hand-off, or with nothing when the tag failed. */
  const attempt = (): Promise<CreateChat | undefined> =>
    new Promise((resolve) => {
      const s = document.createElement('script');
      let got: CreateChat | undefined;
      s.addEventListener(CHAT_EVENT, (e) => (got = (e as CustomEvent<CreateChat>).detail));
      s.onload = s.onerror = () => {
        s.remove();
        resolve(got);
      };
      s.src = o.src;
      if (o.nonce) s.nonce = o.nonce;
      // In the document, not a shadow root: only there does the chat file see its tag as document.currentScript.
      document.body.append(s);
    });

  /** Stops waiting for the next attempt (and forgets the listener and timer that would have started it). */
  const rest = (): void => {
    clearTimeout(timer);
    removeEventListener('online', wake);
    wake = idle;
  };

  const run = async (): Promise<CreateChat> => {
    const mine = ++generation;
    for (;;) {
      // The request goes out before the launcher is redrawn.
      const tried = attempt();
      o.onFailure(false);
      const got = await tried;
      if (got) return got;
      o.onFailure(true);
      // Whichever comes first: the backoff, the browser going online, or the visitor asking again.
      await new Promise<void>((resolve) => {
        wake = () => resolve();
        timer = setTimeout(wake, delay(failures++));
        addEventListener('online', wake);
      });
      rest();
      // stop() was called meanwhile: this run is over (its promise stays pending; nobody waits on it any more).
      if (generation != mine) return new Promise(idle);
    }
  };

  return {
    load: () => (loading ??= run()),
    retry: () => wake(),
    stop() {
      rest();
      generation++;
      loading = undefined;
    },
  };
}
