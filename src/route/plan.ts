// One weighted route through optional via points, and k alternatives that are meaningfully different.
import type { Graph } from '../network/graph.ts';
import { astarFactor, pathArcs, search, SearchSpace, type Cancel } from './dijkstra.ts';
import type { ChQuery } from './ch-query.ts';

export interface PathQuery {
  from: number;
  to: number;
  via?: readonly number[];
  maxTransfers?: number;
  signal?: Cancel;
}

export interface FoundPath {
  arcs: number[];
  /** Sum of the weights the search used (penalised ones for alternatives are re-summed unpenalised). */
  cost: number;
}

function vertices(g: Graph, node: number): number[] {
  const out: number[] = [];
  for (let v = g.firstVertex[node]; v < g.firstVertex[node + 1]; v++) out.push(v);
  return out;
}

/**
 * Shortest path from → via… → to. Each stretch starts where the previous one arrived (same vertex,
 * same transfer count), so a mode or gauge change at a via point is charged, and a transshipment
 * limit holds across the whole route. A stretch that cannot be done is returned by its index.
 */
export function shortestPath(g: Graph, weight: Float64Array, space: SearchSpace, q: PathQuery, factor?: number, ch?: ChQuery): FoundPath | { unreachableStretch: number } {
  const stops = [q.from, ...(q.via ?? []), q.to];
  // The hierarchy (built for exactly this weight array) has no transfer layers.
  if (ch && (q.maxTransfers === undefined || q.maxTransfers < 0)) return hierarchyPath(g, ch, stops);
  const arcs: number[] = [];
  let cost = 0;
  let sources = vertices(g, q.from);
  let startLayer = 0;
  const V = g.vertexCount;
  const f = factor ?? astarFactor(g, weight);
  for (let i = 1; i < stops.length; i++) {
    if (stops[i] === stops[i - 1]) continue;
    const r = search(g, weight, space, { sources, startLayer, targetNodes: [stops[i]], maxTransfers: q.maxTransfers, astarFactor: f, signal: q.signal });
    const st = r.targetState[0];
    if (st < 0) return { unreachableStretch: i - 1 };
    arcs.push(...pathArcs(g, space, st, q.maxTransfers));
    cost += r.targetCost[0];
    const layer = q.maxTransfers !== undefined && q.maxTransfers >= 0 ? (st / V) | 0 : 0;
    sources = [st - layer * V];
    startLayer = layer;
  }
  return { arcs, cost };
}

function hierarchyPath(g: Graph, ch: ChQuery, stops: number[]): FoundPath | { unreachableStretch: number } {
  const arcs: number[] = [];
  let cost = 0;
  let sources = vertices(g, stops[0]);
  for (let i = 1; i < stops.length; i++) {
    if (stops[i] === stops[i - 1]) continue;
    const r = ch.query(sources, vertices(g, stops[i]));
    if (r.meet < 0) return { unreachableStretch: i - 1 };
    const part = ch.path(r.meet);
    arcs.push(...part);
    cost += r.cost;
    sources = [part.length ? g.arcHead[part[part.length - 1]] : r.meet];
  }
  return { arcs, cost };
}

export interface AlternativeOptions {
  k: number;
  /** Largest share of an alternative's km it may share with any accepted route. */
  maxOverlap?: number;
  /** An alternative may cost at most this factor × the best. */
  maxStretch?: number;
  /** How much each found route's arcs are penalised for the next search. */
  penalty?: number;
  /**
   * Local optimality: around the middle of each stretch where an alternative leaves the best
   * route, a window of this share of the best route's cost must be a shortest path (the "T-test"
   * of Abraham, Delling, Goldberg and Werneck, Alternative routes in road networks, 2013). It is what
   * rejects a route with a needless detour, so that the sharing bound can be theirs (80 %).
   */
  localOptimality?: number;
}

function sumWeights(weight: Float64Array, arcs: readonly number[]): number {
  let s = 0;
  for (const a of arcs) s += weight[a];
  return s;
}

