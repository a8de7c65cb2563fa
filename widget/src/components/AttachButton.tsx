import type { Ctx } from './context';
import { ClipIcon } from './icons';

/**
 * `Attach file`: a real button (keyboard and screen readers reach it) that opens the file picker of a hidden input.
 * The Composer shows it only while a human agent has the conversation, since Ada takes files only then.
 */
export function AttachButton(_: unknown, { c: { t, act } }: Ctx) {
  let input: HTMLInputElement | null = null;
  return (
    <>
      <button type="button" class="icon attach" aria-label={t.attach} title={t.attach} onClick={() => input?.click()}>
        <ClipIcon />
      </button>
      <input
        type="file"
        hidden
        tabIndex={-1}
        // The bridge checks the content; this only narrows the picker to what it accepts by default.
        accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain"
        ref={(el) => void (input = el)}
        onChange={(e) => {
          const el = e.currentTarget;
          for (const f of Array.from(el.files ?? [])) act.attach(f);
          el.value = ''; // the same file can be picked again
        }}
      />
    </>
  );
}
