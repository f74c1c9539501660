// Queries on a contraction hierarchy: bidirectional upward search (point to point) and the bucket
// method for many-to-many matrices. Arrays are preallocated per query object and reused.
import type { Hierarchy } from './ch.ts';
import { SearchSpace } from './dijkstra.ts';

export interface ChAnswer {
  cost: number;
  /** Vertex where the two searches met (-1 when unreachable). */
  meet: number;
  settled: number;
}

/** What the planner asks of a hierarchy, classic (ChQuery) or customizable (CchQuery): one best route and its arcs. */
export interface HierarchyQuery {
  query(sources: ArrayLike<number>, targets: ArrayLike<number>): ChAnswer;
  path(meet: number): number[];
}

export class ChQuery implements HierarchyQuery {
  readonly h: Hierarchy;
  private f = new SearchSpace();
  private b = new SearchSpace();
  private fPred: Int32Array;
  private bPred: Int32Array;
  constructor(h: Hierarchy) {
    this.h = h;
    this.f.ensure(h.vertexCount);
    this.b.ensure(h.vertexCount);
    this.fPred = new Int32Array(h.vertexCount);
    this.bPred = new Int32Array(h.vertexCount);
  }

  /** Shortest path cost from any source vertex to any target vertex. */
  query(sources: ArrayLike<number>, targets: ArrayLike<number>): ChAnswer {
    const { h, f, b, fPred, bPred } = this;
    f.next(); b.next();
    const fg = f.gen, bg = b.gen;
    for (let i = 0; i < sources.length; i++) { const s = sources[i]; f.seen[s] = fg; f.dist[s] = 0; fPred[s] = -1; f.push(0, s); }
    for (let i = 0; i < targets.length; i++) { const t = targets[i]; b.seen[t] = bg; b.dist[t] = 0; bPred[t] = -1; b.push(0, t); }
    let best = Infinity, meet = -1, settled = 0;
    const { upFirst, upHead, upWeight, upEdge, downFirst, downTail, downWeight, downEdge } = h;
    while (f.heapSize > 0 || b.heapSize > 0) {
      const fk = f.heapSize > 0 ? f.heapKey[0] : Infinity, bk = b.heapSize > 0 ? b.heapKey[0] : Infinity;
      if (Math.min(fk, bk) >= best) break;
      const forward = fk <= bk;
      const S = forward ? f : b, O = forward ? b : f;
      const gen = forward ? fg : bg, ogen = forward ? bg : fg;
      const x = S.pop();
      const d = S.topKey;
      if (d > S.dist[x]) continue;
      settled++;
      if (O.seen[x] === ogen && d + O.dist[x] < best) { best = d + O.dist[x]; meet = x; }
      // Stall on demand: if a higher vertex already reaches x cheaper, x need not be expanded.
      let stalled = false;
      if (forward) {
        for (let p = downFirst[x]; p < downFirst[x + 1]; p++) {
          const y = downTail[p];
          if (S.seen[y] === gen && S.dist[y] + downWeight[p] < d) { stalled = true; break; }
        }
        if (stalled) continue;
        for (let p = upFirst[x]; p < upFirst[x + 1]; p++) {
          const y = upHead[p], nd = d + upWeight[p];
          if (S.seen[y] !== gen || nd < S.dist[y]) { S.seen[y] = gen; S.dist[y] = nd; fPred[y] = upEdge[p]; S.push(nd, y); }
        }
      } else {
        for (let p = upFirst[x]; p < upFirst[x + 1]; p++) {
          const y = upHead[p];
          if (S.seen[y] === gen && S.dist[y] + upWeight[p] < d) { stalled = true; break; }
        }
        if (stalled) continue;
        for (let p = downFirst[x]; p < downFirst[x + 1]; p++) {
          const y = downTail[p], nd = d + downWeight[p];
          if (S.seen[y] !== gen || nd < S.dist[y]) { S.seen[y] = gen; S.dist[y] = nd; bPred[y] = downEdge[p]; S.push(nd, y); }
        }
      }
    }
    return { cost: best, meet, settled };
  }

