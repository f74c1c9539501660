// The two trees of the via-node alternatives (alternatives.ts): cost from the origin to every vertex and
// from every vertex to the destination, pruned to what a route within the cost bound can use.
import type { Graph } from '../network/graph.ts';
import {
  ABORT_CHECK_EVERY, EARTH_RADIUS_KM, LANDMARKS, landmarkBound, landmarkEnds, landmarksFor, reverseArcs, SearchSpace, unitVectors, type Cancel,
} from './dijkstra.ts';

/** Labels of a forward and a backward tree (twoTrees), kept per graph: a generation stamp replaces clearing. */
export class TwoTrees {
  readonly fwDist: Float64Array; readonly fwPred: Int32Array; readonly fwSeen: Uint32Array; readonly fwDone: Uint32Array;
  readonly bwDist: Float64Array; readonly bwPred: Int32Array; readonly bwSeen: Uint32Array; readonly bwDone: Uint32Array;
  /** Vertices the backward tree settled within the bound. */
  readonly bwSettled: Int32Array;
  bwCount = 0;
  /** The heap both trees use in turn (SearchSpace's, so equal keys come out in the same order). */
  readonly heap = new SearchSpace();
  gen = 0;
  constructor(g: Graph) {
    const V = g.vertexCount;
    this.fwDist = new Float64Array(V); this.fwPred = new Int32Array(V); this.fwSeen = new Uint32Array(V); this.fwDone = new Uint32Array(V);
    this.bwDist = new Float64Array(V); this.bwPred = new Int32Array(V); this.bwSeen = new Uint32Array(V); this.bwDone = new Uint32Array(V);
    this.bwSettled = new Int32Array(V);
  }
  next(): number {
    if (++this.gen === 0xffffffff) { for (const a of [this.fwSeen, this.fwDone, this.bwSeen, this.bwDone]) a.fill(0); this.gen = 1; }
    return this.gen;
  }
}

/**
 * The two trees of the via-node method into t: cost from the origin to every vertex (forward) and
 * from every vertex to the destination (backward), up to `bound`; pred holds the arc taken (forward:
 * the arc into v; backward: the arc out of v). Only vertices whose route can cost ≤ bound matter,
 * so a label is not made where it cannot: forward where its cost plus a lower bound to the
 * destination (landmarks, else the straight line) exceeds the bound, backward where its cost plus
 * the forward cost does (a vertex the forward tree did not settle costs more than the bound from
 * the origin). Every vertex on a route within the bound keeps the label and predecessor the
 * unpruned trees give it: the vertices before it on its route cost no more in either sum (the
 * bounds are consistent). `limit` is the bound with a hair of slack so that rounding never prunes
 * such a vertex. The heap is SearchSpace's (same order among equal keys).
 */
export function twoTrees(g: Graph, weight: Float64Array, t: TwoTrees, from: number, to: number, bound: number, factor: number, signal?: Cancel): void {
  const gen = t.next();
  const limit = bound + Math.abs(bound) * 1e-9;
  const lm = landmarksFor(g, weight);
  // Per landmark: the largest d(t, L) and the smallest d(L, t) over the destination's vertices.
  const far = new Float64Array(LANDMARKS).fill(-Infinity), near = new Float64Array(LANDMARKS).fill(Infinity);
  if (lm) landmarkEnds(g, lm, to, far, near);
  const xyz = !lm && factor > 0 ? unitVectors(g) : null;
  const fr = factor * EARTH_RADIUS_KM, tn = 3 * to;
  const tx = xyz ? xyz[tn] : 0, ty = xyz ? xyz[tn + 1] : 0, tz = xyz ? xyz[tn + 2] : 0;
  const { vertexNode, arcHead, arcTail, firstArc } = g;
  const { fwDist, fwPred, fwSeen, fwDone, bwDist, bwPred, bwSeen, bwDone, bwSettled, heap } = t;
  heap.heapSize = 0;
  let settled = 0;
  for (let s = g.firstVertex[from]; s < g.firstVertex[from + 1]; s++) { fwSeen[s] = gen; fwDist[s] = 0; fwPred[s] = -1; heap.push(0, s); }
  while (heap.heapSize > 0) {
    const v = heap.pop();
    if (fwDone[v] === gen) continue;
    fwDone[v] = gen;
    const d = fwDist[v];
    if (d > bound) break;
    if ((++settled & (ABORT_CHECK_EVERY - 1)) === 0 && signal?.aborted) throw signal.reason ?? new Error('aborted');
    for (let a = firstArc[v], end = firstArc[v + 1]; a < end; a++) {
      const w = weight[a];
      if (w === Infinity) continue;
      const u = arcHead[a], nd = d + w;
      if (fwSeen[u] === gen && nd >= fwDist[u]) continue;
      if (lm) {
        if (nd + landmarkBound(lm, u, far, near) > limit) continue;
      } else if (xyz) {
        const n = 3 * vertexNode[u], dx = xyz[n] - tx, dy = xyz[n + 1] - ty, dz = xyz[n + 2] - tz;
        if (nd + fr * Math.sqrt(dx * dx + dy * dy + dz * dz) > limit) continue;
      } else if (nd > limit) continue;
      fwSeen[u] = gen; fwDist[u] = nd; fwPred[u] = a;
      heap.push(nd, u);
    }
  }
  const rev = reverseArcs(g);
  heap.heapSize = 0;
  t.bwCount = 0;
  for (let s = g.firstVertex[to]; s < g.firstVertex[to + 1]; s++) { bwSeen[s] = gen; bwDist[s] = 0; bwPred[s] = -1; heap.push(0, s); }
  while (heap.heapSize > 0) {
    const v = heap.pop();
    if (bwDone[v] === gen) continue;
    bwDone[v] = gen;
    const d = bwDist[v];
    if (d > bound) break;
    bwSettled[t.bwCount++] = v;
    if ((++settled & (ABORT_CHECK_EVERY - 1)) === 0 && signal?.aborted) throw signal.reason ?? new Error('aborted');
    for (let i = rev.first[v], end = rev.first[v + 1]; i < end; i++) {
      const a = rev.arcs[i];
      const w = weight[a];
      if (w === Infinity) continue;
      const u = arcTail[a], nd = d + w;
      if (bwSeen[u] === gen && nd >= bwDist[u]) continue;
      if (fwDone[u] !== gen || fwDist[u] + nd > limit) continue;
      bwSeen[u] = gen; bwDist[u] = nd; bwPred[u] = a;
      heap.push(nd, u);
    }
  }
}

