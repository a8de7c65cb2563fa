import { Component, createRef } from 'preact';
import type { Ctx } from './context';

/**
 * "Conversation ended" with `Start a new conversation`. When the visitor ended it from the menu, or was typing as
 * the agent ended it, focus was inside the panel on something now gone or disabled: it moves to this button, the
 * one thing left to do (issue 16; it used to land on the menu button). Focus elsewhere on the page is left alone:
 * focus lost to nobody counts only if the panel had it last (ChatPanel's data-focus).
 */
export class EndedNotice extends Component {
  btn = createRef<HTMLButtonElement>();

  override componentDidMount() {
    const b = this.btn.current;
    const root = b?.getRootNode() as Document | ShadowRoot | undefined;
    const at = root?.activeElement;
    const lost = !at && document.activeElement == document.body && b?.closest('.panel')?.hasAttribute('data-focus');
    if (lost || (at?.closest('.panel') && !at.closest('.ended'))) b?.focus();
  }

  override render(_: unknown, __: unknown, { c: { t, act } }: Ctx) {
    return (
      <div class="notice ended">
        <p>{t.ended}</p>
        <button ref={this.btn} class="cta" onClick={act.startNew}>
          {t.new}
        </button>
      </div>
    );
  }
}
