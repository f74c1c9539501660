// The route stage's front door: a Router over one graph answers weighted, alternative and Pareto
// queries; metrics (arc costs per profile and overlay) are cached, never the topology rebuilt.
import { makeIssue, type Issue } from '../core/issues.ts';
import type { Graph } from '../network/graph.ts';
import { arcCosts, weightedCosts, type ArcCosts, type Overlay } from './costing.ts';
import { SearchSpace, search, astarFactor, pathArcs, type Cancel } from './dijkstra.ts';
import { explainPath, type RouteAnswer } from './explain.ts';
import { paretoSearch, PARETO_LIMITS } from './pareto.ts';
import { alternatives, PENALTY_ONLY_OVERLAP } from './alternatives.ts';
import { buildHierarchy, type Hierarchy } from './ch.ts';
import { ChQuery, type HierarchyQuery } from './ch-query.ts';
import { buildCch, customize, customizeFrom, type Cch, type CchMetric } from './cch.ts';
import { CchQuery } from './cch-query.ts';
import type { Profile, Weights } from './profile.ts';
import { diagnoseUnreachable, type Unreachable } from './unreachable.ts';
import { metricKey, overlayKey, profileKey, SegmentedCache } from './metric-keys.ts';

export type { Overlay, ArcCosts } from './costing.ts';
export type { Hierarchy } from './ch.ts';
export type { Cch } from './cch.ts';
export type { RouteAnswer, Leg, Totals, BorderCrossing, GaugeChange, Transfer } from './explain.ts';
export type { Profile, Weights, Criterion } from './profile.ts';
export type { Unreachable } from './unreachable.ts';
export { parseProfile, parseWeights, CRITERIA } from './profile.ts';
export { PARETO_LIMITS } from './pareto.ts';
export { deadline, type Cancel } from './dijkstra.ts';
export { memoOverlay, metricKey, overlayKey } from './metric-keys.ts';

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

/**
 * Alternatives: share of km any two may share (Abraham et al. 2013 use 80 %, with the local
 * optimality test in alternatives.ts rejecting detours), cost stretch over the best, most routes asked.
 */
export const ALTERNATIVES = { maxOverlap: 0.8, maxStretch: 1.6, max: 5 };

const CACHE_SIZE = 8;

export interface RouterOptions {
  /**
   * Graphs with at least this many vertices answer single routes from a hierarchy: the classic one
   * for metrics asked for by `hierarchyFor` (or saved), a customization of the one customizable
   * hierarchy for every other metric (an overlay).
   */
  hierarchyFromVertices?: number;
  /** Hierarchies built earlier (e.g. read from a snapshot), by metricKey(): used instead of building them again. */
  hierarchies?: ReadonlyMap<string, Hierarchy>;
  /** The customizable hierarchy built earlier (a snapshot): overlays then only customize it. */
  cch?: Cch;
}


export const HIERARCHY_FROM_VERTICES = 200_000;

/**
 * Customized metrics kept at once: each holds two Float64 weights per hierarchy arc (≈ 0.5 GB at
 * 10⁶ vertices on a grid), and customizing again takes seconds, so only the few in use stay.
 */
const CUSTOMIZED_METRICS = 2;

export class Router {
  readonly graph: Graph;
  private space = new SearchSpace();
  private hierarchyFrom: number;
  private chCache = new Map<Float64Array, { q: ChQuery; metric: string }>();
  private weightCache = new SegmentedCache<{ w: Float64Array; factor: number; metric: string }>(CACHE_SIZE);
  // Weights made from evicted costs go with them (they would be rebuilt from new costs anyway).
  private costCache = new SegmentedCache<ArcCosts>(CACHE_SIZE, (key) => { for (const k of this.weightCache.keys()) if (k.startsWith(`${key}|`)) this.weightCache.delete(k); });
  private saved: ReadonlyMap<string, Hierarchy>;
  /** The metric-free customizable hierarchy (cch.ts), built when the first overlay needs it. */
  private cch: Cch | undefined;
  /** Metrics `hierarchyFor` was asked for: answered by a classic hierarchy, kept across weight-cache evictions. */
  private classicMetrics = new Set<string>();
  /** Customized metrics by weight array, least recently used first. */
  private cchCache = new Map<Float64Array, CchQuery>();
  /** Hierarchies this router contracted itself (not read from `hierarchies`). */
  hierarchiesBuilt = 0;
  /** Metrics this router answered by customizing the customizable hierarchy (no contraction), and how many of those were partial updates. */
  customizations = 0;
  partialCustomizations = 0;
  constructor(graph: Graph, opt: RouterOptions = {}) {
    this.graph = graph;
    this.hierarchyFrom = opt.hierarchyFromVertices ?? HIERARCHY_FROM_VERTICES;
    this.saved = opt.hierarchies ?? new Map();
    if (opt.cch && opt.cch.vertexCount === graph.vertexCount && opt.cch.arcOf.length === graph.arcCount) this.cch = opt.cch;
  }

