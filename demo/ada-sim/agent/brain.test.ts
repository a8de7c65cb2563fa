import { describe, expect, it } from 'vitest';
import { articles } from '../../content/articles';
import { detectIntent, planReply, type BrainContext } from './brain';
import { humanAgent } from './persona';

const ctx = (overrides: Partial<BrainContext> = {}): BrainContext => ({
  articles,
  siteUrl: 'http://site',
  markdown: true,
  inHandoff: false,
  agent: humanAgent('http://site'),
  humanTurn: 0,
  ...overrides,
});

describe('detectIntent', () => {
  it.each([
    ['bye!', 'goodbye'],
    ["That's all, thanks", 'goodbye'],
    ['can I talk to a human', 'human'],
    ['I need a real person', 'human'],
    ['connect me to an agent', 'human'],
    ['hi', 'greeting'],
    ['Good morning', 'greeting'],
    ['thank you', 'thanks'],
    ['when will my package arrive?', 'answer'],
    ['hello, my pen will not pair', 'answer'],
    ['purple elephants dancing', 'unknown'],
  ])('classifies %j as %s', (text, intent) => {
    expect(detectIntent(text, articles)).toBe(intent);
  });
});

describe('planReply', () => {
  it('answers with the article and then a link to it', () => {
    const plan = planReply('how do I get a refund?', ctx());
    expect(plan.intent).toBe('answer');
    expect(plan.steps).toEqual([
      { kind: 'say', speaker: 'ai_agent', content: { type: 'text', body: expect.stringContaining('**Returns and refunds**') } },
      { kind: 'say', speaker: 'ai_agent', content: { type: 'link', url: 'http://site/articles/returns-and-refunds', link_text: 'Returns and refunds' } },
    ]);
  });

  it('picks the most relevant part of the article', () => {
    const [first] = planReply('my pen will not pair over bluetooth', ctx()).steps;
    expect(first?.kind === 'say' && first.content.type === 'text' && first.content.body).toContain('Forget pen');
  });

  it('strips markdown when the channel does not render it', () => {
    const [first] = planReply('cancel my subscription', ctx({ markdown: false })).steps;
    const body = first?.kind === 'say' && first.content.type === 'text' ? first.content.body : '';
    expect(body).toContain('Billing, plans and subscriptions');
    expect(body).not.toMatch(/\*\*/);
  });

  it('hands off: AI notice, handoff, presence, then the human agent greets', () => {
    const plan = planReply('let me speak to a person', ctx());
    expect(plan.steps.map((s) => (s.kind === 'say' ? `${s.speaker}:${s.content.type}` : s.kind))).toEqual([
      'ai_agent:text',
      'handoff',
      'human_agent:presence',
      'human_agent:text',
    ]);
  });

  it('ends as the system on goodbye, or as the human agent during handoff', () => {
    expect(planReply('goodbye', ctx()).steps.at(-1)).toEqual({ kind: 'end', by: 'system' });
    expect(planReply('goodbye', ctx({ inHandoff: true })).steps.at(-1)).toEqual({ kind: 'end', by: 'human_agent' });
  });

  it('lets the human agent answer during handoff, varying canned replies', () => {
    const first = planReply('it is complicated', ctx({ inHandoff: true, humanTurn: 0 })).steps;
    const second = planReply('it is complicated', ctx({ inHandoff: true, humanTurn: 1 })).steps;
    expect(first.every((s) => s.kind === 'say' && s.speaker === 'human_agent')).toBe(true);
    expect(first).not.toEqual(second);
  });

  it('is honest when nothing matches', () => {
    const plan = planReply('xyzzy plugh', ctx());
    expect(plan.intent).toBe('unknown');
    expect(plan.steps).toHaveLength(1);
  });

  it('answers a warranty question with the warranty (issue 16)', () => {
    const [first] = planReply('What is the warranty on the pen?', ctx()).steps;
    const body = first?.kind === 'say' && first.content.type === 'text' ? first.content.body : '';
    expect(body).toContain('**Pen battery and troubleshooting**');
    expect(body).toContain('2-year warranty');
    expect(body).not.toContain('Forget pen');
  });

  it('answers an Arabic question in Arabic, with the article (issue 16)', () => {
    const plan = planReply('كيف أعيد تعيين كلمة المرور؟', ctx());
    expect(plan.intent).toBe('answer');
    expect(plan.steps).toEqual([
      { kind: 'say', speaker: 'ai_agent', content: { type: 'text', body: expect.stringContaining('رابط إعادة التعيين') } },
      { kind: 'say', speaker: 'ai_agent', content: { type: 'link', url: 'http://site/articles/reset-your-password', link_text: 'إعادة تعيين كلمة مرور Lovelace' } },
    ]);
    const fallback = planReply('ما رأيك في الطقس؟', ctx()).steps[0];
    expect(fallback?.kind === 'say' && fallback.content.type === 'text' && fallback.content.body).toMatch(/^لم أجد/);
  });

  it.each(['My order number is 48213', 'order #48213', 'It is #48213'])(
    'lets the human agent answer the order number %j about that order, not with shipping times (issue 16)', (question) => {
      const steps = planReply(question, ctx({ inHandoff: true, humanTurn: 1 })).steps;
      expect(steps).toHaveLength(1);
      const body = steps[0]?.kind === 'say' && steps[0].content.type === 'text' ? steps[0].content.body : '';
      expect(body).toContain('#48213');
      expect(body).not.toMatch(/business days/);
    });
});
