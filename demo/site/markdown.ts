/**
 * A tiny markdown renderer for the help-center articles, safe by construction: every piece of source text is
 * HTML-escaped before any tag is added, and only links to http(s), mailto or same-site paths become anchors.
 * Supports what the articles use: ATX headings, paragraphs, `-`/`*` and numbered lists, blockquotes, fenced code,
 * `**bold**`, `*italic*`, `` `code` `` and `[text](url)`.
 */

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Escapes a value for a double-quoted HTML attribute; quotes other than `"` stay readable in copy-paste snippets. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Returns the URL when it is safe to put in an `href` (http, https, mailto or a same-site path), else null. */
export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  // Same-site paths and fragments; `//host` would be protocol-relative, so it is refused.
  if (/^(\/(?!\/)|#)/.test(trimmed)) return trimmed;
  return null;
}

/** Renders inline markdown of one line of text to HTML. */
export function renderInline(source: string): string {
  // Code spans first, so their content is never treated as markup.
  const parts = source.split(/(`[^`]+`)/g);
  return parts
    .map((part) => {
      if (/^`[^`]+`$/.test(part)) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return renderEmphasisAndLinks(part);
    })
    .join('');
}

function renderEmphasisAndLinks(text: string): string {
  let out = '';
  let rest = text;
  const link = /\[([^\]]+)\]\(([^)\s]+)\)/;
  for (let match = link.exec(rest); match; match = link.exec(rest)) {
    out += renderEmphasis(rest.slice(0, match.index));
    const label = renderEmphasis(match[1] ?? '');
    const href = safeHref(match[2] ?? '');
    out += href ? `<a href="${escapeHtml(href)}">${label}</a>` : label;
    rest = rest.slice(match.index + match[0].length);
  }
  return out + renderEmphasis(rest);
}

function renderEmphasis(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|\W)_([^_\s][^_]*)_(?!\w)/g, '$1<em>$2</em>');
}

/** Turns a heading's text into an id for in-page links ("Pair over Bluetooth" → "pair-over-bluetooth"). */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'code'; lines: string[] };

function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  const last = (): Block | undefined => blocks[blocks.length - 1];
  while (i < lines.length) {
    const line = lines[i] ?? '';
    i += 1;
    if (/^```/.test(line)) {
      const code: string[] = [];
      while (i < lines.length && !/^```/.test(lines[i] ?? '')) code.push(lines[i++] ?? '');
      i += 1; // the closing fence
      blocks.push({ kind: 'code', lines: code });
      continue;
    }
    if (line.trim() === '') {
      blocks.push({ kind: 'paragraph', lines: [] }); // a separator; empty paragraphs are dropped on render
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]?.length ?? 1, text: heading[2] ?? '' });
      continue;
    }
    const item = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      const prev = last();
      if (prev?.kind === 'list' && prev.ordered === ordered) prev.items.push(item[3] ?? '');
      else blocks.push({ kind: 'list', ordered, items: [item[3] ?? ''] });
      continue;
    }
    const quote = /^>\s?(.*)$/.exec(line);
    if (quote) {
      const prev = last();
      if (prev?.kind === 'quote') prev.lines.push(quote[1] ?? '');
      else blocks.push({ kind: 'quote', lines: [quote[1] ?? ''] });
      continue;
    }
    const prev = last();
    if (prev?.kind === 'paragraph' && prev.lines.length > 0) prev.lines.push(line.trim());
    else if (prev?.kind === 'list' && /^\s+\S/.test(line)) {
      // A continuation line of the last list item.
      prev.items[prev.items.length - 1] += ` ${line.trim()}`;
    } else blocks.push({ kind: 'paragraph', lines: [line.trim()] });
  }
  return blocks;
}

/** Renders a markdown document to safe HTML. Headings of level 1 become `h2`: the page title is the only `h1`. */
export function renderMarkdown(markdown: string): string {
  return parseBlocks(markdown)
    .map((block) => {
      switch (block.kind) {
        case 'heading': {
          const level = Math.min(6, Math.max(2, block.level));
          return `<h${level} id="${slugify(block.text)}">${renderInline(block.text)}</h${level}>`;
        }
        case 'paragraph':
          return block.lines.length ? `<p>${block.lines.map(renderInline).join(' ')}</p>` : '';
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          return `<${tag}>${block.items.map((item) => `<li>${renderInline(item)}</li>`).join('')}</${tag}>`;
        }
        case 'quote':
          return `<blockquote><p>${block.lines.map(renderInline).join(' ')}</p></blockquote>`;
        case 'code':
          return `<pre><code>${escapeHtml(block.lines.join('\n'))}</code></pre>`;
      }
      return '';
    })
    .filter(Boolean)
    .join('\n');
}
