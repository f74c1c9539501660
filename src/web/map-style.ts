// The MapLibre style: an offline basemap and the network, as vector tiles from this server (one
// tile set, `map`, carries both).
// The style has no `glyphs` URL on purpose: MapLibre then draws every label with the browser's own
// fonts (TinySDF), so labels work offline in Latin and Cyrillic without shipping glyph files; no
// icons are used, so there is no sprite either.
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { Lang } from './i18n.ts';

export const WATER = '#cadfee';
export const GAUGE_COLORS = { 1520: '#b03a2e', 1435: '#1f618d', other: '#7d3c98' } as const;
export const STATUS_COLORS = { operating: '#34495e', construction: '#d35400', planned: '#8e44ad', disused: '#999999' } as const;
export const ROAD_COLOR = '#c9861a';
export const FERRY_COLOR = '#1a8fb5';
export const PROJECT_COLOR = '#f1c40f';
export const CROSSING_COLOR = '#16a085';
export const GAUGE_CHANGE_COLOR = '#e74c3c';
const FONT = ['sans-serif'];

export type RailColoring = 'gauge' | 'status';

/** Which map layers each legend toggle shows or hides. */
export const TOGGLES: Record<string, string[]> = {
  rail: ['rail-open', 'rail-construction', 'rail-planned', 'rail-disused'],
  road: ['road-open', 'road-future'],
  ferry: ['ferry'],
  stations: ['nodes-stations', 'nodes-labels'],
  dryPorts: ['nodes-dry'],
  ports: ['ports'],
  crossings: ['crossings', 'crossings-gauge-change'],
  corridors: ['corridors'],
  projects: ['projects-line', 'projects-point'],
  // added after the first idle by alerts-layer.ts, which starts them as this group is set
  alerts: ['alerts-fill', 'alerts-outline', 'alerts-affected-rail', 'alerts-affected-road', 'alerts-affected-ferry'],
};
export const DEFAULT_ON = ['rail', 'road', 'ferry', 'stations', 'dryPorts', 'ports', 'crossings', 'corridors', 'alerts'];

/** Layers whose features open the attribute panel, mapped to their OGC collection. */
export const CLICKABLE: Record<string, (p: Record<string, unknown>) => string> = {
  'crossings-gauge-change': () => 'crossings', crossings: () => 'crossings', ports: () => 'ports', 'nodes-dry': () => 'nodes', 'nodes-stations': () => 'nodes',
  'projects-point': () => 'projects', 'projects-line': () => 'projects', 'rail-open': () => 'rail', 'rail-construction': () => 'rail', 'rail-planned': () => 'rail',
  'rail-disused': () => 'rail', 'road-open': () => 'road', 'road-future': () => 'road', ferry: () => 'ferry', corridors: () => 'corridors',
};

const get = (k: string): ExpressionSpecification => ['get', k];
export const openIn = (year: number): FilterSpecification => ['all', ['<=', get('yearOpen'), year], ['>', get('yearClose'), year]];
const futureWith = (year: number, statuses: string[]): FilterSpecification => ['all', ['in', get('status'), ['literal', statuses]], ['>', get('yearOpen'), year]];

/** Layer filters that depend on the timeline year. */
export function yearFilters(year: number): Record<string, FilterSpecification> {
  return {
    'rail-open': openIn(year),
    'rail-construction': futureWith(year, ['construction']),
    'rail-planned': futureWith(year, ['planned', 'proposed']),
    'rail-disused': ['==', get('status'), 'disused'],
    'road-open': openIn(year),
    'road-future': futureWith(year, ['construction', 'planned', 'proposed']),
    ferry: openIn(year),
    // a project stays drawn until the year it completes; MVT lines may come back as Multi*
    'projects-line': ['all', ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]], ['>=', get('yearEnd'), year]],
    'projects-point': ['all', ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]], ['>=', get('yearEnd'), year]],
  };
}

