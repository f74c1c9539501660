// The weighted search: Dijkstra (or A* with a consistent great-circle bound) over the expanded graph,
// with labels, predecessors and the heap preallocated in a SearchSpace and reused between queries
// (a generation stamp replaces clearing the arrays). A limit on transshipments turns the state into
// (vertex, transfers so far): layer k holds the states reached after k transfers.
import { haversineKm } from '../core/geo.ts';
import { ARC_LINK, type Graph } from '../network/graph.ts';

export class SearchSpace {
  dist = new Float64Array(0);
  pred = new Int32Array(0);
  seen = new Uint32Array(0);
  done = new Uint32Array(0);
  gen = 0;
  heapKey = new Float64Array(1024);
  heapState = new Int32Array(1024);
  heapSize = 0;
  ensure(states: number): void {
    if (this.dist.length >= states) return;
    this.dist = new Float64Array(states);
    this.pred = new Int32Array(states);
    this.seen = new Uint32Array(states);
    this.done = new Uint32Array(states);
    this.gen = 0;
  }
  next(): void {
    this.gen++;
    this.heapSize = 0;
    if (this.gen === 0xffffffff) { this.seen.fill(0); this.done.fill(0); this.gen = 1; }
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
  signal?: AbortSignal;
}

export interface SearchOutcome {
  /** Per target node: the settled state, or -1 when unreachable. */
  targetState: Int32Array;
  targetCost: Float64Array;
  settled: number;
}

const ABORT_CHECK_EVERY = 4096;

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
  // Which target index a node is (small maps: targets are few or the search is one-to-many).
  const targetOf = new Map<number, number[]>();
  for (let i = 0; i < T; i++) {
    const n = opt.targetNodes[i];
    const l = targetOf.get(n);
    if (l) l.push(i); else targetOf.set(n, [i]);
  }
  let remaining = targetOf.size;
  const useAstar = opt.astarFactor !== undefined && opt.astarFactor > 0 && T === 1;
  const tNode = T === 1 ? opt.targetNodes[0] : -1;
  const tLonLat: [number, number] = tNode >= 0 ? [g.nodeLon[tNode], g.nodeLat[tNode]] : [0, 0];
  const h = (v: number): number => {
    if (!useAstar) return 0;
    const n = g.vertexNode[v];
    return opt.astarFactor! * haversineKm([g.nodeLon[n], g.nodeLat[n]], tLonLat);
  };
  const startLayer = opt.startLayer ?? 0;
  for (let i = 0; i < opt.sources.length; i++) {
    const s = opt.sources[i] + startLayer * V;
    if (seen[s] === gen && dist[s] === 0) continue;
    seen[s] = gen; dist[s] = 0; pred[s] = -1;
    space.push(h(opt.sources[i]), s);
  }
  const { firstArc, arcHead, arcKind } = g;
  let settled = 0;
  const reached = new Uint8Array(T);
  while (space.heapSize > 0 && remaining > 0) {
    const s = space.pop();
    if (done[s] === gen) continue;
    done[s] = gen;
    settled++;
    if ((settled & (ABORT_CHECK_EVERY - 1)) === 0 && opt.signal?.aborted) throw opt.signal.reason ?? new Error('aborted');
    const layer = limited ? (s / V) | 0 : 0;
    const v = s - layer * V;
    const node = g.vertexNode[v];
    const ts = targetOf.get(node);
    if (ts !== undefined && !reached[ts[0]]) {
      for (const t of ts) { reached[t] = 1; targetState[t] = s; targetCost[t] = dist[s]; }
      remaining--;
      if (remaining === 0) break;
    }
    const d = dist[s];
    for (let a = firstArc[v], end = firstArc[v + 1]; a < end; a++) {
      const w = weight[a];
      if (w === Infinity) continue;
      let nl = layer;
      if (limited && arcKind[a] !== ARC_LINK) { nl++; if (nl >= layers) continue; }
      const hv = arcHead[a];
      const t = hv + nl * V;
      if (done[t] === gen) continue;
      const nd = d + w;
      if (seen[t] !== gen || nd < dist[t]) {
        seen[t] = gen; dist[t] = nd; pred[t] = a;
        space.push(nd + h(hv), t);
      }
    }
  }
  return { targetState, targetCost, settled };
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
