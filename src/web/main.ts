// The web map: MapLibre over this server's tiles, a legend that switches layers, a click →
// attribute panel, search, an en/ru switch, a timeline, and (loaded on first use) the projects
// and route panels. Everything the URL can hold goes into it (state.ts).
import { Map as MlMap, NavigationControl, prewarm, ScaleControl, setWorkerUrl, type MapGeoJSONFeature } from 'maplibre-gl';
import { applyTranslations, initialLang, lang, setLang, t, type Lang } from './i18n.ts';
import { hideInfo, rerenderInfo, showFeature } from './info.ts';
import { renderLegend } from './legend.ts';
import { buildStyle, CLICKABLE, DEFAULT_ON, nameExpr, railColor, TOGGLES, yearFilters, type RailColoring } from './map-style.ts';
import { findPlace, initSearch, loadPlaces, type Place } from './search.ts';
import { readState, writeState } from './state.ts';
import { prefetchFirstTiles } from './first-tiles.ts';

setWorkerUrl('/vendor/maplibre-gl-worker.mjs');
// start the tile worker now: it fetches and compiles 0.5 MB before it can ask for the first tile,
// and the rest of this script (translations, the map's WebGL context) need not come first
prewarm();
// marks for the web bench (bench/web.bench.ts reads them): script start → map constructed → style
// loaded → first idle
performance.mark('karavan:script');

const CURRENT_YEAR = new Date().getFullYear();
const state = readState();
setLang(state.lang === 'ru' || state.lang === 'en' ? state.lang : initialLang());
const visible = new Set(state.layers ?? DEFAULT_ON);
let year = state.year ?? CURRENT_YEAR;
let coloring: RailColoring = state.color === 'status' ? 'status' : 'gauge';
let activeTab = 'layers';

const statusEl = document.getElementById('status')!;
function setStatus(text: string, error = false): void {
  statusEl.textContent = text;
  statusEl.classList.toggle('error', error);
}

applyTranslations();
setStatus(t('loading'));

const style = buildStyle(location.origin, lang(), year, coloring, visible);
const map = new MlMap({
  container: 'map',
  style,
  // symbols appear at once: a fade keeps the map busy (and a software-WebGL frame is not cheap)
  // for 300 ms after the last tile, which delays the first `idle` by as much
  fadeDuration: 0,
  center: [66, 46],
  zoom: 3.2,
  minZoom: 2,
  maxZoom: 14,
  // Natural Earth here is clipped to lon 20..135, lat 25..72: beyond it a land layer reads as sea
  maxBounds: [[10, 20], [145, 76]],
  hash: 'map',
  attributionControl: { compact: true },
});
// keep the sidebar from hiding the west of the region on a wide screen
if (window.innerWidth > 720) map.setPadding({ left: 340, top: 0, right: 0, bottom: 0 });
prefetchFirstTiles(map, style.sources.map as { tiles?: string[]; maxzoom?: number });
map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
(window as unknown as { karavan: unknown }).karavan = { map };

map.on('error', (e) => setStatus(t('loadError', { reason: (e.error as Error)?.message ?? 'map' }), true));
performance.mark('karavan:map-created');
let framesBeforeIdle = 0;
const countFrame = () => { framesBeforeIdle++; };
map.on('render', countFrame);
map.once('load', () => performance.mark('karavan:load'));
map.once('idle', () => { map.off('render', countFrame); performance.mark('karavan:idle', { detail: { frames: framesBeforeIdle } }); if (!statusEl.classList.contains('error')) setStatus(''); document.body.dataset.ready = 'true'; });

// ── legend and layers
const legendRoot = document.getElementById('pane-layers')!;
const drawLegend = () => renderLegend(legendRoot, {
  map, visible, coloring,
  onChange: (v) => writeState({ layers: [...v] }),
  onColoring: (c) => {
    coloring = c;
    for (const id of TOGGLES.rail) if (map.getLayer(id)) map.setPaintProperty(id, 'line-color', railColor(c));
    writeState({ color: c });
    drawLegend();
  },
});
drawLegend();

