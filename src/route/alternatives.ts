// k alternatives to the best route that are meaningfully different: the via-node method with the
// penalty method as top-up, a sharing bound and a local-optimality test.
import type { Graph } from '../network/graph.ts';
import { astarFactor, landmarksFor, search, SearchSpace, type Cancel } from './dijkstra.ts';
import { ENDPOINT_TREES_MAX_VERTICES, EndpointTrees, TwoTrees, twoTrees } from './via-trees.ts';
import type { HierarchyQuery } from './ch-query.ts';
import { shortestPath, type FoundPath, type PathQuery } from './plan.ts';

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
  /**
   * Keep each endpoint's full tree per metric (via-trees.ts EndpointTrees) instead of growing two
   * pruned trees per request; same candidates either way. Default: on for graphs up to
   * ENDPOINT_TREES_MAX_VERTICES.
   */
  endpointTrees?: boolean;
}

function sumWeights(weight: Float64Array, arcs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < arcs.length; i++) s += weight[arcs[i]];
  return s;
}

/**
 * One graph's buffers for alternatives, reused by every request on it: generation stamps replace
 * clearing. Allocating two trees of |V| labels, a Set per candidate and a Map of link km per
 * candidate made the garbage cost about as much as the work (issue 7).
 */
class Scratch {
  readonly trees: TwoTrees;
  readonly covered: Uint32Array;
  /** The via-node candidates (vertex, route cost) as a heap, and the walk of the one at hand. */
  readonly candV: Int32Array; readonly candT: Float64Array; readonly walk: Int32Array;
  /** Per node: stamp of the place check that saw it. */
  readonly place: Uint32Array;
  /** Per node: the request's generation where the best route passes. */
  readonly bestNodes: Uint32Array;
  /** Per link: stamp of the candidate whose distinct links are in `distinct`. */
  readonly link: Uint32Array;
  readonly distinct: Int32Array;
  /** Per route kept (by index): its links, stamped with the request's generation. */
  readonly keptLinks: Uint32Array[] = [];
  gen = 0; placeGen = 0; linkGen = 0;
  constructor(g: Graph) {
    const V = g.vertexCount;
    this.trees = new TwoTrees(g); this.covered = new Uint32Array(V);
    this.candV = new Int32Array(V); this.candT = new Float64Array(V); this.walk = new Int32Array(2 * V);
    this.place = new Uint32Array(g.nodeCount); this.bestNodes = new Uint32Array(g.nodeCount);
    this.link = new Uint32Array(g.linkCount); this.distinct = new Int32Array(g.linkCount);
  }
  /** A new request: every per-request stamp is stale. */
  next(): void {
    if (++this.gen === 0xffffffff) {
      for (const a of [this.covered, this.bestNodes, ...this.keptLinks]) a.fill(0);
      this.gen = 1;
    }
  }
  nextPlace(): number {
    if (++this.placeGen === 0xffffffff) { this.place.fill(0); this.placeGen = 1; }
    return this.placeGen;
  }
  nextLink(): number {
    if (++this.linkGen === 0xffffffff) { this.link.fill(0); this.linkGen = 1; }
    return this.linkGen;
  }
  kept(i: number): Uint32Array {
    while (this.keptLinks.length <= i) this.keptLinks.push(new Uint32Array(this.link.length));
    return this.keptLinks[i];
  }
}
const scratchCache = new WeakMap<Graph, Scratch>();
function scratchFor(g: Graph): Scratch {
  let s = scratchCache.get(g);
  if (!s) { s = new Scratch(g); scratchCache.set(g, s); }
  return s;
}

/**
 * The distinct links of a path into sc.distinct, in order of first use (the order the overlap sums
 * run in); returns how many.
 */
