// The route stage's front door: a Router over one graph answers weighted, alternative and Pareto
// queries; metrics (arc costs per profile and overlay) are cached, never the topology rebuilt.
import { makeIssue, type Issue } from '../core/issues.ts';
import type { Graph } from '../network/graph.ts';
import { arcCosts, weightedCosts, type ArcCosts, type Overlay } from './costing.ts';
import { SearchSpace, search, astarFactor, type Cancel } from './dijkstra.ts';
import { explainPath, type RouteAnswer } from './explain.ts';
import { paretoSearch, PARETO_LIMITS } from './pareto.ts';
import { alternatives } from './plan.ts';
import { buildHierarchy, type Hierarchy } from './ch.ts';
import { ChQuery } from './ch-query.ts';
import type { Profile, Weights } from './profile.ts';
import { diagnoseUnreachable, type Unreachable } from './unreachable.ts';

export type { Overlay, ArcCosts } from './costing.ts';
export type { Hierarchy } from './ch.ts';
export type { RouteAnswer, Leg, Totals, BorderCrossing, GaugeChange, Transfer } from './explain.ts';
export type { Profile, Weights, Criterion } from './profile.ts';
export type { Unreachable } from './unreachable.ts';
export { parseProfile, parseWeights, CRITERIA } from './profile.ts';
export { PARETO_LIMITS } from './pareto.ts';
export { deadline, type Cancel } from './dijkstra.ts';

export interface RouteRequest {
  from: number;
  to: number;
  via?: number[];
  profile: Profile;
  weights: Weights;
  overlay?: Overlay;
  maxTransfers?: number;
  /** How many routes to return (1 = the best only). */
  alternatives?: number;
  pareto?: boolean;
  signal?: Cancel;
}

export type RouteOutcome =
  | { kind: 'routes'; routes: RouteAnswer[]; warnings: Issue[] }
  | { kind: 'unreachable'; unreachable: Unreachable; warnings: Issue[] };

export const ALTERNATIVES = { maxOverlap: 0.6, maxStretch: 1.6, max: 5 };

const CACHE_SIZE = 8;

/**
 * A profile's part of the metric cache keys: a short id per distinct content, worked out once per
 * profile object (the app hands out one object per unchanged profile file). Serialising the profile
 * into every key on every request cost more than the search. A profile must therefore not be
 * modified once routed with.
 */
const profileKeys = new WeakMap<Profile, string>();
const profileIdsByContent = new Map<string, string>();
let profileSerial = 0;
function profileKey(p: Profile): string {
  let k = profileKeys.get(p);
  if (k === undefined) {
    const content = JSON.stringify(p);
    k = profileIdsByContent.get(content);
    if (k === undefined) {
      // The serial only grows, so an id never names two contents; a clear costs cache misses only.
      if (profileIdsByContent.size >= 256) profileIdsByContent.clear();
      k = `${p.id}#${++profileSerial}`;
      profileIdsByContent.set(content, k);
    }
    profileKeys.set(p, k);
  }
  return k;
}

export interface RouterOptions {
  /** Graphs with at least this many vertices answer single routes from a contraction hierarchy, built once per metric. */
  hierarchyFromVertices?: number;
  /** Hierarchies built earlier (e.g. read from a snapshot), by metricKey(): used instead of building them again. */
  hierarchies?: ReadonlyMap<string, Hierarchy>;
}

/**
 * A metric's name that holds across processes (the cache keys above do not): what a saved
 * hierarchy is filed under.
 */
export function metricKey(profile: Profile, overlay: Overlay, w: Weights): string {
  return `${JSON.stringify(profile)}|${JSON.stringify(overlay)}|${JSON.stringify(w)}`;
}

export const HIERARCHY_FROM_VERTICES = 200_000;

