import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseOptions, readDataset } from './options';

const ctx = { scriptSrc: 'https://bridge.example.com/widget.js', pageLang: 'fr-CA' };

describe('parseOptions', () => {
  afterEach(() => vi.restoreAllMocks());

  it('defaults the bridge to the script origin and the language to the page', () => {
    const o = parseOptions({}, ctx);
    expect(o).toMatchObject({ bridgeUrl: 'https://bridge.example.com', mode: 'launcher', lang: 'fr-CA', persist: 'local', theme: 'auto', position: 'right', open: false });
  });

  it('reads every data-* attribute of a script tag', () => {
    const s = document.createElement('script');
    const attrs: Record<string, string> = {
      'bridge-url': 'https://b.test/', mode: 'inline', target: '#help-chat', title: 'Help', subtitle: 'We reply fast',
      greeting: 'Hi!', placeholder: 'Ask…', 'primary-color': '#0b7285', position: 'left', theme: 'dark', lang: 'de',
      open: '', 'user-name': 'Ada', 'user-avatar': 'https://b.test/a.png', metadata: '{"plan":"pro","seats":3}', persist: 'session',
      'agent-name': 'Lovelace assistant', 'agent-avatar': 'https://b.test/bot.png', 'title-unread': 'true', sound: '',
      proactive: 'Need a hand?', 'proactive-delay': '20',
    };
    for (const [k, v] of Object.entries(attrs)) s.setAttribute('data-' + k, v);
    expect(parseOptions(readDataset(s), ctx)).toEqual({
      bridgeUrl: 'https://b.test', mode: 'inline', target: '#help-chat', title: 'Help', subtitle: 'We reply fast',
      greeting: 'Hi!', placeholder: 'Ask…', primaryColor: '#0b7285', position: 'left', theme: 'dark', lang: 'de', open: true,
      userName: 'Ada', userAvatar: 'https://b.test/a.png', metadata: { plan: 'pro', seats: 3 }, persist: 'session',
      agentName: 'Lovelace assistant', agentAvatar: 'https://b.test/bot.png', titleUnread: true, sound: true,
      proactive: 'Need a hand?', proactiveDelay: 20,
    });
  });

  it.each([
    ['mode', 'popup', 'data-mode'],
    ['position', 'top', 'data-position'],
    ['theme', 'neon', 'data-theme'],
    ['persist', 'cookie', 'data-persist'],
    ['proactiveDelay', '-3', 'data-proactive-delay'],
    ['proactiveDelay', '3601', 'data-proactive-delay'],
    ['proactiveDelay', '2.5s', 'data-proactive-delay'],
    ['proactiveDelay', '', 'data-proactive-delay'],
    ['primaryColor', 'red;}body{display:none', 'data-primary-color'],
    ['metadata', '{not json', 'data-metadata'],
    ['metadata', '[1,2]', 'data-metadata'],
    ['bridgeUrl', 'javascript:alert(1)', 'data-bridge-url'],
    ['userAvatar', 'data:image/png;base64,xx', 'data-user-avatar'],
    ['lang', 'english please', 'data-lang'],
    ['open', 'maybe', 'data-open'],
    ['agentAvatar', 'javascript:alert(1)', 'data-agent-avatar'],
    ['agentAvatar', 'ftp://b.test/bot.png', 'data-agent-avatar'],
    ['agentName', '   ', 'data-agent-name'],
    ['titleUnread', 'yes', 'data-title-unread'],
    ['sound', 'loud', 'data-sound'],
  ])('warns once naming %s and keeps the default for %j', (key, value, attr) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const o = parseOptions({ [key]: value }, ctx);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(new RegExp(`^\\[parley\\] .*${attr}`));
    expect(o[key as keyof typeof o]).toEqual(parseOptions({}, ctx)[key as keyof typeof o]);
  });

  it('falls back to the launcher, with one warning, when inline has no target', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(parseOptions({ mode: 'inline' }, ctx).mode).toBe('launcher');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('data-target');
  });
});

describe('the language check', () => {
  // [issue 14] options.ts checks a lang without a regular expression (the page's first one costs the loader ≈ 0.8 ms);
  // this is the pattern it replaced, and the two must agree on every string.
  const PATTERN = /^[a-z]{2,3}(-[a-z\d]{2,8})*$/i;
  const langOf = (lang: string): string => parseOptions({ lang }, { pageLang: 'xx-default' }).lang;
  const expected = (lang: string): string => (lang.trim() && PATTERN.test(lang.trim()) ? lang.trim() : 'xx-default');

  it('accepts and refuses what the pattern does, on strings made of tag-like pieces', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const piece = fc.constantFrom('a', 'Z', 'e', 'n', '1', '9', '-', ' ', '_', 'é', '\u212a', '\u0130', '💬', '"');
    fc.assert(fc.property(fc.array(piece, { maxLength: 14 }).map((p) => p.join('')), (lang) => langOf(lang) == expected(lang)), { numRuns: 3000 });
  });

  it('agrees with the pattern on any string', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (lang) => langOf(lang) == expected(lang)), { numRuns: 2000 });
  });

  it.each(['en', 'pt-BR', 'zh-Hant-TW', 'AR', 'de-1996'])('keeps %s', (lang) => expect(langOf(lang)).toBe(lang));
  it.each(['e', 'engl', 'en-', 'en--US', 'en-a', 'en-abcdefghi', '1en', 'en_US', 'en US', '\u212aa'])('refuses %j', (lang) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(langOf(lang)).toBe('xx-default');
  });
});
