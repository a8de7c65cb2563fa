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
    };
    for (const [k, v] of Object.entries(attrs)) s.setAttribute('data-' + k, v);
    expect(parseOptions(readDataset(s), ctx)).toEqual({
      bridgeUrl: 'https://b.test', mode: 'inline', target: '#help-chat', title: 'Help', subtitle: 'We reply fast',
      greeting: 'Hi!', placeholder: 'Ask…', primaryColor: '#0b7285', position: 'left', theme: 'dark', lang: 'de', open: true,
      userName: 'Ada', userAvatar: 'https://b.test/a.png', metadata: { plan: 'pro', seats: 3 }, persist: 'session',
      agentName: 'Lovelace assistant', agentAvatar: 'https://b.test/bot.png', titleUnread: true, sound: true,
    });
  });

  it.each([
    ['mode', 'popup', 'data-mode'],
    ['position', 'top', 'data-position'],
    ['theme', 'neon', 'data-theme'],
    ['persist', 'cookie', 'data-persist'],
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