/** One node's full tree: cost and predecessor arc of every vertex (Infinity / -1 where unreached). */
export interface FullTree { dist: Float64Array; pred: Int32Array }

/** Graphs up to this size keep full endpoint trees (12 bytes per vertex and tree). */
export const ENDPOINT_TREES_MAX_VERTICES = 50_000;
/**
 * Memory for endpoint trees in one thread, every metric together; the least recently used tree
 * goes first. Enough for both trees of every place of the bundled network under the default
 * metric (≈ 37 MB): a cap below the working set made requests slower than pruned trees (a miss
 * grows a full tree), measured on 15,000 uniform random pairs.
 */
export const ENDPOINT_TREES_MAX_BYTES = 64 * 1024 * 1024;

// One LRU for all metrics, so that many overlays cannot multiply the memory; the trees of a
// weight array no longer in use are never asked for again and leave in turn.
const treeRows = new Map<string, FullTree>();
let treeBytes = 0, nextTreesId = 0;

/**
 * Full forward trees from nodes and backward trees into them, for one weight array, kept while
 * memory allows. The via-node alternatives need, for an origin and a destination, the cost of
 * every vertex from the one and to the other; a server answers the same few hundred places again
 * and again, so each place's tree is grown once per metric instead of twice per request. A full
 * tree gives every vertex within a request's bound the label and predecessor the pruned trees of
 * twoTrees give it (same search, same heap, nothing pruned), so the candidates are the same.
 */
export class EndpointTrees {
  private readonly id = nextTreesId++;
  constructor(private readonly g: Graph, private readonly weight: Float64Array, private readonly heap: SearchSpace) {}
  /** Forward from `node` or backward into it. */
  tree(node: number, backward: boolean, signal?: Cancel): FullTree {
    const key = `${this.id}:${backward ? 'b' : 'f'}${node}`;
    let t = treeRows.get(key);
    if (t) { treeRows.delete(key); treeRows.set(key, t); return t; }
    t = this.grow(node, backward, signal);
    treeRows.set(key, t);
    treeBytes += t.dist.byteLength + t.pred.byteLength;
    while (treeBytes > ENDPOINT_TREES_MAX_BYTES && treeRows.size > 1) {
      const [k, old] = treeRows.entries().next().value!;
      treeRows.delete(k);
      treeBytes -= old.dist.byteLength + old.pred.byteLength;
    }
    return t;
  }
  private grow(node: number, backward: boolean, signal?: Cancel): FullTree {
    const g = this.g, weight = this.weight, heap = this.heap, V = g.vertexCount;
    const dist = new Float64Array(V).fill(Infinity), pred = new Int32Array(V).fill(-1), done = new Uint8Array(V);
    // Forward: the arcs out of v, in CSR order; backward: the arcs into v (reverseArcs), walked to their tails.
    const rev = backward ? reverseArcs(g) : null;
    const first = rev ? rev.first : g.firstArc, arcAt = rev ? rev.arcs : null, far = backward ? g.arcTail : g.arcHead;
    heap.heapSize = 0;
    for (let s = g.firstVertex[node]; s < g.firstVertex[node + 1]; s++) { dist[s] = 0; heap.push(0, s); }
    let settled = 0;
    while (heap.heapSize > 0) {
      const v = heap.pop();
      if (done[v]) continue;
      done[v] = 1;
      const d = dist[v];
      if ((++settled & (ABORT_CHECK_EVERY - 1)) === 0 && signal?.aborted) throw signal.reason ?? new Error('aborted');
      for (let i = first[v], end = first[v + 1]; i < end; i++) {
        const a = arcAt ? arcAt[i] : i, w = weight[a];
        if (w === Infinity) continue;
        const u = far[a], nd = d + w;
        if (nd >= dist[u]) continue;
        dist[u] = nd; pred[u] = a;
        heap.push(nd, u);
      }
    }
    return { dist, pred };
  }
}
