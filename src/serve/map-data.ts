// What the map draws, as GeoJSON per tile layer: the records with the few properties a style or a
// search needs (the attribute panel asks the OGC items endpoint for the full record). Corridors and
// projects have no geometry of their own: a corridor follows the network between its waypoints, a
// project is drawn where it changes the network.
import type { LonLat, Link, Records } from '../core/model.ts';
import { adjacency, findPath, notDisused } from '../ingest/curated/index.ts';

export interface MapFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: LonLat } | { type: 'LineString'; coordinates: LonLat[] } | { type: 'MultiLineString'; coordinates: LonLat[][] }
    | { type: 'Polygon'; coordinates: LonLat[][] } | { type: 'MultiPolygon'; coordinates: LonLat[][][] };
  properties: Record<string, string | number | boolean | null>;
}
export interface MapCollection { type: 'FeatureCollection'; features: MapFeature[] }

/** Tile layer names, in drawing order (bottom first). */
export const MAP_LAYERS = ['corridors', 'road', 'ferry', 'rail', 'projects', 'nodes', 'ports', 'crossings'] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

/** A year later than any plan: "not open in any year the timeline shows". */
export const NEVER_YEAR = 9999;

/** A search entry: everything the browser's fuzzy search indexes. */
export interface PlaceEntry {
  id: string;
  layer: string;
  kind: string;
  name_en: string;
  name_ru: string;
  name_local: string;
  country: string;
  lon: number;
  lat: number;
}

const fc = (features: MapFeature[]): MapCollection => ({ type: 'FeatureCollection', features });

/**
 * The year a link is open from: operating links always (their opening year when known, else 0),
 * others from their own opening year or, failing that, the end year of the project that adds them.
 */
function openingYears(r: Records): Map<string, number> {
  const byProject = new Map<string, number>();
  for (const p of r.projects) {
    if (p.yearEnd === null) continue;
    for (const ch of p.changes) {
      if (ch.op === 'add_link' || (ch.op === 'set' && ch.attr === 'status' && ch.value === 'operating')) {
        const prev = byProject.get(ch.link);
        if (prev === undefined || p.yearEnd < prev) byProject.set(ch.link, p.yearEnd);
      }
    }
  }
  const out = new Map<string, number>();
  for (const l of r.links) {
    if (l.status === 'operating') out.set(l.id, l.openingYear ?? 0);
    else if (l.status === 'disused') out.set(l.id, NEVER_YEAR);
    else out.set(l.id, l.openingYear ?? byProject.get(l.id) ?? NEVER_YEAR);
  }
  return out;
}

function linkFeature(l: Link, yearOpen: number): MapFeature {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: l.geometry },
    properties: {
      id: l.id, mode: l.mode, name_en: l.name_en, name_ru: l.name_ru, country: l.country, gaugeMm: l.gaugeMm, status: l.status,
      tracks: l.tracks, electrified: l.electrified, yearOpen, yearClose: l.closingYear ?? NEVER_YEAR, lengthKm: Math.round(l.lengthKm),
    },
  };
}

/** Corridor lines: the fewest-hop path on the non-disused network between consecutive waypoints. */
function corridorFeatures(r: Records): MapFeature[] {
  const adj = adjacency(r.links, notDisused);
  const linkByPair = new Map<string, Link>();
  for (const l of r.links) {
    if (l.status === 'disused') continue;
    for (const key of [`${l.from}|${l.to}`, `${l.to}|${l.from}`]) {
      const prev = linkByPair.get(key);
      if (!prev || (prev.mode !== 'rail' && l.mode === 'rail')) linkByPair.set(key, l);
    }
  }
  const out: MapFeature[] = [];
  for (const c of r.corridors) {
    const parts: LonLat[][] = [];
    for (let i = 1; i < c.nodes.length; i++) {
      const path = findPath(adj, c.nodes[i - 1], c.nodes[i]);
      if (!path) continue;
      for (let k = 1; k < path.length; k++) {
        const l = linkByPair.get(`${path[k - 1]}|${path[k]}`);
        if (l) parts.push(l.geometry);
      }
    }
    if (parts.length === 0) continue;
    out.push({ type: 'Feature', geometry: { type: 'MultiLineString', coordinates: parts },
      properties: { id: c.id, name_en: c.name_en, name_ru: c.name_ru, color: c.color ?? '#8e44ad' } });
  }
  return out;
}