export class Router {
  readonly graph: Graph;
  private space = new SearchSpace();
  private hierarchyFrom: number;
  private chCache = new Map<Float64Array, { q: ChQuery; metric: string }>();
  private costCache = new Map<string, ArcCosts>();
  private weightCache = new Map<string, { w: Float64Array; factor: number; metric: string }>();
  private saved: ReadonlyMap<string, Hierarchy>;
  /** Hierarchies this router contracted itself (not read from `hierarchies`). */
  hierarchiesBuilt = 0;
  constructor(graph: Graph, opt: RouterOptions = {}) {
    this.graph = graph;
    this.hierarchyFrom = opt.hierarchyFromVertices ?? HIERARCHY_FROM_VERTICES;
    this.saved = opt.hierarchies ?? new Map();
  }

  /**
   * The hierarchy for a weight array from `weights()` (it lives as long as that cache entry). Built
   * without the request's deadline on purpose: a build cut short would be started again by the
   * next request and never finish; the first query on a new metric is slow once instead.
   */
  private hierarchy(w: Float64Array, metric: string): ChQuery | undefined {
    if (this.graph.vertexCount < this.hierarchyFrom) return undefined;
    let e = this.chCache.get(w);
    if (!e) {
      for (const k of [...this.chCache.keys()]) if (![...this.weightCache.values()].some((x) => x.w === k)) this.chCache.delete(k);
      const g = this.graph;
      let h = this.saved.get(metric);
      if (!h || h.vertexCount !== g.vertexCount || h.baseArcs !== g.arcCount) {
        h = buildHierarchy(g, w);
        this.hierarchiesBuilt++;
      }
      e = { q: new ChQuery(h), metric };
      this.chCache.set(w, e);
    }
    return e.q;
  }

  /** The hierarchy of a metric, contracted now if this graph uses one and it is not there yet (undefined on small graphs). */
  hierarchyFor(profile: Profile, overlay: Overlay, w: Weights): Hierarchy | undefined {
    const e = this.weights(profile, overlay, w);
    return this.hierarchy(e.w, e.metric)?.h;
  }

  /** The hierarchies in memory, by metricKey(): what a snapshot can keep for the next start. */
  hierarchies(): Map<string, Hierarchy> {
    return new Map([...this.chCache.values()].map((e) => [e.metric, e.q.h]));
  }

  costs(profile: Profile, overlay: Overlay = {}): ArcCosts {
    return this.costsByKey(`${profileKey(profile)}|${JSON.stringify(overlay)}`, profile, overlay);
  }

  private costsByKey(key: string, profile: Profile, overlay: Overlay): ArcCosts {
    let c = this.costCache.get(key);
    if (!c) {
      c = arcCosts(this.graph, profile, overlay);
      if (this.costCache.size >= CACHE_SIZE) this.costCache.delete(this.costCache.keys().next().value!);
      this.costCache.set(key, c);
      for (const k of [...this.weightCache.keys()]) if (k.startsWith(key)) this.weightCache.delete(k);
    }
    return c;
  }

  weights(profile: Profile, overlay: Overlay, w: Weights): { costs: ArcCosts; w: Float64Array; factor: number; metric: string } {
    const costKey = `${profileKey(profile)}|${JSON.stringify(overlay)}`;
    const costs = this.costsByKey(costKey, profile, overlay);
    const key = `${costKey}|${JSON.stringify(w)}`;
    let e = this.weightCache.get(key);
    if (!e) {
      const arr = weightedCosts(costs, w);
      e = { w: arr, factor: astarFactor(this.graph, arr), metric: metricKey(profile, overlay, w) };
      if (this.weightCache.size >= CACHE_SIZE) this.weightCache.delete(this.weightCache.keys().next().value!);
      this.weightCache.set(key, e);
    }
    return { costs, ...e };
  }

