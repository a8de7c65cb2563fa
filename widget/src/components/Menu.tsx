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
  box = createRef<HTMLDivElement>();
  toggle = createRef<HTMLButtonElement>();

  override componentDidUpdate() {
    // Focus the first action whenever the menu or its confirm step opens.
    if (this.shown !== this.step.value) this.box.current?.querySelector<HTMLElement>('[role=menuitem],.danger')?.focus();
    this.shown = this.step.value;
  }

  close = () => {
    this.step.value = 0;
    this.toggle.current?.focus();
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
      <div class="menu" onKeyDown={onKey}>
        <button ref={this.toggle} class="icon" aria-label={t.menu} aria-haspopup="menu"
          aria-expanded={!!step.value}
          onClick={() => (step.value = step.value ? 0 : 1)}
        >
          <DotsIcon />
        </button>
        {step.value == 1 && (
          <div ref={this.box} class="pop" role="menu" aria-label={t.menu}>
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
          <div ref={this.box} class="pop" role="group" aria-label={t.confirm}>
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
