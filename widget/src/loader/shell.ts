import type { LoaderStrings } from './strings';

/** The speech bubble's path (the chat's icons.tsx draws the same). */
const CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
/** The cross of an open launcher. */
const CROSS = 'M6 6l12 12M18 6L6 18';
const icon = (d: string): string => `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${d}"/></svg>`;

/**
 * The closed launcher as markup, inside the `.root` that App renders: drawn without Preact when the page loads, so
 * the host page pays for no render until the visitor needs one (issue 7); App adopts these very nodes when it first
 * renders (a test checks it against App's own markup). Every value in it is safe in HTML: strings from the message
 * tables and a `lang` already matched against a pattern.
 * @example root.innerHTML = launcherShell(t, 'ltr', 'en');
 */
export const launcherShell = (t: Pick<LoaderStrings, 'open'>, dir: string, lang: string): string =>
  `<div class="root float" dir="${dir}" lang="${lang}"><button class="launcher" part="launcher" aria-label="${t.open}" aria-expanded="false">${icon(CHAT)}</button></div>`;

/**
 * The panel's frame while the chat file loads: title, a minimize button (launcher mode), and a status line. The
 * title is set as text afterwards (it may come from the page), so nothing here needs escaping.
 */
const frameMarkup = (t: LoaderStrings, inline: boolean): string =>
  `<section class="frame" part="panel" role="${inline ? 'region' : 'dialog'}" aria-label="" aria-busy="true"${inline ? '' : ' popover="manual"'}>` +
  `<div class="head" part="header"><h2></h2>${inline ? '' : `<button class="icon" aria-label="${t.min}">${icon('M6 9l6 6 6-6')}</button>`}</div>` +
  '<p class="wait" role="status"></p></section>';

/** What the loader shows for one widget. */
export interface ShellState {
  open: boolean;
  /** The chat file failed to load (and is being tried again). */
  failed: boolean;
}

/**
 * Brings the loader's markup in `root` up to `state`: the launcher's name, state and icon, and the frame (added
 * while open, removed when closed). It updates nodes in place, so a focused launcher stays focused.
 * @example drawShell(root, { open: true, failed: false }, t, true);
 */
export function drawShell(root: ShadowRoot, state: ShellState, t: LoaderStrings, inline: boolean): void {
  const box = root.firstElementChild as HTMLElement;
  const launcher = box.querySelector('.launcher');
  let frame = box.querySelector('.frame');
  if (launcher) {
    launcher.setAttribute('aria-label', state.open ? t.close : t.open);
    launcher.setAttribute('aria-expanded', String(state.open));
    launcher.querySelector('path')?.setAttribute('d', state.open ? CROSS : CHAT);
  }
  if (!state.open) return frame?.remove();
  if (!frame) {
    box.insertAdjacentHTML('afterbegin', frameMarkup(t, inline));
    frame = box.firstElementChild as HTMLElement;
    frame.setAttribute('aria-label', t.title);
    frame.querySelector('h2')!.textContent = t.title;
    // [issue 16] Floating, it is in the top layer like the chat's panel: above a host's cookie bar at any z-index.
    if (!inline) (frame as HTMLElement).showPopover?.();
  }
  // Busy while loading; a failure is news, so the region is no longer busy and its status line is read out.
  frame.setAttribute('aria-busy', String(!state.failed));
  frame.querySelector('.wait')!.textContent = state.failed ? t.failed : t.loading;
}
