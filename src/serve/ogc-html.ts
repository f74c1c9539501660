// HTML views of the OGC API – Features resources for a person with a browser (`?f=html` or an
// Accept header that prefers text/html): the collection list, one collection, a page of items as a
// table with paging, one feature with its citation. Each page links to its JSON twin and to the
// web map. Plain server-rendered HTML, no script; the JSON stays the contract (features.ts).
import { resolveSource } from '../app/sources.ts';

type Lang = 'en' | 'ru';
interface Link { href: string; rel: string; type?: string; title?: string }
interface CollectionJson { id: string; title: string; links: Link[]; extent?: { spatial?: { bbox?: number[][] } } }
interface FeatureJson { id: string | number; geometry: { type: string } | null; properties: Record<string, unknown> }
export interface ItemsJson { features: FeatureJson[]; numberMatched?: number; numberReturned: number; links: Link[] }

const TEXT = {
  en: { collections: 'Collections', items: 'Features', json: 'JSON', map: 'on the map', next: 'Next page', prev: 'Previous page', shown: 'Features {from}–{to} of {total}',
    shownNoTotal: 'Features {from}–{to}', extent: 'Extent (CRS84)', source: 'Source', citations: 'Cited publications', none: 'none cited', geometry: 'Geometry',
    id: 'Id', name: 'Name', api: 'API', record: 'Record', field: 'Field', value: 'Value', openMap: 'Open the web map' },
  ru: { collections: 'Коллекции', items: 'Объекты', json: 'JSON', map: 'на карте', next: 'Следующая страница', prev: 'Предыдущая страница', shown: 'Объекты {from}–{to} из {total}',
    shownNoTotal: 'Объекты {from}–{to}', extent: 'Охват (CRS84)', source: 'Источник', citations: 'Цитируемые публикации', none: 'не указаны', geometry: 'Геометрия',
    id: 'Идентификатор', name: 'Название', api: 'API', record: 'Запись', field: 'Поле', value: 'Значение', openMap: 'Открыть веб-карту' },
} as const;
type Key = keyof typeof TEXT.en;
const tr = (lang: Lang, k: Key, p: Record<string, string | number> = {}) => TEXT[lang][k].replace(/\{(\w+)\}/g, (_, x: string) => String(p[x] ?? ''));

export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const cell = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.map(cell).join(', ') : typeof v === 'object' ? esc(JSON.stringify(v)) : esc(v));
/** The same URL with `f` set: the JSON or HTML twin of a page. */
export function withFormat(href: string, f: 'json' | 'html'): string {
  const u = new URL(href);
  u.searchParams.set('f', f);
  return u.toString();
}

