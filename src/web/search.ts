// Fuzzy search over /places.json (stations, ports, crossings, corridors, projects; names in
// English, Russian and the local language) with minisearch. Keyboard: ↓/↑ to move, Enter to pick.
import type MiniSearch from 'minisearch';
import { getJson } from './api.ts';
import { lang, nameOf, t } from './i18n.ts';

export interface Place { id: string; layer: string; kind: string; name_en: string; name_ru: string; name_local: string; country: string; lon: number; lat: number }

let index: MiniSearch<Place> | null = null;
let places: Place[] = [];

export async function loadPlaces(): Promise<Place[]> {
  // minisearch is fetched with the index, not with the first view (a chunk of its own)
  const [r, { default: MiniSearchImpl }] = await Promise.all([getJson<{ places: Place[] }>('/places.json'), import('minisearch')]);
  places = r.places;
  // ids are unique per layer only (a crossing and its node may share a name, never an id): key by both
  index = new MiniSearchImpl<Place>({
    idField: 'key', fields: ['name_en', 'name_ru', 'name_local', 'id'],
    extractField: (doc, field) => (field === 'key' ? `${doc.layer}/${doc.id}` : String((doc as unknown as Record<string, unknown>)[field] ?? '')),
    searchOptions: { prefix: true, fuzzy: 0.2, boost: { name_en: 2, name_ru: 2 } },
  });
  index.addAll(places);
  return places;
}

export function searchPlaces(q: string, limit = 10): Place[] {
  if (!index || q.trim().length < 2) return [];
  const byKey = new Map(places.map((p) => [`${p.layer}/${p.id}`, p]));
  return index.search(q).slice(0, limit).map((r) => byKey.get(String(r.id))!).filter(Boolean);
}

export function findPlace(layer: string, id: string): Place | undefined {
  return places.find((p) => p.layer === layer && p.id === id);
}

export function initSearch(onPick: (p: Place) => void, ensureIndex: () => Promise<unknown>): void {
  const input = document.getElementById('search') as HTMLInputElement;
  const list = document.getElementById('search-results') as HTMLUListElement;
  let results: Place[] = [];
  let active = -1;
  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; };
  const draw = () => {
    list.innerHTML = results.length
      ? results.map((p, i) => `<li role="option" id="sr-${i}" aria-selected="${i === active}" data-i="${i}">${escape(nameOf(p as never))} <small>${escape(kindText(p))}${p.country ? ' · ' + escape(p.country) : ''}</small></li>`).join('')
      : `<li role="option" aria-disabled="true">${escape(t('noResults'))}</li>`;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) input.setAttribute('aria-activedescendant', `sr-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const pick = (i: number) => {
    const p = results[i];
    if (!p) return;
    input.value = nameOf(p as never);
    close();
    onPick(p);
  };
  input.addEventListener('input', async () => {
    await ensureIndex();
    results = searchPlaces(input.value);
    active = results.length ? 0 : -1;
    if (input.value.trim().length < 2) close();
    else draw();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && results.length) { active = (active + 1) % results.length; draw(); e.preventDefault(); }
    else if (e.key === 'ArrowUp' && results.length) { active = (active - 1 + results.length) % results.length; draw(); e.preventDefault(); }
    else if (e.key === 'Enter') { pick(active); e.preventDefault(); }
    else if (e.key === 'Escape') close();
  });
  list.addEventListener('mousedown', (e) => {
    const li = (e.target as HTMLElement).closest('li[data-i]') as HTMLElement | null;
    if (li) { e.preventDefault(); pick(Number(li.dataset.i)); }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}

const KIND_RU: Record<string, string> = { station: 'станция', junction: 'узел', port: 'порт', dry_port: 'сухой порт', terminal: 'терминал', border: 'погран. станция',
  city: 'город', crossing: 'пункт пропуска', corridor: 'коридор', project: 'проект' };
const kindText = (p: Place) => (lang() === 'ru' ? KIND_RU[p.kind] ?? p.kind : p.kind.replace(/_/g, ' '));
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