  /** The customizable hierarchy, if one was built or read: what a snapshot can keep for the next start. */
  customizable(): Cch | undefined {
    return this.cch;
  }

  /**
   * How single routes on a weight array from `weights()` are answered on a large graph: by the
   * classic hierarchy when there is one for it (the metric `hierarchyFor` was asked for, or a saved
   * one), else by customizing the customizable hierarchy for it (seconds, where contracting a new
   * classic hierarchy per overlay took minutes at 10⁶ vertices). Both are exact; the classic one
   * answers a query several times faster, so it stays for the default metric. Built without the
   * request's deadline on purpose: a build cut short would be started again by the next request
   * and never finish; the first query on a new metric is slow once instead.
   */
  private hierarchy(w: Float64Array, metric: string): HierarchyQuery | undefined {
    if (this.graph.vertexCount < this.hierarchyFrom) return undefined;
    const e = this.chCache.get(w);
    if (e) return e.q;
    if (this.saved.has(metric) || this.classicMetrics.has(metric)) return this.classic(w, metric);
    let q = this.cchCache.get(w);
    if (q) { this.cchCache.delete(w); this.cchCache.set(w, q); }
    else {
      const g = this.graph;
      // An overlay that changes few arcs of a metric still in memory (a closure, a border wait)
      // updates only what those arcs reach; any other is customized in full.
      // Room is made first, so that no more than CUSTOMIZED_METRICS are ever held at once.
      for (const k of [...this.cchCache.keys()]) if (!this.weightCache.values().some((x) => x.w === k)) this.cchCache.delete(k);
      while (this.cchCache.size >= CUSTOMIZED_METRICS) this.cchCache.delete(this.cchCache.keys().next().value!);
      let m: CchMetric | undefined;
      for (const other of [...this.cchCache.values()].reverse()) if ((m = customizeFrom(g, other.m, w))) { this.partialCustomizations++; break; }
      if (!m) { this.cch ??= buildCch(g); m = customize(g, this.cch, w); }
      q = new CchQuery(g, m);
      this.customizations++;
      this.cchCache.set(w, q);
    }
    return q;
  }

