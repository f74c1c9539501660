// Queries on a customized CCH (cch.ts) by elimination-tree search: the upward search space of a
// vertex is exactly its ancestors in the elimination tree, so each side walks its ancestors in
// rank order and relaxes their upward arcs, with no priority queue; a vertex whose distance is
// already no better than the best meeting cost is not expanded. Same answer shape as ChQuery
// (query → cost and meeting vertex, path → original arcs), so the planner takes either.
import type { Graph } from '../network/graph.ts';
import { lowerEnd, type CchMetric } from './cch.ts';
import type { ChAnswer, HierarchyQuery } from './ch-query.ts';

export class CchQuery implements HierarchyQuery {
  readonly m: CchMetric;
  private readonly g: Graph;
  private fDist: Float64Array;
  private bDist: Float64Array;
  /** Per rank: the arc it was reached by (-1 at a start) on each side. */
  private fArc: Int32Array;
  private bArc: Int32Array;
  private fSeen: Uint32Array;
  private bSeen: Uint32Array;
  private gen = 0;
  private fList: number[] = [];
  private bList: number[] = [];
  constructor(g: Graph, m: CchMetric) {
    const V = m.cch.vertexCount;
    this.g = g; this.m = m;
    this.fDist = new Float64Array(V); this.bDist = new Float64Array(V);
    this.fArc = new Int32Array(V); this.bArc = new Int32Array(V);
    this.fSeen = new Uint32Array(V); this.bSeen = new Uint32Array(V);
  }

  /** Marks the ancestors of the starts (ranks) with Infinity, the starts with 0; ascending list. */
  private ancestors(starts: ArrayLike<number>, seen: Uint32Array, dist: Float64Array, arc: Int32Array, list: number[]): void {
    const { rank, parent } = this.m.cch;
    list.length = 0;
    for (let i = 0; i < starts.length; i++) {
      for (let x = rank[starts[i]]; x >= 0 && seen[x] !== this.gen; x = parent[x]) { seen[x] = this.gen; dist[x] = Infinity; arc[x] = -1; list.push(x); }
    }
    if (starts.length > 1) list.sort((a, b) => a - b);
    for (let i = 0; i < starts.length; i++) dist[rank[starts[i]]] = 0;
  }

  /** Shortest path cost from any source vertex to any target vertex. */
  query(sources: ArrayLike<number>, targets: ArrayLike<number>): ChAnswer {
    if (++this.gen === 0xffffffff) { this.fSeen.fill(0); this.bSeen.fill(0); this.gen = 1; }
    const { fDist, bDist, fArc, bArc, fSeen, bSeen, fList, bList } = this;
    const { upFirst, upHead } = this.m.cch, { up, down } = this.m;
    this.ancestors(sources, fSeen, fDist, fArc, fList);
    this.ancestors(targets, bSeen, bDist, bArc, bList);
    let best = Infinity, meet = -1, settled = 0, i = 0, j = 0;
    // Both lists ascend; a vertex's distance is final once every lower one on its side is done.
    while (i < fList.length || j < bList.length) {
      const fx = i < fList.length ? fList[i] : Infinity, bx = j < bList.length ? bList[j] : Infinity;
      const x = Math.min(fx, bx);
      if (fx === x) i++;
      if (bx === x) j++;
      if (fx === x && bx === x && fDist[x] + bDist[x] < best) { best = fDist[x] + bDist[x]; meet = x; }
      if (fx === x) {
        const d = fDist[x];
        if (d < best) {
          settled++;
          for (let c = upFirst[x]; c < upFirst[x + 1]; c++) { const y = upHead[c], nd = d + up[c]; if (nd < fDist[y]) { fDist[y] = nd; fArc[y] = c; } }
        }
      }
      if (bx === x) {
        const d = bDist[x];
        if (d < best) {
          settled++;
          for (let c = upFirst[x]; c < upFirst[x + 1]; c++) { const y = upHead[c], nd = d + down[c]; if (nd < bDist[y]) { bDist[y] = nd; bArc[y] = c; } }
        }
      }
    }
    return { cost: best, meet: meet < 0 ? -1 : this.m.cch.order[meet], settled };
  }

