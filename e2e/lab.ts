import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { AdaSim } from '../demo/ada-sim/types';
import { E2E_METRICS_TOKEN } from './fixtures';

/** What a lab page (demo/site/labPage.ts) holds: the widget's script tag with these attributes, and containers. */
export interface LabPage {
  /** `data-*` attributes of the script tag, without the `data-` prefix; `null` leaves the tag out. */
  attrs?: Record<string, string> | null;
  /** Ids of empty 420 px boxes on the page, for inline chats. */
  containers?: string[];
  /** `<html lang>`. */
  lang?: string;
}

/** The URL of a lab page on the demo site's own origin (which the bridge allows), as a site owner would write it. */
export function labUrl(siteUrl: string, lab: LabPage = {}): string {
  const q = new URLSearchParams();
  if (lab.attrs === null) q.set('tag', 'none');
  for (const [k, v] of Object.entries(lab.attrs ?? {})) q.set(`attr.${k}`, v);
  if (lab.containers) q.set('containers', lab.containers.join(','));
  if (lab.lang) q.set('lang', lab.lang);
  return `${siteUrl}/lab?${q}`;
}

/** Opens a lab page and waits until widget.js has installed `window.Parley` (the real one, not the pre-load queue). */
export async function openLab(page: Page, siteUrl: string, lab: LabPage = {}): Promise<string> {
  const url = labUrl(siteUrl, lab);
  await page.goto(url);
  await waitForParley(page);
  return url;
}

/** Waits until widget.js has run on the page. */
export async function waitForParley(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const p = (window as unknown as { Parley?: { init?: unknown; q?: unknown } }).Parley;
    return typeof p?.init === 'function' && !p.q;
  });
}

/** GET on the simulator's Ada API with its key, as the Ada dashboard would show the record. */
export async function adaGet<T>(sim: AdaSim, path: string): Promise<T> {
  const res = await fetch(`${sim.url}/api/v2/${path}`, { headers: { authorization: `Bearer ${sim.apiKey}` } });
  expect(res.status, `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

/** A conversation at the simulator, over HTTP. */
export const adaConversation = (sim: AdaSim, id: string) =>
  adaGet<{ id: string; end_user_id: string; status: string; metadata: Record<string, unknown> }>(sim, `conversations/${id}/`);

/** An end user at the simulator, over HTTP. */
export const adaEndUser = (sim: AdaSim, id: string) =>
  adaGet<{ end_user_id: string; profile: { display_name: string | null; avatar: string | null; language: string | null } }>(sim, `end-users/${id}/`);

/** The bridge's open SSE streams, from its Prometheus metrics. */
export async function openStreams(bridgeUrl: string): Promise<number> {
  const text = await (await fetch(`${bridgeUrl}/metrics`, { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } })).text();
  return Number(/^parley_sse_streams_open (\d+)/m.exec(text)?.[1] ?? NaN);
}