// ── timeline
const yearInput = document.getElementById('year') as HTMLInputElement;
const yearOut = document.getElementById('year-out') as HTMLOutputElement;
yearInput.value = String(year);
yearOut.value = String(year);
yearInput.addEventListener('input', () => {
  year = Number(yearInput.value);
  yearOut.value = String(year);
  for (const [id, filter] of Object.entries(yearFilters(year))) {
    if (map.getLayer(id)) map.setFilter(id, filter);
  }
  writeState({ year: year === CURRENT_YEAR ? undefined : year });
});

// ── clicks, hover
const clickable = Object.keys(CLICKABLE);
map.on('click', (e) => {
  const layers = clickable.filter((id) => map.getLayer(id));
  const hits = map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers });
  // points before lines, lines before corridors: the smallest thing under the cursor wins
  const order = (f: MapGeoJSONFeature) => (f.layer.type === 'circle' ? 0 : f.layer.id === 'corridors' ? 2 : 1);
  const f = hits.sort((a, b) => order(a) - order(b))[0];
  if (!f) return;
  const collection = CLICKABLE[f.layer.id](f.properties);
  const id = String(f.properties.id);
  if (activeTab === 'route' && collection === 'nodes') {
    // in the route planner a station click picks the origin, then the destination
    const from = document.getElementById('route-from') as HTMLInputElement | null;
    const to = document.getElementById('route-to') as HTMLInputElement | null;
    if (from && to) (from.value && !to.value ? to : from.value && to.value ? to : from).value = id;
  }
  writeState({ sel: `${collection}/${id}` });
  void showFeature(collection, id);
});
let hovered: string | number | undefined;
map.on('mousemove', 'corridors', (e) => {
  const id = e.features?.[0]?.id;
  if (hovered !== undefined && hovered !== id) map.setFeatureState({ source: 'map', sourceLayer: 'corridors', id: hovered }, { hover: false });
  hovered = id;
  if (id !== undefined) map.setFeatureState({ source: 'map', sourceLayer: 'corridors', id }, { hover: true });
  map.getCanvas().style.cursor = 'pointer';
});
map.on('mouseleave', 'corridors', () => {
  if (hovered !== undefined) map.setFeatureState({ source: 'map', sourceLayer: 'corridors', id: hovered }, { hover: false });
  hovered = undefined;
  map.getCanvas().style.cursor = '';
});
for (const id of clickable.filter((x) => x !== 'corridors')) {
  map.on('mouseenter', id, () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', id, () => { map.getCanvas().style.cursor = ''; });
}
document.getElementById('info-close')!.addEventListener('click', () => { hideInfo(); writeState({ sel: undefined }); });
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !document.getElementById('info')!.hidden) { hideInfo(); writeState({ sel: undefined }); } });
if (state.sel?.includes('/')) {
  const [collection, ...rest] = state.sel.split('/');
  void showFeature(collection, rest.join('/'));
}

// ── search
const COLLECTION_OF: Record<string, string> = { nodes: 'nodes', ports: 'ports', crossings: 'crossings', corridors: 'corridors', projects: 'projects' };
function goTo(p: Place): void {
  map.flyTo({ center: [p.lon, p.lat], zoom: Math.max(map.getZoom(), p.layer === 'corridors' ? 4 : 7), duration: 600 });
  writeState({ sel: `${COLLECTION_OF[p.layer]}/${p.id}` });
  void showFeature(COLLECTION_OF[p.layer], p.id);
}
// the search index is not needed for the first view: fetch it once the map is idle or on first use
let placesLoading: Promise<unknown> | null = null;
const ensurePlaces = () => (placesLoading ??= loadPlaces().catch((e) => setStatus(t('loadError', { reason: (e as Error).message }), true)));
map.once('idle', () => void ensurePlaces());
initSearch(goTo, ensurePlaces);

