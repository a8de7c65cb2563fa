import { AdaError } from '../ada/adaClient';
import { safeFileName } from '../attachments/fileName';
import { sniffType } from '../attachments/sniffType';
import { BridgeError } from '../errors';
import type { AdaPostedMessage } from '../ada/types';
import type { ChatMessage, SendMessageResponse } from '../protocol/api';
import type { ConversationRecord, SendRecord, SessionRecord } from '../store/types';
import { toBridgeError } from './adaErrors';
import { commit } from './commit';
import type { ChatContext } from './context';
import { flushParked, toConversationInfo } from './ingest';
import { toChatMessage } from './mapAda';
import { withLock } from './sendMessage';

/** What visitors may attach: `ATTACHMENT_MAX_BYTES` and `ATTACHMENT_TYPES`. */
export interface AttachmentPolicy {
  maxBytes: number;
  types: readonly string[];
}

/** One upload, read and bounded by the route. */
export interface AttachmentInput {
  clientId: string;
  /** The name the visitor's file had (sanitised here). */
  filename: string;
  /** The `Content-Type` the browser declared ('' when none). */
  declaredType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

const handoffRequired = (): BridgeError =>
  new BridgeError('handoff_required', 'Files can be sent only while you are talking with a person from the support team.');

/**
 * The conversation a file may go to now: the session's active one, while a human agent has it. Checked before
 * the body is read, so a file that cannot go anywhere is not uploaded at all.
 * @throws BridgeError `no_conversation`, `conversation_ended` or `handoff_required`
 */
export async function conversationForFile(ctx: ChatContext, session: SessionRecord): Promise<ConversationRecord> {
  const fresh = (await ctx.store.getSession(session.id)) ?? session;
  const conv = fresh.conversationId ? await ctx.store.getConversation(fresh.conversationId) : null;
  if (!conv) throw new BridgeError('no_conversation', 'There is no conversation yet; send a message to start one.');
  if (conv.status === 'ended') throw new BridgeError('conversation_ended', 'This conversation has ended.');
  if (!conv.handoff) throw handoffRequired();
  return conv;
}

/**
 * The checked type of a file: what its bytes are (never only what the browser said), which must be allowed and
 * agree with the declared type when one was given.
 * @throws BridgeError `attachment_type_not_allowed` (415)
 */
export function checkedType(input: Pick<AttachmentInput, 'bytes' | 'declaredType'>, policy: AttachmentPolicy) {
  const sniffed = sniffType(input.bytes);
  const declared = input.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const allowed = `Allowed: ${policy.types.map((t) => t.split('/')[1]).join(', ')}.`;
  if (!sniffed || !policy.types.includes(sniffed)) throw new BridgeError('attachment_type_not_allowed', `This type of file cannot be sent. ${allowed}`);
  if (declared && declared !== 'application/octet-stream' && declared !== sniffed) {
    throw new BridgeError('attachment_type_not_allowed', `This file's content does not match its type (${declared}). ${allowed}`);
  }
  return sniffed;
}

/** A failed upload or post as the visitor sees it: Ada's 422 means the handoff is over. */
function fileError(err: unknown): BridgeError {
  if (err instanceof AdaError && err.status === 422) return handoffRequired();
  if (err instanceof AdaError && err.status === 413) return new BridgeError('payload_too_large', 'The file is too large for the support team.');
  return toBridgeError(err);
}

/** Options of `sendAttachment`. */
export interface AttachmentSendOptions {
  /** Epoch ms by which every Ada call of this file (upload, post, lookups, retries) must be done. */
  deadlineAt?: number;
}

/**
 * Sends a visitor's file: checks its type, uploads it to Ada's attachments endpoint, posts the `file` message as
 * the session's end user, stores and emits it with its clientId. Idempotent on (session, clientId) like text, and
 * under the same rules (sendMessage.ts): the intent (`pending`) is stored before anything reaches Ada, so a store
 * that cannot write refuses the file first (503); a resend whose outcome is unknown looks for the file message in
 * Ada's log before uploading again; one deadline covers every Ada call. Everything that can be checked is checked
 * before Ada is called. If the post fails after the upload, the upload stays unreferenced (Ada has no delete): no
 * message exists, nothing shows at Ada.
 * @example const { status, body } = await sendAttachment(ctx, session, input, policy, { deadlineAt });
 */
export function sendAttachment(
  ctx: ChatContext, session: SessionRecord, input: AttachmentInput, policy: AttachmentPolicy, options: AttachmentSendOptions = {},
): Promise<{ status: 200 | 201; body: SendMessageResponse }> {
  const deadlineAt = options.deadlineAt ?? Date.now() + ctx.ada.deadlineMs;
  // One upload per clientId at a time: a second request for the same file (a retry while the first still runs) waits
  // and then answers the first one's result. Other files and text of the session are not held up.
  return withLock(ctx, `file:${session.id}:${input.clientId}`, async () => {
    const { store } = ctx;
    const previous = await store.getSend(session.id, input.clientId);
    if (previous?.status === 'posted' && previous.messageId && previous.conversationId) {
      const message = await store.getMessage(previous.messageId);
      const conv = await store.getConversation(previous.conversationId);
      if (message && conv) return { status: 200, body: { message: { ...message, clientId: input.clientId }, conversation: toConversationInfo(conv) } };
    }
    const type = checkedType(input, policy);
    const conv = await conversationForFile(ctx, session);
    const endUserId = ((await store.getSession(session.id)) ?? session).endUserId;
    if (!endUserId) throw handoffRequired();
    const identity = session.externalId ? await store.findIdentity(session.externalId) : null;
    const file: FileToPost = {
      conv, endUserId, type, bytes: input.bytes, filename: safeFileName(input.filename, type),
      author: { ...(identity?.profile.name ? { display_name: identity.profile.name } : {}), ...(identity?.profile.avatar ? { avatar: identity.profile.avatar } : {}) },
    };
    const firstAttemptAt = previous?.firstAttemptAt ?? Date.now();
    const record = (status: SendRecord['status'], messageId: string | null = null): SendRecord => ({
      sessionId: session.id, clientId: input.clientId, status, messageId, conversationId: conv.id, firstAttemptAt,
    });
    // Outside the try: a store that cannot write refuses the file here, before anything reaches Ada.
    await store.putSend(record('pending'));
    try {
      const message = await postFileOnce(ctx, file, input.clientId, { lookFirst: previous !== null, since: firstAttemptAt, deadlineAt });
      await store.putSend(record('posted', message.id));
      return { status: 201, body: { message, conversation: toConversationInfo((await store.getConversation(conv.id)) ?? conv) } };
    } catch (err) {
      // As for text: 'failed' (or a 'pending' left behind) means "look at Ada first" on the next attempt.
      await store.putSend(record('failed')).catch((putErr: unknown) => ctx.logger.warn({ err: putErr }, 'could not record the failed file'));
      const bridgeErr = fileError(err);
      ctx.logger.warn({ err, code: bridgeErr.code, sessionId: session.id }, 'file send failed');
      throw bridgeErr;
    }
  });
}

interface FileToPost {
  conv: ConversationRecord;
  endUserId: string;
  type: string;
  filename: string;
  bytes: Uint8Array<ArrayBuffer>;
  author: { display_name?: string; avatar?: string };
}

/**
 * Uploads and posts the file once. Before any re-post (a retry of the post, or a resend whose outcome is unknown:
 * `lookFirst`) it looks in Ada's log for this end user's file message, created since the first attempt and claimed
 * by no other send: the one just uploaded (same URL), or on a resend one of the same name and type. Adopting it
 * avoids a second copy; a lookup that fails posts nothing.
 */
async function postFileOnce(
  ctx: ChatContext, f: FileToPost, clientId: string, o: { lookFirst: boolean; since: number; deadlineAt: number },
): Promise<ChatMessage> {
  const { conv } = f;
  await ctx.echo.begin(conv.id);
  try {
    const findOrphan = (url?: string) => async (): Promise<{ value: AdaPostedMessage } | undefined> => {
      for (const log of await ctx.ada.listMessages(conv.id, { deadlineAt: o.deadlineAt })) {
        const c = log.content;
        if (log.author.role !== 'end_user' || log.author.id !== f.endUserId || c.type !== 'file') continue;
        if (url ? c.url !== url : c.filename !== f.filename || c.mime_type !== f.type) continue;
        // 5 s of slack for clock skew between us and Ada.
        if (Date.parse(log.created_at) < o.since - 5_000) continue;
        const known = await ctx.store.getMessage(log.message_id);
        if (known && known.clientId !== null) continue;
        return { value: { id: log.message_id, conversation_id: conv.id, author: log.author, content: c, created_at: log.created_at } };
      }
      return undefined;
    };
    const upload = async (): Promise<AdaPostedMessage> => {
      const uploaded = await ctx.ada.uploadAttachment(conv.id, new Blob([f.bytes], { type: f.type }), f.filename, { deadlineAt: o.deadlineAt });
      return ctx.ada.postMessage(conv.id, {
        author: { id: f.endUserId, role: 'end_user', ...f.author },
        content: { type: 'file', url: uploaded.url, mime_type: uploaded.mime_type, filename: uploaded.filename },
      }, findOrphan(uploaded.url), { deadlineAt: o.deadlineAt });
    };
    const posted = (o.lookFirst ? (await findOrphan()())?.value : undefined) ?? await upload();
    const message = toChatMessage(
      { id: posted.id, conversationId: conv.id, createdAt: posted.created_at, author: { ...posted.author, role: 'end_user' }, content: posted.content },
      clientId,
    );
    if (!message) throw new BridgeError('internal_error', 'Ada answered with an unexpected message.');
    await commit(ctx, { sessionId: conv.sessionId, touch: { conversationId: conv.id, patch: { lastSendAt: Date.now() } }, message, events: [{ type: 'message', message }] });
    return message;
  } finally {
    await ctx.echo.end(conv.id).then((parked) => flushParked(ctx, conv.id, parked))
      .catch((err: unknown) => ctx.logger.error({ err }, 'flushing parked echoes failed'));
  }
}
