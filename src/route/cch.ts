// Customizable contraction hierarchies (Dibbelt, Strasser, Wagner 2016): a hierarchy whose shape
// does not depend on the metric, so an overlay (closures, extra border waits, a year, avoided
// countries) costs one customization (seconds at 10⁶ vertices), not a new contraction (minutes).
//
// Preprocessing, once per graph: a nested-dissection order (cch-order.ts), then every vertex is
// contracted in that order WITHOUT witness searches: its higher neighbours become a clique. The
// result is the chordal supergraph of the undirected graph, kept as CSR in rank space: `upHead`
// lists each vertex's higher neighbours in ascending rank (arc ids are CSR positions), `lowTail` /
// `lowArc` each vertex's lower neighbours with the arc joining them. The lowest higher neighbour is
// the vertex's parent in the elimination tree, whose ancestors are exactly its upward search space.
//
// Customization, per metric: every arc {x < y} gets `up` (x → y) and `down` (y → x) weights, first
// from the cheapest original arc each way (Infinity where none or closed), then, vertex by vertex
// in rank order, each lower triangle v < x < y relaxes x → y by x → v → y and y → x by
// y → v → x. In that order both legs are final when used, so every arc ends with its exact
// shortest-path weight within the hierarchy, whatever the overlay did to the weights: closures,
// increases and decreases alike. Nothing metric-dependent is kept besides `up` and `down`: a
// path is unpacked by finding again the arc or triangle whose sum equals the weight (cch-query.ts).
import type { Graph } from '../network/graph.ts';
import { dissectionOrder, undirectedAdjacency } from './cch-order.ts';

export interface Cch {
  vertexCount: number;
  /** rank[v] for graph vertex v; order[r] is the vertex of rank r. */
  rank: Int32Array;
  order: Int32Array;
  /** Higher neighbours of rank r: upHead[upFirst[r] … upFirst[r+1]-1], ascending; positions are arc ids. */
  upFirst: Int32Array;
  upHead: Int32Array;
  /** Lower neighbours of rank r (ascending) and the arc joining each to r. */
  lowFirst: Int32Array;
  lowTail: Int32Array;
  lowArc: Int32Array;
  /** Elimination-tree parent of rank r (its lowest higher neighbour), -1 at a root. */
  parent: Int32Array;
  /** Per original arc: the hierarchy arc it lies on (-1 for a self-loop). */
  arcOf: Int32Array;
  /** Original arcs by the lower end of their hierarchy arc: origArc[origFirst[r] … origFirst[r+1]-1]. */
  origFirst: Int32Array;
  origArc: Int32Array;
  /** Hierarchy arcs, original pairs included (fill-in = arcs minus joined original pairs). */
  arcs: number;
  orderMs: number;
  buildMs: number;
}

/** A metric applied to a Cch: up[c] is the weight of arc c from its lower to its higher end, down[c] back. */
export interface CchMetric {
  cch: Cch;
  /** The original arcs' weights it was customized from (unpacking looks for them). */
  weight: Float64Array;
  up: Float64Array;
  down: Float64Array;
  customizeMs: number;
}