  /** The classic hierarchy of a weight array: the saved one for its metric, else contracted now. */
  private classic(w: Float64Array, metric: string): ChQuery {
    let e = this.chCache.get(w);
    // The same metric's weights recomputed after an eviction are equal: its hierarchy still fits.
    const before = e ? undefined : [...this.chCache].find(([, x]) => x.metric === metric);
    if (before) { this.chCache.delete(before[0]); e = before[1]; this.chCache.set(w, e); }
    if (!e) {
      for (const [k, x] of [...this.chCache]) if (!this.classicMetrics.has(x.metric) && !this.weightCache.values().some((y) => y.w === k)) this.chCache.delete(k);
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

  /**
   * The classic hierarchy of a metric (the default one: its routes are answered from it from now
   * on), contracted now if this graph uses hierarchies and it is not there yet (undefined on small graphs).
   */
  hierarchyFor(profile: Profile, overlay: Overlay, w: Weights): Hierarchy | undefined {
    if (this.graph.vertexCount < this.hierarchyFrom) return undefined;
    const e = this.weights(profile, overlay, w);
    this.classicMetrics.add(e.metric);
    return this.classic(e.w, e.metric).h;
  }

  /**
   * Builds the customizable hierarchy now and customizes it for a metric (the default one), so
   * that the first overlay on a large graph is a partial update of it (seconds) rather than an
   * order, a contraction and a full customization. Nothing on small graphs.
   */
  prepareOverlays(profile: Profile, overlay: Overlay, w: Weights): void {
    if (this.graph.vertexCount < this.hierarchyFrom) return;
    const e = this.weights(profile, overlay, w);
    if (this.cchCache.has(e.w)) return;
    this.cch ??= buildCch(this.graph);
    while (this.cchCache.size >= CUSTOMIZED_METRICS) this.cchCache.delete(this.cchCache.keys().next().value!);
    this.cchCache.set(e.w, new CchQuery(this.graph, customize(this.graph, this.cch, e.w)));
    this.customizations++;
  }

  /** The hierarchies in memory, by metricKey(): what a snapshot can keep for the next start. */
  hierarchies(): Map<string, Hierarchy> {
    return new Map([...this.chCache.values()].map((e) => [e.metric, e.q.h]));
  }

  costs(profile: Profile, overlay: Overlay = {}): ArcCosts {
    return this.costsByKey(`${profileKey(profile)}|${overlayKey(overlay)}`, profile, overlay);
  }

  private costsByKey(key: string, profile: Profile, overlay: Overlay): ArcCosts {
    let c = this.costCache.get(key);
    if (!c) {
      c = arcCosts(this.graph, profile, overlay);
      this.costCache.set(key, c);
      for (const k of this.weightCache.keys()) if (k.startsWith(`${key}|`)) this.weightCache.delete(k);
    }
    return c;
  }

  weights(profile: Profile, overlay: Overlay, w: Weights): { costs: ArcCosts; w: Float64Array; factor: number; metric: string } {
    const costKey = `${profileKey(profile)}|${overlayKey(overlay)}`;
    const costs = this.costsByKey(costKey, profile, overlay);
    const key = `${costKey}|${JSON.stringify(w)}`;
    let e = this.weightCache.get(key);
    if (!e) {
      const arr = weightedCosts(costs, w);
      e = { w: arr, factor: astarFactor(this.graph, arr), metric: metricKey(profile, overlay, w) };
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
        const plain = !req.via?.length && (req.maxTransfers === undefined || req.maxTransfers < 0);
        const overlap = plain ? ALTERNATIVES.maxOverlap : Math.min(ALTERNATIVES.maxOverlap, PENALTY_ONLY_OVERLAP);
        warnings.push(makeIssue('ROUTE_ALTERNATIVES_FEWER', {}, { found: paths.length, asked: k, overlapPct: Math.round(overlap * 100), stretch: ALTERNATIVES.maxStretch }));
      }
    }
    if (paths.length === 0) {
      const un = diagnoseUnreachable(g, (ov) => this.weights(req.profile, ov, req.weights).w, overlay, q, this.space, { from: g.nodeIds[req.from], to: g.nodeIds[req.to] });
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
  matrix(origins: number[], destinations: number[], profile: Profile, weights: Weights, overlay: Overlay = {}, signal?: Cancel, maxTransfers?: number): ({ km: number; hours: number; usd: number; co2Kg: number; risk: number; objective: number } | null)[][] {
    const g = this.graph;
    const { costs, w } = this.weights(profile, overlay, weights);
    const out: ReturnType<Router['matrix']> = [];
    for (const o of origins) {
      const sources: number[] = [];
      for (let v = g.firstVertex[o]; v < g.firstVertex[o + 1]; v++) sources.push(v);
      const r = search(g, w, this.space, { sources, targetNodes: destinations, maxTransfers, signal });
      const row: ReturnType<Router['matrix']>[number] = [];
      for (let j = 0; j < destinations.length; j++) {
        const st = r.targetState[j];
        if (st < 0) { row.push(o === destinations[j] ? { km: 0, hours: 0, usd: 0, co2Kg: 0, risk: 0, objective: 0 } : null); continue; }
        const t = { km: 0, hours: 0, usd: 0, co2Kg: 0, risk: 0, objective: r.targetCost[j] };
        for (const a of pathArcs(g, this.space, st, maxTransfers)) {
          t.km += costs.km[a]; t.hours += costs.hours[a]; t.usd += costs.usd[a]; t.co2Kg += costs.co2Kg[a]; t.risk += costs.risk[a];
        }
        row.push(t);
      }
      out.push(row);
    }
    return out;
  }
}
