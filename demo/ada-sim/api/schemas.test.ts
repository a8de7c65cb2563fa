import { describe, expect, it } from 'vitest';
import { AdaApiError } from './errors';
import { parseBody } from './schemas';

describe('parseBody', () => {
  it('accepts a documented body with no problems', () => {
    const parsed = parseBody('messageCreate', { author: { id: 'u1', role: 'end_user', display_name: 'Jane', avatar: null }, content: { type: 'text', body: 'Hi' } });
    expect(parsed.problems).toEqual([]);
    expect(parsed.data.content).toEqual({ type: 'text', body: 'Hi' });
  });

  it('accepts but reports unknown keys, nested ones included', () => {
    const parsed = parseBody('channelCreate', { name: 'W', description: 'd', modality: 'messaging', status: 'active', capabilities: { markdown: true, html: true } });
    expect(parsed.data).not.toHaveProperty('status');
    expect(parsed.problems).toEqual(['capabilities: Unrecognized key: "html"', 'body: Unrecognized key: "status"']);
  });

  it('throws a 400 naming each missing or mistyped field', () => {
    try {
      parseBody('conversationCreate', { metadata: { a: { nested: true } } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AdaApiError);
      expect((error as AdaApiError).status).toBe(400);
      expect((error as AdaApiError).details).toMatch(/channel_id/);
      expect((error as AdaApiError).details).toMatch(/metadata\.a/);
    }
  });

  it('refuses ai_agent authors, link content and an empty body', () => {
    expect(() => parseBody('messageCreate', { author: { role: 'ai_agent' }, content: { type: 'text', body: 'x' } })).toThrow(AdaApiError);
    expect(() => parseBody('messageCreate', { author: { role: 'end_user', id: 'u' }, content: { type: 'link', url: 'x' } })).toThrow(AdaApiError);
    expect(() => parseBody('channelPatch', undefined)).toThrow(AdaApiError);
  });

  it('allows null metadata values only in a conversation patch', () => {
    expect(parseBody('conversationPatch', { metadata: { gone: null } }).problems).toEqual([]);
    expect(() => parseBody('conversationCreate', { channel_id: 'c', metadata: { gone: null } })).toThrow(AdaApiError);
  });
});
