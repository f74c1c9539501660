// The weighted search: Dijkstra (or A* with a consistent great-circle bound) over the expanded graph,
// with labels, predecessors and the heap preallocated in a SearchSpace and reused between queries
// (a generation stamp replaces clearing the arrays). A limit on transshipments turns the state into
// (vertex, transfers so far): layer k holds the states reached after k transfers.
import { ARC_LINK, type Graph } from '../network/graph.ts';

/**
 * What a long search polls to stop early: an AbortSignal fits, and so does a deadline object whose
 * `aborted` reads the clock (a timer cannot fire while a synchronous search holds the thread).
 */
export interface Cancel {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** A Cancel that trips once `ms` have passed, with `reason` as the error thrown. */
export function deadline(ms: number, reason: unknown): Cancel {
  const end = performance.now() + ms;
  return { get aborted() { return performance.now() > end; }, reason };
}

export class SearchSpace {
  dist = new Float64Array(0);
  pred = new Int32Array(0);
  seen = new Uint32Array(0);
  done = new Uint32Array(0);
  gen = 0;
  heapKey = new Float64Array(1024);
  heapState = new Int32Array(1024);
  heapSize = 0;
  /** Per physical node: generation stamp and target index (no Map lookups in the loop). */
  targetGen = new Uint32Array(0);
  targetIdx = new Int32Array(0);
  ensureNodes(nodes: number): void {
    if (this.targetGen.length < nodes) { this.targetGen = new Uint32Array(nodes); this.targetIdx = new Int32Array(nodes); }
  }
  ensure(states: number): void {
    if (this.dist.length >= states) return;
    this.dist = new Float64Array(states);
    this.pred = new Int32Array(states);
    this.seen = new Uint32Array(states);
    this.done = new Uint32Array(states);
  }
  next(): void {
    this.gen++;
    this.heapSize = 0;
    if (this.gen === 0xffffffff) { this.seen.fill(0); this.done.fill(0); this.targetGen.fill(0); this.gen = 1; }
  }
  push(key: number, state: number): void {
    if (this.heapSize === this.heapKey.length) {
      const k = new Float64Array(this.heapKey.length * 2); k.set(this.heapKey); this.heapKey = k;
      const s = new Int32Array(this.heapState.length * 2); s.set(this.heapState); this.heapState = s;
    }
    const hk = this.heapKey, hs = this.heapState;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hk[p] <= key) break;
      hk[i] = hk[p]; hs[i] = hs[p]; i = p;
    }
    hk[i] = key; hs[i] = state;
  }
  /** Pops the minimum; returns its state (key in this.topKey). */
  topKey = 0;
  pop(): number {
    const hk = this.heapKey, hs = this.heapState;
    const state = hs[0];
    this.topKey = hk[0];
    const n = --this.heapSize;
    if (n > 0) {
      const key = hk[n], st = hs[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && hk[c + 1] < hk[c]) c++;
        if (hk[c] >= key) break;
        hk[i] = hk[c]; hs[i] = hs[c]; i = c;
      }
      hk[i] = key; hs[i] = st;
    }
    return state;
  }
}

export interface SearchOptions {
  /** Start vertices (cost 0 each, layer 0 unless startLayer). */
  sources: ArrayLike<number>;
  startLayer?: number;
  /** Physical nodes to reach; the search stops when each has a settled vertex. */
  targetNodes: ArrayLike<number>;
  /** Maximum transfer arcs (gauge changes and transshipments) on the path; unset: no limit. */
  maxTransfers?: number;
  /** A* factor: a lower bound of weight per great-circle km (only with one target). */
  astarFactor?: number;
  /** Landmark distances (landmarksFor) of these weights or of weights no larger: the A* bound then. */
  landmarks?: Float64Array | null;
  /** Stop (boundHit) once the cheapest open key exceeds this: every target left costs more. */
  maxKey?: number;
  signal?: Cancel;
}

export interface SearchOutcome {
  /** Per target node: the settled state, or -1 when unreachable. */
  targetState: Int32Array;
  targetCost: Float64Array;
  settled: number;
  /** True when the search stopped at maxKey with targets still open. */
  boundHit: boolean;
}