// ── language
document.getElementById('lang')!.addEventListener('click', () => {
  const next: Lang = lang() === 'en' ? 'ru' : 'en';
  setLang(next);
  writeState({ lang: next });
  applyTranslations();
  for (const id of ['countries', 'places', 'nodes-labels']) if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', nameExpr(next));
  drawLegend();
  rerenderInfo();
  if (activeTab !== 'layers') void openTab(activeTab, true);
});

// ── the sidebar folds away on small screens
const collapse = document.getElementById('collapse')!;
collapse.addEventListener('click', () => {
  const folded = document.getElementById('sidebar')!.classList.toggle('collapsed');
  collapse.setAttribute('aria-expanded', String(!folded));
  map.setPadding({ left: folded || window.innerWidth <= 720 ? 0 : activeTab === 'layers' ? 340 : 560, top: 0, right: 0, bottom: 0 });
});

// ── tabs: projects, route and flows panels are separate chunks, fetched on first use
// the flows tab (flows-panel.ts) is added here rather than in index.html, beside its loader
document.getElementById('tab-route')!.insertAdjacentHTML('afterend', '<button role="tab" id="tab-flows" aria-controls="pane-flows" aria-selected="false" data-i18n="flowsPanel"></button>');
applyTranslations(document.getElementById('tab-flows')!.parentElement!);
const tabs = ['layers', 'projects', 'route', 'flows', 'alerts'];
document.getElementById('pane-route')!.insertAdjacentHTML('afterend', '<section id="pane-flows" role="tabpanel" aria-labelledby="tab-flows" hidden></section>');
async function openTab(name: string, force = false): Promise<void> {
  if (name === activeTab && !force) return;
  activeTab = name;
  for (const tab of tabs) {
    document.getElementById(`tab-${tab}`)!.setAttribute('aria-selected', String(tab === name));
    document.getElementById(`pane-${tab}`)!.hidden = tab !== name;
  }
  writeState({ panel: name === 'layers' ? undefined : name });
  // tables need more room than the legend
  document.getElementById('sidebar')!.classList.toggle('wide', name !== 'layers');
  map.setPadding({ left: window.innerWidth > 720 ? (name === 'layers' ? 340 : 560) : 0, top: 0, right: 0, bottom: 0 });
  const pane = document.getElementById(`pane-${name}`)!;
  if (name === 'projects') {
    const { renderProjects } = await import('./projects.ts');
    await renderProjects(pane, (id) => {
      const p = findPlace('projects', id);
      if (p) goTo(p);
      else void showFeature('projects', id);
    });
  } else if (name === 'route') {
    const { renderRoutePanel } = await import('./route-panel.ts');
    renderRoutePanel(pane, map);
  } else if (name === 'flows') {
    const { renderFlowsPanel } = await import('./flows-panel.ts');
    await renderFlowsPanel(pane, map);
  } else if (name === 'alerts') {
    const { renderAlertsPanel } = await import('./alerts-panel.ts');
    await renderAlertsPanel(pane, map);
  }
}
tabs.forEach((name, i) => {
  const el = document.getElementById(`tab-${name}`)!;
  el.addEventListener('click', () => void openTab(name));
  el.addEventListener('keydown', (e) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    const next = tabs[(i + d + tabs.length) % tabs.length];
    document.getElementById(`tab-${next}`)!.focus();
    void openTab(next);
  });
});
if (state.panel === 'projects' || state.panel === 'route' || state.panel === 'flows' || state.panel === 'alerts') void openTab(state.panel);
// the alerts layer (alerts-layer.ts) after the first view, in its own chunk
map.once('idle', () => void import('./alerts-layer.ts').then((m) => m.initAlerts(map, () => visible.has('alerts'))).catch((e) => setStatus(t('loadError', { reason: (e as Error).message }), true)));
