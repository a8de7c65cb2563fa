import { AdaError } from '../ada/adaClient';
import type { AdaPostedMessage } from '../ada/types';
import { BridgeError } from '../errors';
import type { ChatMessage, SendMessageRequest, SendMessageResponse } from '../protocol/api';
import { adaProfileOf } from '../identity/openIdentitySession';
import type { ConversationRecord, IdentityRecord, SendRecord, SessionRecord } from '../store/types';
import { toBridgeError } from './adaErrors';
import { commit } from './commit';
import { emit, type ChatContext } from './context';
import { flushParked, toConversationInfo } from './ingest';
import { normaliseTime, toChatMessage } from './mapAda';
import { startMetadata } from './metadata';

/**
 * Runs `fn` after every earlier send of the session, on any instance (per-session serialisation: one end user, one
 * conversation). A lock held only in this process let two bridges behind a round-robin proxy each create an end
 * user and a conversation for one session; the session kept one's end user and the other's conversation, and Ada
 * refused every later post (400, author.id does not match the conversation). A send ends by its deadline, so a lock
 * left by a crashed bridge frees itself a little after that, not after the default 30 s.
 */
export const withLock = <T>(ctx: ChatContext, sessionId: string, fn: () => Promise<T>): Promise<T> =>
  ctx.leases.withLock(`send:${sessionId}`, fn, ctx.ada.deadlineMs + 5_000);

/**
 * How long after we abort a post (our deadline, a crash) Ada may still store it. Ada documents no figure; the
 * simulator on a loaded machine stored a post 4.4 s after its request began. A resend that finds nothing at Ada
 * waits this out before posting, so a late landing is adopted instead of doubled.
 */
export const LANDING_GRACE_MS = 5_000;

/** Time a request needs after the wait for a last lookup and a post; with less left it answers 503 at once. */
const MIN_POST_MS = 1_000;

/** Options of `sendMessage`. */
export interface SendOptions {
  /**
   * Epoch ms by which the request must be answered, whatever it does inside (end user, conversation, orphan
   * lookups, the post and their retries). Default: now + the Ada client's deadline (`ADA_DEADLINE_MS`).
   */
  deadlineAt?: number;
}

/**
 * Sends an end-user message: creates the Ada end user and conversation on first use (or after an end), posts
 * the message, stores it and emits it with its clientId. Idempotent on (session, clientId): a posted clientId
 * answers the stored result (status 200) and is never posted twice.
 *
 * At most one copy at Ada, whatever crashes where: the intent to send (`pending`) is stored before anything
 * reaches Ada, so a store that cannot write refuses the send first (503 `unavailable`), and a resend of a
 * clientId whose outcome is unknown (`pending` left by a crash or a store failure, or `failed` after a post that
 * may have landed) looks for it in Ada's message log before posting again.
 * @example const { status, body } = await sendMessage(ctx, session, { clientId, text: 'Hi' }, { deadlineAt: Date.now() + 10_000 });
 */
