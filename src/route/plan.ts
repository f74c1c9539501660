// One weighted route through optional via points (the k alternatives are in alternatives.ts).
import type { Graph } from '../network/graph.ts';
import { astarFactor, pathArcs, search, SearchSpace, type Cancel } from './dijkstra.ts';
import type { HierarchyQuery } from './ch-query.ts';

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
export function shortestPath(g: Graph, weight: Float64Array, space: SearchSpace, q: PathQuery, factor?: number, ch?: HierarchyQuery, landmarks?: Float64Array | null): FoundPath | { unreachableStretch: number } {
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
    const r = search(g, weight, space, { sources, startLayer, targetNodes: [stops[i]], maxTransfers: q.maxTransfers, astarFactor: f, landmarks, signal: q.signal });
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

function hierarchyPath(g: Graph, ch: HierarchyQuery, stops: number[]): FoundPath | { unreachableStretch: number } {
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