  route(req: RouteRequest): RouteOutcome {
    const g = this.graph;
    const overlay = req.overlay ?? {};
    const { costs, w, factor, metric } = this.weights(req.profile, overlay, req.weights);
    const warnings: Issue[] = [];
    if (costs.projectsApplied.length) warnings.push(makeIssue('ROUTE_PROJECTS_APPLIED', {}, { year: overlay.year, projects: costs.projectsApplied.join(', ') }));
    const q = { from: req.from, to: req.to, via: req.via, maxTransfers: req.maxTransfers, signal: req.signal };
    const k = req.alternatives ?? 1;
    let paths: { arcs: number[]; cost: number }[];
    if (req.pareto) {
      const p = paretoSearch(g, costs, { from: req.from, to: req.to, maxTransfers: req.maxTransfers, signal: req.signal }, this.space);
      if (p.boundHit) warnings.push(makeIssue('ROUTE_PARETO_BOUND', {}, { limit: `${PARETO_LIMITS.maxLabels} (results ≤ ${PARETO_LIMITS.maxResults})` }));
      paths = p.paths.map((arcs) => ({ arcs, cost: arcs.reduce((s, a) => s + w[a], 0) })).sort((a, b) => a.cost - b.cost);
    } else {
      const r = alternatives(g, w, this.space, q, { k, maxOverlap: ALTERNATIVES.maxOverlap, maxStretch: ALTERNATIVES.maxStretch }, this.hierarchy(w, metric), factor);
      if (!Array.isArray(r)) paths = [];
      else paths = r;
      if (paths.length > 0 && paths.length < k) {
        warnings.push(makeIssue('ROUTE_ALTERNATIVES_FEWER', {}, { found: paths.length, asked: k, overlapPct: ALTERNATIVES.maxOverlap * 100, stretch: ALTERNATIVES.maxStretch }));
      }
    }
    if (paths.length === 0) {
      const un = diagnoseUnreachable(g, req.profile, req.weights, overlay, q, this.space, { from: g.nodeIds[req.from], to: g.nodeIds[req.to] });
      return { kind: 'unreachable', unreachable: un, warnings };
    }
    const seen = new Set<number>();
    for (const p of paths) {
      for (const a of p.arcs) {
        if (!g.arcBorder[a] || !costs.dwellDefault[a] || seen.has(a)) continue;
        seen.add(a);
        const l = g.arcLink[a];
        const ci = g.arcCrossing[a];
        warnings.push(makeIssue(ci >= 0 ? 'ROUTE_BORDER_NO_DWELL' : 'ROUTE_BORDER_DEFAULT_DWELL', { id: g.linkIds[l] }, {
          link: g.linkIds[l], crossing: ci >= 0 ? g.crossings[ci].id : null,
          from: g.nodeIds[g.vertexNode[g.arcTail[a]]], to: g.nodeIds[g.vertexNode[g.arcHead[a]]], hours: req.profile.border.defaultDwellHours,
        }));
      }
    }
    return { kind: 'routes', routes: paths.map((p) => explainPath(g, costs, p.arcs, req.profile, Math.round(p.cost * 100) / 100, req.from)), warnings };
  }

  /**
   * One search per origin, each stopping when every destination is settled; every criterion of
   * the weighted-best path per cell. Unreachable cells are null.
   */
  matrix(origins: number[], destinations: number[], profile: Profile, weights: Weights, overlay: Overlay = {}, signal?: Cancel): ({ km: number; hours: number; usd: number; co2Kg: number; risk: number; objective: number } | null)[][] {
    const g = this.graph;
    const { costs, w } = this.weights(profile, overlay, weights);
    const out: ReturnType<Router['matrix']> = [];
    for (const o of origins) {
      const sources: number[] = [];
      for (let v = g.firstVertex[o]; v < g.firstVertex[o + 1]; v++) sources.push(v);
      const r = search(g, w, this.space, { sources, targetNodes: destinations, signal });
      const row: ReturnType<Router['matrix']>[number] = [];
      for (let j = 0; j < destinations.length; j++) {
        const st = r.targetState[j];
        if (st < 0) { row.push(o === destinations[j] ? { km: 0, hours: 0, usd: 0, co2Kg: 0, risk: 0, objective: 0 } : null); continue; }
        const t = { km: 0, hours: 0, usd: 0, co2Kg: 0, risk: 0, objective: r.targetCost[j] };
        for (let s = st; this.space.pred[s] >= 0; s = g.arcTail[this.space.pred[s]]) {
          const a = this.space.pred[s];
          t.km += costs.km[a]; t.hours += costs.hours[a]; t.usd += costs.usd[a]; t.co2Kg += costs.co2Kg[a]; t.risk += costs.risk[a];
        }
        row.push(t);
      }
      out.push(row);
    }
    return out;
  }
}
