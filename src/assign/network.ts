// The assignment network: links in input order plus forward and reverse CSR indices over them,
// BPR parameters as flat arrays, and the demand as a sparse OD matrix over dense node indices.
// Built once; the engines only read it.
import type { TntpTrips } from './tntp.ts';

export interface AssignNetwork {
  nodeCount: number;
  linkCount: number;
  zoneCount: number;
  /** 0-based index of the first node that may be passed through; nodes below it (zones) may only start or end a path. */
  firstThru: number;
  tail: Int32Array;
  head: Int32Array;
  /** Out-links of node v are outLink[outStart[v] .. outStart[v+1]). */
  outStart: Int32Array;
  outLink: Int32Array;
  inStart: Int32Array;
  inLink: Int32Array;
  /** Generalised cost at zero flow: free-flow time + toll factor × toll + distance factor × length. */
  fixedCost: Float64Array;
  /** BPR: cost = fixedCost + fftB · (flow · invCap)^power, fftB = free-flow time × B. */
  fftB: Float64Array;
  invCap: Float64Array;
  power: Float64Array;
  /** Node numbers as the source file has them, for output. */
  nodeLabel: Int32Array;
}

export interface Demand {
  /** Origin node indices (0-based) and, per origin k, destinations dest[start[k]..start[k+1]) with flows. */
  origins: Int32Array;
  start: Int32Array;
  dest: Int32Array;
  flow: Float64Array;
  total: number;
}

export interface CostFactors {
  /** Generalised-cost weight of the toll column (time units per toll unit). */
  tollFactor: number;
  /** Generalised-cost weight of the length column (time units per length unit). */
  distanceFactor: number;
}

// The TNTP net files do not carry these; each network's README states them. Keyed by the file's
// base name without `_net.tntp`, case and punctuation ignored.
export const KNOWN_COST_FACTORS: Readonly<Record<string, CostFactors>> = {
  chicagosketch: { tollFactor: 0.02, distanceFactor: 0.04 },
  chicagoregional: { tollFactor: 0.02, distanceFactor: 0.04 },
  siouxfalls: { tollFactor: 0, distanceFactor: 0 },
  anaheim: { tollFactor: 0, distanceFactor: 0 },
  barcelona: { tollFactor: 0, distanceFactor: 0 },
  winnipeg: { tollFactor: 0, distanceFactor: 0 },
  austin: { tollFactor: 0, distanceFactor: 0 },
  philadelphia: { tollFactor: 0, distanceFactor: 0 },
  berlincenter: { tollFactor: 0, distanceFactor: 0 },
};

/** Factors for a net file name like `ChicagoSketch_net.tntp`, or undefined if the network is not known. */
export function knownFactors(fileName: string): CostFactors | undefined {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/_net\.tntp$/i, '').replace(/\.tntp$/i, '');
  return KNOWN_COST_FACTORS[base.toLowerCase().replace(/[^a-z0-9]/g, '')];
}

function csr(nodeCount: number, key: Int32Array): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(nodeCount + 1);
  for (let a = 0; a < key.length; a++) start[key[a] + 1]++;
  for (let v = 0; v < nodeCount; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nodeCount);
  const list = new Int32Array(key.length);
  for (let a = 0; a < key.length; a++) list[fill[key[a]]++] = a;
  return { start, list };
}

/** Links with 1-based node numbers, as a TNTP net file has them (TntpNet is one of these). */
export interface LinkArrays {
  nodeCount: number;
  zoneCount: number;
  firstThruNode: number;
  from: Int32Array;
  to: Int32Array;
  capacity: Float64Array;
  length: Float64Array;
  freeFlowTime: Float64Array;
  b: Float64Array;
  power: Float64Array;
  toll: Float64Array;
}

/** Builds the network from link arrays with 1-based node numbers (as a TNTP file has them). */
export function buildNetwork(src: LinkArrays, factors: CostFactors): AssignNetwork {
  const { nodeCount, zoneCount } = src;
  const m = src.from.length;
  const tail = new Int32Array(m), head = new Int32Array(m);
  const fixedCost = new Float64Array(m), fftB = new Float64Array(m), invCap = new Float64Array(m), power = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    tail[a] = src.from[a] - 1;
    head[a] = src.to[a] - 1;
    fixedCost[a] = src.freeFlowTime[a] + factors.tollFactor * src.toll[a] + factors.distanceFactor * src.length[a];
    fftB[a] = src.freeFlowTime[a] * src.b[a];
    invCap[a] = src.capacity[a] > 0 ? 1 / src.capacity[a] : 1;
    power[a] = src.power[a];
    if (fftB[a] === 0) power[a] = 0; // constant cost: skip the power in the hot loops
  }
  const out = csr(nodeCount, tail), inn = csr(nodeCount, head);
  const nodeLabel = new Int32Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) nodeLabel[v] = v + 1;
  return {
    nodeCount, linkCount: m, zoneCount, firstThru: Math.max(0, src.firstThruNode - 1), tail, head,
    outStart: out.start, outLink: out.list, inStart: inn.start, inLink: inn.list,
    fixedCost, fftB, invCap, power, nodeLabel,
  };
}

export function buildDemand(trips: TntpTrips): Demand {
  const origins = new Int32Array(trips.origins.length);
  for (let k = 0; k < origins.length; k++) origins[k] = trips.origins[k] - 1;
  const dest = new Int32Array(trips.dest.length);
  for (let i = 0; i < dest.length; i++) dest[i] = trips.dest[i] - 1;
  let total = 0;
  for (let i = 0; i < trips.flow.length; i++) total += trips.flow[i];
  return { origins, start: trips.start.slice(), dest, flow: trips.flow.slice(), total };
}