/** Km per link on a path: the overlap measure is shared link km over the candidate's km. */
function linkKm(g: Graph, arcs: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const a of arcs) { const l = g.arcLink[a]; if (l >= 0) m.set(l, g.linkLengthKm[l]); }
  return m;
}

export function overlapShare(a: Map<number, number>, b: Map<number, number>): number {
  let shared = 0, total = 0;
  for (const [l, km] of a) { total += km; if (b.has(l)) shared += km; }
  return total > 0 ? shared / total : 1;
}

/**
 * The best route and up to k-1 alternatives. Candidates come first from the via-node method: one
 * search forward from the origin and one backward from the destination give, for every vertex v,
 * the best route through v (d(from, v) + d(v, to)); taken in order of cost, each distinct one is a
 * candidate. So the best route through the Caspian ferry, or through any other corridor, is offered
 * as it is, not as a penalised variant of it. When that leaves fewer than k routes (or with via
 * points or a transshipment limit, where a route through v is not two trees), the penalty method
 * adds more: the arcs of each route found are made dearer and the search runs again. A candidate is
 * kept only if it visits no place twice (a spur there and back is a detour, not a way), shares at
 * most maxOverlap of its km with every route kept and costs at most maxStretch × the best. The
 * first route is the exact best; the others are sorted by cost.
 */
export function alternatives(g: Graph, weight: Float64Array, space: SearchSpace, q: PathQuery, opt: AlternativeOptions, ch?: ChQuery, factor?: number): FoundPath[] | { unreachableStretch: number } {
  // The bound uses the unpenalised weights: still a lower bound, penalties only raise costs.
  // A caller that keeps the weights keeps their factor too (it is a pass over every arc).
  const f = factor ?? astarFactor(g, weight);
  const first = shortestPath(g, weight, space, q, f, ch);
  if (!('arcs' in first)) return first;
  const kept: FoundPath[] = [first];
  if (opt.k <= 1) return kept;
  // Via points and transshipment limits: a route may have to go to a via point and back, and a
  // window's shortest path may need more transfers than allowed, so neither the place check nor the
  // local-optimality test holds; the penalty method alone, under the stricter sharing bound.
  const plain = (q.via === undefined || q.via.length === 0) && (q.maxTransfers === undefined || q.maxTransfers < 0);
  const maxOverlap = plain ? (opt.maxOverlap ?? 0.8) : Math.min(opt.maxOverlap ?? 0.8, PENALTY_ONLY_OVERLAP);
  const maxStretch = opt.maxStretch ?? 1.6, penalty = opt.penalty ?? 1.4;
  const keptKm = [linkKm(g, first.arcs)];
  const alpha = opt.localOptimality ?? 0.25;
  // "On the best route" by link and place, not by arc: the same line in another gauge layer is no detour.
  const bestLinks = new Set<number>(), bestNodes = new Set<number>();
  for (const a of first.arcs) { if (g.arcLink[a] >= 0) bestLinks.add(g.arcLink[a]); bestNodes.add(g.vertexNode[g.arcTail[a]]); bestNodes.add(g.vertexNode[g.arcHead[a]]); }
  const onBest = (a: number) => (g.arcLink[a] >= 0 ? bestLinks.has(g.arcLink[a]) : bestNodes.has(g.vertexNode[g.arcTail[a]]));
  const consider = (arcs: number[], cost: number): void => {
    if (cost > maxStretch * first.cost || (plain && !visitsEachPlaceOnce(g, arcs))) return;
    const km = linkKm(g, arcs);
    if (!keptKm.every((k) => overlapShare(km, k) <= maxOverlap)) return;
    if (plain && !locallyOptimal(g, weight, space, arcs, onBest, alpha * first.cost, q.signal)) return;
    kept.push({ arcs, cost }); keptKm.push(km);
  };
  if (plain) {
    for (const c of viaNodeCandidates(g, weight, q, maxStretch * first.cost, VIA_CANDIDATES)) {
      consider(c.arcs, c.cost);
      if (kept.length >= opt.k) break;
    }
  }
  if (kept.length < opt.k) {
    const penalised = penaltyBuffer(weight);
    const touched: number[] = [];
    try {
      for (const k of kept) for (const a of k.arcs) if (Number.isFinite(penalised[a])) { penalised[a] *= penalty; touched.push(a); }
      let last: number[] = [];
      const tries = opt.k * 4;
      for (let t = 0; t < tries && kept.length < opt.k; t++) {
        for (const a of last) if (Number.isFinite(penalised[a])) { penalised[a] *= penalty; touched.push(a); }
        const cand = shortestPath(g, penalised, space, q, f);
        if (!('arcs' in cand)) break;
        last = cand.arcs;
        const cost = sumWeights(weight, cand.arcs);
        if (cost > maxStretch * first.cost) break;
        consider(cand.arcs, cost);
      }
    } finally {
      // Back to a plain copy of the weights for the next request (an aborted search included).
      for (const a of touched) penalised[a] = weight[a];
    }
  }
  const rest = kept.slice(1).sort((a, b) => a.cost - b.cost);
  return [first, ...rest];
}

