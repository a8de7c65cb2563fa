import type { ChatStore } from '../state/createChatStore';
import type { ApiError } from './api';
import { transient } from './api';
import { uploadFile } from './upload';

/** What the file sender needs from the controller. */
export interface FileSenderDeps {
  store: ChatStore;
  bridgeUrl: string;
  /** The session token once `start` has one. */
  token(): string | null;
  /** Gets a session, history and stream; false when it could not. */
  start(): Promise<boolean>;
  report(e: Pick<ApiError, 'code' | 'message'>): void;
  newId(): string;
}

/**
 * Files the visitor sends during a handoff: each shows at once as a sending bubble with its progress, then is
 * replaced by the bridge's message (or its echo, by clientId), or stays failed with Retry. Files live in memory
 * only (storage cannot hold them), so a reload forgets a file not yet sent.
 * @example const files = createFileSender(deps); files.send(file);
 */
export function createFileSender(d: FileSenderDeps) {
  const { store } = d;
  const pending = new Map<string, { file: File; at: string }>();

  const show = (id: string, state: 'sending' | 'failed', progress = 0): void => {
    const p = pending.get(id);
    if (!p) return;
    store.upsert({
      id: 'local:' + id, clientId: id, conversationId: '', role: 'end_user', author: { displayName: null, avatar: null },
      content: { type: 'file', url: '', mimeType: p.file.type, filename: p.file.name }, createdAt: p.at, state, progress,
    });
  };

  async function deliver(id: string): Promise<void> {
    const p = pending.get(id);
    const token = d.token();
    if (!p || !token) return show(id, 'failed');
    show(id, 'sending');
    try {
      const res = await uploadFile({ url: d.bridgeUrl + '/v1/attachments', token, file: p.file, clientId: id, onProgress: (n) => show(id, 'sending', n) });
      pending.delete(id);
      store.upsert(res.message);
    } catch (e) {
      const err = e as ApiError;
      // Too large or a type not allowed will never go: say why and take the bubble away; the rest can be retried.
      if (transient(err) || err.code == 'handoff_required') show(id, 'failed');
      else {
        pending.delete(id);
        store.drop('local:' + id);
      }
      d.report(err);
    }
  }

  return {
    /** Shows the file as sending and uploads it. */
    async send(file: File) {
      const id = d.newId();
      pending.set(id, { file, at: new Date().toISOString() });
      show(id, 'sending');
      if (await d.start()) await deliver(id);
      else show(id, 'failed');
    },
    /** Sends a failed file again (same clientId: the bridge never posts it twice); false when `id` is not a file. */
    retry(id: string): boolean {
      if (!pending.has(id)) return false;
      void d.start().then((ok) => (ok ? deliver(id) : show(id, 'failed')));
      return true;
    },
    /** Forgets every file not yet sent (another session). */
    clear: () => pending.clear(),
  };
}