/** The metric-free preprocessing: order, then contraction without witness searches. */
export function buildCch(g: Graph, rankIn?: Int32Array): Cch {
  const t0 = performance.now();
  const V = g.vertexCount;
  const adj = undirectedAdjacency(g);
  const rank = rankIn ?? dissectionOrder(g, adj);
  const t1 = performance.now();
  const order = new Int32Array(V);
  for (let v = 0; v < V; v++) order[rank[v]] = v;
  // Pending higher neighbours per rank (duplicates allowed until the vertex is contracted).
  const pending: (number[] | undefined)[] = new Array(V);
  for (let r = 0; r < V; r++) {
    const v = order[r], l: number[] = [];
    for (let p = adj.first[v]; p < adj.first[v + 1]; p++) { const u = rank[adj.other[p]]; if (u > r) l.push(u); }
    pending[r] = l;
  }
  const upFirst = new Int32Array(V + 1), parent = new Int32Array(V).fill(-1);
  let upHead = new Int32Array(Math.max(16, adj.other.length));
  let n = 0;
  for (let r = 0; r < V; r++) {
    const ups = Int32Array.from(pending[r]!).sort();
    pending[r] = undefined;
    let k = 0;
    for (let i = 0; i < ups.length; i++) if (i === 0 || ups[i] !== ups[i - 1]) ups[k++] = ups[i];
    if (n + k > upHead.length) { const grown = new Int32Array(Math.max(n + k, upHead.length * 2)); grown.set(upHead.subarray(0, n)); upHead = grown; }
    upHead.set(ups.subarray(0, k), n);
    n += k;
    upFirst[r + 1] = n;
    // Contracting r joins its higher neighbours pairwise; handing them to the lowest of them is
    // enough, as that one is contracted next among them and passes them on in turn.
    if (k > 0) {
      const p = ups[0];
      parent[r] = p;
      const l = pending[p]!;
      for (let i = 1; i < k; i++) l.push(ups[i]);
    }
  }
  upHead = upHead.slice(0, n);
  const lowFirst = new Int32Array(V + 1);
  for (let c = 0; c < n; c++) lowFirst[upHead[c] + 1]++;
  for (let r = 0; r < V; r++) lowFirst[r + 1] += lowFirst[r];
  const at = lowFirst.slice(0, V), lowTail = new Int32Array(n), lowArc = new Int32Array(n);
  for (let r = 0; r < V; r++) for (let c = upFirst[r]; c < upFirst[r + 1]; c++) { const p = at[upHead[c]]++; lowTail[p] = r; lowArc[p] = c; }
  const arcOf = new Int32Array(g.arcCount).fill(-1);
  for (let a = 0; a < g.arcCount; a++) {
    const x = rank[g.arcTail[a]], y = rank[g.arcHead[a]];
    if (x !== y) arcOf[a] = findArc(upFirst, upHead, Math.min(x, y), Math.max(x, y));
  }
  const origFirst = new Int32Array(V + 1);
  for (let a = 0; a < g.arcCount; a++) if (arcOf[a] >= 0) origFirst[Math.min(rank[g.arcTail[a]], rank[g.arcHead[a]]) + 1]++;
  for (let r = 0; r < V; r++) origFirst[r + 1] += origFirst[r];
  const fill = origFirst.slice(0, V), origArc = new Int32Array(origFirst[V]);
  for (let a = 0; a < g.arcCount; a++) if (arcOf[a] >= 0) origArc[fill[Math.min(rank[g.arcTail[a]], rank[g.arcHead[a]])]++] = a;
  return { vertexCount: V, rank, order, upFirst, upHead, lowFirst, lowTail, lowArc, parent, arcOf, origFirst, origArc, arcs: n, orderMs: t1 - t0, buildMs: performance.now() - t1 };
}

/** The arc lo → hi (binary search in lo's ascending higher neighbours), -1 if none. */
export function findArc(upFirst: Int32Array, upHead: Int32Array, lo: number, hi: number): number {
  let a = upFirst[lo], b = upFirst[lo + 1] - 1;
  while (a <= b) {
    const m = (a + b) >> 1, h = upHead[m];
    if (h === hi) return m;
    if (h < hi) a = m + 1; else b = m - 1;
  }
  return -1;
}

/** Exact weights of every hierarchy arc for one metric (Infinity = closed or no way). */
export function customize(g: Graph, cch: Cch, weight: Float64Array): CchMetric {
  const t0 = performance.now();
  const { rank, arcOf } = cch;
  const up = new Float64Array(cch.arcs).fill(Infinity), down = new Float64Array(cch.arcs).fill(Infinity);
  for (let a = 0; a < g.arcCount; a++) {
    const c = arcOf[a], w = weight[a];
    if (c < 0 || !(w < Infinity)) continue;
    if (rank[g.arcTail[a]] < rank[g.arcHead[a]]) { if (w < up[c]) up[c] = w; } else if (w < down[c]) down[c] = w;
  }
  const pos = new Int32Array(cch.vertexCount);
  for (let x = 0; x < cch.vertexCount; x++) lowerTriangles(cch, up, down, pos, x);
  return { cch, weight, up, down, customizeMs: performance.now() - t0 };
}

/**
 * One vertex's turn: the arcs x → y of x take their lower triangles v < x, i.e. every lower
 * neighbour v of x (arc i) with each higher neighbour y of v above x (arc j). Those arcs were
 * finished at v's own turn; pos[] finds arc x → y. One step per triangle, no search.
 */