export function railColor(by: RailColoring): ExpressionSpecification {
  return by === 'gauge'
    ? ['match', get('gaugeMm'), 1520, GAUGE_COLORS[1520], 1435, GAUGE_COLORS[1435], GAUGE_COLORS.other]
    : ['match', get('status'), 'construction', STATUS_COLORS.construction, 'planned', STATUS_COLORS.planned, 'proposed', STATUS_COLORS.planned,
      'disused', STATUS_COLORS.disused, STATUS_COLORS.operating];
}

export const nameExpr = (lang: Lang): ExpressionSpecification => ['coalesce', ['get', lang === 'ru' ? 'name_ru' : 'name_en'], ['get', 'name_en'], ''];

/**
 * The whole style, with the legend's initial choices already in it: hiding a layer after `load`
 * (setLayoutProperty 'visibility') makes MapLibre re-parse every tile of that layer's source, which
 * cost a second pass over the network tiles before the first `idle` (see docs/benchmarks.md).
 */
export function buildStyle(origin: string, lang: Lang, year: number, coloring: RailColoring, visible: ReadonlySet<string> = new Set(DEFAULT_ON)): StyleSpecification {
  const yf = yearFilters(year);
  const rail = (id: string, dash: number[] | null, width: number): LayerSpecification => ({
    id, type: 'line', source: 'map', 'source-layer': 'rail', filter: yf[id],
    layout: { 'line-cap': dash ? 'butt' : 'round', 'line-join': 'round' },
    paint: { 'line-color': railColor(coloring), 'line-width': ['interpolate', ['linear'], ['zoom'], 3, width * 0.6, 8, width * 1.6], ...(dash ? { 'line-dasharray': dash } : {}) },
  });
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': WATER } },
    { id: 'land', type: 'fill', source: 'map', 'source-layer': 'land', paint: { 'fill-color': '#f3f0e8' } },
    { id: 'lakes', type: 'fill', source: 'map', 'source-layer': 'lakes', paint: { 'fill-color': WATER, 'fill-outline-color': '#a9c6dc' } },
    { id: 'borders', type: 'line', source: 'map', 'source-layer': 'borders', paint: { 'line-color': '#9b8aa6', 'line-width': 1, 'line-dasharray': [3, 2] } },
    { id: 'corridors', type: 'line', source: 'map', 'source-layer': 'corridors', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 12, 7],
        'line-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.75, 0.3] } },
    { id: 'road-open', type: 'line', source: 'map', 'source-layer': 'road', filter: yf['road-open'], layout: { 'line-join': 'round' },
      paint: { 'line-color': ROAD_COLOR, 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.8, 8, 2.2] } },
    { id: 'road-future', type: 'line', source: 'map', 'source-layer': 'road', filter: yf['road-future'],
      paint: { 'line-color': ROAD_COLOR, 'line-width': 1.5, 'line-dasharray': [2, 2] } },
    { id: 'ferry', type: 'line', source: 'map', 'source-layer': 'ferry', filter: yf.ferry, paint: { 'line-color': FERRY_COLOR, 'line-width': 1.8, 'line-dasharray': [4, 2] } },
    rail('rail-disused', [1, 2], 1),
    rail('rail-planned', [1.5, 1.5], 2),
    rail('rail-construction', [4, 2], 2),
    rail('rail-open', null, 2),
    { id: 'projects-line', type: 'line', source: 'map', 'source-layer': 'projects', filter: yf['projects-line'],
      paint: { 'line-color': PROJECT_COLOR, 'line-width': 9, 'line-opacity': 0.45 } },
    { id: 'projects-point', type: 'circle', source: 'map', 'source-layer': 'projects', filter: yf['projects-point'],
      paint: { 'circle-radius': 11, 'circle-color': PROJECT_COLOR, 'circle-opacity': 0.45 } },
    { id: 'nodes-stations', type: 'circle', source: 'map', 'source-layer': 'nodes', minzoom: 4.5,
      filter: ['in', get('kind'), ['literal', ['station', 'junction', 'border', 'city']]],
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 4.5, 1.5, 9, 4], 'circle-color': '#ffffff', 'circle-stroke-color': '#555', 'circle-stroke-width': 1 } },
    { id: 'nodes-dry', type: 'circle', source: 'map', 'source-layer': 'nodes', filter: ['in', get('kind'), ['literal', ['dry_port', 'terminal']]],
      paint: { 'circle-radius': 5, 'circle-color': '#8d6e63', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } },
    { id: 'ports', type: 'circle', source: 'map', 'source-layer': 'ports', paint: { 'circle-radius': 6, 'circle-color': FERRY_COLOR, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
    { id: 'crossings', type: 'circle', source: 'map', 'source-layer': 'crossings', filter: ['!=', get('gaugeChange'), true],
      paint: { 'circle-radius': 6, 'circle-color': CROSSING_COLOR, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
    { id: 'crossings-gauge-change', type: 'circle', source: 'map', 'source-layer': 'crossings', filter: ['==', get('gaugeChange'), true],
      paint: { 'circle-radius': 8, 'circle-color': CROSSING_COLOR, 'circle-stroke-color': GAUGE_CHANGE_COLOR, 'circle-stroke-width': 3 } },
    { id: 'countries', type: 'symbol', source: 'map', 'source-layer': 'countries', maxzoom: 7,
      layout: { 'text-field': nameExpr(lang), 'text-font': FONT, 'text-size': 13, 'text-transform': 'uppercase', 'text-letter-spacing': 0.08, 'text-max-width': 8 },
      paint: { 'text-color': '#6d5f78', 'text-halo-color': '#f3f0e8', 'text-halo-width': 1.5 } },
    // the rank step and nodes-stations' minzoom are mirrored by the tiles' MIN_ZOOM (src/serve/tiles.ts): change both
    { id: 'places', type: 'symbol', source: 'map', 'source-layer': 'places', filter: ['<=', get('rank'), ['step', ['zoom'], 2, 4, 4, 5, 6, 6, 7]],
      layout: { 'text-field': nameExpr(lang), 'text-font': FONT, 'text-size': ['case', get('capital'), 13, 11], 'symbol-sort-key': get('rank'),
        'text-variable-anchor': ['left', 'right', 'top'], 'text-radial-offset': 0.5 },
      paint: { 'text-color': '#333', 'text-halo-color': '#fff', 'text-halo-width': 1.2 } },
    { id: 'places-dot', type: 'circle', source: 'map', 'source-layer': 'places', filter: ['<=', get('rank'), ['step', ['zoom'], 2, 4, 4, 5, 6, 6, 7]],
      paint: { 'circle-radius': ['case', get('capital'), 3.5, 2.2], 'circle-color': '#333' } },
    { id: 'nodes-labels', type: 'symbol', source: 'map', 'source-layer': 'nodes', minzoom: 6.5,
      layout: { 'text-field': nameExpr(lang), 'text-font': FONT, 'text-size': 11, 'text-offset': [0, 0.9], 'text-anchor': 'top', 'text-optional': true },
      paint: { 'text-color': '#444', 'text-halo-color': '#fff', 'text-halo-width': 1 } },
  ];
  const hidden = new Set(Object.entries(TOGGLES).filter(([group]) => !visible.has(group)).flatMap(([, ids]) => ids));
  for (const l of layers) if (hidden.has(l.id)) l.layout = { ...l.layout, visibility: 'none' } as never;
  return {
    version: 8,
    name: 'karavan',
    sources: {
      // one source for basemap and network: one tile per address instead of two (fewer requests,
      // worker parses and repaints before the first idle); layers pick theirs by source-layer
      map: { type: 'vector', tiles: [`${origin}/tiles/map/{z}/{x}/{y}.pbf`], minzoom: 0, maxzoom: 14, promoteId: 'id', attribution: 'Natural Earth · Karavan' },
    },
    layers,
  };
}