export const ABORT_CHECK_EVERY = 4096;

export function search(g: Graph, weight: Float64Array, space: SearchSpace, opt: SearchOptions): SearchOutcome {
  const V = g.vertexCount;
  const limited = opt.maxTransfers !== undefined && opt.maxTransfers >= 0;
  const layers = limited ? opt.maxTransfers! + 1 : 1;
  space.ensure(V * layers);
  space.next();
  const { dist, pred, seen, done } = space;
  const gen = space.gen;
  const T = opt.targetNodes.length;
  const targetState = new Int32Array(T).fill(-1), targetCost = new Float64Array(T).fill(Infinity);
  space.ensureNodes(g.nodeCount);
  const { targetGen, targetIdx } = space;
  // A node listed twice as a target: the later index points at the earlier (filled in at the end).
  const dup: [number, number][] = [];
  let remaining = 0;
  for (let i = 0; i < T; i++) {
    const n = opt.targetNodes[i];
    if (targetGen[n] === gen) { dup.push([i, targetIdx[n]]); continue; }
    targetGen[n] = gen; targetIdx[n] = i; remaining++;
  }
  const useAstar = opt.astarFactor !== undefined && opt.astarFactor > 0 && T === 1;
  // A* bound: factor × straight-line chord through the earth to the target. The chord is a metric
  // no longer than the great-circle distance, so the bound stays consistent, and it needs no trig.
  const tNode = T === 1 ? opt.targetNodes[0] : -1;
  const xyz = useAstar ? unitVectors(g) : null;
  const f = useAstar ? opt.astarFactor! * EARTH_RADIUS_KM : 0;
  const tx = xyz && tNode >= 0 ? xyz[3 * tNode] : 0, ty = xyz && tNode >= 0 ? xyz[3 * tNode + 1] : 0, tz = xyz && tNode >= 0 ? xyz[3 * tNode + 2] : 0;
  const vertexNode = g.vertexNode;
  // Landmark bounds (for the weights the landmarks were made from, or any larger ones) replace the
  // straight line when given: tighter, and as consistent.
  const lm = useAstar && opt.landmarks ? opt.landmarks : null;
  const far = lm ? new Float64Array(LANDMARKS).fill(-Infinity) : NO_ENDS, near = lm ? new Float64Array(LANDMARKS).fill(Infinity) : NO_ENDS;
  if (lm) landmarkEnds(g, lm, tNode, far, near);
  const h = (v: number): number => {
    if (lm) return landmarkBound(lm, v, far, near);
    if (xyz === null) return 0;
    const n = 3 * vertexNode[v];
    const dx = xyz[n] - tx, dy = xyz[n + 1] - ty, dz = xyz[n + 2] - tz;
    return f * Math.sqrt(dx * dx + dy * dy + dz * dz);
  };
  const startLayer = opt.startLayer ?? 0;
  for (let i = 0; i < opt.sources.length; i++) {
    const s = opt.sources[i] + startLayer * V;
    if (seen[s] === gen && dist[s] === 0) continue;
    seen[s] = gen; dist[s] = 0; pred[s] = -1;
    space.push(h(opt.sources[i]), s);
  }
  const { firstArc, arcHead, arcKind } = g;
  const maxKey = opt.maxKey ?? Infinity;
  let settled = 0, boundHit = false;
  while (space.heapSize > 0 && remaining > 0) {
    const s = space.pop();
    if (space.topKey > maxKey) { boundHit = true; break; }
    if (done[s] === gen) continue;
    done[s] = gen;
    settled++;
    if ((settled & (ABORT_CHECK_EVERY - 1)) === 0 && opt.signal?.aborted) throw opt.signal.reason ?? new Error('aborted');
    const layer = limited ? (s / V) | 0 : 0;
    const v = s - layer * V;
    const node = vertexNode[v];
    if (targetGen[node] === gen) {
      const t = targetIdx[node];
      if (targetState[t] < 0) {
        targetState[t] = s; targetCost[t] = dist[s];
        if (--remaining === 0) break;
      }
    }
    const d = dist[s];
    if (!limited && xyz === null) {
      // The common case, kept tight: no layers, no bound. (A settled head needs no check: with
      // non-negative weights nd < dist[head] cannot hold for it.)
      for (let a = firstArc[v], end = firstArc[v + 1]; a < end; a++) {
        const w = weight[a];
        if (w === Infinity) continue;
        const t = arcHead[a], nd = d + w;
        if (seen[t] !== gen || nd < dist[t]) { seen[t] = gen; dist[t] = nd; pred[t] = a; space.push(nd, t); }
      }
      continue;
    }
    for (let a = firstArc[v], end = firstArc[v + 1]; a < end; a++) {
      const w = weight[a];
      if (w === Infinity) continue;
      let nl = layer;
      if (limited && arcKind[a] !== ARC_LINK) { nl++; if (nl >= layers) continue; }
      const hv = arcHead[a];
      const t = hv + nl * V;
      const nd = d + w;
      if (seen[t] !== gen || nd < dist[t]) {
        seen[t] = gen; dist[t] = nd; pred[t] = a;
        space.push(xyz === null ? nd : nd + h(hv), t);
      }
    }
  }
  for (const [i, j] of dup) { targetState[i] = targetState[j]; targetCost[i] = targetCost[j]; }
  return { targetState, targetCost, settled, boundHit };
}

