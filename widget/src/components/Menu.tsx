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
  el = createRef<HTMLDivElement>();

  /** Shows `step`, focused on its first action, or (0) closes the menu with focus back on its button. */
  go = (step: Step) => {
    this.step.value = step; // live() re-renders synchronously on this write, so the DOM below is already current
    this.el.current?.querySelector<HTMLElement>(step ? '.pop button' : 'button')?.focus();
  };

  override render(_: unknown, __: unknown, { c: { store, t, act } }: Ctx) {
    const { step, go } = this;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && step.value) {
        e.stopPropagation();
        go(0);
      }
    };
    return (
      <div ref={this.el} class="menu" onKeyDown={onKey}>
        <button class="icon" aria-label={t.menu} aria-haspopup="menu" aria-expanded={!!step.value}
          onClick={() => go(step.value ? 0 : 1)}
        >
          <DotsIcon />
        </button>
        {step.value == 1 && (
          <div class="pop" role="menu" aria-label={t.menu}>
            {store.ended.value ? (
              <button role="menuitem" onClick={() => (act.startNew(), go(0))}>
                {t.new}
              </button>
            ) : (
              <button role="menuitem" disabled={store.conversation.value?.status !== 'active'}
                onClick={() => go(2)}
              >
                {t.end}
              </button>
            )}
          </div>
        )}
        {step.value == 2 && (
          <div class="pop" role="group" aria-label={t.confirm}>
            <p>{t.confirm}</p>
            <button class="danger" onClick={() => (act.end(), go(0))}>
              {t.yes}
            </button>
            <button onClick={() => go(0)}>
              {t.cancel}
            </button>
          </div>
        )}
      </div>
    );
  }
}
