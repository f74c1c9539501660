// The route planner over the routing API (GET /route?from=…&to=…): alternatives drawn in distinct
// colours, a comparison table, an echarts chart of money / time / CO2 / risk (loaded only when a
// route comes back), and the legs with their border crossings and gauge changes. A route's line
// comes from the same query with format=geojson (one line per leg along the links), else from
// the route's own `geometry`, else the polyline through its nodes.
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { ApiError, getJson } from './api.ts';
import { nameOf, t, valueText } from './i18n.ts';
import { findPlace, searchPlaces, type Place } from './search.ts';
import { readState, writeState } from './state.ts';

interface Totals { km: number; hours: number; usd: number; co2Kg: number; risk: number }
interface Leg { mode?: string; fromName?: string; toName?: string; from?: string; to?: string; km?: number; hours?: number; borderHours?: number; gaugeMm?: number | null }
interface RouteAlt {
  totals: Totals; legs?: Leg[]; nodes?: string[]; geometry?: { type: string; coordinates: unknown } | null;
  borderCrossings?: { name?: string | null; fromCountry?: string; toCountry?: string; dwellHours?: number }[];
  gaugeChanges?: { name?: string; fromGaugeMm?: number; toGaugeMm?: number; hours?: number }[];
}
interface RouteResponse { routes: RouteAlt[]; warnings?: (string | { message?: string })[]; unreachable?: { message?: string; reason?: string } }
interface RouteGeoJson { features: { geometry: { type: string; coordinates: [number, number][] }; properties: { route: number } }[] }

export const ROUTE_COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4'];
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const fmt = (v: number | undefined, digits = 0) => (v === undefined || v === null ? '—' : Number(v).toLocaleString(undefined, { maximumFractionDigits: digits }));

function routeLine(r: RouteAlt): [number, number][][] {
  const g = r.geometry;
  if (g?.type === 'LineString') return [g.coordinates as [number, number][]];
  if (g?.type === 'MultiLineString') return g.coordinates as [number, number][][];
  const pts = (r.nodes ?? []).map((id) => findPlace('nodes', id)).filter((p): p is Place => !!p).map((p) => [p.lon, p.lat] as [number, number]);
  return pts.length > 1 ? [pts] : [];
}

