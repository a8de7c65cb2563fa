import { signal } from '@preact/signals-core';
import { Component, createRef } from 'preact';
import { downloadText, transcriptText } from '../lib/transcript';
import type { Ctx } from './context';
import { DotsIcon } from './icons';

/** 0: closed, 1: the menu, 2: the confirm step. */
type Step = 0 | 1 | 2;

/**
 * The header menu: `Download transcript` once something was said, `End conversation` (with a confirm step), or
 * `Start a new conversation` once ended. With nothing to offer (before the first message) there is no menu button
 * at all, rather than a menu of one disabled item (issue 16).
 */
export class Menu extends Component {
  /** Local UI state as a signal, so the change re-renders through `live()` like any other. */
  step = signal<Step>(0);
  el = createRef<HTMLDivElement>();

  /** Shows `step`, focused on its first action, or (0) closes the menu with focus back on its button. */
  go = (step: Step) => {
    this.step.value = step; // live() re-renders synchronously on this write, so the DOM below is already current
    this.el.current?.querySelector<HTMLElement>(step ? '.pop button' : 'button')?.focus();
  };

  override render(_: unknown, __: unknown, { c: { store, t, act, opts } }: Ctx) {
    const { step, go } = this;
    const said = store.messages.value.filter((m) => !m.state);
    const status = store.conversation.value?.status;
    if (!said.length && !status) return null;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && step.value) {
        e.stopPropagation();
        go(0);
      }
    };
    const download = () => {
      const text = transcriptText(said, { t, agentName: opts.agentName, lang: opts.lang });
      downloadText(text, `${t.title.replace(/[^\p{L}\p{N}]+/gu, '-')}.txt`, this.el.current!);
      go(0);
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
            ) : status == 'active' && (
              <button role="menuitem" onClick={() => go(2)}>
                {t.end}
              </button>
            )}
            {!!said.length && (
              <button role="menuitem" onClick={download}>
                {t.dl}
              </button>
            )}
          </div>
        )}
        {step.value == 2 && (
          <div class="pop" role="group" aria-label={t.confirm}>
            <p>{t.confirm}</p>
            {/* Focus waits in the transcript until the ended notice takes it (EndedNotice); the menu button is not
                where the visitor goes next. */}
            <button class="danger" onClick={() => (act.end(), (this.step.value = 0), this.el.current?.closest('.panel')?.querySelector<HTMLElement>('.log')?.focus())}>
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