export function sendMessage(
  ctx: ChatContext,
  sessionRef: SessionRecord,
  request: SendMessageRequest,
  options: SendOptions = {},
): Promise<{ status: 200 | 201; body: SendMessageResponse }> {
  const deadlineAt = options.deadlineAt ?? Date.now() + ctx.ada.deadlineMs;
  return withLock(ctx, sessionRef.id, async () => {
    const { store } = ctx;
    const session = (await store.getSession(sessionRef.id)) ?? sessionRef;
    // A signed-in visitor's name and avatar come from their verified token, not from what the page says.
    const identity = session.externalId ? await store.findIdentity(session.externalId) : null;
    const input: SendMessageRequest = identity
      ? { ...request, profile: { displayName: identity.profile.name, avatar: identity.profile.avatar, language: identity.profile.language } }
      : request;
    const previous = await store.getSend(session.id, input.clientId);
    if (previous?.status === 'posted' && previous.messageId && previous.conversationId) {
      const message = await store.getMessage(previous.messageId);
      const conv = await store.getConversation(previous.conversationId);
      if (message && conv) return { status: 200, body: { message: { ...message, clientId: input.clientId }, conversation: toConversationInfo(conv) } };
    }
    const firstAttemptAt = previous?.firstAttemptAt ?? Date.now();
    const graceMs = ctx.landingGraceMs ?? LANDING_GRACE_MS;
    // Until when an earlier attempt may still land: it stays in force until a resend has waited it out.
    const earlierMayLand = previous?.settleAt ?? 0;
    const landing = { until: earlierMayLand, graceMs };
    const record = (status: SendRecord['status'], conversationId: string | null, messageId: string | null, settleAt: number): SendRecord => ({
      sessionId: session.id, clientId: input.clientId, status, messageId, conversationId, firstAttemptAt, settleAt,
    });
    // Outside the try: a store that cannot write refuses the send here, before anything reaches Ada. Should the
    // bridge die from here on, a post of this request may land until its deadline plus the grace.
    const crashSettleAt = Math.max(earlierMayLand, deadlineAt + graceMs);
    let pendingIn = previous?.conversationId ?? session.conversationId;
    await store.putSend(record('pending', pendingIn, null, crashSettleAt));
    try {
      const endUserId = await ensureEndUser(ctx, session, input, identity, deadlineAt);
      const conv = await ensureConversation(ctx, session, endUserId, input, deadlineAt);
      if (conv.id !== pendingIn) await store.putSend(record('pending', (pendingIn = conv.id), null, crashSettleAt));
      const message = await postOnce(ctx, conv, endUserId, input, { lookFirst: previous !== null, since: firstAttemptAt, deadlineAt, landing });
      await store.putSend(record('posted', conv.id, message.id, 0));
      const fresh = (await store.getConversation(conv.id)) ?? conv;
      return { status: 201, body: { message, conversation: toConversationInfo(fresh) } };
    } catch (err) {
      // 'failed' and a 'pending' left behind (when the store cannot write this either) both mean "look at Ada first".
      // A post that got no answer may land later: `landing.until` covers it (and any earlier attempt not waited out).
      if (err instanceof AdaError && err.operation === 'post_message' && err.status === 0) landing.until = Math.max(landing.until, Date.now() + graceMs);
      await store.putSend(record('failed', pendingIn, null, landing.until)).catch((putErr: unknown) => ctx.logger.warn({ err: putErr }, 'could not record the failed send'));
      const bridgeErr = toBridgeError(err);
      ctx.logger.warn({ err, code: bridgeErr.code, sessionId: session.id }, 'send failed');
      // The sending tab learns it from the HTTP answer; the session's other tabs share its outbox and learn it
      // here, so the message shows as failed (with retry) everywhere instead of "sending" forever.
      await emit(ctx, session.id, { type: 'error', code: bridgeErr.code, message: bridgeErr.message, clientId: input.clientId })
        .catch((emitErr: unknown) => ctx.logger.error({ err: emitErr }, 'could not emit the send error'));
      throw bridgeErr;
    }
  });
}

/** The session's Ada end user: the signed-in visitor's (upserted by `external_id`, ada-api.md §5), or a new anonymous one. */
async function ensureEndUser(
  ctx: ChatContext, session: SessionRecord, input: SendMessageRequest, identity: IdentityRecord | null, deadlineAt: number,
): Promise<string> {
  if (session.endUserId) return session.endUserId;
  const p = input.profile ?? {};
  const created = identity
    ? await ctx.ada.upsertEndUser({ external_id: identity.externalId, profile: adaProfileOf(identity.profile) }, { deadlineAt })
    : await ctx.ada.createEndUser({
      ...(p.displayName ? { display_name: p.displayName } : {}),
      ...(p.avatar ? { avatar: p.avatar } : {}),
      ...(p.language ? { language: p.language } : {}),
    }, { deadlineAt });
  await ctx.store.updateSession(session.id, { endUserId: created.end_user_id });
  session.endUserId = created.end_user_id;
  return created.end_user_id;
}

async function ensureConversation(
  ctx: ChatContext, session: SessionRecord, endUserId: string, input: SendMessageRequest, deadlineAt: number,
): Promise<ConversationRecord> {
  const current = session.conversationId ? await ctx.store.getConversation(session.conversationId) : null;
  if (current && current.status === 'active') return current;
  const metadata = startMetadata(input);
  const created = await ctx.ada.createConversation({ channel_id: ctx.channelId, end_user_id: endUserId, metadata }, { deadlineAt });
  const conv: ConversationRecord = {
    id: created.id, sessionId: session.id, status: 'active', createdAt: normaliseTime(created.created_at),
    endedAt: null, endedBy: null, handoff: null, lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0,
  };
  await ctx.store.insertConversation(conv);
  await ctx.store.updateSession(session.id, { conversationId: conv.id });
  session.conversationId = conv.id;
  await emit(ctx, session.id, { type: 'conversation.started', conversation: toConversationInfo(conv) });
  return conv;
}

