// Contraction hierarchies (Geisberger et al. 2008) over the expanded graph for one metric.
//
// Vertices are contracted one by one in order of importance (2 × edge difference + contracted
// neighbours; neighbours re-simulated after each contraction, lazy check at the top); contracting
// v adds a shortcut u→w for each pair of neighbours whose
// shortest path runs through v (a bounded witness search looks for another way first: a witness
// missed only costs an unneeded shortcut, never exactness). Queries then search upwards only, from
// both ends, and settle a few hundred vertices instead of half the network.
//
// Overlays change the metric, not the topology: the hierarchy is rebuilt per metric (milliseconds
// on the bundled network) and the plain search stays the reference and the fallback (transshipment
// limits need the layered state, which the hierarchy does not carry).
import type { Graph } from '../network/graph.ts';
import { SearchSpace, type Cancel } from './dijkstra.ts';

export interface Hierarchy {
  vertexCount: number;
  /** Original arc count: edge ids below it are arcs, above it shortcuts. */
  baseArcs: number;
  rank: Int32Array;
  /** Upward arcs out of each vertex (forward search), CSR. */
  upFirst: Int32Array;
  upHead: Int32Array;
  upWeight: Float64Array;
  upEdge: Int32Array;
  /** Upward arcs into each vertex, reversed (backward search), CSR. */
  downFirst: Int32Array;
  downTail: Int32Array;
  downWeight: Float64Array;
  downEdge: Int32Array;
  /** Ends of every edge id (arcs, then shortcuts). */
  edgeTail: Int32Array;
  edgeHead: Int32Array;
  /** Shortcut s = baseArcs + i replaces edges child1[i] then child2[i]. */
  child1: Int32Array;
  child2: Int32Array;
  shortcuts: number;
  buildMs: number;
}

export interface ChBuildOptions {
  /** Settled-vertex limit of each witness search. */
  witnessLimit?: number;
  /** The same limit while simulating a contraction to rank a vertex. */
  simulateLimit?: number;
  signal?: Cancel;
}

class Edges {
  tail: Int32Array; head: Int32Array; w: Float64Array; c1: Int32Array; c2: Int32Array; n = 0;
  constructor(cap: number) {
    this.tail = new Int32Array(cap); this.head = new Int32Array(cap); this.w = new Float64Array(cap); this.c1 = new Int32Array(cap); this.c2 = new Int32Array(cap);
  }
  add(t: number, h: number, w: number, c1: number, c2: number): number {
    if (this.n === this.tail.length) {
      const cap = this.n * 2;
      const grow = <T extends Int32Array | Float64Array>(x: T): T => { const y = new (x.constructor as new (n: number) => T)(cap); y.set(x); return y; };
      this.tail = grow(this.tail); this.head = grow(this.head); this.w = grow(this.w); this.c1 = grow(this.c1); this.c2 = grow(this.c2);
    }
    const i = this.n++;
    this.tail[i] = t; this.head[i] = h; this.w[i] = w; this.c1[i] = c1; this.c2[i] = c2;
    return i;
  }
}