/**
 * The T-test on each stretch of `arcs` off the best route: the window of cost `window` centred on
 * the stretch's middle (clipped to the route's ends) must cost no more than the shortest path
 * between its ends. A stretch that is a needless detour fails it; a different corridor passes.
 */
function locallyOptimal(g: Graph, weight: Float64Array, space: SearchSpace, arcs: readonly number[], onBest: (a: number) => boolean, window: number, signal?: Cancel): boolean {
  const prefix = new Float64Array(arcs.length + 1);
  for (let i = 0; i < arcs.length; i++) prefix[i + 1] = prefix[i] + weight[arcs[i]];
  for (let i = 0; i < arcs.length;) {
    if (onBest(arcs[i])) { i++; continue; }
    let j = i;
    while (j < arcs.length && !onBest(arcs[j])) j++;
    const mid = (prefix[i] + prefix[j]) / 2;
    // Window ends: the last arc boundary at or before mid - window/2, the first at or after mid + window/2.
    let x = 0, y = arcs.length;
    while (x + 1 < arcs.length && prefix[x + 1] <= mid - window / 2) x++;
    while (y - 1 > x && prefix[y - 1] >= mid + window / 2) y--;
    const from = g.arcTail[arcs[x]], to = g.vertexNode[g.arcHead[arcs[y - 1]]];
    const r = search(g, weight, space, { sources: [from], targetNodes: [to], signal });
    if (r.targetState[0] < 0 || r.targetCost[0] < prefix[y] - prefix[x] - 1e-9 * Math.max(1, prefix[y])) return false;
    i = j;
  }
  return true;
}

/** The sharing bound where the local-optimality test cannot run (via points, transshipment limits). */
export const PENALTY_ONLY_OVERLAP = 0.6;

/** How many distinct via-node routes are examined at most (each is a walk along one path). */
const VIA_CANDIDATES = 200;

/** False when a path comes back to a place it left (consecutive arcs at one place are transfers there). */
function visitsEachPlaceOnce(g: Graph, arcs: readonly number[]): boolean {
  const seen = new Set<number>();
  let last = -1;
  for (const a of arcs) {
    for (const v of [g.arcTail[a], g.arcHead[a]]) {
      const n = g.vertexNode[v];
      if (n === last) continue;
      if (seen.has(n)) return false;
      seen.add(n);
      last = n;
    }
  }
  return true;
}

/** Arcs by head vertex (the reverse adjacency a backward search walks), built once per graph. */
const reverseCache = new WeakMap<Graph, { first: Int32Array; arcs: Int32Array }>();
function reverseArcs(g: Graph): { first: Int32Array; arcs: Int32Array } {
  let r = reverseCache.get(g);
  if (!r) {
    const V = g.vertexCount, A = g.arcCount;
    const first = new Int32Array(V + 1);
    for (let a = 0; a < A; a++) first[g.arcHead[a] + 1]++;
    for (let v = 0; v < V; v++) first[v + 1] += first[v];
    const fill = first.slice(0, V);
    const arcs = new Int32Array(A);
    for (let a = 0; a < A; a++) arcs[fill[g.arcHead[a]]++] = a;
    r = { first, arcs };
    reverseCache.set(g, r);
  }
  return r;
}

