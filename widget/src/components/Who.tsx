import { safeUrl } from '../lib/markdown';
import type { UiMessage } from '../types';
import type { Ctx } from './context';
import { SparkIcon } from './icons';

/**
 * The name and avatar over a group of agent messages. The AI Agent and a human agent look different at a glance:
 * the AI has a square avatar (`data-agent-avatar`, else a sparkle on the brand colour) and an "AI Agent" tag; a
 * person has a round photo, else their initial.
 */
export function Who({ m }: { m: Pick<UiMessage, 'role' | 'author'> }, { c: { opts, t } }: Ctx) {
  const ai = m.role == 'ai_agent';
  const name = ai ? opts.agentName ?? m.author.displayName ?? t.ai : m.author.displayName ?? t.agent;
  const src = ai ? opts.agentAvatar ?? m.author.avatar : m.author.avatar;
  return (
    <div class={ai ? 'who ai' : 'who human'}>
      <span class="av" aria-hidden="true">
        {src && safeUrl(src) ? <img src={src} alt="" /> : ai ? <SparkIcon /> : name.slice(0, 1).toUpperCase()}
      </span>
      <span class="name">{name}</span>
      {ai && name != t.ai && <span class="tag">{t.ai}</span>}
    </div>
  );
}
