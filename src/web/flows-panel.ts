// The flows tab: the bundled freight OD matrix assigned under hard capacities (GET /flows,
// GET /bottlenecks). Its map layer draws every link that carries freight, width by tonnes per
// year and colour by volume/capacity (grey where the data has no capacity); the panel gives the
// colour key and the capacities ranked by shadow price. Computed by the server on first use.
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { ApiError, getJson } from './api.ts';
import { t } from './i18n.ts';

interface Bottleneck { link: string; crossing: string | null; mode: string; from: string; to: string; tonnes: number; capacityTonnes: number; volumeCapacity: number; shadowPrice: number; binding: boolean }
interface BottleneckResponse { profile: { id: string; unit: string }; converged: boolean; bottlenecks: Bottleneck[]; issues: { code: string; message: string }[] }
interface FlowCollection { type: 'FeatureCollection'; features: unknown[]; properties: { totalTonnes: number; assignedTonnes: number; profile: { id: string }; converged: boolean } }

export const FLOW_LAYER = 'flows-line';
/** Volume/capacity stops of the colour ramp, and the colour for links without a capacity. */
export const VC_COLORS: [number, string][] = [[0, '#1a9850'], [0.5, '#91cf60'], [0.8, '#fee08b'], [0.95, '#fc8d59'], [1, '#d73027']];
export const NO_CAPACITY_COLOR = '#6a51a3';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const mt = (tonnes: number) => (tonnes / 1e6).toLocaleString(undefined, { maximumFractionDigits: tonnes < 1e6 ? 3 : 1 });

function showLayer(map: MlMap, data: FlowCollection): void {
  if (map.getSource('flows')) { (map.getSource('flows') as GeoJSONSource).setData(data as never); return; }
  map.addSource('flows', { type: 'geojson', data: data as never });
  const ramp: unknown[] = ['interpolate', ['linear'], ['get', 'volumeCapacity']];
  for (const [v, c] of VC_COLORS) ramp.push(v, c);
  map.addLayer({
    id: FLOW_LAYER, type: 'line', source: 'flows', layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      // width grows with the square root of the tonnage: 1 Mt/yr ≈ 2 px, 100 Mt/yr ≈ 14 px
      'line-width': ['interpolate', ['linear'], ['sqrt', ['get', 'tonnes']], 0, 0.5, 1000, 2, 10000, 14],
      'line-color': ['case', ['==', ['typeof', ['get', 'volumeCapacity']], 'number'], ramp, NO_CAPACITY_COLOR] as never,
      'line-opacity': 0.85,
    },
  });
}

export async function renderFlowsPanel(root: HTMLElement, map: MlMap): Promise<void> {
  const key = VC_COLORS.map(([v, c]) => `<div class="key"><span class="sw" style="border-top-color:${c}"></span><span>${t('volumeCapacity')} ≥ ${v}</span></div>`).join('') +
    `<div class="key"><span class="sw" style="border-top-color:${NO_CAPACITY_COLOR}"></span><span>${t('vcNoCapacity')}</span></div>`;
  root.innerHTML = `<p>${t('flowsIntro')}</p>
    <button type="button" id="flows-load">${t('flowsLoad')}</button>
    <p id="flows-status" role="status"></p>
    <div class="legend">${key}</div>
    <h3>${t('bottlenecksTitle')}</h3>
    <div id="flows-bottlenecks"></div>`;
  const status = root.querySelector<HTMLElement>('#flows-status')!;
  const button = root.querySelector<HTMLButtonElement>('#flows-load')!;
  const load = async () => {
    button.disabled = true;
    status.textContent = t('flowsLoading');
    try {
      const [geo, b] = await Promise.all([getJson<FlowCollection>('/flows?format=geojson'), getJson<BottleneckResponse>('/bottlenecks?top=15')]);
      showLayer(map, geo);
      const p = geo.properties;
      status.textContent = t('flowsSummary', { assigned: mt(p.assignedTonnes), total: mt(p.totalTonnes), profile: p.profile.id }) +
        (p.converged ? '' : ` — ${t('flowsNotConverged')}`);
      root.querySelector('#flows-bottlenecks')!.innerHTML = `<div style="overflow-x:auto"><table class="bottlenecks" style="font-size:12px;width:100%"><thead><tr>
        <th>${t('from')}</th><th>${t('to')}</th><th>${t('tonnesPerYear')}</th><th>${t('capacityMt')}</th><th>${t('volumeCapacity')}</th><th>${t('shadowPrice', { unit: 'USD' })}</th></tr></thead><tbody>
        ${b.bottlenecks.map((r) => `<tr class="${r.binding ? 'binding' : ''}" title="${esc(r.crossing ?? r.link)}"><td>${esc(r.from)}</td><td>${esc(r.to)}</td><td>${mt(r.tonnes)}</td><td>${mt(r.capacityTonnes)}</td>
          <td>${r.volumeCapacity.toFixed(2)}</td><td>${r.shadowPrice > 0 ? r.shadowPrice.toFixed(2) : '0'}${r.binding ? ` (${t('binding')})` : ''}</td></tr>`).join('')}
        </tbody></table></div>${b.issues.slice(0, 5).map((i) => `<p class="warning">${esc(i.message)}</p>`).join('')}`;
      root.dataset.loaded = 'true';
    } catch (e) {
      status.textContent = e instanceof ApiError ? e.message : String(e);
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => void load());
  if (map.getSource('flows')) void load();
}