/** Projects drawn where they act: the links they add or change (lines) and the crossings or ports (points). */
function projectFeatures(r: Records): MapFeature[] {
  const links = new Map(r.links.map((l) => [l.id, l]));
  const points = new Map<string, LonLat>();
  for (const c of r.crossings) points.set(`c:${c.id}`, [c.lon, c.lat]);
  for (const p of r.ports) points.set(`p:${p.id}`, [p.lon, p.lat]);
  const out: MapFeature[] = [];
  for (const p of r.projects) {
    const props = { id: p.id, name_en: p.name_en, name_ru: p.name_ru, status: p.status, kind: p.kind, yearEnd: p.yearEnd ?? NEVER_YEAR, countries: p.countries.join(',') };
    const lines: LonLat[][] = [];
    for (const ch of p.changes) {
      if (ch.op === 'add_link' || ch.op === 'set') {
        const l = links.get(ch.link);
        if (l) lines.push(l.geometry);
      } else {
        const pt = ch.op === 'set_crossing' ? points.get(`c:${ch.crossing}`) : points.get(`p:${ch.port}`);
        if (pt) out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: pt }, properties: props });
      }
    }
    if (lines.length) out.push({ type: 'Feature', geometry: { type: 'MultiLineString', coordinates: lines }, properties: props });
  }
  return out;
}

export function mapCollections(r: Records): Record<MapLayer, MapCollection> {
  const years = openingYears(r);
  const byMode = (m: string) => fc(r.links.filter((l) => l.mode === m).map((l) => linkFeature(l, years.get(l.id) ?? NEVER_YEAR)));
  const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] as LonLat });
  return {
    corridors: fc(corridorFeatures(r)),
    road: byMode('road'),
    ferry: byMode('ferry'),
    rail: byMode('rail'),
    projects: fc(projectFeatures(r)),
    nodes: fc(r.nodes.map((n) => ({ type: 'Feature', geometry: point(n.lon, n.lat),
      properties: { id: n.id, kind: n.kind, name_en: n.name_en, name_ru: n.name_ru ?? n.name_en, country: n.country } }))),
    ports: fc(r.ports.map((p) => ({ type: 'Feature', geometry: point(p.lon, p.lat),
      properties: { id: p.id, name_en: p.name_en, name_ru: p.name_ru ?? p.name_en, sea: p.sea, country: p.country } }))),
    crossings: fc(r.crossings.map((c) => ({ type: 'Feature', geometry: point(c.lon, c.lat),
      properties: { id: c.id, name_en: c.name_en, name_ru: c.name_ru ?? c.name_en, gaugeChange: c.gaugeChange, modes: c.modes.join(','),
        countryA: c.countryA, countryB: c.countryB } }))),
  };
}

/** The search index: named places of every layer, with a point to fly to. */
export function placeEntries(r: Records, cols: Record<MapLayer, MapCollection>): PlaceEntry[] {
  const out: PlaceEntry[] = [];
  const add = (e: Omit<PlaceEntry, 'name_ru' | 'name_local'> & { name_ru: string | null; name_local?: string | null }) =>
    out.push({ ...e, name_ru: e.name_ru ?? e.name_en, name_local: e.name_local ?? '' });
  for (const n of r.nodes) add({ id: n.id, layer: 'nodes', kind: n.kind, name_en: n.name_en, name_ru: n.name_ru, name_local: n.name_local, country: n.country, lon: n.lon, lat: n.lat });
  for (const p of r.ports) add({ id: p.id, layer: 'ports', kind: 'port', name_en: p.name_en, name_ru: p.name_ru, name_local: p.name_local, country: p.country, lon: p.lon, lat: p.lat });
  for (const c of r.crossings) add({ id: c.id, layer: 'crossings', kind: 'crossing', name_en: c.name_en, name_ru: c.name_ru, name_local: c.name_local, country: `${c.countryA}-${c.countryB}`, lon: c.lon, lat: c.lat });
  // corridors and projects: fly to the middle vertex of their drawn geometry
  for (const layer of ['corridors', 'projects'] as const) {
    const seen = new Set<string>();
    for (const f of cols[layer].features) {
      const id = String(f.properties.id);
      if (seen.has(id)) continue;
      seen.add(id);
      const g = f.geometry;
      const pts: LonLat[] = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.type === 'MultiLineString' ? g.coordinates.flat() : [];
      if (pts.length === 0) continue;
      const mid = pts[Math.floor(pts.length / 2)];
      add({ id, layer, kind: layer === 'corridors' ? 'corridor' : 'project', name_en: String(f.properties.name_en), name_ru: String(f.properties.name_ru),
        country: layer === 'projects' ? String(f.properties.countries) : '', lon: mid[0], lat: mid[1] });
    }
  }
  return out;
}
