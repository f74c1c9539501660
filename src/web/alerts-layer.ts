// The alerts layer: areas of active alerts (GET /alerts.geojson) filled by severity, the links
// each alert's impact names drawn over the network, a click on an area → the alert's details in
// the info panel, and a banner when a watched route's links are among the affected ones. New
// alerts arrive over GET /alerts/events (Server-Sent Events) and refresh all of it.
import type { GeoJSONSource, Map as MlMap, MapMouseEvent } from 'maplibre-gl';
import { getJson } from './api.ts';
import { hideInfo } from './info.ts';
import { CLICKABLE, TOGGLES } from './map-style.ts';
import { AFFECTED_LINK_COLOR, SEVERITY_COLORS, severityText, ta, UNKNOWN_SEVERITY_COLOR } from './alerts-style.ts';

// the layer ids are the legend's `alerts` toggle group (map-style.ts TOGGLES)
export const [ALERT_FILL, ALERT_LINE, ...AFFECTED_LAYERS] = TOGGLES.alerts;

export interface AlertItem { id: string; identifier: string; sender: string; event: string | null; severity: string | null; certainty: string | null;
  urgency: string | null; headline: string | null; onset: string | null; expires: string | null; effect: { kind: string } }
export interface AlertImpact { alert: AlertItem; impact: { links: { id: string; mode: string; country: string; affectedKm: number }[]; ports: string[]; crossings: string[];
  corridors: string[]; projects: string[]; affectedKm: number; kmByMode: Record<string, number>; kmByCountry: Record<string, number> } }
interface Watch { id: number; kind: string; target: string; links: string[] }

export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(document.documentElement.lang || undefined, { timeZone: 'UTC', timeZoneName: 'short' }) : '—');

let impacts: AlertImpact[] = [];
const listeners = new Set<() => void>();
/** The last impacts fetched (the panel reads them instead of asking again) and a change hook. */
export const currentImpacts = () => impacts;
export const onAlertsChange = (f: () => void) => { listeners.add(f); return () => listeners.delete(f); };

function addLayers(map: MlMap, data: unknown, shown: boolean): void {
  const layout = { visibility: shown ? 'visible' : 'none' } as const;
  map.addSource('alerts', { type: 'geojson', data: data as never });
  const color: unknown[] = ['match', ['get', 'severity']];
  for (const [s, c] of SEVERITY_COLORS) color.push(s, c);
  color.push(UNKNOWN_SEVERITY_COLOR);
  // under the network, so the links stay readable through the fill
  const before = map.getLayer('corridors') ? 'corridors' : undefined;
  map.addLayer({ id: ALERT_FILL, type: 'fill', source: 'alerts', layout, paint: { 'fill-color': color as never, 'fill-opacity': 0.35 } }, before);
  map.addLayer({ id: ALERT_LINE, type: 'line', source: 'alerts', layout, paint: { 'line-color': color as never, 'line-width': 1.5 } }, before);
  // affected links over everything else of the network: the vector tiles' own link features
  const labels = map.getLayer('countries') ? 'countries' : undefined;
  for (const [i, mode] of ['rail', 'road', 'ferry'].entries()) {
    map.addLayer({ id: AFFECTED_LAYERS[i], type: 'line', source: 'map', 'source-layer': mode, filter: ['in', ['get', 'id'], ['literal', []]],
      layout: { 'line-cap': 'round', ...layout }, paint: { 'line-color': AFFECTED_LINK_COLOR, 'line-width': 4, 'line-opacity': 0.8 } }, labels);
  }
}

function detailsHtml(a: AlertItem, x: AlertImpact | undefined): string {
  const row = (k: Parameters<typeof ta>[0], v: string) => `<tr><th>${esc(ta(k))}</th><td>${esc(v)}</td></tr>`;
  return `<h2>${esc(a.headline ?? a.event ?? a.identifier)}</h2>
    <div class="muted"><code>${esc(a.id)}</code> · alerts</div>
    <table>${row('event', a.event ?? '—')}${row('severity', severityText(a.severity))}${row('certainty', a.certainty ?? '—')}
    ${row('onset', when(a.onset))}${row('expires', when(a.expires))}${row('sender', a.sender)}${row('effect', a.effect.kind)}
    ${x ? row('impact', ta('affectedKm', { km: x.impact.affectedKm.toLocaleString() })) : ''}</table>`;
}

