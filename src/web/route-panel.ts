// The route planner over the routing API (GET /route?from=…&to=…): alternatives drawn in distinct
// colours, a comparison table, an echarts chart of money / time / CO2 / risk (loaded only when a
// route comes back), and the legs with their border crossings and gauge changes. A route's line
// is its GeoJSON `geometry` when the API sends one, else the polyline through its nodes.
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { ApiError, getJson } from './api.ts';
import { t } from './i18n.ts';
import { findPlace, searchPlaces, type Place } from './search.ts';
import { readState, writeState } from './state.ts';

interface Totals { km: number; hours: number; usd: number; co2Kg: number; risk: number }
interface Leg { mode?: string; fromName?: string; toName?: string; from?: string; to?: string; km?: number; hours?: number; borderHours?: number; gaugeMm?: number | null }
interface RouteAlt {
  totals: Totals; legs?: Leg[]; nodes?: string[]; geometry?: { type: string; coordinates: unknown } | null;
  borderCrossings?: { name?: string | null; fromCountry?: string; toCountry?: string; dwellHours?: number }[];
  gaugeChanges?: { name?: string; fromGaugeMm?: number; toGaugeMm?: number; hours?: number }[];
}
interface RouteResponse { routes: RouteAlt[]; warnings?: (string | { message?: string })[] }

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
      ${['container', 'bulk', 'general'].map((p) => `<option ${s.profile === p ? 'selected' : ''}>${p}</option>`).join('')}</select></div>
    <div class="row"><label for="route-avoid">${t('avoidCountries')}</label><input id="route-avoid" name="avoid" placeholder="AF, IR" value="${esc(s.avoid ?? '')}"></div>
    <div class="row"><button class="primary" type="submit">${t('planRoute')}</button></div>
  </form>
  <div id="route-result" aria-live="polite"></div>`;
  const form = root.querySelector('#route-form') as HTMLFormElement;
  form.addEventListener('submit', (e) => { e.preventDefault(); void plan(root, map); });
  if (s.from && s.to && s.panel === 'route') void plan(root, map);
}

async function plan(root: HTMLElement, map: MlMap): Promise<void> {
  const out = root.querySelector('#route-result') as HTMLElement;
  const v = (id: string) => (root.querySelector(`#${id}`) as HTMLInputElement).value.trim();
  const from = v('route-from'), to = v('route-to'), profile = v('route-profile'), avoid = v('route-avoid');
  writeState({ from, to, profile, avoid });
  const q = new URLSearchParams({ from: resolve(from), to: resolve(to), profile, alternatives: '3' });
  if (avoid) q.set('avoidCountries', avoid.replace(/\s+/g, ''));
  out.innerHTML = `<p>${t('loading')}</p>`;
  let res: RouteResponse;
  try {
    res = await getJson<RouteResponse>(`/route?${q}`);
  } catch (e) {
    const err = e as ApiError;
    const missing = err.status === 404 && err.code === 'NOT_FOUND' && err.field === null;
    out.innerHTML = `<p class="error-text" role="alert">${esc(missing ? t('routeUnavailable') : t('noRoute', { reason: err.message }))}</p>`;
    if (map.getSource('route')) ensureLayer(map).setData({ type: 'FeatureCollection', features: [] });
    return;
  }
  const routes = res.routes ?? [];
  if (routes.length === 0) {
    out.innerHTML = `<p class="error-text" role="alert">${esc(t('noRoute', { reason: (res.warnings ?? []).map((w) => (typeof w === 'string' ? w : w.message ?? '')).join('; ') }))}</p>`;
    return;
  }
  if (!map.isStyleLoaded()) await map.once('load');
  const features = routes.flatMap((r, i) => routeLine(r).map((coords) => ({ type: 'Feature' as const, geometry: { type: 'LineString' as const, coordinates: coords }, properties: { rank: i, color: ROUTE_COLORS[i % ROUTE_COLORS.length] } })));
  ensureLayer(map).setData({ type: 'FeatureCollection', features: features.reverse() });
  const all = features.flatMap((f) => f.geometry.coordinates);
  if (all.length) {
    const xs = all.map((c) => c[0]), ys = all.map((c) => c[1]);
    map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 80, duration: 0 });
  }
  const head = `<tr><th>#</th><th class="num">${t('km')}</th><th class="num">${t('hours')}</th><th class="num">${t('usd')}</th><th class="num">${t('co2')}</th><th class="num">${t('risk')}</th></tr>`;
  const rows = routes.map((r, i) => `<tr><td><span class="sw" style="border-top-color:${ROUTE_COLORS[i % ROUTE_COLORS.length]}"></span> ${i + 1}</td>
    <td class="num">${fmt(r.totals.km)}</td><td class="num">${fmt(r.totals.hours, 1)}</td><td class="num">${fmt(r.totals.usd)}</td><td class="num">${fmt(r.totals.co2Kg)}</td><td class="num">${fmt(r.totals.risk, 2)}</td></tr>`);
  const legs = routes[0].legs ?? [];
  const warnings = (res.warnings ?? []).map((w) => (typeof w === 'string' ? w : w.message ?? JSON.stringify(w)));
  out.innerHTML = `<table class="grid" id="route-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>
    <div id="route-chart" role="img" aria-label="${t('route')}"></div>
    <h4>${t('legs')} (1)</h4><ol class="legs">${legs.map((l) => `<li>${esc(l.fromName ?? l.from ?? '')} → ${esc(l.toName ?? l.to ?? '')}: ${esc(String(l.mode ?? ''))}${l.gaugeMm ? ` ${l.gaugeMm} mm` : ''}, ${fmt(l.km)} ${t('km')}, ${fmt(l.hours, 1)} ${t('hours')}${l.borderHours ? ` (+${fmt(l.borderHours, 1)} ${t('hours')} ⛯)` : ''}</li>`).join('')}</ol>
    ${(routes[0].gaugeChanges ?? []).map((g) => `<p>⇆ ${esc(g.name ?? '')}: ${g.fromGaugeMm} → ${g.toGaugeMm} mm, ${fmt(g.hours, 1)} ${t('hours')}</p>`).join('')}
    ${warnings.length ? `<h4>${t('warnings')}</h4><ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}`;
  await drawChart(out.querySelector('#route-chart') as HTMLElement, routes);
}

async function drawChart(el: HTMLElement, routes: RouteAlt[]): Promise<void> {
  const echarts = await import('echarts');
  // each criterion relative to the best alternative, so money and minutes share one axis
  const crit: [keyof Totals, string][] = [['usd', t('usd')], ['hours', t('hours')], ['co2Kg', t('co2')], ['risk', t('risk')]];
  const best = crit.map(([k]) => Math.min(...routes.map((r) => r.totals[k])) || 1);
  const chart = echarts.init(el, undefined, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 10, top: 30, bottom: 25 },
    xAxis: { type: 'category', data: crit.map(([, label]) => label) },
    yAxis: { type: 'value', name: '× best', min: 0 },
    series: routes.map((r, i) => ({ name: `#${i + 1}`, type: 'bar', itemStyle: { color: ROUTE_COLORS[i % ROUTE_COLORS.length] },
      data: crit.map(([k], j) => Math.round((r.totals[k] / best[j]) * 100) / 100) })),
  });
}
