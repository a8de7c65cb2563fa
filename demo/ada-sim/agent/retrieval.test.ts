import { describe, expect, it } from 'vitest';
import { articles } from '../../content/articles';
import { bestBlock, bodyBlocks, findArticle, scoreArticle, stem, tokenize } from './retrieval';

describe('retrieval', () => {
  it('stems and drops stopwords', () => {
    expect(stem('syncing')).toBe(stem('synced'));
    expect(tokenize('How do I sync my notebooks?')).toEqual(['sync', 'notebook']);
  });

  it.each([
    ['I forgot my password', 'reset-your-password'],
    ['where is my parcel, tracking says nothing', 'shipping-and-delivery'],
    ['I want my money back', 'returns-and-refunds'],
    ['pages are not showing on my iPad', 'sync-across-devices'],
    ['I was charged twice, check my invoice', 'billing-and-plans'],
    ['how long does the pen battery last', 'pen-battery-and-troubleshooting'],
  ])('finds the article for %j', (question, slug) => {
    expect(findArticle(articles, question)?.slug).toBe(slug);
  });

  it('returns null below the minimum score', () => {
    expect(findArticle(articles, 'what is the weather today')).toBeNull();
  });

  it('scores phrases above single words', () => {
    const article = articles.find((a) => a.slug === 'returns-and-refunds');
    if (!article) throw new Error('missing article');
    expect(scoreArticle(article, 'money back')).toBeGreaterThan(scoreArticle(article, 'money'));
  });

  it('keeps an intro line ending in ":" with its list', () => {
    expect(bodyBlocks('Intro:\n\n- a\n- b\n\nNext.')).toEqual(['Intro:\n\n- a\n- b', 'Next.']);
  });

  it('picks the block sharing most words with the question', () => {
    const article = articles.find((a) => a.slug === 'shipping-and-delivery');
    if (!article) throw new Error('missing article');
    expect(bestBlock(article, 'can I change the delivery address')).toMatch(/Edit address/);
  });
});