function page(lang: Lang, title: string, crumbs: [string, string | null][], jsonHref: string, body: string): string {
  const nav = crumbs.map(([text, href]) => (href ? `<a href="${esc(href)}">${esc(text)}</a>` : esc(text))).join(' › ');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Karavan</title><link rel="alternate" type="application/json" href="${esc(jsonHref)}">
<style>body{font:14px/1.45 system-ui,sans-serif;margin:1.2rem auto;max-width:68rem;padding:0 1rem;color:#222}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e3e3e3;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f5f7fa}nav{margin-bottom:.6rem;color:#666}
.fmt{float:right}code{font-size:.9em;word-break:break-all}.paging a{margin-right:1rem}</style></head>
<body><nav>${nav}<span class="fmt"><a rel="alternate" type="application/json" href="${esc(jsonHref)}">${esc(tr(lang, 'json'))}</a></span></nav>
<h1>${esc(title)}</h1>
${body}
</body></html>`;
}

// the web map: a browser that asks for / gets the app
const home = (base: string): [string, string] => ['Karavan', `${base}/`];

export function collectionsHtml(lang: Lang, base: string, collections: CollectionJson[]): string {
  const rows = collections.map((c) => `<tr><td><a href="${esc(`${base}/collections/${c.id}/items?f=html`)}">${esc(c.title)}</a></td><td><code>${esc(c.id)}</code></td>` +
    `<td><a href="${esc(`${base}/collections/${c.id}?f=html`)}">${esc(tr(lang, 'collections').toLowerCase())}/${esc(c.id)}</a></td></tr>`);
  return page(lang, tr(lang, 'collections'), [home(base), [tr(lang, 'collections'), null]], `${base}/collections?f=json`,
    `<table><thead><tr><th>${tr(lang, 'name')}</th><th>${tr(lang, 'id')}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p><a href="${esc(`${base}/`)}">${esc(tr(lang, 'openMap'))}</a> · <a href="${esc(`${base}/api`)}">${esc(tr(lang, 'api'))}</a></p>`);
}

export function collectionHtml(lang: Lang, base: string, c: CollectionJson): string {
  const bbox = c.extent?.spatial?.bbox?.[0];
  return page(lang, c.title, [home(base), [tr(lang, 'collections'), `${base}/collections?f=html`], [c.id, null]], `${base}/collections/${c.id}?f=json`,
    `<p><code>${esc(c.id)}</code></p>${bbox ? `<p>${esc(tr(lang, 'extent'))}: ${bbox.map((x) => esc(x)).join(', ')}</p>` : ''}
<p><a href="${esc(`${base}/collections/${c.id}/items?f=html`)}">${esc(tr(lang, 'items'))}</a> · <a href="${esc(`${base}/collections/${c.id}/items?f=json`)}">GeoJSON</a></p>`);
}

/** The columns worth a table: name first, then the attributes that say what the feature is. */
const PREFERRED = ['kind', 'mode', 'country', 'countries', 'countryA', 'countryB', 'status', 'gaugeMm', 'lengthKm', 'gaugeChange', 'sea', 'yearEnd', 'confidence'];

export function itemsHtml(lang: Lang, base: string, c: { id: string; title: string }, items: ItemsJson, offset: number, jsonHref: string): string {
  const present = new Set(items.features.flatMap((f) => Object.keys(f.properties ?? {})));
  const cols = PREFERRED.filter((k) => present.has(k)).slice(0, 6);
  const name = (p: Record<string, unknown>) => (lang === 'ru' && p.name_ru ? p.name_ru : p.name_en ?? p.name_ru ?? '');
  const rows = items.features.map((f) => {
    const id = String(f.id);
    const href = `${base}/collections/${c.id}/items/${encodeURIComponent(id)}?f=html`;
    return `<tr><td><a href="${esc(href)}"><code>${esc(id)}</code></a></td><td>${cell(name(f.properties))}</td>${cols.map((k) => `<td>${cell(f.properties[k])}</td>`).join('')}` +
      `<td><a href="${esc(`${base}/#sel=${c.id}/${encodeURIComponent(id)}`)}">${esc(tr(lang, 'map'))}</a></td></tr>`;
  });
  const from = items.numberReturned ? offset + 1 : 0;
  const to = offset + items.numberReturned;
  const shown = items.numberMatched === undefined ? tr(lang, 'shownNoTotal', { from, to }) : tr(lang, 'shown', { from, to, total: items.numberMatched });
  const paging = ['prev', 'next'].map((rel) => items.links.find((l) => l.rel === rel)).filter((l): l is Link => !!l)
    .map((l) => `<a rel="${l.rel}" href="${esc(withFormat(l.href, 'html'))}">${esc(tr(lang, l.rel === 'next' ? 'next' : 'prev'))}</a>`).join('');
  return page(lang, c.title, [home(base), [tr(lang, 'collections'), `${base}/collections?f=html`], [c.id, `${base}/collections/${c.id}?f=html`], [tr(lang, 'items'), null]], jsonHref,
    `<p>${esc(shown)}</p><p class="paging">${paging}</p>
<table><thead><tr><th>${tr(lang, 'id')}</th><th>${tr(lang, 'name')}</th>${cols.map((k) => `<th>${esc(k)}</th>`).join('')}<th></th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table><p class="paging">${paging}</p>`);
}

export function featureHtml(lang: Lang, base: string, c: { id: string; title: string }, f: FeatureJson, jsonHref: string): string {
  const p = f.properties ?? {};
  const id = String(f.id);
  const rows = Object.entries(p).filter(([k]) => k !== 'sourceId').map(([k, v]) => `<tr><th>${esc(k)}</th><td>${cell(v)}</td></tr>`);
  rows.push(`<tr><th>${esc(tr(lang, 'geometry'))}</th><td>${esc(f.geometry?.type ?? '—')}</td></tr>`);
  let source = '';
  if (typeof p.sourceId === 'string' && p.sourceId) {
    const s = resolveSource(p.sourceId);
    const cites = s.citations.map((x) => `<li>${x.field !== 'source' ? `<i>${esc(x.field)}</i>: ` : ''}${esc(x.publisher)}, ` +
      `${x.url && /^https?:\/\//.test(x.url) ? `<a href="${esc(x.url)}">“${esc(x.title)}”</a>` : `“${esc(x.title)}”`}${x.year ? ` (${x.year})` : ''}${x.licence ? ` · ${esc(x.licence)}` : ''}</li>`);
    source = `<h2>${esc(tr(lang, 'source'))}</h2><p><code>${esc(p.sourceId)}</code>${s.file ? ` · ${esc(tr(lang, 'record'))}: <code>${esc(s.file)}:${s.line}</code>` : ''}</p>
<p>${esc(tr(lang, 'citations'))}: ${cites.length ? `</p><ul>${cites.join('')}</ul>` : `${esc(tr(lang, 'none'))}</p>`}${s.note ? `<p><i>${esc(s.note)}</i></p>` : ''}`;
  }
  const title = String((lang === 'ru' && p.name_ru ? p.name_ru : p.name_en ?? p.name_ru) ?? id);
  return page(lang, title, [home(base), [tr(lang, 'collections'), `${base}/collections?f=html`], [c.id, `${base}/collections/${c.id}/items?f=html`], [id, null]], jsonHref,
    `<p><code>${esc(id)}</code> · ${esc(c.title)} · <a href="${esc(`${base}/#sel=${c.id}/${encodeURIComponent(id)}`)}">${esc(tr(lang, 'map'))}</a></p>
<table><thead><tr><th>${tr(lang, 'field')}</th><th>${tr(lang, 'value')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>${source}`);
}
