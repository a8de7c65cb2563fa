import { describe, expect, it } from 'vitest';
import { capText, MAX_ADA_TEXT, toChatMessage } from './mapAda';

const fromAda = (body: string) => toChatMessage(
  { id: 'm', conversationId: 'c', createdAt: '2026-01-01T00:00:00Z', author: { role: 'ai_agent' }, content: { type: 'text', body } },
  null,
);

describe('text from Ada', () => {
  it('passes a text up to the limit on unchanged', () => {
    const body = 'x'.repeat(MAX_ADA_TEXT);
    expect(fromAda(body)?.content).toEqual({ type: 'text', body });
  });

  it('shortens a longer one (a 250,000-character token) to the limit, with a marker saying how much is missing', () => {
    const content = fromAda('A'.repeat(250_000))?.content;
    expect(content?.type).toBe('text');
    const body = (content as { body: string }).body;
    expect(body.startsWith('A'.repeat(MAX_ADA_TEXT))).toBe(true);
    expect(body.slice(MAX_ADA_TEXT)).toBe('\n\n[…] (message shortened: 240,000 more characters not shown)');
  });

  it('never cuts a surrogate pair in half', () => {
    const body = capText(`${'x'.repeat(MAX_ADA_TEXT - 1)}😀${'y'.repeat(10)}`);
    expect(body.startsWith(`${'x'.repeat(MAX_ADA_TEXT - 1)}\n`)).toBe(true);
    expect(body).toContain('12 more characters');
  });
});
