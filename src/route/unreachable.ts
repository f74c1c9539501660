// Why a pair is unreachable: relax one constraint at a time and see which one, alone, lets a route
// through. The answer is a typed outcome with a registered reason code, never an empty result.
import { MODES, type Mode } from '../core/model.ts';
import { MODE_CODES, type Graph } from '../network/graph.ts';
import type { Overlay } from './costing.ts';
import { shortestPath, type PathQuery } from './plan.ts';
import type { SearchSpace } from './dijkstra.ts';

export interface Unreachable {
  from: string;
  to: string;
  /** A registered message code (ROUTE_UNREACHABLE_*). */
  reason: string;
  params: Record<string, unknown>;
}

/** The weighted arc costs of an overlay (the Router's cached ones: a matrix with many unreachable pairs asks for the same few). */
export type WeightsFor = (overlay: Overlay) => Float64Array;

/**
 * The relaxed overlays of one overlay, one object each, kept as long as the overlay is: the Router
 * keys overlays by identity first, so asking again for an unreachable pair finds its costs cached.
 */
const relaxedCache = new WeakMap<Overlay, Map<string, Overlay>>();
const NONE: Overlay = {};
const FUTURE: Overlay = { year: 2100 };
function relaxed(ov: Overlay, field: 'modes' | 'avoidCountries' | 'year' | 'closedLinks'): Overlay {
  let m = relaxedCache.get(ov);
  if (!m) { m = new Map(); relaxedCache.set(ov, m); }
  let r = m.get(field);
  if (!r) { r = { ...ov }; delete r[field]; m.set(field, r); }
  return r;
}

export function diagnoseUnreachable(g: Graph, weightsFor: WeightsFor, overlay: Overlay, q: PathQuery, space: SearchSpace, names: { from: string; to: string }): Unreachable {
  const base = { from: names.from, to: names.to };
  const tryWith = (ov: Overlay, maxTransfers = q.maxTransfers) => {
    const r = shortestPath(g, weightsFor(ov), space, { ...q, maxTransfers });
    return 'arcs' in r ? r.arcs : null;
  };
  if (!tryWith(NONE, undefined) && !tryWith(FUTURE, undefined)) return { ...base, reason: 'ROUTE_UNREACHABLE_DISCONNECTED', params: base };
  if (overlay.modes && overlay.modes.length < MODES.length) {
    const arcs = tryWith(relaxed(overlay, 'modes'));
    if (arcs) {
      const allowed = new Set<string>(overlay.modes);
      const first = arcs.find((a) => g.arcLink[a] >= 0 && !allowed.has(MODE_CODES[g.linkMode[g.arcLink[a]]]));
      const l = first === undefined ? -1 : g.arcLink[first];
      const mode: Mode | string = l >= 0 ? MODE_CODES[g.linkMode[l]] : MODES.filter((m) => !allowed.has(m)).join(', ');
      const near = first === undefined ? '' : g.nodeNameEn[g.vertexNode[g.arcTail[first]]];
      return { ...base, reason: 'ROUTE_UNREACHABLE_MODES', params: { ...base, modes: overlay.modes.join(', '), mode, link: l >= 0 ? g.linkIds[l] : null, near } };
    }
  }
  if (overlay.avoidCountries?.length && tryWith(relaxed(overlay, 'avoidCountries'))) {
    return { ...base, reason: 'ROUTE_UNREACHABLE_AVOID', params: { ...base, countries: overlay.avoidCountries.join(', ') } };
  }
  if (overlay.year != null && tryWith(relaxed(overlay, 'year'))) {
    return { ...base, reason: 'ROUTE_UNREACHABLE_YEAR', params: { ...base, year: overlay.year } };
  }
  if (overlay.closedLinks?.length && tryWith(relaxed(overlay, 'closedLinks'))) {
    return { ...base, reason: 'ROUTE_UNREACHABLE_CLOSED', params: { ...base, links: overlay.closedLinks.join(', ') } };
  }
  if (q.maxTransfers !== undefined && tryWith(overlay, undefined)) {
    return { ...base, reason: 'ROUTE_UNREACHABLE_TRANSFERS', params: { ...base, max: q.maxTransfers } };
  }
  return { ...base, reason: 'ROUTE_UNREACHABLE_COMBINED', params: base };
}