export function buildHierarchy(g: Graph, weight: Float64Array, opt: ChBuildOptions = {}): Hierarchy {
  const t0 = performance.now();
  const V = g.vertexCount, M = g.arcCount;
  const witnessLimit = opt.witnessLimit ?? 500;
  // Simulations only rank vertices: a smaller search ranks them almost as well, much faster.
  const simulateLimit = Math.min(witnessLimit, opt.simulateLimit ?? 8);
  const E = new Edges(Math.max(16, M * 3));
  const outs: number[][] = Array.from({ length: V }, () => []);
  const ins: number[][] = Array.from({ length: V }, () => []);
  for (let a = 0; a < M; a++) {
    const w = weight[a];
    if (w === Infinity || g.arcTail[a] === g.arcHead[a]) { E.add(g.arcTail[a], g.arcHead[a], Infinity, -1, -1); continue; }
    E.add(g.arcTail[a], g.arcHead[a], w, -1, -1);
    outs[g.arcTail[a]].push(a); ins[g.arcHead[a]].push(a);
  }
  const contracted = new Uint8Array(V), rank = new Int32Array(V).fill(-1), deleted = new Int32Array(V);
  // Witness search state (forward Dijkstra from u, ignoring v and contracted vertices).
  const ws = new SearchSpace();
  ws.ensure(V);
  const wDist = ws.dist, wSeen = ws.seen;
  const targetMark = new Uint32Array(V);
  let targetStamp = 0, targetsLeft = 0;
  const witness = (u: number, skip: number, maxCost: number, limit: number): void => {
    ws.next();
    const gen = ws.gen;
    wSeen[u] = gen; wDist[u] = 0;
    ws.push(0, u);
    // Bounded by settled vertices; done early once every neighbour it must check is settled.
    let settled = 0, left = targetsLeft;
    while (ws.heapSize > 0 && settled < limit && left > 0) {
      const x = ws.pop();
      const d = ws.topKey;
      if (d > wDist[x]) continue;
      if (d > maxCost) break;
      settled++;
      if (targetMark[x] === targetStamp) left--;
      for (const e of outs[x]) {
        const y = E.head[e];
        if (y === skip || contracted[y]) continue;
        const nd = d + E.w[e];
        if (wSeen[y] !== gen || nd < wDist[y]) { wSeen[y] = gen; wDist[y] = nd; ws.push(nd, y); }
      }
    }
  };
  // Drop edges to contracted vertices in place (no new arrays: at 10^6 vertices the garbage of
  // filtered copies dominated the peak memory).
  const compact = (l: number[], ends: Int32Array) => {
    let k = 0;
    for (let i = 0; i < l.length; i++) if (!contracted[ends[l[i]]]) l[k++] = l[i];
    l.length = k;
    return l;
  };
  const liveIns = (v: number) => compact(ins[v], E.tail);
  const liveOuts = (v: number) => compact(outs[v], E.head);
  // Shortcuts contracting v would add: [u, w, cost, inEdge, outEdge].
  const shortcutsFor = (v: number, add: boolean): number => {
    const I = liveIns(v), O = liveOuts(v);
    targetStamp++;
    targetsLeft = 0;
    for (const eo of O) { const w = E.head[eo]; if (targetMark[w] !== targetStamp) { targetMark[w] = targetStamp; targetsLeft++; } }
    let count = 0;
    for (const ei of I) {
      const u = E.tail[ei];
      let maxCost = -1;
      for (const eo of O) if (E.head[eo] !== u) maxCost = Math.max(maxCost, E.w[ei] + E.w[eo]);
      if (maxCost < 0) continue;
      witness(u, v, maxCost, add ? witnessLimit : simulateLimit);
      for (const eo of O) {
        const w = E.head[eo];
        if (w === u) continue;
        const c = E.w[ei] + E.w[eo];
        if (wSeen[w] === ws.gen && wDist[w] <= c) continue;
        count++;
        if (add) {
          const s = E.add(u, w, c, ei, eo);
          outs[u].push(s); ins[w].push(s);
          // Later witness searches from u must see the new shortcut at once.
          if (wSeen[w] !== ws.gen || c < wDist[w]) { wSeen[w] = ws.gen; wDist[w] = c; }
        }
      }
    }
    return count;
  };
  const priority = (v: number) => 2 * (shortcutsFor(v, false) - liveIns(v).length - liveOuts(v).length) + deleted[v];
  const pq = new SearchSpace();
  pq.next();
  const prio = new Float64Array(V);
  for (let v = 0; v < V; v++) { prio[v] = priority(v); pq.push(prio[v], v); }
  let next = 0;
  while (pq.heapSize > 0) {
    const v = pq.pop();
    if (contracted[v] || pq.topKey !== prio[v]) continue;
    const p = priority(v);
    if (pq.heapSize > 0 && p > pq.heapKey[0] && p !== prio[v]) { prio[v] = p; pq.push(p, v); continue; }
    if ((next & 1023) === 0 && opt.signal?.aborted) throw opt.signal.reason ?? new Error('aborted');
    shortcutsFor(v, true);
    contracted[v] = 1;
    rank[v] = next++;
    // Neighbours' priorities change with the new shortcuts: re-simulate them now (fewer shortcuts
    // and a faster build than leaving it all to the lazy check at the top of the queue).
    const nb = new Set<number>();
    for (const e of ins[v]) if (!contracted[E.tail[e]]) nb.add(E.tail[e]);
    for (const e of outs[v]) if (!contracted[E.head[e]]) nb.add(E.head[e]);
    for (const u of nb) { deleted[u]++; prio[u] = priority(u); pq.push(prio[u], u); }
  }
  // Upward and downward CSR over all edges (arcs and shortcuts).
  const upFirst = new Int32Array(V + 1), downFirst = new Int32Array(V + 1);
  for (let e = 0; e < E.n; e++) {
    if (E.w[e] === Infinity) continue;
    const t = E.tail[e], h = E.head[e];
    if (rank[t] < rank[h]) upFirst[t + 1]++; else downFirst[h + 1]++;
  }
  for (let v = 0; v < V; v++) { upFirst[v + 1] += upFirst[v]; downFirst[v + 1] += downFirst[v]; }
  const nu = upFirst[V], nd = downFirst[V];
  const upHead = new Int32Array(nu), upWeight = new Float64Array(nu), upEdge = new Int32Array(nu);
  const downTail = new Int32Array(nd), downWeight = new Float64Array(nd), downEdge = new Int32Array(nd);
  const fu = upFirst.slice(0, V), fd = downFirst.slice(0, V);
  for (let e = 0; e < E.n; e++) {
    if (E.w[e] === Infinity) continue;
    const t = E.tail[e], h = E.head[e];
    if (rank[t] < rank[h]) { const p = fu[t]++; upHead[p] = h; upWeight[p] = E.w[e]; upEdge[p] = e; }
    else { const p = fd[h]++; downTail[p] = t; downWeight[p] = E.w[e]; downEdge[p] = e; }
  }
  const shortcuts = E.n - M;
  return {
    vertexCount: V, baseArcs: M, rank, upFirst, upHead, upWeight, upEdge, downFirst, downTail, downWeight, downEdge,
    edgeTail: E.tail.slice(0, E.n), edgeHead: E.head.slice(0, E.n), child1: E.c1.slice(M, E.n), child2: E.c2.slice(M, E.n), shortcuts, buildMs: performance.now() - t0,
  };
}
