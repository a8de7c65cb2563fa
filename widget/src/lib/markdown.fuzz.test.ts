/**
 * Property-based fuzzing of the markdown renderer (issue 17): whatever a message says, what it renders is inert.
 * Seeded: FUZZ_SEED=<n> replays a run (fast-check prints the seed and path of a failure); FUZZ_RUNS=<n> runs longer.
 */
import fc from 'fast-check';
import { Fragment, h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

const seed = Number(process.env.FUZZ_SEED) || Date.now() % 2 ** 31;
const runs = (n: number): number => Math.round(n * (Number(process.env.FUZZ_RUNS_SCALE) || 1));

/** The only elements and attributes a message may turn into (markdown.ts). */
const ALLOWED: Record<string, readonly string[]> = {
  P: [], BR: [], STRONG: [], EM: [], CODE: [], PRE: [], UL: [], OL: [], LI: [],
  A: ['href', 'target', 'rel'],
};
/** Rendering a 5,000-character message must not hold the main thread: linear patterns take 1–50 ms in jsdom, a
 * super-linear one (regex backtracking, nested re-parsing) takes seconds. Layout is the e2e suite's to measure. */
const RENDER_BUDGET_MS = 250;

/** Pieces attackers and markdown edge cases are made of, so random strings hit the parser's corners often. */
const token = fc.oneof(
  fc.constantFrom(
    '**', '*', '_', '`', '```', '```js\n', '[', ']', '(', ')', '](', '\n', '\n\n', '\r\n', ' ', '- ', '1. ', '2) ', '+ ',
    'http://', 'https://', 'mailto:', 'javascript:', 'JaVaScRiPt:', ' javascript:', 'data:text/html,', 'vbscript:',
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '" onmouseover="alert(1)', "' onclick='x'", '&lt;', '&#106;',
    '<a href="javascript:alert(1)">x</a>', '<svg/onload=alert(1)>', '\u0000', '\u200b', '\u202e', 'x.test/p', '.', ',',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const scheme = fc.constantFrom('https://', 'http://', 'mailto:', 'javascript:', 'JAVASCRIPT:', 'java\tscript:', 'data:', '//', '', ' javascript:');
/** Well-formed constructs (links, emphasis, code, list rows) with random insides, nested a few levels deep. */
const { piece } = fc.letrec<{ piece: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    token,
    fc.tuple(tie('piece'), scheme, fc.string({ maxLength: 20 })).map(([text, s, rest]) => `[${text}](${s}${rest.replace(/[\s)]/g, '')})`),
    tie('piece').map((x) => `**${x}**`),
    tie('piece').map((x) => `*${x}*`),
    tie('piece').map((x) => `_${x}_`),
    tie('piece').map((x) => `\`${x}\``),
    tie('piece').map((x) => `\n- ${x}\n`),
    fc.tuple(scheme, fc.string({ maxLength: 20 })).map(([s, rest]) => ` ${s}${rest} `),
  ),
}));
const markdownish = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

/** Repeats of one piece up to a 5,000-character message, the longest the bridge accepts from a visitor. */
const long = fc.tuple(token.filter((t) => t.length > 0), fc.integer({ min: 500, max: 5000 })).map(([t, n]) => t.repeat(Math.ceil(n / t.length)).slice(0, n));

/** What is wrong with the rendered tree, one line per problem; empty when it is inert. */
function problemsOf(root: Element): string[] {
  const problems: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const allowed = ALLOWED[el.tagName];
    if (!allowed) {
      problems.push(`element <${el.tagName.toLowerCase()}>`);
      continue;
    }
    for (const attr of el.getAttributeNames()) {
      if (!allowed.includes(attr)) problems.push(`attribute ${attr} on <${el.tagName.toLowerCase()}>`);
    }
    if (el.tagName === 'A') {
      const href = el.getAttribute('href') ?? '';
      // Browsers strip control characters and spaces before reading a scheme, so check what they would see.
      const scheme = [...href].filter((ch) => ch.charCodeAt(0) > 0x20).join('').toLowerCase();
      if (!/^(https?:\/\/|mailto:)/.test(scheme)) problems.push(`link to ${JSON.stringify(href)}`);
      if (el.getAttribute('target') !== '_blank' || el.getAttribute('rel') !== 'noopener noreferrer') problems.push('link without rel=noopener');
    }
  }
  return problems;
}

let host: HTMLElement | null = null;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
  host = null;
});

/** Renders `src` as a message bubble does; returns the container and the milliseconds it took. */
function renderTimed(src: string): { root: HTMLElement; ms: number } {
  host ??= document.body.appendChild(document.createElement('div'));
  const started = performance.now();
  render(h(Fragment, null, renderMarkdown(src)), host);
  return { root: host, ms: performance.now() - started };
}

describe('renderMarkdown (fuzzed)', () => {
  it('renders any message inert: allowed elements and attributes only, http(s)/mailto links only', () => {
    fc.assert(
      fc.property(markdownish, (src) => {
        const { root } = renderTimed(src);
        expect(problemsOf(root)).toEqual([]);
        // The text a visitor reads keeps every character typed outside markdown marks: nothing is parsed as HTML.
        if (src.includes('<script>')) expect(root.textContent).toContain('<script>');
      }),
      { seed, numRuns: runs(400) },
    );
  });

  it(`renders any message up to 5,000 characters in under ${RENDER_BUDGET_MS} ms, however its marks repeat`, () => {
    let slowest = 0;
    fc.assert(
      fc.property(long, (src) => {
        renderTimed(src); // warm-up: the first render of a shape pays for JIT, not for the input
        const { root, ms } = renderTimed(src);
        slowest = Math.max(slowest, ms);
        expect(problemsOf(root)).toEqual([]);
        expect(ms, `${src.length} characters of ${JSON.stringify(src.slice(0, 12))}…`).toBeLessThan(RENDER_BUDGET_MS);
      }),
      { seed, numRuns: runs(40) },
    );
    expect(slowest).toBeGreaterThan(0);
  });
});
