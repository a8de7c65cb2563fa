import type { Metadata } from '../../bridge-server/src/protocol/api';
import type { WidgetOptions } from './types';

/** Where defaults come from: the script's own URL and the page language. */
export interface OptionContext {
  scriptSrc?: string | null;
  pageLang?: string | null;
  pageOrigin?: string;
}

type Raw = Record<string, unknown>;

const warn = (key: string, value: unknown): void =>
  console.warn(`[parley] invalid ${attr(key)}: ${JSON.stringify(value)}; using the default`);
/** `primaryColor` → `data-primary-color`, so the warning names what the page author wrote. */
const attr = (key: string): string => 'data-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

// [issue 14] The defaults (a plain tag, no data-* attributes) run no regular expression: a page's first one costs
// ≈ 0.8 ms of the engine's setup (the host-cost bench, on a page with no other script), over a quarter of the
// loader's whole budget. Patterns stay for what a page author wrote (a colour).

/** An absolute http(s) URL, without its trailing slashes. */
const url = (v: unknown): string | undefined => {
  try {
    const { protocol, href } = new URL(v as string);
    if (protocol == 'http:' || protocol == 'https:') return trimEnd(href, '/');
  } catch {
    // not a URL: invalid
  }
};
const trimEnd = (s: string, c: string): string => (s.at(-1) == c ? trimEnd(s.slice(0, -1), c) : s);
// Colours land in a CSS custom property, so anything that could close the declaration is refused.
const COLOR = /^(#[\da-f]{3,8}|(rgb|hsl)a?\([\d\s.,%/+-]+\)|[a-z]{3,20})$/i;
/** An ASCII letter, or (`digits`) an ASCII digit: what a language tag's parts are made of. */
const alnum = (c: string, digits: boolean): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (digits && c >= '0' && c <= '9');
/**
 * A language tag as `lang` attributes hold it ("en", "pt-BR", "zh-Hant-TW"): 2–3 letters, then parts of 2–8 letters
 * or digits, joined by hyphens (the pattern `^[a-z]{2,3}(-[a-z\d]{2,8})*$`, case-insensitive: a property test holds
 * the two equal).
 */
const isLang = (v: string): boolean =>
  v.split('-').every((part, i) => part.length >= 2 && part.length <= (i ? 8 : 3) && [...part].every((c) => alnum(c, i > 0)));

const oneOf = <T extends string>(...list: T[]) => (v: unknown): T | undefined => (list.includes(v as T) ? (v as T) : undefined);
/** A trimmed, non-empty string that `valid` (if given) accepts. */
const text = (valid?: (s: string) => boolean) => (v: unknown): string | undefined =>
  typeof v == 'string' && (v = v.trim()) && (!valid || valid(v as string)) ? (v as string) : undefined;
const bool = (v: unknown): boolean | undefined =>
  v === true || v === '' || v === 'true' ? true : v === false || v === 'false' ? false : undefined;

/** A plain object (or its JSON) whose values are all strings, numbers or booleans, as Ada's metadata takes them. */
function metadata(v: unknown): Metadata | undefined {
  try {
    const o = (typeof v == 'string' ? JSON.parse(v) : v) as Metadata | null;
    if (o?.constructor == Object && Object.values(o).every((x) => ['string', 'number', 'boolean'].includes(typeof x))) return { ...o };
  } catch {
    // not JSON: invalid
  }
}

const checks: { [K in keyof WidgetOptions]-?: (v: unknown) => WidgetOptions[K] | undefined } = {
  bridgeUrl: url,
  mode: oneOf('launcher', 'inline'),
  target: text(),
  title: text(),
  subtitle: text(),
  greeting: text(),
  placeholder: text(),
  primaryColor: text((s) => COLOR.test(s)),
  position: oneOf('right', 'left'),
  theme: oneOf('light', 'dark', 'auto'),
  lang: text(isLang),
  open: bool,
  userName: text(),
  userAvatar: url,
  // Passed through as written; the chat file checks its shape (the loader stays small).
  userToken: text(),
  metadata,
  persist: oneOf('local', 'session', 'none'),
  agentName: text(),
  agentAvatar: url,
  titleUnread: bool,
  sound: bool,
  proactive: text(),
  // Seconds, up to an hour ('' and junk are NaN: invalid).
  proactiveDelay(v) {
    const n = v === '' ? NaN : Number(v);
    return n >= 0 && n <= 3600 ? n : undefined;
  },
};

/** The defaults, given where the script came from and the page language. */
const defaults = (ctx: OptionContext): WidgetOptions => ({
  bridgeUrl: (url(ctx.scriptSrc) && new URL(ctx.scriptSrc as string).origin) || ctx.pageOrigin || '',
  mode: 'launcher', position: 'right', theme: 'auto', lang: checks.lang(ctx.pageLang) ?? 'en', open: false, metadata: {},
  persist: 'local', proactiveDelay: 8,
});

/**
 * Validates options from `data-*` attributes or `Parley.init`. Each invalid value logs exactly one
 * `[parley]` warning naming its attribute, then takes the default. Unknown keys are ignored.
 * @example parseOptions({ mode: 'inline', target: '#help' }, { scriptSrc: 'https://bridge.example.com/widget.js' })
 */
export function parseOptions(raw: Raw, ctx: OptionContext = {}): WidgetOptions {
  const out = defaults(ctx);
  const set = out as unknown as Raw;
  // Every option name is a key of `checks`.
  for (const key in checks) {
    if (raw[key] === undefined) continue;
    const value: unknown = checks[key as keyof WidgetOptions](raw[key]);
    if (value === undefined) warn(key, raw[key]);
    else set[key] = value;
  }
  if (out.mode === 'inline' && !out.target) {
    warn('target', raw.target);
    out.mode = 'launcher';
  }
  return out;
}

/** The `data-*` attributes of a script tag, as raw options (dataset already camel-cases them; others are ignored). */
export const readDataset = (el: HTMLElement | null | undefined): Raw => ({ ...el?.dataset });
