import type { Article } from '../../content/articles';

const STOPWORDS = new Set(
  'a an and are as at be but by can could do does for from get got have how i if in into is it its me my no not of on or our please so that the their them then there these this to too up was we what when where which who why will with would you your'.split(' '),
);

/** Reduces a word to a crude stem so "syncing", "synced" and "syncs" meet "sync". */
export function stem(word: string): string {
  return word.replace(/(ing|ed|es|s)$/, '').replace(/(.)\1$/, '$1') || word;
}

/** Lowercase content words of a text, stemmed, without stopwords. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((word) => !STOPWORDS.has(word)).map(stem);
}

/** Lowercase text with single spaces, for phrase matching. */
function normalize(text: string): string {
  return ` ${(text.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ')} `;
}

/** How well an article matches a question: phrases 4, keyword words 3, title words 2. */
export function scoreArticle(article: Article, question: string): number {
  const words = new Set(tokenize(question));
  const phrase = normalize(question);
  let score = 0;
  for (const keyword of article.keywords) {
    if (keyword.includes(' ')) score += phrase.includes(` ${keyword} `) ? 4 : 0;
    else if (words.has(stem(keyword))) score += 3;
  }
  for (const word of new Set(tokenize(article.title))) if (words.has(word)) score += 2;
  return score;
}

/** The smallest score that counts as an answer rather than a guess. */
export const MIN_SCORE = 3;

/** The best-matching article, or null when nothing scores at least {@link MIN_SCORE}. */
export function findArticle(articles: readonly Article[], question: string): Article | null {
  let best: Article | null = null;
  let bestScore = MIN_SCORE - 1;
  for (const article of articles) {
    const score = scoreArticle(article, question);
    if (score > bestScore) [best, bestScore] = [article, score];
  }
  return best;
}

/** Splits a body into blocks; an intro line ending in ":" stays with the list after it. */
export function bodyBlocks(body: string): string[] {
  const blocks: string[] = [];
  for (const block of body.split(/\n\s*\n/)) {
    const previous = blocks[blocks.length - 1];
    if (previous?.trimEnd().endsWith(':')) blocks[blocks.length - 1] = `${previous}\n\n${block}`;
    else blocks.push(block);
  }
  return blocks;
}

/** The body block sharing most words with the question; the first block on a tie. */
export function bestBlock(article: Article, question: string): string {
  const words = new Set(tokenize(question));
  let best = '';
  let bestScore = -1;
  for (const block of bodyBlocks(article.body)) {
    const score = tokenize(block).filter((word) => words.has(word)).length;
    if (score > bestScore) [best, bestScore] = [block, score];
  }
  return best;
}
