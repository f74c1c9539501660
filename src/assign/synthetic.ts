// A seeded synthetic test network for the scale benchmark: a square grid of two-way roads with an
// arterial every `arterialEvery` rows and columns (faster, more capacity), zones as centroids that
// may not be passed through, each tied by two-way connectors of constant cost to two adjacent
// grid nodes, and a gravity OD matrix between all zone pairs (attraction × exp(−distance/scale)).
// Same seed, same network and demand, on any machine.
import { buildNetwork, type AssignNetwork, type Demand } from './network.ts';
import { seededRandom } from '../core/random.ts';

export interface SyntheticOptions {
  /** Total nodes, zones included (the grid gets the rest, rounded down to a square). */
  nodeCount: number;
  zoneCount: number;
  seed: number;
  /** Total trips; scales congestion (the default loads arterials near capacity). */
  totalTrips?: number;
  arterialEvery?: number;
}

export { seededRandom } from '../core/random.ts';

export function syntheticAssignment(o: SyntheticOptions): { net: AssignNetwork; demand: Demand } {
  const rnd = seededRandom(o.seed);
  const Z = o.zoneCount;
  const W = Math.floor(Math.sqrt(o.nodeCount - Z));
  const every = o.arterialEvery ?? 8;
  const gridLinks = 4 * W * (W - 1), m = gridLinks + 4 * Z;
  const from = new Int32Array(m), to = new Int32Array(m), capacity = new Float64Array(m), lengthKm = new Float64Array(m);
  const freeFlowTime = new Float64Array(m), b = new Float64Array(m), power = new Float64Array(m).fill(4), toll = new Float64Array(m);
  const node = (r: number, c: number): number => Z + 1 + r * W + c;
  let a = 0;
  const road = (u: number, v: number, arterial: boolean): void => {
    const len = 0.8 + 0.4 * rnd();
    const speedKmh = arterial ? 80 : 40 + 20 * rnd();
    const cap = arterial ? 1800 + 400 * rnd() : 500 + 300 * rnd();
    for (const [p, q] of [[u, v], [v, u]]) {
      from[a] = p; to[a] = q; lengthKm[a] = len; capacity[a] = cap;
      freeFlowTime[a] = (60 * len) / speedKmh; b[a] = 0.15; a++;
    }
  };
  for (let r = 0; r < W; r++) {
    for (let c = 0; c < W; c++) {
      if (c + 1 < W) road(node(r, c), node(r, c + 1), r % every === 0);
      if (r + 1 < W) road(node(r, c), node(r + 1, c), c % every === 0);
    }
  }
  const zr = new Float64Array(Z), zc = new Float64Array(Z), weight = new Float64Array(Z);
  for (let z = 0; z < Z; z++) {
    const r = Math.floor(rnd() * W), c = Math.floor(rnd() * (W - 1));
    zr[z] = r; zc[z] = c + 0.5;
    weight[z] = 0.2 + rnd() * rnd() * 5; // a few big zones, many small
    for (const v of [node(r, c), node(r, c + 1)]) {
      from[a] = z + 1; to[a] = v; capacity[a] = 1e5; lengthKm[a] = 0.5; freeFlowTime[a] = 1; a++;
      from[a] = v; to[a] = z + 1; capacity[a] = 1e5; lengthKm[a] = 0.5; freeFlowTime[a] = 1; a++;
    }
  }
  const net = buildNetwork({ nodeCount: Z + W * W, zoneCount: Z, firstThruNode: Z + 1, from, to, capacity, length: lengthKm, freeFlowTime, b, power, toll }, { tollFactor: 0, distanceFactor: 0 });
  // gravity demand over all ordered pairs, then scaled to the total
  const scale = W / 4, pairs = Z * (Z - 1);
  const origins = new Int32Array(Z), start = new Int32Array(Z + 1), dest = new Int32Array(pairs), flow = new Float64Array(pairs);
  let i = 0, sum = 0;
  for (let p = 0; p < Z; p++) {
    origins[p] = p; start[p] = i;
    for (let q = 0; q < Z; q++) {
      if (q === p) continue;
      const d = Math.abs(zr[p] - zr[q]) + Math.abs(zc[p] - zc[q]);
      dest[i] = q; flow[i] = weight[p] * weight[q] * Math.exp(-d / scale); sum += flow[i]; i++;
    }
  }
  start[Z] = i;
  const total = o.totalTrips ?? 20 * W * W;
  for (let j = 0; j < pairs; j++) flow[j] *= total / sum;
  return { net, demand: { origins, start, dest, flow, total } };
}
