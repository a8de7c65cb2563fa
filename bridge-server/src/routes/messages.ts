import { Hono } from 'hono';
import { z } from 'zod';
import type { ChatContext } from '../chat/context';
import { sendMessage } from '../chat/sendMessage';
import { BridgeError } from '../errors';
import type { BridgeEnv } from '../middleware/types';
import { parseBody } from './parseBody';

/** Longest message text accepted, in characters (after trimming). */
const MAX_MESSAGE_CHARS = 5000;

/** True for an absolute http: or https: URL. */
function isWebUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * What a message may not consist of alone: white space and invisible characters (format characters such as zero-width
 * spaces, joiners, direction marks and the BOM; the Hangul and Braille blanks), which render as nothing.
 */
const INVISIBLE = /^[\p{White_Space}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

const metadataValue = z.union([z.string(), z.number(), z.boolean()]);
/** A page's URL and title are context for the agent, never a reason to lose the visitor's message: long ones are cut. */
const cut = (max: number) => z.string().transform((s) => s.slice(0, max));
const body = z.object({
  clientId: z.string().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits, _ . : - only'),
  text: z.string(),
  profile: z.object({
    displayName: z.string().max(100).optional(),
    // Forwarded to Ada and shown to agents: a web address only, never javascript:, data: or the like.
    avatar: z.string().max(2000).refine(isWebUrl, 'must be an http(s) URL').optional(),
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 tag').optional(),
  }).optional(),
  metadata: z.record(z.string(), metadataValue).optional(),
  page: z.object({ url: cut(2000), title: cut(300).optional() }).optional(),
  surface: z.enum(['launcher', 'inline']).optional(),
});

/** `POST /v1/messages`: validates, then hands the message to the chat domain. */
export function messageRoutes(ctx: ChatContext) {
  return new Hono<BridgeEnv>().post('/', async (c) => {
    // One deadline for the whole request (ADA_DEADLINE_MS), counted from here: nothing inside gets a budget of its own.
    const deadlineAt = Date.now() + ctx.ada.deadlineMs;
    const input = await parseBody(c, body);
    const text = input.text.trim();
    if (INVISIBLE.test(text)) throw new BridgeError('validation_failed', 'The message is empty.');
    if ([...text].length > MAX_MESSAGE_CHARS) {
      throw new BridgeError('message_too_long', `Messages are limited to ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters.`);
    }
    const { status, body: res } = await sendMessage(ctx, c.get('session'), { ...input, text }, { deadlineAt });
    return c.json(res, status);
  });
}
