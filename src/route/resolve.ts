// A place as the user wrote it → a node: node id, lon,lat (snapped, with a warning), UN/LOCODE, or a
// name in English or Russian with small misspellings. An ambiguous name is refused with the candidates.
import { haversineKm } from '../core/geo.ts';
import { KaravanError, makeIssue, type Issue } from '../core/issues.ts';
import type { Graph } from '../network/graph.ts';
import { matchName, snap, type PlaceIndex } from '../network/places.ts';

export const SNAP_RADIUS_KM = 50;
/** Candidates closer than this are one place (Almaty-1 and Almaty-2 are both "Almaty"). */
const SAME_PLACE_KM = 40;

export interface Resolved {
  node: number;
  warnings: Issue[];
}

const degree = (g: Graph, n: number) => g.firstArc[g.firstVertex[n + 1]] - g.firstArc[g.firstVertex[n]];
const label = (g: Graph, n: number) => `${g.nodeNameEn[n]}${g.nodeNameRu[n] ? ` / ${g.nodeNameRu[n]}` : ''} (${g.nodeIds[n]})`;

function choose(g: Graph, nodes: number[], text: string, option: string, fuzzy: boolean): Resolved {
  const routable = nodes.filter((n) => degree(g, n) > 0);
  const pool = routable.length ? routable : nodes;
  const far = pool.some((a) => pool.some((b) => haversineKm([g.nodeLon[a], g.nodeLat[a]], [g.nodeLon[b], g.nodeLat[b]]) > SAME_PLACE_KM));
  if (far) {
    throw new KaravanError('ROUTE_PLACE_AMBIGUOUS', { option, field: option, value: text, candidates: pool.slice(0, 8).map((n) => label(g, n)).join('; ') });
  }
  const best = [...pool].sort((a, b) => degree(g, b) - degree(g, a) || g.nodeIds[a].localeCompare(g.nodeIds[b]))[0];
  const warnings: Issue[] = [];
  if (fuzzy || pool.length > 1) {
    warnings.push(makeIssue('ROUTE_PLACE_READ_AS', { field: option }, { option, value: text, node: g.nodeIds[best], name: g.nodeNameEn[best], others: pool.filter((n) => n !== best).map((n) => g.nodeIds[n]).join(', ') || '–' }));
  }
  return { node: best, warnings };
}

export function resolvePlace(g: Graph, idx: PlaceIndex, text: string, option: string, snapRadiusKm = SNAP_RADIUS_KM): Resolved {
  const t = text.trim();
  const id = g.nodeIndex.get(t) ?? g.nodeIndex.get(t.toUpperCase());
  if (id !== undefined) return { node: id, warnings: [] };
  const ll = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(t);
  if (ll) {
    const lon = Number(ll[1]), lat = Number(ll[2]);
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) throw new KaravanError('OPTION_INVALID', { option, field: option, value: t, allowed: 'lon,lat in degrees (lon −180..180, lat −90..90)' });
    const s = snap(g, idx, lon, lat, snapRadiusKm);
    if (!s) throw new KaravanError('ROUTE_SNAP_TOO_FAR', { option, field: option, value: t, limit: snapRadiusKm });
    return { node: s.node, warnings: [makeIssue('ROUTE_SNAPPED', { field: option }, { option, value: t, node: g.nodeIds[s.node], name: g.nodeNameEn[s.node], km: Math.round(s.km * 10) / 10 })] };
  }
  if (/^[A-Za-z]{2}[A-Za-z2-9]{3}$/.test(t)) {
    const nodes = idx.byLocode.get(t.toUpperCase());
    if (nodes?.length) return choose(g, nodes, t, option, false);
  }
  const m = matchName(idx, t);
  if (!m) throw new KaravanError('ROUTE_PLACE_NOT_FOUND', { option, field: option, value: t });
  return choose(g, m.nodes, t, option, m.kind !== 'exact');
}