export const EARTH_RADIUS_KM = 6371.0088;
const unitCache = new WeakMap<Graph, Float64Array>();

/** Unit vectors of the nodes (x, y, z per node), cached per graph. */
export function unitVectors(g: Graph): Float64Array {
  let u = unitCache.get(g);
  if (!u) {
    u = new Float64Array(3 * g.nodeCount);
    const rad = Math.PI / 180;
    for (let n = 0; n < g.nodeCount; n++) {
      const lon = g.nodeLon[n] * rad, lat = g.nodeLat[n] * rad;
      u[3 * n] = Math.cos(lat) * Math.cos(lon); u[3 * n + 1] = Math.cos(lat) * Math.sin(lon); u[3 * n + 2] = Math.sin(lat);
    }
    unitCache.set(g, u);
  }
  return u;
}

/** The arcs of the path ending in `state`, first to last (valid until the space's next search). */
export function pathArcs(g: Graph, space: SearchSpace, state: number, maxTransfers?: number): number[] {
  const V = g.vertexCount;
  const limited = maxTransfers !== undefined && maxTransfers >= 0;
  const out: number[] = [];
  let s = state;
  while (space.pred[s] >= 0) {
    const a = space.pred[s];
    out.push(a);
    const layer = limited ? (s / V) | 0 : 0;
    const back = limited && g.arcKind[a] !== ARC_LINK ? layer - 1 : layer;
    s = g.arcTail[a] + back * V;
  }
  return out.reverse();
}

/**
 * The A* factor for a metric: the least weight per great-circle km over open arcs. With it,
 * h(v) = factor × distance(v, target) never overestimates and is consistent (triangle inequality).
 */
export function astarFactor(g: Graph, weight: Float64Array): number {
  let f = Infinity;
  for (let a = 0; a < g.arcCount; a++) {
    const km = g.arcChordKm[a];
    if (km > 0 && weight[a] !== Infinity) { const r = weight[a] / km; if (r < f) f = r; }
  }
  return f === Infinity ? 0 : f * (1 - 1e-9);
}

