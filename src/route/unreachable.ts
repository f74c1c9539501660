// Why a pair is unreachable: relax one constraint at a time and see which one, alone, lets a route
// through. The answer is a typed outcome with a registered reason code, never an empty result.
import { MODES, type Mode } from '../core/model.ts';
import { MODE_CODES, type Graph } from '../network/graph.ts';
import { arcCosts, weightedCosts, type Overlay } from './costing.ts';
import { shortestPath, type PathQuery } from './plan.ts';
import type { SearchSpace } from './dijkstra.ts';
import type { Profile, Weights } from './profile.ts';

export interface Unreachable {
  from: string;
  to: string;
  /** A registered message code (ROUTE_UNREACHABLE_*). */
  reason: string;
  params: Record<string, unknown>;
}

export function diagnoseUnreachable(g: Graph, profile: Profile, weights: Weights, overlay: Overlay, q: PathQuery, space: SearchSpace, names: { from: string; to: string }): Unreachable {
  const base = { from: names.from, to: names.to };
  const tryWith = (ov: Overlay, maxTransfers = q.maxTransfers) => {
    const w = weightedCosts(arcCosts(g, profile, ov), weights);
    const r = shortestPath(g, w, space, { ...q, maxTransfers });
    return 'arcs' in r ? r.arcs : null;
  };
  if (!tryWith({}, undefined) && !tryWith({ year: 2100 }, undefined)) return { ...base, reason: 'ROUTE_UNREACHABLE_DISCONNECTED', params: base };
  if (overlay.modes && overlay.modes.length < MODES.length) {
    const arcs = tryWith({ ...overlay, modes: undefined });
    if (arcs) {
      const allowed = new Set<string>(overlay.modes);
      const first = arcs.find((a) => g.arcLink[a] >= 0 && !allowed.has(MODE_CODES[g.linkMode[g.arcLink[a]]]));
      const l = first === undefined ? -1 : g.arcLink[first];
      const mode: Mode | string = l >= 0 ? MODE_CODES[g.linkMode[l]] : MODES.filter((m) => !allowed.has(m)).join(', ');
      const near = first === undefined ? '' : g.nodeNameEn[g.vertexNode[g.arcTail[first]]];
      return { ...base, reason: 'ROUTE_UNREACHABLE_MODES', params: { ...base, modes: overlay.modes.join(', '), mode, link: l >= 0 ? g.linkIds[l] : null, near } };
    }
  }
  if (overlay.avoidCountries?.length && tryWith({ ...overlay, avoidCountries: undefined })) {
    return { ...base, reason: 'ROUTE_UNREACHABLE_AVOID', params: { ...base, countries: overlay.avoidCountries.join(', ') } };
  }
  if (overlay.year != null && tryWith({ ...overlay, year: null })) {
    return { ...base, reason: 'ROUTE_UNREACHABLE_YEAR', params: { ...base, year: overlay.year } };
  }
  if (overlay.closedLinks?.length && tryWith({ ...overlay, closedLinks: undefined })) {
    return { ...base, reason: 'ROUTE_UNREACHABLE_CLOSED', params: { ...base, links: overlay.closedLinks.join(', ') } };
  }
  if (q.maxTransfers !== undefined && tryWith(overlay, undefined)) {
    return { ...base, reason: 'ROUTE_UNREACHABLE_TRANSFERS', params: { ...base, max: q.maxTransfers } };
  }
  return { ...base, reason: 'ROUTE_UNREACHABLE_COMBINED', params: base };
}