/** The alert's details in the info panel (the panel of a network feature, taken over). */
export async function showAlertInfo(id: string, fitTo?: MlMap): Promise<void> {
  hideInfo();
  const panel = document.getElementById('info')!;
  const body = document.getElementById('info-body')!;
  panel.hidden = false;
  panel.dataset.collection = 'alerts';
  panel.dataset.id = id;
  const a = await getJson<AlertItem & { areas?: { geometry: { coordinates: unknown } | null }[] }>(`/alerts/${encodeURIComponent(id)}`).catch((e: Error) => e);
  if (panel.dataset.id !== id) return;
  if (fitTo && !(a instanceof Error)) {
    // the bounding box of every vertex of the alert's areas
    const flat = JSON.stringify((a.areas ?? []).map((x) => x.geometry?.coordinates)).match(/-?\d+(\.\d+)?(e-?\d+)?/g)?.map(Number) ?? [];
    const lons = flat.filter((_, i) => i % 2 === 0), lats = flat.filter((_, i) => i % 2 === 1);
    if (lons.length) fitTo.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 40, maxZoom: 8, duration: 600 });
  }
  body.innerHTML = a instanceof Error ? `<p class="error-text">${esc(a.message)}</p>` : detailsHtml(a, impacts.find((x) => x.alert.id === id));
}

function banner(watches: Watch[]): void {
  const affected = new Set(impacts.flatMap((x) => x.impact.links.map((l) => l.id)));
  const hit = watches.filter((w) => w.links.some((l) => affected.has(l)));
  let el = document.getElementById('alerts-banner');
  if (hit.length === 0) { el?.remove(); return; }
  if (!el) {
    el = document.createElement('div');
    el.id = 'alerts-banner';
    el.setAttribute('role', 'alert');
    document.body.append(el);
  }
  el.textContent = ta('watchBanner', { targets: hit.map((w) => w.target).join('; ') });
}

async function refresh(map: MlMap, shown: () => boolean): Promise<void> {
  const [geo, imp, w] = await Promise.all([getJson<unknown>('/alerts.geojson'), getJson<{ impacts: AlertImpact[] }>('/alerts/impact'),
    getJson<{ watches: Watch[] }>('/alerts/watches').catch(() => ({ watches: [] }))]);
  impacts = imp.impacts;
  if (map.getSource('alerts')) (map.getSource('alerts') as GeoJSONSource).setData(geo as never);
  else addLayers(map, geo, shown());
  for (const [i, mode] of ['rail', 'road', 'ferry'].entries()) {
    const ids = [...new Set(impacts.flatMap((x) => x.impact.links.filter((l) => l.mode === mode).map((l) => l.id)))];
    map.setFilter(AFFECTED_LAYERS[i], ['in', ['get', 'id'], ['literal', ids]]);
  }
  banner(w.watches);
  for (const f of listeners) f();
}

/**
 * Adds the layer once the style is there (visible as `shown()` says: the legend's toggle), and keeps
 * it current from the event stream.
 */
export async function initAlerts(map: MlMap, shown: () => boolean = () => true): Promise<void> {
  if (!map.isStyleLoaded()) await new Promise<void>((res) => map.once('load', () => res()));
  await refresh(map, shown);
  map.on('click', ALERT_FILL, (e: MapMouseEvent & { features?: { properties: Record<string, unknown> }[] }) => {
    // a network feature under the cursor keeps the main click's panel
    const layers = Object.keys(CLICKABLE).filter((l) => map.getLayer(l));
    const near = map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers });
    const id = e.features?.[0]?.properties.alertId;
    if (near.length === 0 && id) void showAlertInfo(String(id));
  });
  if (typeof EventSource !== 'undefined') {
    const es = new EventSource('/alerts/events');
    es.addEventListener('alert', () => void refresh(map, shown).catch(() => undefined));
  }
}