function distinctLinks(g: Graph, arcs: ArrayLike<number>, sc: Scratch): number {
  const stamp = sc.nextLink(), seen = sc.link, out = sc.distinct;
  let n = 0;
  for (let i = 0; i < arcs.length; i++) { const l = g.arcLink[arcs[i]]; if (l >= 0 && seen[l] !== stamp) { seen[l] = stamp; out[n++] = l; } }
  return n;
}

/** Shared link km over the candidate's km (the candidate's n distinct links in sc.distinct; a kept route's links stamped `gen`). */
function overlapShare(g: Graph, sc: Scratch, n: number, kept: Uint32Array, gen: number): number {
  let shared = 0, total = 0;
  for (let i = 0; i < n; i++) { const l = sc.distinct[i], km = g.linkLengthKm[l]; total += km; if (kept[l] === gen) shared += km; }
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
export function alternatives(g: Graph, weight: Float64Array, space: SearchSpace, q: PathQuery, opt: AlternativeOptions, ch?: HierarchyQuery, factor?: number): FoundPath[] | { unreachableStretch: number } {
  // The bound uses the unpenalised weights: still a lower bound, penalties only raise costs.
  // A caller that keeps the weights keeps their factor too (it is a pass over every arc).
  const f = factor ?? astarFactor(g, weight);
  // Landmarks of the plain weights bound the penalised ones too (penalties only raise costs), but
  // are made and kept only for the plain array: the penalised copy changes under its identity.
  const lm = landmarksFor(g, weight);
  const first = shortestPath(g, weight, space, q, f, ch, lm);
  if (!('arcs' in first)) return first;
  const kept: FoundPath[] = [first];
  if (opt.k <= 1) return kept;
  // Via points and transshipment limits: a route may have to go to a via point and back, and a
  // window's shortest path may need more transfers than allowed, so neither the place check nor the
  // local-optimality test holds; the penalty method alone, under the stricter sharing bound.
  const plain = (q.via === undefined || q.via.length === 0) && (q.maxTransfers === undefined || q.maxTransfers < 0);
  const maxOverlap = plain ? (opt.maxOverlap ?? 0.8) : Math.min(opt.maxOverlap ?? 0.8, PENALTY_ONLY_OVERLAP);
  const maxStretch = opt.maxStretch ?? 1.6, penalty = opt.penalty ?? 1.4;
  const sc = scratchFor(g);
  sc.next();
  const gen = sc.gen;
  const stampKept = (i: number, n: number) => { const m = sc.kept(i); for (let j = 0; j < n; j++) m[sc.distinct[j]] = gen; };
  stampKept(0, distinctLinks(g, first.arcs, sc));
  const alpha = opt.localOptimality ?? 0.25;
  // "On the best route" by link and place, not by arc: the same line in another gauge layer is no detour.
  const bestLinks = sc.kept(0), bestNodes = sc.bestNodes;
  for (const a of first.arcs) { bestNodes[g.vertexNode[g.arcTail[a]]] = gen; bestNodes[g.vertexNode[g.arcHead[a]]] = gen; }
  const onBest = (a: number) => (g.arcLink[a] >= 0 ? bestLinks[g.arcLink[a]] === gen : bestNodes[g.vertexNode[g.arcTail[a]]] === gen);
  // placesChecked: a via-node candidate was checked for places already, on the way out of the trees.
  const consider = (arcs: ArrayLike<number>, cost: number, placesChecked: boolean): void => {
    if (cost > maxStretch * first.cost || (plain && !placesChecked && !visitsEachPlaceOnce(g, arcs, sc))) return;
    const n = distinctLinks(g, arcs, sc);
    for (let i = 0; i < kept.length; i++) if (overlapShare(g, sc, n, sc.kept(i), gen) > maxOverlap) return;
    if (plain && !locallyOptimal(g, weight, space, arcs, onBest, alpha * first.cost, f, lm, q.signal)) return;
    stampKept(kept.length, n);
    kept.push({ arcs: Array.isArray(arcs) ? arcs : toArray(arcs), cost });
  };
  if (plain) {
    const full = opt.endpointTrees === false ? null : endpointTreesFor(g, weight, sc.trees);
    for (const c of viaNodeCandidates(g, weight, sc, q, Math.min(EARLY_STRETCH, maxStretch) * first.cost, maxStretch * first.cost, f, VIA_CANDIDATES, full)) {
      consider(c.arcs, c.cost, true);
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
        consider(cand.arcs, cost, false);
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
 * The window's search is A* and stops once every open label costs more than the window itself:
 * then no shorter path exists and the stretch passes, without settling the target.
 */
function locallyOptimal(g: Graph, weight: Float64Array, space: SearchSpace, arcs: ArrayLike<number>, onBest: (a: number) => boolean, window: number, factor: number, landmarks: Float64Array | null, signal?: Cancel): boolean {
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
    // The window's own arcs are open (finite weights), so a search cut at its cost never misses a reachable target.
    const r = search(g, weight, space, { sources: [from], targetNodes: [to], astarFactor: factor, landmarks, maxKey: prefix[y] - prefix[x], signal });
    if (!r.boundHit && (r.targetState[0] < 0 || r.targetCost[0] < prefix[y] - prefix[x] - 1e-9 * Math.max(1, prefix[y]))) return false;
    i = j;
  }
  return true;
}

/** The sharing bound where the local-optimality test cannot run (via points, transshipment limits). */
export const PENALTY_ONLY_OVERLAP = 0.6;

/** How many distinct via-node routes are examined at most (each is a walk along one path). */
const VIA_CANDIDATES = 200;

/** False when a path comes back to a place it left (consecutive arcs at one place are transfers there). */
function visitsEachPlaceOnce(g: Graph, arcs: ArrayLike<number>, sc: Scratch): boolean {
  const seen = sc.place, stamp = sc.nextPlace();
  let last = -1;
  for (let i = 0; i < arcs.length; i++) {
    const a = arcs[i];
    let n = g.vertexNode[g.arcTail[a]];
    if (n !== last) { if (seen[n] === stamp) return false; seen[n] = stamp; last = n; }
    n = g.vertexNode[g.arcHead[a]];
    if (n !== last) { if (seen[n] === stamp) return false; seen[n] = stamp; last = n; }
  }
  return true;
}

/**
 * The best route through each vertex, cheapest first, each distinct route once: a vertex already on
 * a route given is skipped (the best route through it costs no more than that route, and no less,
 * since routes come cheapest first). The vertices within the bound are heaped, not sorted: a request
 * stops after a fraction of them. The trees are the endpoints' full trees when `full` keeps them
 * (one pass); else two pruned trees per request: most requests have their alternatives well
 * inside the bound, so those are grown to `early` first and again to `bound` only when that was
 * not enough; the candidates of the second pass are those beyond `early`, in the same order the
 * one pass gives. Each route given is a view of sc.walk, valid until the next one.
 */
function* viaNodeCandidates(g: Graph, weight: Float64Array, sc: Scratch, q: PathQuery, early: number, bound: number, factor: number, limit: number, full: EndpointTrees | null): Generator<{ arcs: Int32Array; cost: number }> {
  const gen = sc.gen, { covered, candV, candT, walk } = sc, tt = sc.trees;
  let given = 0, lo = -Infinity;
  // Candidates within `early` first, then those up to `bound`: most requests stop in the first
  // pass, and a smaller heap is cheaper. Pruned trees are grown again for the second pass.
  for (const hi of early >= bound ? [bound] : [early, bound]) {
    let fwDist: Float64Array, fwPred: Int32Array, bwDist: Float64Array, bwPred: Int32Array;
    let n = 0;
    if (full) {
      const fw = full.tree(q.from, false, q.signal), bw = full.tree(q.to, true, q.signal);
      ({ dist: fwDist, pred: fwPred } = fw);
      ({ dist: bwDist, pred: bwPred } = bw);
      for (let v = 0, V = g.vertexCount; v < V; v++) {
        const t = fwDist[v] + bwDist[v];
        if (t <= hi && t > lo) { candV[n] = v; candT[n] = t; n++; }
      }
    } else {
      twoTrees(g, weight, tt, q.from, q.to, hi, factor, q.signal);
      ({ fwDist, fwPred, bwDist, bwPred } = tt);
      const tg = tt.gen, fwDone = tt.fwDone;
      // Only vertices both trees settled can have a route within the bound.
      for (let i = 0; i < tt.bwCount; i++) {
        const v = tt.bwSettled[i];
        if (fwDone[v] !== tg) continue;
        const t = fwDist[v] + bwDist[v];
        if (t <= hi && t > lo) { candV[n] = v; candT[n] = t; n++; }
      }
    }
    lo = hi;
    for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(candV, candT, i, n);
    while (n > 0) {
      const v = candV[0];
      n--; candV[0] = candV[n]; candT[0] = candT[n]; siftDown(candV, candT, 0, n);
      if (covered[v] === gen) continue;
      // Arriving and leaving over the same link is a spur out to v and back: no way, and the commonest
      // candidate by far (every side branch near the best route), so it is skipped before any walk.
      const inArc = fwPred[v], outArc = bwPred[v];
      if (inArc >= 0 && outArc >= 0 && g.arcLink[inArc] >= 0 && g.arcLink[inArc] === g.arcLink[outArc]) continue;
      let len = 0;
      for (let a = fwPred[v]; a >= 0; a = fwPred[g.arcTail[a]]) len++;
      let at = len;
      for (let a = fwPred[v]; a >= 0; a = fwPred[g.arcTail[a]]) walk[--at] = a;
      for (let a = bwPred[v]; a >= 0; a = bwPred[g.arcHead[a]]) walk[len++] = a;
      const arcs = walk.subarray(0, len);
      covered[v] = gen;
      let cost = 0;
      for (let i = 0; i < len; i++) { const a = walk[i]; covered[g.arcTail[a]] = gen; covered[g.arcHead[a]] = gen; cost += weight[a]; }
      if (!visitsEachPlaceOnce(g, arcs, sc)) continue;
      yield { arcs, cost };
      if (++given >= limit) return;
    }
  }
}

/** Endpoint trees of a weight array on a graph small enough for them (via-trees.ts), kept as long as the array. */
const endpointTrees = new WeakMap<Float64Array, EndpointTrees>();
function endpointTreesFor(g: Graph, weight: Float64Array, tt: TwoTrees): EndpointTrees | null {
  if (g.vertexCount > ENDPOINT_TREES_MAX_VERTICES) return null;
  let e = endpointTrees.get(weight);
  if (!e) { e = new EndpointTrees(g, weight, tt.heap); endpointTrees.set(weight, e); }
  return e;
}

/** A typed array's values as a plain array (Array.from goes through the iterator: slower). */
function toArray(a: ArrayLike<number>): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}

/** Restores the candidate heap below i: cheapest first, ties by vertex (the order a sort by (total, vertex) gives). */
function siftDown(candV: Int32Array, candT: Float64Array, i: number, size: number): void {
  const v = candV[i], t = candT[i];
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && (candT[c + 1] < candT[c] || (candT[c + 1] === candT[c] && candV[c + 1] < candV[c]))) c++;
    if (!(candT[c] < t || (candT[c] === t && candV[c] < v))) break;
    candV[i] = candV[c]; candT[i] = candT[c];
    i = c;
  }
  candV[i] = v; candT[i] = t;
}

/**
 * The first pass of the via-node trees stops at this × the best route's cost: on 100 seeded pairs
 * of the bundled network, 3 routes were complete by 1.2× in about 70 % of requests (median 1.11×).
 */
const EARLY_STRETCH = 1.2;

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
