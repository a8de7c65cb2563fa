import type { Ctx } from './context';
import { Who } from './Who';

/**
 * The empty state, before the first message: who answers (the AI Agent's avatar and name), what to expect, and the
 * greeting as its first message. Nothing is created at Ada until the visitor writes.
 */
export function Intro(_: unknown, { c: { t } }: Ctx) {
  return (
    <div class="intro">
      <Who m={{ role: 'ai_agent', author: { displayName: null, avatar: null } }} />
      <p>{t.intro}</p>
    </div>
  );
}
