import { escapeAttribute } from './markdown';

/**
 * `GET /lab`: a bare page for the e2e suite with the widget's script tag as the query writes it, the way a site
 * owner would paste any combination of attributes. `?attr.title=Help&attr.position=left` becomes
 * `data-title="Help" data-position="left"`; `containers=a,b` adds empty 420 px boxes `#a` and `#b` for inline
 * chats; `lang` sets `<html lang>`; `tag=none` leaves the script tag out. Every value is escaped.
 */
export function labPage(query: URLSearchParams, bridgeUrl: string): string {
  const attrs = [...query].flatMap(([k, v]) => (/^attr\.[a-z][a-z-]*$/.test(k) ? [` data-${k.slice(5)}="${escapeAttribute(v)}"`] : []));
  const ids = (query.get('containers') ?? '').split(',').filter((id) => /^[a-z][a-z0-9-]*$/.test(id));
  const lang = /^[A-Za-z-]{2,20}$/.test(query.get('lang') ?? '') ? query.get('lang') : 'en';
  const tag = query.get('tag') === 'none' ? '' : `<script src="${escapeAttribute(`${bridgeUrl}/widget.js`)}"${attrs.join('')} async></script>`;
  return `<!doctype html>
<html lang="${lang}">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Lab · Lovelace Support</title></head>
  <body style="margin:0;font:16px sans-serif">
    <h1>Lab page</h1>
    ${ids.map((id) => `<div id="${id}" style="height:420px"></div>`).join('\n    ')}
    ${tag}
  </body>
</html>
`;
}
