import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { useChat } from './context';
import { DotsIcon } from './icons';

/** The header menu: `End conversation` (with a confirm step), or `Start a new conversation` once ended. */
export function Menu() {
  const { store, t, act } = useChat();
  const step = useSignal<'closed' | 'menu' | 'confirm'>('closed');
  const box = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => box.current?.querySelector<HTMLElement>('[role=menuitem],.danger')?.focus(), [step.value]);
  const close = () => {
    step.value = 'closed';
    toggle.current?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && step.value !== 'closed') {
      e.stopPropagation();
      close();
    }
  };
  const active = store.conversation.value?.status === 'active';
  return (
    <div class="menu" onKeyDown={onKey}>
      <button
        ref={toggle}
        type="button"
        class="icon"
        aria-label={t.menu}
        aria-haspopup="menu"
        aria-expanded={step.value !== 'closed'}
        onClick={() => (step.value = step.value === 'closed' ? 'menu' : 'closed')}
      >
        <DotsIcon />
      </button>
      {step.value === 'menu' && (
        <div ref={box} class="pop" role="menu" aria-label={t.menu}>
          {store.ended.value ? (
            <button type="button" role="menuitem" onClick={() => (act.startNew(), close())}>
              {t.new}
            </button>
          ) : (
            <button type="button" role="menuitem" disabled={!active} onClick={() => (step.value = 'confirm')}>
              {t.end}
            </button>
          )}
        </div>
      )}
      {step.value === 'confirm' && (
        <div ref={box} class="pop" role="group" aria-label={t.confirm}>
          <p>{t.confirm}</p>
          <button type="button" class="danger" onClick={() => (act.end(), close())}>
            {t.yes}
          </button>
          <button type="button" onClick={close}>
            {t.cancel}
          </button>
        </div>
      )}
    </div>
  );
}
