import type { AuthorRole, ChatMessage, MessageContent } from '../protocol/api';
import type { AdaAuthor, AdaContent } from '../ada/types';

/** An author as any Ada payload carries it (role loosely typed: webhooks are validated, not trusted). */
export type AdaAuthorLike = Omit<AdaAuthor, 'role' | 'id'> & { role: string; id?: string | null };

/**
 * Longest text the bridge passes on from Ada, in characters (UTF-16 units): twice what a visitor may send (about
 * 1,500 words, more than an answer needs), and short enough for the widget to lay it out in a few ms even as one
 * unbroken token on a phone. Ada documents no limit (only its 10 MB body), and one unbroken 250,000-character
 * token froze a host page for 45 s (issue 17).
 */
export const MAX_ADA_TEXT = 10_000;

/** Cuts a text past `MAX_ADA_TEXT`, saying so at the end: a visitor sees that something is missing, never a freeze. */
export function capText(body: string): string {
  if (body.length <= MAX_ADA_TEXT) return body;
  // Never end on half a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(body[MAX_ADA_TEXT - 1] ?? '') ? MAX_ADA_TEXT - 1 : MAX_ADA_TEXT;
  return `${body.slice(0, end)}\n\n[…] (message shortened: ${(body.length - end).toLocaleString('en')} more characters not shown)`;
}

/** Converts Ada content to the widget's camelCased content; null for a type the widget cannot show. */
function mapContent(content: AdaContent | { type: string }): MessageContent | null {
  const c = content as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  switch (c.type) {
    case 'text':
    case 'presence': {
      const body = str(c.body);
      return body === null ? null : { type: c.type, body: capText(body) };
    }
    case 'link': {
      const url = str(c.url);
      return url === null ? null : { type: 'link', url, linkText: str(c.link_text) };
    }
    case 'file': {
      const url = str(c.url);
      return url === null ? null : { type: 'file', url, mimeType: str(c.mime_type) ?? 'application/octet-stream', filename: str(c.filename) ?? 'file' };
    }
    default:
      return null;
  }
}

/** Ada author roles the widget knows; anything else is shown as a system notice. */
function mapRole(role: string): AuthorRole {
  return role === 'end_user' || role === 'ai_agent' || role === 'human_agent' ? role : 'system';
}

/**
 * Builds a transcript message from any of Ada's message shapes (webhook data, message log, POST answer).
 * @example toChatMessage({ id: 'm1', conversationId: 'c1', createdAt, author, content }, null)
 */
export function toChatMessage(
  input: { id: string; conversationId: string; createdAt: string; author: AdaAuthorLike; content: AdaContent | { type: string } },
  clientId: string | null,
): ChatMessage | null {
  const content = mapContent(input.content);
  if (!content) return null;
  return {
    id: input.id,
    clientId,
    conversationId: input.conversationId,
    role: mapRole(input.author.role),
    author: { displayName: input.author.display_name ?? null, avatar: input.author.avatar ?? null },
    content,
    createdAt: normaliseTime(input.createdAt),
  };
}

/** ISO 8601 with milliseconds, so string order equals time order in the store. */
export function normaliseTime(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? new Date().toISOString() : new Date(t).toISOString();
}
