// The projects panel: every project (paged through the OGC items endpoint) filtered by country and
// status, sortable by any column, and downloadable as CSV exactly as filtered and sorted.
import { getAllFeatures, type Feature } from './api.ts';
import { nameOf, t, valueText, type Key } from './i18n.ts';

type Col = { key: string; label: Key; num?: boolean; value: (p: Record<string, unknown>) => string | number };
const COLS: Col[] = [
  { key: 'name', label: 'name', value: (p) => nameOf(p) },
  { key: 'countries', label: 'country', value: (p) => (Array.isArray(p.countries) ? p.countries.join(', ') : '') },
  { key: 'status', label: 'status', value: (p) => String(p.status ?? '') },
  { key: 'years', label: 'years', num: true, value: (p) => Number(p.yearEnd ?? p.yearStart ?? 0) },
  { key: 'cost', label: 'cost', num: true, value: (p) => Number(p.costAmount ?? 0) },
];
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

let all: Feature[] | null = null;
const view = { country: '', status: '', sort: 'years', desc: false };

function filtered(): Feature[] {
  const rows = (all ?? []).filter((f) => {
    const p = f.properties;
    return (!view.country || (p.countries as string[] | undefined)?.includes(view.country)) && (!view.status || p.status === view.status);
  });
  const col = COLS.find((c) => c.key === view.sort) ?? COLS[0];
  rows.sort((a, b) => {
    const x = col.value(a.properties), y = col.value(b.properties);
    const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return view.desc ? -d : d;
  });
  return rows;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function projectsCsv(rows: Feature[]): string {
  const fields = ['id', 'name_en', 'name_ru', 'countries', 'kind', 'status', 'yearStart', 'yearEnd', 'costAmount', 'costCurrency', 'financiers', 'citation', 'sourceId', 'confidence'];
  return [fields.join(','), ...rows.map((f) => fields.map((k) => csvCell(k === 'id' ? f.id : f.properties[k])).join(','))].join('\n') + '\n';
}

export async function renderProjects(root: HTMLElement, onPick: (id: string) => void): Promise<void> {
  if (!all) {
    root.innerHTML = `<p>${t('loading')}</p>`;
    try {
      all = await getAllFeatures('projects');
    } catch (e) {
      root.innerHTML = `<p class="error-text">${esc(t('loadError', { reason: (e as Error).message }))}</p>`;
      return;
    }
  }
  const countries = [...new Set(all.flatMap((f) => (f.properties.countries as string[]) ?? []))].sort();
  const statuses = [...new Set(all.map((f) => String(f.properties.status)))].sort();
  const opt = (v: string, sel: string, label = v) => `<option value="${esc(v)}" ${v === sel ? 'selected' : ''}>${esc(label)}</option>`;
  const rows = filtered();
  root.innerHTML = `<div class="row"><label for="pf-country">${t('country')}</label><select id="pf-country">${opt('', view.country, t('all'))}${countries.map((c) => opt(c, view.country)).join('')}</select></div>
    <div class="row"><label for="pf-status">${t('status')}</label><select id="pf-status">${opt('', view.status, t('all'))}${statuses.map((s) => opt(s, view.status, valueText(s))).join('')}</select></div>
    <div class="row"><button type="button" id="pf-csv">${t('downloadCsv')}</button> <span>${rows.length} / ${all.length}</span></div>
    <table class="grid" id="projects-table"><thead><tr>${COLS.map((c) => `<th class="${c.num ? 'num' : ''}" aria-sort="${view.sort === c.key ? (view.desc ? 'descending' : 'ascending') : 'none'}"><button type="button" data-sort="${c.key}">${t(c.label)}${view.sort === c.key ? (view.desc ? ' ▾' : ' ▴') : ''}</button></th>`).join('')}</tr></thead>
    <tbody>${rows.map((f) => { const p = f.properties; return `<tr tabindex="0" data-id="${esc(f.id)}"><td>${esc(nameOf(p))}</td><td>${esc(COLS[1].value(p) as string)}</td><td>${esc(valueText(p.status))}</td>
      <td class="num">${p.yearStart ?? ''}${p.yearEnd ? '–' + p.yearEnd : ''}</td><td class="num">${p.costAmount ? `${Number(p.costAmount).toLocaleString()} ${esc(String(p.costCurrency ?? ''))}` : '—'}</td></tr>`; }).join('')}</tbody></table>`;
  const rerender = () => void renderProjects(root, onPick);
  root.querySelector('#pf-country')!.addEventListener('change', (e) => { view.country = (e.target as HTMLSelectElement).value; rerender(); });
  root.querySelector('#pf-status')!.addEventListener('change', (e) => { view.status = (e.target as HTMLSelectElement).value; rerender(); });
  for (const b of root.querySelectorAll<HTMLButtonElement>('button[data-sort]')) {
    b.addEventListener('click', () => { view.desc = view.sort === b.dataset.sort ? !view.desc : false; view.sort = b.dataset.sort!; rerender(); });
  }
  root.querySelector('#pf-csv')!.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([projectsCsv(filtered())], { type: 'text/csv;charset=utf-8' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: 'karavan-projects.csv' });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  for (const tr of root.querySelectorAll<HTMLTableRowElement>('tbody tr')) {
    const go = () => onPick(tr.dataset.id!);
    tr.addEventListener('click', go);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
  }
}
