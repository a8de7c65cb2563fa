import { signal } from '@preact/signals-core';
import { Component, createRef } from 'preact';
import type { Ctx } from './context';
import { DotsIcon } from './icons';

/** 0: closed, 1: the menu, 2: the confirm step. */
type Step = 0 | 1 | 2;

/** The header menu: `End conversation` (with a confirm step), or `Start a new conversation` once ended. */
export class Menu extends Component {
  /** Local UI state as a signal, so the change re-renders through `live()` like any other. */
  step = signal<Step>(0);
  shown: Step = 0;
  el = createRef<HTMLDivElement>();
  focus = (selector: string) => this.el.current?.querySelector<HTMLElement>(selector)?.focus();

  override componentDidUpdate() {
    // Focus the first action whenever the menu or its confirm step opens.
    if (this.shown !== this.step.value) this.focus('.pop button');
    this.shown = this.step.value;
  }

  /** Closes the menu, focus back on its button. */
  close = () => {
    this.step.value = 0;
    this.focus('button');
  };

  override render(_: unknown, __: unknown, { c: { store, t, act } }: Ctx) {
    const { step, close } = this;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && step.value) {
        e.stopPropagation();
        close();
      }
    };
    return (
      <div ref={this.el} class="menu" onKeyDown={onKey}>
        <button class="icon" aria-label={t.menu} aria-haspopup="menu" aria-expanded={!!step.value}
          onClick={() => (step.value = step.value ? 0 : 1)}
        >
          <DotsIcon />
        </button>
        {step.value == 1 && (
          <div class="pop" role="menu" aria-label={t.menu}>
            {store.ended.value ? (
              <button role="menuitem" onClick={() => (act.startNew(), close())}>
                {t.new}
              </button>
            ) : (
              <button role="menuitem" disabled={store.conversation.value?.status !== 'active'}
                onClick={() => (step.value = 2)}
              >
                {t.end}
              </button>
            )}
          </div>
        )}
        {step.value == 2 && (
          <div class="pop" role="group" aria-label={t.confirm}>
            <p>{t.confirm}</p>
            <button class="danger" onClick={() => (act.end(), close())}>
              {t.yes}
            </button>
            <button onClick={close}>
              {t.cancel}
            </button>
          </div>
        )}
      </div>
    );
  }
}