/**
 * Cost from the sources to every vertex (forward), or from every vertex to the sources (backward),
 * up to `bound`; pred holds the arc taken (forward: the arc into v; backward: the arc out of v).
 */
function tree(g: Graph, weight: Float64Array, sources: readonly number[], backward: boolean, bound: number, signal?: Cancel): { dist: Float64Array; pred: Int32Array } {
  const V = g.vertexCount;
  const dist = new Float64Array(V).fill(Infinity);
  const pred = new Int32Array(V).fill(-1);
  const done = new Uint8Array(V);
  const heap = new SearchSpace();
  for (const s of sources) { dist[s] = 0; heap.push(0, s); }
  const rev = backward ? reverseArcs(g) : null;
  const first = rev ? rev.first : g.firstArc;
  let settled = 0;
  while (heap.heapSize > 0) {
    const v = heap.pop();
    if (done[v]) continue;
    done[v] = 1;
    const d = dist[v];
    if (d > bound) break;
    if ((++settled & 4095) === 0 && signal?.aborted) throw signal.reason ?? new Error('aborted');
    for (let i = first[v], end = first[v + 1]; i < end; i++) {
      const a = rev ? rev.arcs[i] : i;
      const w = weight[a];
      if (w === Infinity) continue;
      const u = rev ? g.arcTail[a] : g.arcHead[a];
      const nd = d + w;
      if (nd < dist[u]) { dist[u] = nd; pred[u] = a; heap.push(nd, u); }
    }
  }
  return { dist, pred };
}

/**
 * The best route through each vertex, cheapest first, each distinct route once: a vertex already on
 * a route given is skipped (the best route through it costs no more than that route, and no less,
 * since routes come cheapest first).
 */
function* viaNodeCandidates(g: Graph, weight: Float64Array, q: PathQuery, bound: number, limit: number): Generator<FoundPath> {
  const fw = tree(g, weight, vertices(g, q.from), false, bound, q.signal);
  const bw = tree(g, weight, vertices(g, q.to), true, bound, q.signal);
  const order: number[] = [];
  const total = new Float64Array(g.vertexCount);
  for (let v = 0; v < g.vertexCount; v++) {
    total[v] = fw.dist[v] + bw.dist[v];
    if (total[v] <= bound) order.push(v);
  }
  order.sort((a, b) => total[a] - total[b] || a - b);
  const covered = new Uint8Array(g.vertexCount);
  let given = 0;
  for (const v of order) {
    if (covered[v]) continue;
    // Arriving and leaving over the same link is a spur out to v and back: no way, and the commonest
    // candidate by far (every side branch near the best route), so it is skipped before any walk.
    const inArc = fw.pred[v], outArc = bw.pred[v];
    if (inArc >= 0 && outArc >= 0 && g.arcLink[inArc] >= 0 && g.arcLink[inArc] === g.arcLink[outArc]) continue;
    const arcs: number[] = [];
    for (let a = fw.pred[v]; a >= 0; a = fw.pred[g.arcTail[a]]) arcs.push(a);
    arcs.reverse();
    for (let a = bw.pred[v]; a >= 0; a = bw.pred[g.arcHead[a]]) arcs.push(a);
    covered[v] = 1;
    for (const a of arcs) { covered[g.arcTail[a]] = 1; covered[g.arcHead[a]] = 1; }
    if (!visitsEachPlaceOnce(g, arcs)) continue;
    yield { arcs, cost: sumWeights(weight, arcs) };
    if (++given >= limit) return;
  }
}

/**
 * A copy of the weights to penalise, kept beside them and restored after each use, so that a
 * request for alternatives touches only the arcs it penalises instead of copying every arc. The
 * copy lives as long as the weight array does.
 */
const penaltyCopies = new WeakMap<Float64Array, Float64Array>();
function penaltyBuffer(weight: Float64Array): Float64Array {
  let p = penaltyCopies.get(weight);
  if (!p || p.length !== weight.length) { p = Float64Array.from(weight); penaltyCopies.set(weight, p); }
  return p;
}
