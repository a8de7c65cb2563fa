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
/**
 * Three dots (menu), drawn as filled discs as wide as the minimize chevron's strokes are long: dots of a 2px
 * stroke were barely visible beside it (issue 16).
 */
export const DotsIcon = () => (
  <svg class="dots" viewBox="0 0 24 24" aria-hidden="true">
    <circle cx="5" cy="12" r="2.2" />
    <circle cx="12" cy="12" r="2.2" />
    <circle cx="19" cy="12" r="2.2" />
  </svg>
);
/** A paper plane (send). */
export const SendIcon = () => svg('M4 12l16-8-6 16-3-7z');
/** A sparkle: the AI Agent's default avatar. */
export const SparkIcon = () => svg('M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM19 16l.7 1.8 1.8.7-1.8.7L19 21l-.7-1.8-1.8-.7 1.8-.7z');
/** An exclamation mark in a circle (a message not sent). */
export const AlertIcon = () => svg('M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 8v5M12 16h.01');
