import { articles } from '../content/articles';
import { escapeHtml, renderMarkdown } from './markdown';

/** One help-center article, as `demo/content/articles.ts` holds it (the simulator answers from the same list). */
export type Article = (typeof articles)[number];

/** The article whose page embeds the chat inline as well as the launcher: where "still stuck?" is most natural. */
export const INLINE_ARTICLE_SLUG = 'pen-battery-and-troubleshooting';

/** The inline-chat article; falls back to the first article if the content ever renames it. */
export function inlineArticle(): Article | undefined {
  return articles.find((a) => a.slug === INLINE_ARTICLE_SLUG) ?? articles[0];
}

/** Finds an article by its slug. */
export function findArticle(slug: string): Article | undefined {
  return articles.find((a) => a.slug === slug);
}

/** Articles whose title, summary, keywords or body mention every word of the query. */
export function searchArticles(query: string): Article[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...articles];
  return articles.filter((a) => {
    const haystack = [a.title, a.summary, a.keywords.join(' '), a.body].join(' ').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

function articleCard(article: Article): string {
  const inline = article.slug === inlineArticle()?.slug ? '<span class="badge">Chat inline on this page</span>' : '';
  return `<li><a class="card" href="/articles/${escapeHtml(article.slug)}">
      <h3>${escapeHtml(article.title)}</h3>
      <p>${escapeHtml(article.summary)}</p>${inline}
    </a></li>`;
}

const chatCallout = `<section class="callout" aria-labelledby="callout-title">
      <div>
        <h2 id="callout-title">Still stuck?</h2>
        <p>Our AI assistant answers right away, and a person can take over when you need one.</p>
      </div>
      <button type="button" class="ui-btn" data-open-chat>Chat with us</button>
    </section>`;

/** The home page: search, popular articles and a way into the chat. */
export function homePage(): string {
  return `<section class="hero">
      <h1>How can we help?</h1>
      <p>Guides and answers for your Lovelace smart notebook, the Lovelace Pen and the Lovelace app.</p>
      <form class="search" action="/articles" method="get" role="search">
        <input class="ui-input" id="q" name="q" type="search" placeholder="Search articles, e.g. pen battery" aria-label="Search articles" />
        <button class="ui-btn" type="submit">Search</button>
      </form>
    </section>
    <h2 class="section-title">Popular articles</h2>
    <ul class="cards">
      ${articles.slice(0, 6).map(articleCard).join('\n      ')}
    </ul>
    ${chatCallout}`;
}

/** The article index, filtered by `q` when given. */
export function articleIndexPage(query: string): string {
  const found = searchArticles(query);
  const heading = query
    ? `${found.length} result${found.length === 1 ? '' : 's'} for “${escapeHtml(query)}”`
    : 'All articles';
  const empty = `<p>No article matches. Try other words, or ask our assistant: it knows every guide.</p>`;
  return `<h1 class="page-title">${heading}</h1>
    <p class="lead">Step-by-step guides for the notebook, the pen and the app.</p>
    <form class="search search-left" action="/articles" method="get" role="search">
      <input class="ui-input" name="q" type="search" value="${escapeHtml(query)}" aria-label="Search articles" />
      <button class="ui-btn" type="submit">Search</button>
    </form>
    ${found.length ? `<ul class="cards">${found.map(articleCard).join('\n')}</ul>` : empty}
    ${chatCallout}`;
}

/** One article, its body rendered from markdown; the inline article also holds the `#help-chat` embed. */
export function articlePage(article: Article, withInlineChat: boolean): string {
  const related = articles.filter((a) => a.slug !== article.slug).slice(0, 5);
  const inline = withInlineChat
    ? `<section class="inline-chat" aria-labelledby="inline-chat-title">
          <h2 id="inline-chat-title">Still not working? Ask here</h2>
          <p>This chat is the same conversation as the chat button in the corner.</p>
          <div id="help-chat"></div>
        </section>`
    : '';
  return `<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/articles">Articles</a> › ${escapeHtml(article.title)}</nav>
    <div class="article-layout">
      <div>
        <article class="prose">
          <h1 class="page-title">${escapeHtml(article.title)}</h1>
          <p class="lead">${escapeHtml(article.summary)}</p>
          ${renderMarkdown(article.body)}
        </article>
        ${inline}
      </div>
      <aside class="aside" aria-label="Related articles">
        <h2>Related articles</h2>
        <ul>${related.map((a) => `<li><a href="/articles/${escapeHtml(a.slug)}">${escapeHtml(a.title)}</a></li>`).join('')}</ul>
      </aside>
    </div>`;
}

/** The 404 page. */
export function notFoundPage(): string {
  return `<h1 class="page-title">Page not found</h1>
    <p class="lead">That page does not exist. <a href="/articles">Browse all articles</a> or ask the assistant.</p>`;
}