/** Arcs by head vertex (the reverse adjacency a backward search walks), built once per graph. */
const reverseCache = new WeakMap<Graph, { first: Int32Array; arcs: Int32Array }>();
export function reverseArcs(g: Graph): { first: Int32Array; arcs: Int32Array } {
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
 * Lower bounds on distances by landmarks (ALT: Goldberg and Harrelson, Computing the shortest path:
 * A* search meets graph theory, 2005): for a few far-apart vertices L, d(v, L) and d(L, v) for
 * every v; then d(u, t) ≥ d(u, L) − d(t, L) and ≥ d(L, t) − d(L, u), a consistent bound tighter
 * than the straight line under weights that mix price and time (bundled network: a best route's
 * A* settles 245 vertices instead of 400, the via-node forward tree 518 instead of 684). Per
 * weight array, on graphs small enough to keep 2 × LANDMARKS labels per vertex (null above).
 * Kept by the array's identity: weights must not change after their first search (the Router
 * makes a new array per metric; alternatives.ts's penalised copy, which does change, is never given here).
 * Laid out per vertex: [d(v, L0), d(L0, v), d(v, L1), ...].
 */
// Above this size the labels (64 bytes a vertex per metric) and the 8 full searches on a metric's
// first request cost more than the pruning saves; the straight-line bound is used there.
export const LANDMARKS = 4;
const LANDMARK_MAX_VERTICES = 50_000;
const NO_ENDS = new Float64Array(0);
const landmarkCache = new WeakMap<Float64Array, Float64Array | null>();

/** Per landmark: the largest d(t, L) and the smallest d(L, t) over the node's vertices t. */
export function landmarkEnds(g: Graph, lm: Float64Array, node: number, far: Float64Array, near: Float64Array): void {
  for (let s = g.firstVertex[node]; s < g.firstVertex[node + 1]; s++) {
    for (let k = 0, o = s * 2 * LANDMARKS; k < LANDMARKS; k++, o += 2) { far[k] = Math.max(far[k], lm[o]); near[k] = Math.min(near[k], lm[o + 1]); }
  }
}

/** A lower bound on the cost from v to the node whose landmarkEnds are far/near. */
export function landmarkBound(lm: Float64Array, v: number, far: Float64Array, near: Float64Array): number {
  // NaN (both ends cut off from a landmark) bounds nothing: the comparisons skip it.
  let lb = 0;
  for (let k = 0, o = v * 2 * LANDMARKS; k < LANDMARKS; k++, o += 2) {
    const x = lm[o] - far[k], y = near[k] - lm[o + 1];
    if (x > lb) lb = x;
    if (y > lb) lb = y;
  }
  return lb;
}
export function landmarksFor(g: Graph, weight: Float64Array): Float64Array | null {
  let lm = landmarkCache.get(weight);
  if (lm !== undefined) return lm;
  const V = g.vertexCount;
  lm = null;
  if (V > 0 && V <= LANDMARK_MAX_VERTICES) {
    lm = new Float64Array(V * 2 * LANDMARKS);
    const xyz = unitVectors(g), rev = reverseArcs(g);
    // Far apart on the map: the first landmark is the vertex farthest (chord) from vertex 0, each
    // next one the vertex farthest from those chosen.
    const near = new Float64Array(V);
    const moveAway = (from: number): number => {
      const pn = 3 * g.vertexNode[from];
      let far = 0;
      for (let v = 0; v < V; v++) {
        const n = 3 * g.vertexNode[v], dx = xyz[n] - xyz[pn], dy = xyz[n + 1] - xyz[pn + 1], dz = xyz[n + 2] - xyz[pn + 2];
        const c = dx * dx + dy * dy + dz * dz;
        if (c < near[v]) near[v] = c;
        if (near[v] > near[far]) far = v;
      }
      return far;
    };
    near.fill(Infinity);
    let pick = moveAway(0);
    near.fill(Infinity);
    const dist = new Float64Array(V), heap = new SearchSpace();
    for (let k = 0; k < LANDMARKS; k++) {
      for (let back = 0; back < 2; back++) {
        dist.fill(Infinity); dist[pick] = 0; heap.heapSize = 0; heap.push(0, pick);
        while (heap.heapSize > 0) {
          const v = heap.pop(), d = heap.topKey;
          if (d > dist[v]) continue;
          const lo = back ? g.firstArc[v] : rev.first[v], hi = back ? g.firstArc[v + 1] : rev.first[v + 1];
          for (let i = lo; i < hi; i++) {
            const a = back ? i : rev.arcs[i], w = weight[a];
            if (w === Infinity) continue;
            const u = back ? g.arcHead[a] : g.arcTail[a], nd = d + w;
            if (nd < dist[u]) { dist[u] = nd; heap.push(nd, u); }
          }
        }
        // back = 0 walked arcs backwards: d(v, L); back = 1 forwards: d(L, v).
        for (let v = 0; v < V; v++) lm[v * 2 * LANDMARKS + 2 * k + back] = dist[v];
      }
      pick = moveAway(pick);
    }
  }
  landmarkCache.set(weight, lm);
  return lm;
}
