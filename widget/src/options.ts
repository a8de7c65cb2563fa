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

/** An absolute http(s) URL, without its trailing slashes. */
const url = (v: unknown): string | undefined => {
  try {
    const u = new URL(v as string);
    if (/^https?:$/.test(u.protocol)) return u.href.replace(/\/+$/, '');
  } catch {
    // not a URL: invalid
  }
};
// Colours land in a CSS custom property, so anything that could close the declaration is refused.
const COLOR = /^(#[\da-f]{3,8}|(rgb|hsl)a?\([\d\s.,%/+-]+\)|[a-z]{3,20})$/i;
const LANG = /^[a-z]{2,3}(-[a-z\d]{2,8})*$/i;

const oneOf = <T extends string>(...list: T[]) => (v: unknown): T | undefined => (list.includes(v as T) ? (v as T) : undefined);
/** A trimmed, non-empty string that `re` (if given) accepts. */
const text = (re?: RegExp) => (v: unknown): string | undefined =>
  typeof v == 'string' && (v = v.trim()) && (!re || re.test(v as string)) ? (v as string) : undefined;
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
  primaryColor: text(COLOR),
  position: oneOf('right', 'left'),
  theme: oneOf('light', 'dark', 'auto'),
  lang: text(LANG),
  open: bool,
  userName: text(),
  userAvatar: url,
  metadata,
  persist: oneOf('local', 'session', 'none'),
  agentName: text(),
  agentAvatar: url,
  titleUnread: bool,
  sound: bool,
};

/** The defaults, given where the script came from and the page language. */
const defaults = (ctx: OptionContext): WidgetOptions => ({
  bridgeUrl: (url(ctx.scriptSrc) && new URL(ctx.scriptSrc as string).origin) || ctx.pageOrigin || '',
  mode: 'launcher', position: 'right', theme: 'auto', lang: checks.lang(ctx.pageLang) ?? 'en', open: false, metadata: {},
  persist: 'local',
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
