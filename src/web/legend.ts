// The legend doubles as the layer switcher: a checkbox per toggle group (TOGGLES in map-style.ts)
// and keys for rail gauge / status colours and dash patterns.
import type { Map as MlMap } from 'maplibre-gl';
import { t, type Key } from './i18n.ts';
import { alertsLegendHtml } from './alerts-style.ts';
import { CROSSING_COLOR, FERRY_COLOR, GAUGE_CHANGE_COLOR, GAUGE_COLORS, PROJECT_COLOR, ROAD_COLOR, STATUS_COLORS, TOGGLES, type RailColoring } from './map-style.ts';

export interface LegendOptions {
  map: MlMap;
  visible: Set<string>;
  coloring: RailColoring;
  onChange: (visible: Set<string>) => void;
  onColoring: (c: RailColoring) => void;
}

const line = (color: string, style = '') => `<span class="sw ${style}" style="border-top-color:${color}"></span>`;
const point = (fill: string, ring = '#888') => `<span class="sw pt" style="background:${fill};box-shadow:0 0 0 2px ${ring}"></span>`;

export function applyVisibility(map: MlMap, visible: Set<string>): void {
  for (const [group, ids] of Object.entries(TOGGLES)) {
    for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible.has(group) ? 'visible' : 'none');
  }
}

export function renderLegend(root: HTMLElement, o: LegendOptions): void {
  const toggle = (group: string, label: Key, swatch: string) =>
    `<label><input type="checkbox" data-group="${group}" ${o.visible.has(group) ? 'checked' : ''}>${swatch}<span>${t(label)}</span></label>`;
  const key = (swatch: string, label: Key) => `<div class="key">${swatch}<span>${t(label)}</span></div>`;
  const gaugeKeys = key(line(GAUGE_COLORS[1520]), 'gauge1520') + key(line(GAUGE_COLORS[1435]), 'gauge1435') + key(line(GAUGE_COLORS.other), 'gaugeOther');
  const statusColor = (s: keyof typeof STATUS_COLORS) => (o.coloring === 'status' ? STATUS_COLORS[s] : '#555');
  const statusKeys = key(line(statusColor('operating')), 'operating') + key(line(statusColor('construction'), 'dash'), 'construction') +
    key(line(statusColor('planned'), 'dot'), 'planned') + key(line(statusColor('disused'), 'dot'), 'disused');
  root.innerHTML = `<div class="legend">
    <h3>${t('railways')}</h3>
    ${toggle('rail', 'railways', line(GAUGE_COLORS[1520]))}
    <div class="key">${t('colorBy')}: <span class="seg" role="group">
      <button type="button" data-color="gauge" aria-pressed="${o.coloring === 'gauge'}">${t('byGauge')}</button>
      <button type="button" data-color="status" aria-pressed="${o.coloring === 'status'}">${t('byStatus')}</button></span></div>
    ${o.coloring === 'gauge' ? gaugeKeys : ''}${statusKeys}
    <h3>${t('layers')}</h3>
    ${toggle('road', 'road', line(ROAD_COLOR))}
    ${toggle('ferry', 'ferry', line(FERRY_COLOR, 'dash'))}
    ${toggle('ports', 'ports', point(FERRY_COLOR, '#fff'))}
    ${toggle('dryPorts', 'dryPorts', point('#8d6e63', '#fff'))}
    ${toggle('stations', 'stations', point('#fff', '#555'))}
    ${toggle('crossings', 'crossings', point(CROSSING_COLOR, '#fff'))}
    ${key(point(CROSSING_COLOR, GAUGE_CHANGE_COLOR), 'gaugeChange')}
    ${toggle('corridors', 'corridors', line('#8e44ad'))}
    ${toggle('projects', 'projects', line(PROJECT_COLOR))}
    ${alertsLegendHtml(o.visible.has('alerts'))}
  </div>`;
  for (const cb of root.querySelectorAll<HTMLInputElement>('input[data-group]')) {
    cb.addEventListener('change', () => {
      if (cb.checked) o.visible.add(cb.dataset.group!);
      else o.visible.delete(cb.dataset.group!);
      applyVisibility(o.map, o.visible);
      o.onChange(o.visible);
    });
  }
  for (const b of root.querySelectorAll<HTMLButtonElement>('button[data-color]')) {
    b.addEventListener('click', () => o.onColoring(b.dataset.color as RailColoring));
  }
}
