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
 * The best route and up to k-1 alternatives by the penalty method: after each search the arcs of
 * the route found are made dearer, the search runs again, and a candidate is kept only if it shares
 * at most maxOverlap of its km with every route kept and costs at most maxStretch × the best, so an
 * alternative is a different way, not the best one with a detour.
 */
export function alternatives(g: Graph, weight: Float64Array, space: SearchSpace, q: PathQuery, opt: AlternativeOptions, ch?: ChQuery, factor?: number): FoundPath[] | { unreachableStretch: number } {
  // The bound uses the unpenalised weights: still a lower bound, penalties only raise costs.
  // A caller that keeps the weights keeps their factor too (it is a pass over every arc).
  const f = factor ?? astarFactor(g, weight);
  const first = shortestPath(g, weight, space, q, f, ch);
  if (!('arcs' in first)) return first;
  const kept: FoundPath[] = [first];
  if (opt.k <= 1) return kept;
  const maxOverlap = opt.maxOverlap ?? 0.6, maxStretch = opt.maxStretch ?? 1.6, penalty = opt.penalty ?? 1.4;
  const keptKm = [linkKm(g, first.arcs)];
  const penalised = penaltyBuffer(weight);
  const touched: number[] = [];
  let last = first.arcs;
  const tries = opt.k * 4;
  try {
    for (let t = 0; t < tries && kept.length < opt.k; t++) {
      for (const a of last) if (Number.isFinite(penalised[a])) { penalised[a] *= penalty; touched.push(a); }
      const cand = shortestPath(g, penalised, space, q, f);
      if (!('arcs' in cand)) break;
      last = cand.arcs;
      const cost = sumWeights(weight, cand.arcs);
      if (cost > maxStretch * first.cost) break;
      const km = linkKm(g, cand.arcs);
      if (keptKm.every((k) => overlapShare(km, k) <= maxOverlap)) {
        kept.push({ arcs: cand.arcs, cost });
        keptKm.push(km);
      }
    }
  } finally {
    // Back to a plain copy of the weights for the next request (an aborted search included).
    for (const a of touched) penalised[a] = weight[a];
  }
  return kept;
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
