// The attribute panel: the full record from the OGC items endpoint, its fields in the current
// language, and its provenance (source and confidence) set apart so it is never missed.
import { getFeature, getJson, type Feature } from './api.ts';
import { fieldName, lang, nameOf, t, valueText } from './i18n.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const COUNTRY_FIELDS = new Set(['country', 'countryA', 'countryB', 'countries']);
/** "KZ" → "Kazakhstan (KZ)" / "Казахстан (KZ)" from the browser's own region names. */
function countryText(code: string): string {
  try {
    const name = new Intl.DisplayNames([lang()], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
const HIDDEN = new Set(['name_en', 'name_ru', 'sourceId', 'confidence', 'changes', 'id', 'costCurrency']);

let shown: { collection: string; id: string; feature: Feature | null } | null = null;

/** GET /sources/{id}: the curated row behind a sourceId and the publications it cites. */
interface Citation { field: string; key: string; publisher: string; title: string; year: number | null; url: string | null; licence: string | null }
interface SourceInfo { id: string; file: string | null; line: number | null; citations: Citation[]; note: string | null }
const sourceCache = new Map<string, Promise<SourceInfo>>();
const getSource = (id: string) => {
  let p = sourceCache.get(id);
  if (!p) {
    p = getJson<SourceInfo>(`/sources/${encodeURIComponent(id)}`);
    p.catch(() => sourceCache.delete(id));
    sourceCache.set(id, p);
  }
  return p;
};

function citationsHtml(s: SourceInfo): string {
  // only http(s) links: a URL in a CSV row must not become a javascript: link
  const link = (url: string | null, text: string) => (url && /^https?:\/\//.test(url) ? `<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(text)}</a>` : esc(text));
  const items = s.citations.map((c) => `<li data-key="${esc(c.key)}">${c.field !== 'source' ? `<i>${esc(fieldName(c.field))}:</i> ` : ''}` +
    `${esc(c.publisher)}, ${link(c.url, `“${c.title}”`)}${c.year ? ` (${c.year})` : ''}${c.licence ? ` · ${esc(c.licence)}` : ''}</li>`);
  return (items.length ? `<ul class="citations">${items.join('')}</ul>` : `<div class="muted">${esc(t('noCitation'))}</div>`) +
    (s.note ? `<div class="muted"><i>${esc(t('sourceNote'))}:</i> ${esc(s.note)}</div>` : '') +
    (s.file ? `<div class="muted">${esc(t('sourceRecord'))}: <code>${esc(s.file)}${s.line ? `:${s.line}` : ''}</code></div>` : '');
}

function changesText(changes: unknown): string {
  if (!Array.isArray(changes) || changes.length === 0) return '—';
  return changes.map((c: Record<string, unknown>) => {
    if (c.op === 'add_link') return `+ ${c.link}`;
    const target = c.link ?? c.crossing ?? c.port;
    return `${target}: ${fieldName(String(c.attr))} → ${valueText(c.value)}`;
  }).map(esc).join('<br>');
}

function render(body: HTMLElement, collection: string, f: Feature): void {
  const p = f.properties;
  const rows = Object.entries(p).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== '').map(([k, v]) => {
    let text = valueText(v);
    if (k === 'costAmount' && p.costCurrency) text = `${Number(v).toLocaleString()} ${p.costCurrency}`;
    if (COUNTRY_FIELDS.has(k)) text = ([] as unknown[]).concat(v).map((c) => countryText(String(c))).join(', ');
    return `<tr><th>${esc(fieldName(k))}</th><td>${esc(text)}</td></tr>`;
  });
  if (collection === 'projects') rows.push(`<tr><th>${esc(t('changes'))}</th><td>${changesText(p.changes)}</td></tr>`);
  body.innerHTML = `<h2>${esc(nameOf(p))}</h2>
    <div class="muted"><code>${esc(f.id)}</code> · ${esc(collection)}</div>
    <div class="prov" data-testid="provenance"><b>${esc(t('source'))}:</b> <code class="source-id">${esc(String(p.sourceId ?? '—'))}</code>
      <div class="citation" aria-busy="true"></div>
      <b>${esc(t('confidence'))}:</b> <span class="confidence">${esc(valueText(p.confidence))}</span></div>
    <table>${rows.join('')}</table>`;
  if (typeof p.sourceId !== 'string' || !p.sourceId) return;
  const sourceId = p.sourceId;
  getSource(sourceId).then((s) => {
    const el = body.querySelector<HTMLElement>('.citation');
    // the panel may show another feature (or language) by now
    if (!el || body.querySelector('.source-id')?.textContent !== sourceId) return;
    el.innerHTML = citationsHtml(s);
    el.removeAttribute('aria-busy');
    el.dataset.loaded = 'true';
  }).catch((e: Error) => {
    const el = body.querySelector<HTMLElement>('.citation');
    if (el) { el.innerHTML = `<span class="error-text">${esc(t('loadError', { reason: e.message }))}</span>`; el.removeAttribute('aria-busy'); }
  });
}

export async function showFeature(collection: string, id: string): Promise<void> {
  const panel = document.getElementById('info')!;
  const body = document.getElementById('info-body')!;
  panel.hidden = false;
  panel.dataset.collection = collection;
  panel.dataset.id = id;
  body.innerHTML = `<p>${esc(t('loading'))}</p>`;
  shown = { collection, id, feature: null };
  try {
    const f = await getFeature(collection, id);
    if (shown?.id !== id) return;
    shown.feature = f;
    render(body, collection, f);
  } catch (e) {
    body.innerHTML = `<p class="error-text">${esc(t('loadError', { reason: (e as Error).message }))}</p>`;
  }
}

/** Re-renders in the new language without a new request. */
export function rerenderInfo(): void {
  if (shown?.feature) render(document.getElementById('info-body')!, shown.collection, shown.feature);
}

export function hideInfo(): void {
  document.getElementById('info')!.hidden = true;
  shown = null;
}
