import type { Signal } from '@preact/signals-core';
import { CloseIcon } from './icons';

/** Props of `Teaser`. */
export interface TeaserProps {
  /** The teaser's text while it shows, else null. */
  text: Signal<string | null>;
  dir: 'ltr' | 'rtl';
  lang: string;
  /** The close button's accessible name. */
  dismissLabel: string;
  /** The visitor answered: open the chat with the text as the agent's greeting. */
  onAnswer(): void;
  onDismiss(): void;
}

/**
 * The proactive teaser beside the closed launcher (issue 16): the text as a button that opens the chat, and a close
 * button. A polite status line beside it, present from the start and empty until the teaser shows, has screen
 * readers read the text once; nothing takes focus.
 */
export function Teaser({ text, dir, lang, dismissLabel, onAnswer, onDismiss }: TeaserProps) {
  const say = text.value;
  return (
    <div class="tz" dir={dir} lang={lang}>
      <p class="sr" role="status">
        {say ?? ''}
      </p>
      {say != null && (
        <div class="teaser" part="teaser">
          <button class="say" dir="auto" onClick={onAnswer}>
            {say}
          </button>
          <button class="x" aria-label={dismissLabel} onClick={onDismiss}>
            <CloseIcon />
          </button>
        </div>
      )}
    </div>
  );
}