  /** The original arcs of the last query's path, first to last. */
  path(meet: number): number[] {
    const { up, down } = this.m, { upFirst, upHead, rank } = this.m.cch;
    const low = (c: number) => lowerEnd(upFirst, c);
    const out: number[] = [];
    // Forward half: from the meeting vertex down its arcs to the source, then replayed in order.
    const fwd: number[] = [];
    for (let x = rank[meet]; this.fArc[x] >= 0; x = low(this.fArc[x])) fwd.push(this.fArc[x]);
    for (let k = fwd.length - 1; k >= 0; k--) { const c = fwd[k]; this.unpack(low(c), upHead[c], c, up[c], out); }
    for (let x = rank[meet]; this.bArc[x] >= 0; x = low(this.bArc[x])) { const c = this.bArc[x]; this.unpack(upHead[c], low(c), c, down[c], out); }
    return out;
  }

  /** Appends the original arcs of hierarchy arc c walked from rank `from` to rank `to` at `cost`. */
  private unpack(from: number, to: number, c: number, cost: number, out: number[]): void {
    const { g } = this;
    const { order, lowFirst, lowTail, lowArc } = this.m.cch, { up, down, weight } = this.m;
    const stack = [from, to, c, cost];
    while (stack.length) {
      const w = stack.pop()!, arc = stack.pop()!, b = stack.pop()!, a = stack.pop()!;
      // An original arc of exactly this weight, else a lower triangle whose two legs sum to it.
      const va = order[a], vb = order[b];
      let found = -1;
      for (let e = g.firstArc[va]; e < g.firstArc[va + 1]; e++) if (g.arcHead[e] === vb && weight[e] === w) { found = e; break; }
      if (found >= 0) { out.push(found); continue; }
      const lo = Math.min(a, b), hi = Math.max(a, b);
      let p = lowFirst[lo], q = lowFirst[hi];
      const pe = lowFirst[lo + 1], qe = lowFirst[hi + 1];
      let done = false;
      while (p < pe && q < qe) {
        const v1 = lowTail[p], v2 = lowTail[q];
        if (v1 < v2) { p++; continue; }
        if (v2 < v1) { q++; continue; }
        // Triangle v < lo < hi: arc s joins v–a, arc t joins v–b.
        const s = a === lo ? lowArc[p] : lowArc[q], t = a === lo ? lowArc[q] : lowArc[p];
        const first = down[s], second = up[t];
        if (first + second === w) {
          // a → v on s (downward), then v → b on t (upward); pushed in reverse to pop a → v first.
          stack.push(v1, b, t, second, a, v1, s, first);
          done = true;
          break;
        }
        p++; q++;
      }
      if (!done) throw new Error(`CCH unpack: no arc or triangle for ${va}→${vb} at ${w} (arc ${arc})`);
    }
  }
}

/**
 * Many-to-many costs: each target's backward ancestor distances once, then one forward ancestor
 * walk per source summed with them at the shared ancestors. Unreachable cells are Infinity.
 */
export function cchMatrix(m: CchMetric, sources: number[][], targets: number[][]): Float64Array {
  const { cch, up, down } = m, { rank, parent, upFirst, upHead } = cch;
  const V = cch.vertexCount, S = sources.length, T = targets.length;
  const out = new Float64Array(S * T).fill(Infinity);
  const dist = new Float64Array(V).fill(Infinity);
  const walk = (starts: number[], w: Float64Array): { xs: Int32Array; ds: Float64Array } => {
    const xs: number[] = [];
    for (const s of starts) for (let x = rank[s]; x >= 0 && dist[x] !== -1; x = parent[x]) { dist[x] = -1; xs.push(x); }
    xs.sort((a, b) => a - b);
    for (const x of xs) dist[x] = Infinity;
    for (const s of starts) dist[rank[s]] = 0;
    const ds = new Float64Array(xs.length);
    xs.forEach((x, i) => {
      const d = dist[x];
      ds[i] = d;
      if (d < Infinity) for (let c = upFirst[x]; c < upFirst[x + 1]; c++) { const y = upHead[c], nd = d + w[c]; if (nd < dist[y]) dist[y] = nd; }
    });
    for (const x of xs) dist[x] = Infinity;
    return { xs: Int32Array.from(xs), ds };
  };
  const back = targets.map((t) => walk(t, down));
  const fwd = new Float64Array(V).fill(Infinity);
  sources.forEach((s, i) => {
    const f = walk(s, up);
    for (let k = 0; k < f.xs.length; k++) fwd[f.xs[k]] = f.ds[k];
    back.forEach((b, j) => {
      let best = Infinity;
      for (let k = 0; k < b.xs.length; k++) { const c = fwd[b.xs[k]] + b.ds[k]; if (c < best) best = c; }
      out[i * T + j] = best;
    });
    for (let k = 0; k < f.xs.length; k++) fwd[f.xs[k]] = Infinity;
  });
  return out;
}
