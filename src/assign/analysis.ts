// What planners ask of a set of flows: which links are the bottlenecks, what congestion there
// costs others and what a unit of capacity is worth, and which OD pairs use a given link.
import type { AssignNetwork, Demand } from './network.ts';
import { costModel, linkCost, linkDerivative } from './costs.ts';
import type { OriginFlows } from './engine.ts';

export interface Bottleneck {
  /** Link index (input order) and its end nodes as the source file numbers them. */
  link: number;
  from: number;
  to: number;
  volume: number;
  capacity: number;
  volumeCapacity: number;
  /** Generalised cost now, and its part due to congestion (cost − cost at zero flow). */
  cost: number;
  delay: number;
  /**
   * Marginal external cost x·c'(x): what one more unit of flow costs everyone else on the link,
   * the toll that makes the system optimum a user equilibrium (at system-optimal flows).
   */
  externalCost: number;
  /**
   * −∂(x·c)/∂capacity at fixed flow: total cost saved per unit of extra capacity, the shadow price
   * of the capacity in the BPR sense (a first-order value; flows would also shift).
   */
  capacityValue: number;
}

/** Links ranked by volume/capacity (then delay), the first `top` of them; links with no congestion term are left out. */
export function bottlenecks(net: AssignNetwork, volume: Float64Array, top: number): Bottleneck[] {
  const ue = costModel(net, 'ue');
  const rows: Bottleneck[] = [];
  for (let a = 0; a < net.linkCount; a++) {
    if (net.fftB[a] === 0) continue;
    const x = volume[a];
    const capacity = 1 / net.invCap[a];
    const cost = linkCost(ue, a, x);
    const delay = cost - net.fixedCost[a];
    // c = fixed + fftB·(x/cap)^p, so ∂c/∂cap = −p·(c − fixed)/cap
    const capacityValue = (x * net.power[a] * delay) / capacity;
    rows.push({
      link: a, from: net.nodeLabel[net.tail[a]], to: net.nodeLabel[net.head[a]], volume: x, capacity, volumeCapacity: x / capacity,
      cost, delay, externalCost: x * linkDerivative(ue, a, x), capacityValue,
    });
  }
  rows.sort((p, q) => q.volumeCapacity - p.volumeCapacity || q.delay - p.delay || p.link - q.link);
  return rows.slice(0, Math.max(0, top));
}

export interface SelectLinkPair {
  origin: number;
  destination: number;
  /** OD flow that crosses the link, and its share of that OD pair's demand. */
  volume: number;
  share: number;
}

export interface SelectLinkResult {
  link: number;
  from: number;
  to: number;
  /** Σ over pairs; equals the link's volume up to the convergence of the flows. */
  volume: number;
  pairs: SelectLinkPair[];
}

/**
 * Which OD pairs use link `link`, from per-origin link flows (the bush engine's). An origin's flow
 * into a node is taken as mixed: the share of it that came over the link leaves the node on every
 * out-link in the same proportion (the usual assumption; an equilibrium fixes origin flows, not
 * paths). One forward pass over each origin's used links, in topological order.
 */
export function selectLink(net: AssignNetwork, demand: Demand, flows: OriginFlows, link: number): SelectLinkResult {
  const n = net.nodeCount, m = net.linkCount;
  const originFlow = new Float64Array(m);
  const { tail, head, outStart, outLink } = net;
  const marked = new Float64Array(n), inflow = new Float64Array(n);
  const indeg = new Int32Array(n), queue = new Int32Array(n);
  const pairs: SelectLinkPair[] = [];
  let total = 0;
  for (let k = 0; k < demand.origins.length; k++) {
    flows.fill(k, originFlow);
    if (!(originFlow[link] > 0)) continue;
    marked.fill(0); inflow.fill(0); indeg.fill(0);
    for (let a = 0; a < m; a++) if (originFlow[a] > 0) indeg[head[a]]++;
    const o = demand.origins[k];
    let len = 0, read = 0;
    queue[len++] = o;
    while (read < len) {
      const u = queue[read++];
      const share = u === o || !(inflow[u] > 0) ? 0 : marked[u] / inflow[u];
      for (let q = outStart[u], e = outStart[u + 1]; q < e; q++) {
        const a = outLink[q];
        const f = originFlow[a];
        if (!(f > 0)) continue;
        const v = head[a];
        inflow[v] += f;
        marked[v] += a === link ? f : f * share;
        if (--indeg[v] === 0) queue[len++] = v;
      }
    }
    for (let i = demand.start[k]; i < demand.start[k + 1]; i++) {
      const d = demand.dest[i];
      const share = inflow[d] > 0 ? Math.min(1, marked[d] / inflow[d]) : 0;
      if (!(share > 1e-12)) continue;
      const volume = share * demand.flow[i];
      total += volume;
      pairs.push({ origin: net.nodeLabel[o], destination: net.nodeLabel[d], volume, share });
    }
  }
  pairs.sort((p, q) => q.volume - p.volume || p.origin - q.origin || p.destination - q.destination);
  return { link, from: net.nodeLabel[tail[link]], to: net.nodeLabel[head[link]], volume: total, pairs };
}

/** Index of the link from→to (node numbers as in the file), or −1; the first if there are parallel links. */
export function findLink(net: AssignNetwork, from: number, to: number): number {
  const u = from - 1, v = to - 1;
  if (u < 0 || u >= net.nodeCount) return -1;
  for (let q = net.outStart[u], e = net.outStart[u + 1]; q < e; q++) {
    const a = net.outLink[q];
    if (net.head[a] === v) return a;
  }
  return -1;
}
