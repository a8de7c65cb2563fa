/** Inline SVG icons (decorative: the buttons carrying them have labels). */
const svg = (d: string) => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} />
  </svg>
);
/** The speech bubble's path: also drawn as markup by the loader's `launcherShell` (loader/shell.ts). */
export const CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
/** A speech bubble. */
export const ChatIcon = () => svg(CHAT);
/** A cross. */
export const CloseIcon = () => svg('M6 6l12 12M18 6L6 18');
/** A chevron pointing down (minimize). */
export const DownIcon = () => svg('M6 9l6 6 6-6');
/** Three dots (menu). */
export const DotsIcon = () => svg('M5 12h.01M12 12h.01M19 12h.01');
/** A paper plane (send). */
export const SendIcon = () => svg('M4 12l16-8-6 16-3-7z');
/** A paper clip (attach a file). */
export const ClipIcon = () => svg('M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7');
