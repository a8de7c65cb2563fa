import { format } from '../i18n/messages';
import { safeUrl } from '../lib/markdown';
import type { Ctx } from './context';

/** Connection state (reconnecting, offline, failed) and the handoff banner naming the human agent. */
export function StatusBanner(_: unknown, { c: { store, t } }: Ctx) {
  const status = store.status.value;
  const h = store.conversation.value?.handoff;
  const failed = status == 'failed';
  const error = store.error.value;
  // Once the bridge has been out of reach a while, say plainly what happens to messages (retries go on meanwhile).
  const conn = failed ? (error ? error + ' ' : '') + t.lost : store.stalled.value ? t.wait
    : !store.online.value ? t.offline : status == 'reconnecting' && t.reconn;
  return (
    <>
      {conn && (
        <div class={failed ? 'banner err' : 'banner'} role={failed ? 'alert' : 'status'}>
          {conn}
        </div>
      )}
      {h && (
        <div class="banner human" role="status">
          {h.agentAvatar && safeUrl(h.agentAvatar) && <img src={h.agentAvatar} alt="" />}
          {format(t.human, h.agentName ?? t.agent)}
        </div>
      )}
    </>
  );
}
