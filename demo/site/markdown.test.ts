import { describe, expect, it } from 'vitest';
import { escapeAttribute, escapeHtml, renderInline, renderMarkdown, safeHref } from './markdown';

describe('renderMarkdown', () => {
  it('renders headings, paragraphs and lists', () => {
    const html = renderMarkdown('# Charging\n\nPlug it in.\nWait a bit.\n\n- one\n- two\n\n1. first\n2. second');
    expect(html).toContain('<h2 id="charging">Charging</h2>');
    expect(html).toContain('<p>Plug it in. Wait a bit.</p>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li><li>second</li></ol>');
  });

  it('renders bold, italic, code and links', () => {
    expect(renderInline('**Hold** the *pen* on `Sync` and see [the guide](/articles/sync).')).toBe(
      '<strong>Hold</strong> the <em>pen</em> on <code>Sync</code> and see <a href="/articles/sync">the guide</a>.',
    );
  });

  it('escapes raw HTML everywhere, including code blocks', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)>\n\n```\n<script>alert(1)</script>\n```\n\n- <b>x</b>');
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('<pre><code>&#60;script&#62;alert(1)&#60;/script&#62;</code></pre>');
  });

  it('keeps the text of links with unsafe URLs but drops the link', () => {
    expect(renderInline('[click](javascript:alert(1))')).not.toContain('href');
    expect(renderInline('[x](//evil.example/a)')).toBe('x');
    expect(renderInline('[x](https://a.example/?q="b")')).toBe('<a href="https://a.example/?q=&#34;b&#34;">x</a>');
  });
});

describe('escapeHtml and safeHref', () => {
  it('escapes quotes and angle brackets', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('escapes attribute values but keeps apostrophes readable', () => {
    expect(escapeAttribute(`I'm "here" & <there>`)).toBe('I\'m &quot;here&quot; &amp; &lt;there&gt;');
  });

  it('accepts only http(s), mailto and same-site links', () => {
    expect(safeHref('https://lovelace.example')).toBe('https://lovelace.example');
    expect(safeHref('/articles/x')).toBe('/articles/x');
    expect(safeHref(' JavaScript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,hi')).toBeNull();
  });
});
