import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

const html = (src: string) => render(<div>{renderMarkdown(src)}</div>).container.innerHTML;

describe('renderMarkdown', () => {
  it('renders bold, italics, inline code, lists and code blocks', () => {
    const out = html('**Bold** and *it* and `x()`\n\n- one\n- two\n\n1. first\n\n```\n<b>raw</b>\n```');
    expect(out).toContain('<strong>Bold</strong>');
    expect(out).toContain('<em>it</em>');
    expect(out).toContain('<code>x()</code>');
    expect(out).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(out).toContain('<ol><li>first</li></ol>');
    expect(out).toContain('<pre><code>&lt;b&gt;raw&lt;/b&gt;</code></pre>');
    expect(html('one\n**two**')).toContain('<p>one<br><strong>two</strong></p>');
  });

  it('opens safe links in a new tab and renders unsafe ones as text', () => {
    const out = html('[docs](https://x.test/d) [mail](mailto:a@x.test) [bad](javascript:alert(1)) https://y.test/p.');
    expect(out).toContain('<a href="https://x.test/d" target="_blank" rel="noopener noreferrer">docs</a>');
    expect(out).toContain('href="mailto:a@x.test"');
    expect(out).not.toContain('javascript:alert(1)"');
    expect(out).toContain('[bad](javascript:alert(1))');
    expect(out).toContain('<a href="https://y.test/p" target="_blank" rel="noopener noreferrer">https://y.test/p</a>.');
  });

  it('takes ``` followed by a backtick on its line as text, not as a fence that swallows the message (fuzz seed 1011747767)', () => {
    const out = html('```[[`<script>alert(1)</script>`](https://)](https://)');
    expect(out).not.toContain('<pre>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html('```js\nlet a = 1;\n```')).toContain('<pre><code>let a = 1;</code></pre>');
  });
});
