// The Karavan network as an assignment network: every open arc of the routable graph (links,
// gauge changes, transshipments, border links) becomes a link of constant generalised cost (the
// route planner's weighted cost for the chosen profile), demand zones become centroids tied to
// every vertex of their node by free connectors (a centroid is never passed through), and the
// capacities in the data become hard capacities in tonnes per year. Freight here does not slow
// down smoothly as a line fills: the line is full, and the shadow price says what that costs.
import { MODE_CODES, type Graph } from '../network/index.ts';
import { buildNetwork, type AssignNetwork, type Demand } from './network.ts';
import { ShortestPathTree } from './shortest.ts';

export interface CapacityUnits {
  /** Net tonnes per train: 20 Mt/yr at Dostyk–Alashankou over its 15 trains/day (domain-facts) ≈ 3,650. */
  tonnesPerTrain: number;
  /** Net tonnes per truck. */
  tonnesPerTruck: number;
  /** Net tonnes per ferry sailing. */
  tonnesPerSailing: number;
}

export const DEFAULT_CAPACITY_UNITS: CapacityUnits = { tonnesPerTrain: 3650, tonnesPerTruck: 20, tonnesPerSailing: 2500 };

export interface KaravanAssignNetwork {
  net: AssignNetwork;
  /** Graph arc of each assignment link, −1 for a zone connector. */
  arcOf: Int32Array;
  /** Hard capacity per assignment link, tonnes per year (Infinity = none). */
  hardCap: Float64Array;
  /** What sets each capacity: 'link' (capacityPerDay of the line) or 'crossing', per link; '' when none. */
  capSource: string[];
  /** Graph node of each zone (zone z is assignment node z). */
  zoneNode: Int32Array;
}

/**
 * Builds the assignment network over open arcs (`closed[a] = 0` and a finite weight), with zones
 * at `zoneNodes` (graph node indices, no repeats) and hard capacities from `linkCapacityPerDay`
 * (by graph link index; NaN = none) and the crossings' capacityPerDay, converted with `units` by
 * the mode of the arc. Both figures count trains (vehicles, sailings) in both directions
 * (data/curated/README.md), so each direction of an arc gets half.
 */
export function karavanNetwork(
  g: Graph, weight: Float64Array, closed: Uint8Array, zoneNodes: number[], linkCapacityPerDay: Float64Array, units: CapacityUnits,
  /** Crossing capacities that replace the records' (a project opened by the overlay's year), by crossing index. */
  crossingCapacityPerDay?: ReadonlyMap<number, number>,
): KaravanAssignNetwork {
  const Z = zoneNodes.length;
  const arcs: number[] = [];
  for (let a = 0; a < g.arcCount; a++) if (!closed[a] && Number.isFinite(weight[a]) && weight[a] >= 0) arcs.push(a);
  let connectors = 0;
  for (const n of zoneNodes) connectors += 2 * (g.firstVertex[n + 1] - g.firstVertex[n]);
  const m = arcs.length + connectors;
  const from = new Int32Array(m), to = new Int32Array(m), freeFlowTime = new Float64Array(m), zero = new Float64Array(m), one = new Float64Array(m).fill(1);
  const arcOf = new Int32Array(m).fill(-1), hardCap = new Float64Array(m).fill(Infinity), capSource: string[] = new Array(m).fill('');
  const perUnit = [units.tonnesPerTrain, units.tonnesPerTruck, units.tonnesPerSailing]; // MODE_CODES order: rail, road, ferry
  const modeOfArc = (a: number): number => {
    const l = g.arcLink[a];
    if (l >= 0) return g.linkMode[l];
    return MODE_CODES.indexOf('rail');
  };
  let i = 0;
  for (const a of arcs) {
    from[i] = Z + 1 + g.arcTail[a]; to[i] = Z + 1 + g.arcHead[a]; freeFlowTime[i] = weight[a]; arcOf[i] = a;
    const l = g.arcLink[a], ci = g.arcCrossing[a];
    const tonnes = perUnit[modeOfArc(a)] * 365 / 2; // per direction: half of a both-ways daily figure
    if (l >= 0 && linkCapacityPerDay[l] >= 0) { hardCap[i] = linkCapacityPerDay[l] * tonnes; capSource[i] = 'link'; }
    const cc = ci >= 0 ? (crossingCapacityPerDay?.get(ci) ?? g.crossings[ci].capacityPerDay) : null;
    if (cc !== null && cc !== undefined && cc * tonnes < hardCap[i]) { hardCap[i] = cc * tonnes; capSource[i] = 'crossing'; }
    i++;
  }
  zoneNodes.forEach((n, z) => {
    for (let v = g.firstVertex[n]; v < g.firstVertex[n + 1]; v++) {
      from[i] = z + 1; to[i] = Z + 1 + v; i++;
      from[i] = Z + 1 + v; to[i] = z + 1; i++;
    }
  });
  const net = buildNetwork({
    nodeCount: Z + g.vertexCount, zoneCount: Z, firstThruNode: Z + 1, from, to, capacity: one, length: zero, freeFlowTime, b: zero, power: zero, toll: zero,
  }, { tollFactor: 0, distanceFactor: 0 });
  return { net, arcOf, hardCap, capSource, zoneNode: Int32Array.from(zoneNodes) };
}

/** Demand over zone indices from (origin zone, destination zone, tonnes) triples; repeats are added. */
export function zoneDemand(pairs: { origin: number; destination: number; tonnes: number }[], zoneCount: number): Demand {
  const byOrigin: Map<number, number>[] = Array.from({ length: zoneCount }, () => new Map());
  let total = 0;
  for (const p of pairs) {
    if (p.origin === p.destination || !(p.tonnes > 0)) continue;
    const row = byOrigin[p.origin];
    row.set(p.destination, (row.get(p.destination) ?? 0) + p.tonnes);
    total += p.tonnes;
  }
  const origins: number[] = [], start: number[] = [0], dest: number[] = [], flow: number[] = [];
  byOrigin.forEach((row, z) => {
    if (row.size === 0) return;
    origins.push(z);
    for (const [d, t] of [...row].sort((a, b) => a[0] - b[0])) { dest.push(d); flow.push(t); }
    start.push(dest.length);
  });
  return { origins: Int32Array.from(origins), start: Int32Array.from(start), dest: Int32Array.from(dest), flow: Float64Array.from(flow), total };
}

/**
 * The demand whose destinations its origin can reach, and the pairs left out as
 * [origin zone, destination zone, flow]: a profile may exclude every mode that serves a zone.
 */
export function reachableDemand(net: AssignNetwork, demand: Demand): { demand: Demand; dropped: [number, number, number][] } {
  const spt = new ShortestPathTree(net);
  const cost = new Float64Array(net.linkCount);
  for (let a = 0; a < net.linkCount; a++) cost[a] = net.fixedCost[a];
  const dropped: [number, number, number][] = [];
  const keep: { origin: number; destination: number; tonnes: number }[] = [];
  for (let k = 0; k < demand.origins.length; k++) {
    const o = demand.origins[k];
    spt.run(o, cost);
    for (let i = demand.start[k]; i < demand.start[k + 1]; i++) {
      const d = demand.dest[i];
      if (spt.dist[d] === Infinity) dropped.push([o, d, demand.flow[i]]);
      else keep.push({ origin: o, destination: d, tonnes: demand.flow[i] });
    }
  }
  return { demand: zoneDemand(keep, net.zoneCount), dropped };
}
