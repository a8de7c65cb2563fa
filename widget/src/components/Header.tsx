import type { Ctx } from './context';
import { DownIcon } from './icons';
import { Menu } from './Menu';

/** Title, subtitle, the menu, and (launcher mode) a minimize button for small screens. */
export function Header(_: unknown, { c: { opts, t, act } }: Ctx) {
  return (
    <div class="head" part="header">
      <div class="titles">
        <h2>{t.title}</h2>
        {opts.subtitle && <p>{opts.subtitle}</p>}
      </div>
      <Menu />
      {opts.mode === 'launcher' && (
        <button class="icon" aria-label={t.min} onClick={() => act.setOpen(false)}>
          <DownIcon />
        </button>
      )}
    </div>
  );
}
