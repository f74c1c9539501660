// The Pareto set over four criteria (usd, hours, co2Kg, risk): multi-criteria label setting
// (Martins). Labels live in growable typed arrays; the queue is keyed on the sum of the criteria,
// so a label that dominates another is always taken first and a taken label is final. The number
// of labels is bounded (published, and reported when hit) because a Pareto set can grow
// exponentially with the network.
import { ARC_LINK, type Graph } from '../network/graph.ts';
import type { ArcCosts } from './costing.ts';
import { SearchSpace, type Cancel } from './dijkstra.ts';

export const PARETO_LIMITS = { maxLabels: 200_000, maxResults: 64 };

export interface ParetoQuery {
  from: number;
  to: number;
  maxTransfers?: number;
  maxLabels?: number;
  signal?: Cancel;
}

export interface ParetoResult {
  /** Arc lists of the non-dominated routes, in the order found (increasing sum of criteria). */
  paths: number[][];
  /** Criteria per path: [usd, hours, co2Kg, risk]. */
  costs: number[][];
  boundHit: boolean;
  labels: number;
}

const K = 4;

export function paretoSearch(g: Graph, c: ArcCosts, q: ParetoQuery, space = new SearchSpace()): ParetoResult {
  const maxLabels = q.maxLabels ?? PARETO_LIMITS.maxLabels;
  const limited = q.maxTransfers !== undefined && q.maxTransfers >= 0;
  let cap = 1024;
  let lc = new Float64Array(cap * K), lVertex = new Int32Array(cap), lPred = new Int32Array(cap), lArc = new Int32Array(cap);
  let lTransfers = new Uint16Array(cap), lDead = new Uint8Array(cap);
  let n = 0;
  const atVertex = new Map<number, number[]>();
  const results: number[] = [];
  const crit = [c.usd, c.hours, c.co2Kg, c.risk];
  // a dominates-or-equals b (with the transfer count as a fifth criterion under a limit)
  const covers = (a: number, b: number) => {
    for (let i = 0; i < K; i++) if (lc[a * K + i] > lc[b * K + i] + 1e-9) return false;
    return !limited || lTransfers[a] <= lTransfers[b];
  };
  const grow = () => {
    cap *= 2;
    const g2 = <T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(x: T, len: number): T => { const y = new (x.constructor as new (n: number) => T)(len); y.set(x); return y; };
    lc = g2(lc, cap * K); lVertex = g2(lVertex, cap); lPred = g2(lPred, cap); lArc = g2(lArc, cap); lTransfers = g2(lTransfers, cap); lDead = g2(lDead, cap);
  };
  space.next();
  let boundHit = false;
  const add = (vertex: number, pred: number, arc: number, transfers: number, costs: ArrayLike<number>): boolean => {
    if (n === cap) grow();
    const id = n;
    for (let i = 0; i < K; i++) lc[id * K + i] = costs[i];
    lVertex[id] = vertex; lPred[id] = pred; lArc[id] = arc; lTransfers[id] = transfers; lDead[id] = 0;
    for (const r of results) if (covers(r, id)) return false;
    const list = atVertex.get(vertex);
    if (list) {
      for (const o of list) if (!lDead[o] && covers(o, id)) return false;
      for (const o of list) if (!lDead[o] && covers(id, o)) lDead[o] = 1;
      const alive = list.filter((o) => !lDead[o]);
      alive.push(id);
      atVertex.set(vertex, alive);
    } else atVertex.set(vertex, [id]);
    n++;
    let key = 0;
    for (let i = 0; i < K; i++) key += costs[i];
    space.push(key, id);
    return true;
  };
  const zero = [0, 0, 0, 0];
  for (let v = g.firstVertex[q.from]; v < g.firstVertex[q.from + 1]; v++) add(v, -1, -1, 0, zero);
  const next = [0, 0, 0, 0];
  let popped = 0;
  while (space.heapSize > 0) {
    const id = space.pop();
    if (lDead[id]) continue;
    if ((++popped & 1023) === 0 && q.signal?.aborted) throw q.signal.reason ?? new Error('aborted');
    // Labels queued before a result was found may be dominated by it by now.
    let dominated = false;
    for (const r of results) if (covers(r, id)) { dominated = true; break; }
    if (dominated) continue;
    const v = lVertex[id];
    if (g.vertexNode[v] === q.to) {
      results.push(id);
      if (results.length >= PARETO_LIMITS.maxResults) { boundHit = true; break; }
      continue;
    }
    for (let a = g.firstArc[v], end = g.firstArc[v + 1]; a < end; a++) {
      if (c.closed[a]) continue;
      let t = lTransfers[id];
      if (g.arcKind[a] !== ARC_LINK) { t++; if (limited && t > q.maxTransfers!) continue; }
      for (let i = 0; i < K; i++) next[i] = lc[id * K + i] + crit[i][a];
      add(g.arcHead[a], id, a, t, next);
      if (n >= maxLabels) { boundHit = true; break; }
    }
    if (boundHit) break;
  }
  const paths: number[][] = [], costs: number[][] = [];
  for (const r of results) {
    const arcs: number[] = [];
    for (let x = r; lPred[x] >= 0; x = lPred[x]) arcs.push(lArc[x]);
    paths.push(arcs.reverse());
    costs.push(Array.from(lc.subarray(r * K, r * K + K)));
  }
  return { paths, costs, boundHit, labels: n };
}
