import MiniSearch, { type SearchResult } from 'minisearch';
import type { Article } from '../../content/articles';

const STOPWORDS = new Set(
  ('a an and are as at be but by can could do does for from get got have how i if in into is it its me my no not of on or our please so that the their them then there these this to too up was we what when where which who why will with would you your '
    // Arabic function words: prepositions, question words, pronouns.
    + 'في من على كيف هل ما ماذا عن أن إلى الى لا هو هي أنا لي متى لماذا أين هذا هذه يمكنني أريد عندي مع أو او').split(' '),
);

/** Reduces an English word to a crude stem so "syncing", "synced" and "syncs" meet "sync". */
export function stem(word: string): string {
  return word.replace(/(ing|ed|es|s)$/, '').replace(/(.)\1$/, '$1') || word;
}

/** Arabic script: such a question is answered in Arabic. */
export const isArabic = (text: string): boolean => /[\u0600-\u06ff]/.test(text);

/**
 * One search term as the index keeps it, or null for a stopword: lowercase; Arabic without its short vowels and
 * without a leading article or conjunction ("القلم" meets "قلم", "والشحن" meets "شحن"); English stemmed.
 */
export function normalizeTerm(term: string): string | null {
  let t = term.toLowerCase().replace(/[\u064b-\u065f\u0640]/g, '');
  if (STOPWORDS.has(t)) return null;
  if (isArabic(t)) t = t.replace(/^(?:وال|بال|كال|فال|لل|ال|و)(?=..)/, '').replace(/[أإآ]/g, 'ا').replace(/ة$/, 'ه');
  else t = stem(t);
  return t && !STOPWORDS.has(t) ? t : null;
}

/** Lowercase content words of a text, normalized as the index keeps them. */
export function tokenize(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(normalizeTerm).filter((t): t is string => !!t);
}

/** Short words must match exactly ("down" is not "downgrade"); from five letters also by prefix, from six with one typo. */
const SEARCH = {
  prefix: (term: string) => term.length >= 5,
  fuzzy: (term: string) => (term.length >= 6 ? 1 : false),
  combineWith: 'OR',
} as const;

type Doc = { id: string; title: string; keywords: string; summary: string; body: string; ar: string };
const indexes = new WeakMap<readonly Article[], MiniSearch<Doc>>();

/**
 * The help center's search index (minisearch, BM25): title and search words weigh most, then the summary, then the
 * body; Arabic titles, answers and search words are a field of their own. Built once per article list.
 */
function indexOf(articles: readonly Article[]): MiniSearch<Doc> {
  let index = indexes.get(articles);
  if (index) return index;
  index = new MiniSearch<Doc>({
    fields: ['title', 'keywords', 'summary', 'body', 'ar'],
    tokenize: (text) => text.match(/[\p{L}\p{N}]+/gu) ?? [],
    processTerm: normalizeTerm,
    searchOptions: { ...SEARCH, boost: { title: 2, keywords: 3, ar: 3, summary: 1, body: 0.5 } },
  });
  index.addAll(articles.map((a) => ({
    id: a.slug, title: a.title, keywords: a.keywords.join(' '), summary: a.summary, body: a.body,
    ar: [a.ar.title, a.ar.summary, a.ar.keywords.join(' ')].join(' '),
  })));
  indexes.set(articles, index);
  return index;
}

/** A match counts as an answer, not a guess, when a question word hit the article's title or search words. */
const FIELDS_THAT_COUNT = new Set(['title', 'keywords', 'ar']);
const counts = (r: SearchResult): boolean => Object.values(r.match).some((fields) => fields.some((f) => FIELDS_THAT_COUNT.has(f)));

/** The best-matching article, or null when no question word hit any article's title or search words. */
export function findArticle(articles: readonly Article[], question: string): Article | null {
  const [top] = indexOf(articles).search(question);
  return top && counts(top) ? articles.find((a) => a.slug === top.id) ?? null : null;
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

/**
 * The body block that answers the question best, ranked by BM25 over the article's own blocks: a word rare in the
 * article ("warranty") outweighs one on every block ("pen"), so a warranty question gets the warranty, not the
 * pairing steps. The first block when nothing matches.
 */
export function bestBlock(article: Article, question: string): string {
  const blocks = bodyBlocks(article.body);
  const index = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => text.match(/[\p{L}\p{N}]+/gu) ?? [],
    processTerm: normalizeTerm,
    searchOptions: SEARCH,
  });
  index.addAll(blocks.map((text, id) => ({ id, text })));
  const [top] = index.search(question);
  return blocks[top ? (top.id as number) : 0] ?? '';
}
