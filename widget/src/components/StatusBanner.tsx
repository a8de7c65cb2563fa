import { format } from '../i18n/messages';
import { safeUrl } from '../lib/markdown';
import type { Ctx } from './context';

/** Connection state (reconnecting, offline, failed) and the handoff banner naming the human agent. */
export function StatusBanner(_: unknown, { c: { store, t } }: Ctx) {
  const status = store.status.value;
  const h = store.handoff.value;
  const conn =
    status === 'failed' ? (
      <div class="banner err" role="alert">
        {store.error.value && `${store.error.value} `}
        {t.lost}
      </div>
    ) : !store.online.value ? (
      <div class="banner" role="status">{t.offline}</div>
    ) : status === 'reconnecting' ? (
      <div class="banner" role="status">{t.reconn}</div>
    ) : null;
  return (
    <>
      {conn}
      {h && (
        <div class="banner human" role="status">
          {h.agentAvatar && safeUrl(h.agentAvatar) && <img src={h.agentAvatar} alt="" />}
          {format(t.human, h.agentName ?? t.agent)}
        </div>
      )}
    </>
  );
}
