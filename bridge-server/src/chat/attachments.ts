import { AdaError } from '../ada/adaClient';
import { safeFileName } from '../attachments/fileName';
import { sniffType } from '../attachments/sniffType';
import { BridgeError } from '../errors';
import type { SendMessageResponse } from '../protocol/api';
import type { ConversationRecord, SessionRecord } from '../store/types';
import { toBridgeError } from './adaErrors';
import { commit } from './commit';
import type { ChatContext } from './context';
import { flushParked, toConversationInfo } from './ingest';
import { toChatMessage } from './mapAda';

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

/**
 * Sends a visitor's file: checks its type, uploads it to Ada's attachments endpoint, posts the `file` message as
 * the session's end user, stores and emits it with its clientId. Idempotent on (session, clientId) like text.
 * Everything that can be checked is checked before Ada is called; if the post fails after the upload, the upload
 * stays unreferenced (Ada has no delete) and no message exists.
 * @example const { status, body } = await sendAttachment(ctx, session, input, policy);
 */
export async function sendAttachment(
  ctx: ChatContext, session: SessionRecord, input: AttachmentInput, policy: AttachmentPolicy,
): Promise<{ status: 200 | 201; body: SendMessageResponse }> {
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
  const filename = safeFileName(input.filename, type);
  const identity = session.externalId ? await store.findIdentity(session.externalId) : null;
  const firstAttemptAt = previous?.firstAttemptAt ?? Date.now();
  await ctx.echo.begin(conv.id);
  try {
    const file = await ctx.ada.uploadAttachment(conv.id, new Blob([input.bytes], { type }), filename);
    const posted = await ctx.ada.postMessage(conv.id, {
      author: {
        id: endUserId, role: 'end_user',
        ...(identity?.profile.name ? { display_name: identity.profile.name } : {}),
        ...(identity?.profile.avatar ? { avatar: identity.profile.avatar } : {}),
      },
      content: { type: 'file', url: file.url, mime_type: file.mime_type, filename: file.filename },
    });
    const message = toChatMessage(
      { id: posted.id, conversationId: conv.id, createdAt: posted.created_at, author: { ...posted.author, role: 'end_user' }, content: posted.content },
      input.clientId,
    );
    if (!message) throw new BridgeError('internal_error', 'Ada answered with an unexpected message.');
    await commit(ctx, { sessionId: conv.sessionId, touch: { conversationId: conv.id, patch: { lastSendAt: Date.now() } }, message, events: [{ type: 'message', message }] });
    await store.putSend({ sessionId: session.id, clientId: input.clientId, status: 'posted', messageId: message.id, conversationId: conv.id, firstAttemptAt });
    return { status: 201, body: { message, conversation: toConversationInfo((await store.getConversation(conv.id)) ?? conv) } };
  } catch (err) {
    await store.putSend({ sessionId: session.id, clientId: input.clientId, status: 'failed', messageId: null, conversationId: null, firstAttemptAt });
    const bridgeErr = fileError(err);
    ctx.logger.warn({ err, code: bridgeErr.code, sessionId: session.id }, 'file send failed');
    throw bridgeErr;
  } finally {
    await ctx.echo.end(conv.id).then((parked) => flushParked(ctx, conv.id, parked))
      .catch((err: unknown) => ctx.logger.error({ err }, 'flushing parked echoes failed'));
  }
}