/**
 * Posts the text once. Before any re-post (a retry inside the deadline, or a resend of a clientId whose outcome is
 * unknown: `lookFirst`), it looks in Ada's message log for a message of this end user with the same text, created
 * since the first attempt and claimed by no other send: a timed-out or 5xx attempt, or one cut off by a crash, may
 * have landed, and adopting it avoids a double post. A lookup that fails posts nothing (the send fails; the widget retries).
 */
async function postOnce(
  ctx: ChatContext, conv: ConversationRecord, endUserId: string, input: SendMessageRequest,
  o: { lookFirst: boolean; since: number; deadlineAt: number; landing: { until: number; graceMs: number } },
): Promise<ChatMessage> {
  await ctx.echo.begin(conv.id);
  try {
    /** Set when the message adopted was stored already without a clientId (its webhook came first). */
    let unclaimed = false;
    const findOrphan = async (): Promise<{ value: AdaPostedMessage } | undefined> => {
      const logs = await ctx.ada.listMessages(conv.id, { deadlineAt: o.deadlineAt });
      for (const log of logs) {
        if (log.author.role !== 'end_user' || log.author.id !== endUserId) continue;
        if (log.content.type !== 'text' || log.content.body !== input.text) continue;
        // 5 s of slack for clock skew between us and Ada.
        if (Date.parse(log.created_at) < o.since - 5_000) continue;
        // A message another send claimed is another one with the same text. Ours to adopt: one stored without a
        // clientId (it came by webhook or reconciliation after the post that sent it was cut off: a crash, a store
        // failure), or under this very clientId (stored, then the store failed or the bridge died before the send
        // was recorded `posted`).
        const known = await ctx.store.getMessage(log.message_id);
        if (known && known.clientId !== null && known.clientId !== input.clientId) continue;
        unclaimed = known?.clientId === null;
        return { value: { id: log.message_id, conversation_id: conv.id, author: log.author, content: log.content, created_at: log.created_at } };
      }
      return undefined;
    };
    // Nothing found while an earlier attempt may still land: wait that out inside this request when it fits, else
    // answer a retryable 503 (the resend comes back later); never post beside an attempt that could still land.
    const settled = async (): Promise<{ value: AdaPostedMessage } | undefined> => {
      const found = await findOrphan();
      const wait = o.landing.until - Date.now();
      if (found || wait <= 0) return found;
      if (o.landing.until > o.deadlineAt - MIN_POST_MS) {
        throw new BridgeError('ada_unavailable', 'An earlier attempt of this message may still reach Ada; try again shortly.', {
          retryAfter: Math.max(1, Math.ceil(wait / 1000)),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      o.landing.until = 0;
      return findOrphan();
    };
    // Before a retry inside the deadline: an attempt that got no answer may still land, for the grace from now.
    const beforeRetry = (err: unknown): Promise<{ value: AdaPostedMessage } | undefined> => {
      if (err instanceof AdaError && err.status === 0) o.landing.until = Math.max(o.landing.until, Date.now() + o.landing.graceMs);
      return settled();
    };
    const posted = (o.lookFirst ? (await settled())?.value : undefined) ?? await ctx.ada.postMessage(
      conv.id,
      {
        author: {
          id: endUserId, role: 'end_user',
          ...(input.profile?.displayName ? { display_name: input.profile.displayName } : {}),
          ...(input.profile?.avatar ? { avatar: input.profile.avatar } : {}),
        },
        content: { type: 'text', body: input.text },
      },
      beforeRetry,
      { deadlineAt: o.deadlineAt },
    );
    const message = toChatMessage(
      { id: posted.id, conversationId: conv.id, createdAt: posted.created_at, author: { ...posted.author, role: 'end_user' }, content: posted.content ?? { type: 'text', body: input.text } },
      input.clientId,
    );
    if (!message) throw new BridgeError('internal_error', 'Ada answered with an unexpected message.');
    const sessionId = conv.sessionId;
    const result = await commit(ctx, { sessionId, touch: { conversationId: conv.id, patch: { lastSendAt: Date.now() } }, message, events: [{ type: 'message', message }] });
    // Stored before as anyone's message, its event went out without a clientId: the visitor's other tabs still show
    // the send as their own "sending" bubble. Once more with the clientId, so each tab puts the two together
    // (the widget replaces every bubble with the message's id or clientId).
    if (unclaimed && result.status === 'applied' && !result.newMessage) await commit(ctx, { sessionId, events: [{ type: 'message', message }] });
    return message;
  } finally {
    await ctx.echo.end(conv.id).then((parked) => flushParked(ctx, conv.id, parked))
      .catch((err: unknown) => ctx.logger.error({ err }, 'flushing parked echoes failed'));
  }
}