  /** The original arcs of the last query's path, first to last. */
  path(meet: number): number[] {
    const { h, fPred, bPred } = this;
    const up: number[] = [];
    for (let x = meet; fPred[x] >= 0 && this.f.seen[x] === this.f.gen; x = h.edgeTail[fPred[x]]) up.push(fPred[x]);
    const down: number[] = [];
    for (let x = meet; bPred[x] >= 0 && this.b.seen[x] === this.b.gen; x = h.edgeHead[bPred[x]]) down.push(bPred[x]);
    const out: number[] = [];
    for (let i = up.length - 1; i >= 0; i--) unpack(h, up[i], out);
    for (const e of down) unpack(h, e, out);
    return out;
  }
}

/** Appends the original arcs of edge e (an arc or a shortcut) in path order. */
export function unpack(h: Hierarchy, e: number, out: number[]): void {
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x < h.baseArcs) { out.push(x); continue; }
    const i = x - h.baseArcs;
    stack.push(h.child2[i], h.child1[i]);
  }
}

/**
 * Many-to-many costs by the bucket method: one backward upward search per target fills buckets,
 * one forward upward search per source scans them. Unreachable cells are Infinity.
 */
export function chMatrix(h: Hierarchy, sources: number[][], targets: number[][]): Float64Array {
  const S = sources.length, T = targets.length;
  const out = new Float64Array(S * T).fill(Infinity);
  const space = new SearchSpace();
  space.ensure(h.vertexCount);
  const bucketT: number[][] = new Array(h.vertexCount), bucketD: number[][] = new Array(h.vertexCount);
  const touched: number[] = [];
  const upward = (starts: number[], forward: boolean, visit: (x: number, d: number) => void) => {
    space.next();
    const gen = space.gen;
    for (const s of starts) { space.seen[s] = gen; space.dist[s] = 0; space.push(0, s); }
    const first = forward ? h.upFirst : h.downFirst, other = forward ? h.upHead : h.downTail, wt = forward ? h.upWeight : h.downWeight;
    // Stall on demand, as in ChQuery: a vertex reached cheaper from above is not a shortest-path
    // vertex of this search, so it neither fills nor scans buckets nor expands.
    const sFirst = forward ? h.downFirst : h.upFirst, sOther = forward ? h.downTail : h.upHead, sWt = forward ? h.downWeight : h.upWeight;
    while (space.heapSize > 0) {
      const x = space.pop();
      const d = space.topKey;
      if (d > space.dist[x]) continue;
      let stalled = false;
      for (let p = sFirst[x]; p < sFirst[x + 1]; p++) {
        const y = sOther[p];
        if (space.seen[y] === gen && space.dist[y] + sWt[p] < d) { stalled = true; break; }
      }
      if (stalled) continue;
      visit(x, d);
      for (let p = first[x]; p < first[x + 1]; p++) {
        const y = other[p], nd = d + wt[p];
        if (space.seen[y] !== gen || nd < space.dist[y]) { space.seen[y] = gen; space.dist[y] = nd; space.push(nd, y); }
      }
    }
  };
  targets.forEach((ts, j) => upward(ts, false, (x, d) => {
    if (!bucketT[x]) { bucketT[x] = []; bucketD[x] = []; touched.push(x); }
    bucketT[x].push(j); bucketD[x].push(d);
  }));
  sources.forEach((ss, i) => upward(ss, true, (x, d) => {
    const bt = bucketT[x];
    if (!bt) return;
    const bd = bucketD[x];
    for (let k = 0; k < bt.length; k++) { const c = d + bd[k], cell = i * T + bt[k]; if (c < out[cell]) out[cell] = c; }
  }));
  return out;
}