function lowerTriangles(cch: Cch, up: Float64Array, down: Float64Array, pos: Int32Array, x: number): void {
  const { upFirst, upHead, lowFirst, lowTail, lowArc } = cch;
  const xe = upFirst[x + 1];
  if (xe === upFirst[x]) return;
  for (let p = upFirst[x]; p < xe; p++) pos[upHead[p]] = p;
  for (let k = lowFirst[x]; k < lowFirst[x + 1]; k++) {
    const i = lowArc[k], ui = up[i], di = down[i];
    if (ui === Infinity && di === Infinity) continue;
    const ve = upFirst[lowTail[k] + 1];
    for (let j = i + 1; j < ve; j++) {
      const p = pos[upHead[j]];
      const viaUp = di + up[j], viaDown = down[j] + ui;
      if (viaUp < up[p]) up[p] = viaUp;
      if (viaDown < down[p]) down[p] = viaDown;
    }
  }
}

/** The rank r with upFirst[r] <= c < upFirst[r+1]: the lower end of arc c. */
export function lowerEnd(upFirst: Int32Array, c: number): number {
  let a = 0, b = upFirst.length - 2;
  while (a < b) {
    const m = (a + b + 1) >> 1;
    if (upFirst[m] <= c) a = m; else b = m - 1;
  }
  return a;
}

/**
 * A partial customization (the paper's update step): `base` was customized for other weights, and
 * only the vertices whose turn can come out differently take it again. A vertex is redone when an
 * original arc of its turn changed weight, or when a lower vertex's redone turn changed one of its
 * arcs: those arcs are legs of triangles whose third arc belongs to the turn of a higher neighbour.
 * A redone turn starts again from the original arcs and takes every lower triangle, in rank order
 * as in `customize`, so the result equals a full customization bit for bit (a minimum of the same
 * sums). Returns undefined when more than `maxChanged` of the original arcs differ: a full
 * customization is cheaper then.
 */
export function customizeFrom(g: Graph, base: CchMetric, weight: Float64Array, maxChanged = 0.05): CchMetric | undefined {
  const t0 = performance.now();
  const { cch } = base, { upFirst, upHead, rank, arcOf, origFirst, origArc } = cch;
  const V = cch.vertexCount;
  const redo = new Uint8Array(V);
  let changed = 0;
  const limit = Math.floor(maxChanged * g.arcCount);
  for (let a = 0; a < g.arcCount; a++) {
    if (weight[a] === base.weight[a] || arcOf[a] < 0) continue;
    if (++changed > limit) return undefined;
    redo[Math.min(rank[g.arcTail[a]], rank[g.arcHead[a]])] = 1;
  }
  const up = base.up.slice(), down = base.down.slice();
  const pos = new Int32Array(V);
  let oldUp = new Float64Array(64), oldDown = new Float64Array(64);
  for (let x = 0; x < V; x++) {
    if (!redo[x]) continue;
    const s = upFirst[x], e = upFirst[x + 1];
    if (e - s > oldUp.length) { oldUp = new Float64Array(2 * (e - s)); oldDown = new Float64Array(2 * (e - s)); }
    for (let p = s; p < e; p++) { oldUp[p - s] = up[p]; oldDown[p - s] = down[p]; up[p] = Infinity; down[p] = Infinity; }
    for (let k = origFirst[x]; k < origFirst[x + 1]; k++) {
      const a = origArc[k], c = arcOf[a], w = weight[a];
      if (!(w < Infinity)) continue;
      if (rank[g.arcTail[a]] < rank[g.arcHead[a]]) { if (w < up[c]) up[c] = w; } else if (w < down[c]) down[c] = w;
    }
    lowerTriangles(cch, up, down, pos, x);
    // A moved arc x–y is a leg of the triangles x < y, z for every other higher neighbour z of x,
    // whose third arc y–z belongs to the turn of min(y, z): every z below the highest moved y,
    // and each moved y below the top.
    let top = -1;
    for (let p = s; p < e; p++) if (up[p] !== oldUp[p - s] || down[p] !== oldDown[p - s]) { top = p; if (p < e - 1) redo[upHead[p]] = 1; }
    for (let p = s; p < top; p++) redo[upHead[p]] = 1;
  }
  return { cch, weight, up, down, customizeMs: performance.now() - t0 };
}
