import { h } from 'preact';
import type { ComponentChildren } from 'preact';
import type { MessageContent } from '../../../bridge-server/src/protocol/api';

/** True for the only link schemes a message may carry: http(s) and mailto. */
export const safeUrl = (url: string): boolean => /^(https?:\/\/|mailto:)/i.test(url.trim());

/** What a message says as plain text: markdown marks dropped, a link's text, a file's name. */
export const plainText = (c: MessageContent): string =>
  c.type == 'text' || c.type == 'presence' ? c.body.replace(/[*_`]+/g, '') : c.type == 'link' ? c.linkText ?? c.url : c.filename;

/** A link that opens in a new tab without giving the new page a handle on the host; `props` adds class, download…. */
export const link = (href: string, children: ComponentChildren, props?: object): ComponentChildren =>
  h('a', { href, target: '_blank', rel: 'noopener noreferrer', ...props }, children);

// One token per match: `code`, **bold**, *italic* or _italic_, [text](url), a bare http(s) URL, or a line break.
const INLINE = /`([^`\n]+)`|\*\*(.+?)\*\*|\*([^*\s][^*]*)\*|\b_([^_]+)_\b|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<]*[^\s<.,;:!?)\]'"])|\n/g;

function inline(src: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of src.matchAll(INLINE)) {
    // Every group needs at least one character, so an empty one did not match.
    const [all, code, bold, star, under, text, href = '', bare] = m;
    const em = star ?? under;
    const at = m.index;
    if (at > last) out.push(src.slice(last, at));
    last = at + all.length;
    out.push(code ? h('code', null, code) : bold ? h('strong', null, inline(bold)) : em ? h('em', null, inline(em))
      : text ? (safeUrl(href) ? link(href, inline(text)) : all) : bare ? link(bare, bare) : h('br', null));
  }
  if (last < src.length) out.push(src.slice(last));
  return out;
}

const LIST = /^\s*([-*+]|\d+[.)])\s+/;

/**
 * Renders the safe markdown subset of a message (bold, italics, links, lists, inline code, code blocks)
 * as VNodes. Message text only ever becomes text nodes: no HTML is parsed, so `<script>` shows as typed.
 * @example renderMarkdown('**Hi** see [docs](https://example.com)')
 */
export function renderMarkdown(src: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  // A fence is a line of ``` and an info string with no backtick (CommonMark): "```[`a`](…)" is a paragraph.
  const parts = src.replace(/\r\n?/g, '\n').split(/^```[^\n`]*(?:\n|$)/m);
  parts.forEach((part, i) => {
    // Odd parts sit between ``` fences.
    if (i % 2) return void out.push(h('pre', null, h('code', null, part.replace(/\n$/, ''))));
    for (const block of part.split(/\n\s*\n/)) {
      const rows = block.split('\n').filter((l) => l.trim());
      if (!rows.length) continue;
      if (rows.every((l) => LIST.test(l))) {
        const ordered = /^\s*\d/.test(rows[0] ?? '');
        out.push(h(ordered ? 'ol' : 'ul', null, rows.map((l) => h('li', null, inline(l.replace(LIST, ''))))));
      } else out.push(h('p', null, inline(rows.join('\n'))));
    }
  });
  return out;
}