function ensureLayer(map: MlMap): GeoJSONSource {
  if (!map.getSource('route')) {
    map.addSource('route', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: 'route-casing', type: 'line', source: 'route', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#fff', 'line-width': 8 } });
    map.addLayer({ id: 'route-line', type: 'line', source: 'route', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': ['case', ['==', ['get', 'rank'], 0], 5, 3.5] } });
  }
  return map.getSource('route') as GeoJSONSource;
}

/** A place name typed by the user → the API's from/to value (a node id when the search knows it). */
function resolve(text: string): string {
  const hit = searchPlaces(text, 1)[0];
  return hit && hit.layer === 'nodes' ? hit.id : text.trim();
}

export function renderRoutePanel(root: HTMLElement, map: MlMap): void {
  const s = readState();
  root.innerHTML = `<form id="route-form" novalidate>
    <div class="row"><label for="route-from">${t('from')}</label><input id="route-from" name="from" list="route-places" value="${esc(s.from ?? '')}" required></div>
    <div class="row"><label for="route-to">${t('to')}</label><input id="route-to" name="to" list="route-places" value="${esc(s.to ?? '')}" required></div>
    <div class="row"><label for="route-profile">${t('profile')}</label><select id="route-profile" name="profile">
      ${['container', 'bulk'].map((p) => `<option ${s.profile === p ? 'selected' : ''}>${p}</option>`).join('')}</select></div>
    <div class="row"><label for="route-avoid">${t('avoidCountries')}</label><input id="route-avoid" name="avoid" placeholder="AF, IR" value="${esc(s.avoid ?? '')}"></div>
    <div class="row"><label for="route-via">${t('via')}</label><input id="route-via" name="via" list="route-places" placeholder="KZ-AKTAU-PORT; AZ-BAKU" value="${esc(s.via ?? '')}"></div>
    <fieldset class="row"><legend>${t('modes')}</legend>${['rail', 'road', 'ferry'].map((m) => `<label><input type="checkbox" name="mode" value="${m}" ${!s.modes || s.modes.split(',').includes(m) ? 'checked' : ''}> ${valueText(m)}</label>`).join(' ')}</fieldset>
    <div class="row"><label for="route-weights">${t('weights')}</label><input id="route-weights" name="weights" placeholder="usd=1,hours=20,co2Kg=0.1,risk=100" value="${esc(s.weights ?? '')}"></div>
    <div class="row"><label><input type="checkbox" id="route-pareto" ${s.pareto ? 'checked' : ''}> ${t('pareto')}</label></div>
    <div class="row"><button class="primary" type="submit">${t('planRoute')}</button></div>
  </form>
  <datalist id="route-places"></datalist>
  <div id="route-result" aria-live="polite"></div>`;
  // suggestions for the place fields come from the same fuzzy index as the search box
  const list = root.querySelector('#route-places') as HTMLDataListElement;
  for (const id of ['route-from', 'route-to', 'route-via']) {
    root.querySelector(`#${id}`)!.addEventListener('input', (e) => {
      const q = (e.target as HTMLInputElement).value.split(';').pop() ?? '';
      list.innerHTML = searchPlaces(q, 8).filter((p) => p.layer === 'nodes').map((p) => `<option value="${esc(p.id)}">${esc(nameOf(p as never))}</option>`).join('');
    });
  }
  const form = root.querySelector('#route-form') as HTMLFormElement;
  form.addEventListener('submit', (e) => { e.preventDefault(); void plan(root, map); });
  if (s.from && s.to && s.panel === 'route') void plan(root, map);
}

async function plan(root: HTMLElement, map: MlMap): Promise<void> {
  const out = root.querySelector('#route-result') as HTMLElement;
  const v = (id: string) => (root.querySelector(`#${id}`) as HTMLInputElement).value.trim();
  const from = v('route-from'), to = v('route-to'), profile = v('route-profile'), avoid = v('route-avoid'), via = v('route-via'), weights = v('route-weights');
  const modes = [...root.querySelectorAll<HTMLInputElement>('input[name="mode"]:checked')].map((c) => c.value);
  const pareto = (root.querySelector('#route-pareto') as HTMLInputElement).checked;
  const allModes = modes.length === 3;
  writeState({ from, to, profile, avoid, via, weights, modes: allModes ? undefined : modes.join(','), pareto: pareto ? '1' : undefined });
  const q = new URLSearchParams({ from: resolve(from), to: resolve(to), profile, alternatives: '3' });
  if (avoid) q.set('avoidCountries', avoid.replace(/\s+/g, ''));
  if (via) q.set('via', via.split(';').map((x) => resolve(x)).filter(Boolean).join(';'));
  if (weights) q.set('weights', weights.replace(/\s+/g, ''));
  // no box ticked is passed on as is, so the API explains why that cannot work
  if (!allModes) q.set('modes', modes.join(','));
  if (pareto) q.set('pareto', 'true');
  out.innerHTML = `<p>${t('loading')}</p>`;
  let res: RouteResponse;
  let lines: RouteGeoJson | null;
  try {
    [res, lines] = await Promise.all([
      getJson<RouteResponse>(`/route?${q}`),
      getJson<RouteGeoJson>(`/route?${q}&format=geojson`).catch(() => null),
    ]);
  } catch (e) {
    const err = e as ApiError;
    const missing = err.status === 404 && err.code === 'NOT_FOUND' && err.field === null;
    out.innerHTML = `<p class="error-text" role="alert">${esc(missing ? t('routeUnavailable') : t('noRoute', { reason: err.message }))}</p>`;
    if (map.getSource('route')) ensureLayer(map).setData({ type: 'FeatureCollection', features: [] });
    return;
  }
  const routes = res.routes ?? [];
  if (routes.length === 0) {
    const reason = res.unreachable?.message ?? (res.warnings ?? []).map((w) => (typeof w === 'string' ? w : w.message ?? '')).join('; ');
    out.innerHTML = `<p class="error-text" role="alert">${esc(t('noRoute', { reason }))}</p>`;
    if (map.getSource('route')) ensureLayer(map).setData({ type: 'FeatureCollection', features: [] });
    return;
  }
  if (!map.isStyleLoaded()) await map.once('load');
  const colour = (i: number) => ROUTE_COLORS[i % ROUTE_COLORS.length];
  const features = routes.flatMap((r, i) => {
    const own = (lines?.features ?? []).filter((f) => f.properties.route === i && f.geometry.coordinates.length > 1).map((f) => f.geometry.coordinates);
    return (own.length ? own : routeLine(r)).map((coords) => ({ type: 'Feature' as const, geometry: { type: 'LineString' as const, coordinates: coords }, properties: { rank: i, color: colour(i) } }));
  });
  ensureLayer(map).setData({ type: 'FeatureCollection', features: [...features].reverse() });
  const all = features.flatMap((f) => f.geometry.coordinates);
  if (all.length) {
    const xs = all.map((c) => c[0]), ys = all.map((c) => c[1]);
    // Fit the routes into the part of the map the sidebar leaves visible (on a narrow screen the
    // sidebar may cover most of it: then no more than half the width is given up).
    const side = document.getElementById('sidebar')?.getBoundingClientRect();
    const width = map.getContainer().clientWidth;
    const left = side && side.width < width ? Math.min(side.right + 40, width / 2) : 60;
    map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: { top: 60, bottom: 80, right: 60, left }, duration: 0 });
  }
  const head = `<tr><th>#</th><th class="num">${t('km')}</th><th class="num">${t('hours')}</th><th class="num">${t('usd')}</th><th class="num">${t('co2')}</th><th class="num">${t('risk')}</th></tr>`;
  const rows = routes.map((r, i) => `<tr><td><span class="sw" style="border-top-color:${ROUTE_COLORS[i % ROUTE_COLORS.length]}"></span> ${i + 1}</td>
    <td class="num">${fmt(r.totals.km)}</td><td class="num">${fmt(r.totals.hours, 1)}</td><td class="num">${fmt(r.totals.usd)}</td><td class="num">${fmt(r.totals.co2Kg)}</td><td class="num">${fmt(r.totals.risk, 2)}</td></tr>`);
  const legs = routes[0].legs ?? [];
  const warnings = (res.warnings ?? []).map((w) => (typeof w === 'string' ? w : w.message ?? JSON.stringify(w)));
  out.innerHTML = `<table class="grid" id="route-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>
    <div id="route-chart" role="img" aria-label="${t('route')}"></div>
    <h4>${t('legs')} (1)</h4><ol class="legs">${legs.map((l) => `<li>${esc(l.fromName ?? l.from ?? '')} → ${esc(l.toName ?? l.to ?? '')}: ${esc(String(l.mode ?? ''))}${l.gaugeMm ? ` ${l.gaugeMm} mm` : ''}, ${fmt(l.km)} ${t('km')}, ${fmt(l.hours, 1)} ${t('hours')}${l.borderHours ? ` (+${fmt(l.borderHours, 1)} ${t('hours')} ⛯)` : ''}</li>`).join('')}</ol>
    ${(routes[0].borderCrossings ?? []).map((b) => `<p>⛯ ${esc(b.name ?? '')} ${esc(b.fromCountry ?? '')} → ${esc(b.toCountry ?? '')}: ${fmt(b.dwellHours, 1)} ${t('hours')}</p>`).join('')}
    ${(routes[0].gaugeChanges ?? []).map((g) => `<p>⇆ ${esc(g.name ?? '')}: ${g.fromGaugeMm} → ${g.toGaugeMm} mm, ${fmt(g.hours, 1)} ${t('hours')}</p>`).join('')}
    ${warnings.length ? `<h4>${t('warnings')}</h4><ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}`;
  await drawChart(out.querySelector('#route-chart') as HTMLElement, routes);
}

async function drawChart(el: HTMLElement, routes: RouteAlt[]): Promise<void> {
  const { drawBars } = await import('./chart.ts');
  // each criterion relative to the best alternative, so money and minutes share one axis
  const crit: [keyof Totals, string][] = [['usd', t('usd')], ['hours', t('hours')], ['co2Kg', t('co2')], ['risk', t('risk')]];
  const best = crit.map(([k]) => Math.min(...routes.map((r) => r.totals[k])) || 1);
  drawBars(el, crit.map(([, label]) => label), '× best', routes.map((r, i) => ({
    name: `#${i + 1}`, color: ROUTE_COLORS[i % ROUTE_COLORS.length], values: crit.map(([k], j) => Math.round((r.totals[k] / best[j]) * 100) / 100),
  })));
}
