// Properties of equilibria on small seeded random networks, checked by brute force: every path an
// origin's flow can take (all its links used) costs the same as the shortest path, within the
// gap; flows are conserved; Algorithm B's Beckmann objective is no worse than Frank–Wolfe's; the
// system optimum costs no more than UE, and marginal-cost tolls turn UE into it; select-link
// volumes add up to the link volume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNetwork, assign, marginalCostTolls, selectLink, syntheticAssignment, type AssignNetwork, type Demand } from '../src/assign/index.ts';
import { costModel, beckmann } from '../src/assign/costs.ts';
import { ShortestPathTree, shortestPathTotal } from '../src/assign/shortest.ts';
import { seededRandom as mulberry32 } from '../src/core/random.ts';


interface Case { net: AssignNetwork; demand: Demand; zones: number }

/** Zones 1..z hang off a strongly connected ring of thru nodes with random chords; BPR costs, some constant. */
function randomCase(seed: number, zeroCost = false): Case {
  const rnd = mulberry32(seed);
  const zones = 2 + Math.floor(rnd() * 3);
  const thru = 4 + Math.floor(rnd() * 4);
  const n = zones + thru;
  const pairs: [number, number][] = [];
  for (let i = 0; i < thru; i++) {
    const u = zones + 1 + i, v = zones + 1 + ((i + 1) % thru);
    pairs.push([u, v], [v, u]);
  }
  for (let c = 0; c < thru; c++) {
    const u = zones + 1 + Math.floor(rnd() * thru), v = zones + 1 + Math.floor(rnd() * thru);
    if (u !== v) pairs.push([u, v]);
  }
  for (let z = 1; z <= zones; z++) {
    for (let c = 0; c < 2; c++) {
      const v = zones + 1 + Math.floor(rnd() * thru);
      pairs.push([z, v], [v, z]);
    }
  }
  if (rnd() < 0.5) pairs.push([1, 2]); // a zone-to-zone link: may end paths, never be passed through
  const m = pairs.length;
  const from = new Int32Array(m), to = new Int32Array(m), capacity = new Float64Array(m), length = new Float64Array(m);
  const freeFlowTime = new Float64Array(m), b = new Float64Array(m), power = new Float64Array(m), toll = new Float64Array(m);
  pairs.forEach(([u, v], a) => {
    from[a] = u; to[a] = v;
    capacity[a] = 50 + rnd() * 200;
    length[a] = 1 + rnd() * 5;
    freeFlowTime[a] = 1 + rnd() * 9;
    b[a] = rnd() < 0.15 ? 0 : 0.15 + rnd();
    // a third of the links free at any flow: ties between shortest distances
    if (zeroCost && rnd() < 0.3) { length[a] = 0; freeFlowTime[a] = 0; b[a] = 0; }
    power[a] = [1, 2, 4, 4, 4.5][Math.floor(rnd() * 5)];
    toll[a] = rnd() < 0.3 && !(zeroCost && freeFlowTime[a] === 0) ? rnd() * 50 : 0;
  });
  const firstThruNode = rnd() < 0.5 ? 1 : zones + 1;
  const net = buildNetwork({ nodeCount: n, zoneCount: zones, firstThruNode, from, to, capacity, length, freeFlowTime, b, power, toll }, { tollFactor: 0.02, distanceFactor: 0.04 });
  const origins: number[] = [], start: number[] = [], dest: number[] = [], flow: number[] = [];
  let total = 0;
  for (let o = 0; o < zones; o++) {
    start.push(dest.length);
    origins.push(o);
    for (let d = 0; d < zones; d++) {
      if (d === o) continue;
      const v = Math.round(50 + rnd() * 400);
      dest.push(d); flow.push(v); total += v;
    }
  }
  start.push(dest.length);
  return { net, zones, demand: { origins: Int32Array.from(origins), start: Int32Array.from(start), dest: Int32Array.from(dest), flow: Float64Array.from(flow), total } };
}

/** All simple paths o → d that pass through no zone, as link lists (tiny networks only). */
function paths(net: AssignNetwork, o: number, d: number): number[][] {
  const out: number[][] = [];
  const onPath = new Uint8Array(net.nodeCount);
  const stack: number[] = [];
  const walk = (u: number) => {
    if (u === d) { out.push(stack.slice()); return; }
    if (u !== o && u < net.firstThru) return;
    onPath[u] = 1;
    for (let q = net.outStart[u]; q < net.outStart[u + 1]; q++) {
      const a = net.outLink[q];
      if (onPath[net.head[a]]) continue;
      stack.push(a); walk(net.head[a]); stack.pop();
    }
    onPath[u] = 0;
  };
  walk(o);
  return out;
}

const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i);

test('UE: every path an origin uses costs the same as the shortest path (40 random networks)', () => {
  for (const seed of SEEDS) {
    const { net, demand } = randomCase(seed);
    const r = assign(net, demand, { algorithm: 'b', objective: 'ue', gap: 1e-12, maxIterations: 2000, maxSeconds: 20 });
    assert.ok(r.value && r.value.stop === 'converged', `seed ${seed}: ${JSON.stringify(r.issues)}`);
    const { cost, originFlow } = r.value;
    const m = net.linkCount;
    const sum = new Float64Array(m);
    for (let k = 0; k < demand.origins.length; k++) {
      const o = demand.origins[k];
      // conservation: what an origin sends into a node leaves it, but for the demand that ends there
      const balance = new Float64Array(net.nodeCount);
      const of = originFlow!.fill(k, new Float64Array(m));
      for (let a = 0; a < m; a++) {
        const f = of[a];
        if (f > 0) { balance[net.head[a]] += f; balance[net.tail[a]] -= f; sum[a] += f; }
      }
      for (let i = demand.start[k]; i < demand.start[k + 1]; i++) balance[demand.dest[i]] -= demand.flow[i];
      balance[o] += demand.start[k + 1] > demand.start[k] ? demand.flow.subarray(demand.start[k], demand.start[k + 1]).reduce((s, v) => s + v, 0) : 0;
      for (let v = 0; v < net.nodeCount; v++) assert.ok(Math.abs(balance[v]) < 1e-7, `seed ${seed} origin ${o + 1} node ${v + 1}: ${balance[v]}`);
      for (let i = demand.start[k]; i < demand.start[k + 1]; i++) {
        const d = demand.dest[i];
        const all = paths(net, o, d);
        const pathCost = (p: number[]) => p.reduce((s, a) => s + cost[a], 0);
        const best = Math.min(...all.map(pathCost));
        const used = all.filter((p) => p.every((a) => of[a] > 1e-9));
        assert.ok(used.length > 0, `seed ${seed}: OD ${o + 1}→${d + 1} has no used path`);
        for (const p of used) {
          const c = pathCost(p);
          assert.ok(c - best <= 1e-9 * best, `seed ${seed}: OD ${o + 1}→${d + 1} uses a path of cost ${c}, shortest ${best}`);
        }
      }
    }
    for (let a = 0; a < m; a++) assert.ok(Math.abs(sum[a] - r.value.volume[a]) <= 1e-9 * Math.max(1, sum[a]));
  }
});

test('Algorithm B: the SPTT of every iteration is the one Dijkstra searches give (40 random networks, stopped after 1–3 iterations)', () => {
  for (const seed of SEEDS) {
    const { net, demand } = randomCase(seed);
    // stopped early, the bushes are far from equilibrium and miss shortest paths the repair must find
    const r = assign(net, demand, { algorithm: 'b', objective: 'ue', gap: 1e-12, maxIterations: 1 + (seed % 3), maxSeconds: 20 }).value!;
    const sptt = shortestPathTotal(demand, r.cost, new ShortestPathTree(net), new Int32Array(net.nodeCount).fill(-1));
    assert.ok(Math.abs(sptt - r.sptt) <= 1e-12 * sptt, `seed ${seed}: SPTT ${r.sptt}, by Dijkstra ${sptt}`);
  }
});

test('Algorithm B reaches gap 1e-10 where a third of the links cost nothing (ties in the shortest distances; 40 random networks)', () => {
  for (const seed of SEEDS) {
    const { net, demand } = randomCase(seed, true);
    const r = assign(net, demand, { algorithm: 'b', objective: 'ue', gap: 1e-10, maxIterations: 500, maxSeconds: 20 }).value!;
    assert.ok(r.gap <= 1e-10, `seed ${seed}: gap ${r.gap} after ${r.iterations} iterations`);
    const sptt = shortestPathTotal(demand, r.cost, new ShortestPathTree(net), new Int32Array(net.nodeCount).fill(-1));
    assert.ok(Math.abs(sptt - r.sptt) <= 1e-12 * sptt, `seed ${seed}: SPTT ${r.sptt}, by Dijkstra ${sptt}`);
  }
});

test('Algorithm B reaches gap 1e-10 where dozens of nodes share one shortest distance (a ring of free links)', () => {
  // zones 1–3 reach a ring of 60 thru nodes by congested links; around the ring travel is free,
  // so every ring node an origin enters at one cost has that same shortest distance
  const zones = 3, ring = 60, n = zones + ring;
  const pairs: [number, number, number][] = []; // from, to, free-flow time (0: free at any flow)
  for (let i = 0; i < ring; i++) {
    const u = zones + 1 + i, v = zones + 1 + ((i + 1) % ring);
    pairs.push([u, v, 0], [v, u, 0]);
  }
  const rnd = mulberry32(7);
  for (let z = 1; z <= zones; z++) {
    for (let c = 0; c < 4; c++) {
      const v = zones + 1 + Math.floor(rnd() * ring);
      pairs.push([z, v, 1 + rnd() * 5], [v, z, 1 + rnd() * 5]);
    }
  }
  const m = pairs.length;
  const arr = () => new Float64Array(m);
  const freeFlowTime = Float64Array.from(pairs, (p) => p[2]), b = Float64Array.from(pairs, (p) => (p[2] > 0 ? 0.15 : 0));
  const capacity = arr().fill(100), power = arr().fill(4);
  const net = buildNetwork({ nodeCount: n, zoneCount: zones, firstThruNode: zones + 1, from: Int32Array.from(pairs, (p) => p[0]), to: Int32Array.from(pairs, (p) => p[1]), capacity, length: arr(), freeFlowTime, b, power, toll: arr() }, { tollFactor: 0, distanceFactor: 0 });
  const origins = Int32Array.from([0, 1, 2]), start = Int32Array.from([0, 2, 4, 6]), dest = Int32Array.from([1, 2, 0, 2, 0, 1]);
  const flow = Float64Array.from([300, 200, 250, 400, 150, 350]);
  const demand: Demand = { origins, start, dest, flow, total: 1650 };
  const r = assign(net, demand, { algorithm: 'b', objective: 'ue', gap: 1e-10, maxIterations: 500, maxSeconds: 20 }).value!;
  assert.ok(r.gap <= 1e-10, `gap ${r.gap} after ${r.iterations} iterations`);
  const sptt = shortestPathTotal(demand, r.cost, new ShortestPathTree(net), new Int32Array(net.nodeCount).fill(-1));
  assert.ok(Math.abs(sptt - r.sptt) <= 1e-12 * sptt, `SPTT ${r.sptt}, by Dijkstra ${sptt}`);
});

/** Whether the links with flows[a] ≥ 0 (a bush as OriginFlows.fill gives it) form no cycle: Kahn's sort reaches every node they touch. */
function acyclic(net: AssignNetwork, flows: Float64Array): boolean {
  const indeg = new Int32Array(net.nodeCount), touched = new Uint8Array(net.nodeCount);
  for (let a = 0; a < net.linkCount; a++) if (flows[a] >= 0) { indeg[net.head[a]]++; touched[net.head[a]] = touched[net.tail[a]] = 1; }
  const queue: number[] = [];
  for (let v = 0; v < net.nodeCount; v++) if (touched[v] && indeg[v] === 0) queue.push(v);
  let reached = 0;
  while (queue.length > 0) {
    const u = queue.pop()!;
    reached++;
    for (let q = net.outStart[u]; q < net.outStart[u + 1]; q++) {
      const a = net.outLink[q];
      if (flows[a] >= 0 && --indeg[net.head[a]] === 0) queue.push(net.head[a]);
    }
  }
  return reached === touched.reduce((s, t) => s + t, 0);
}

test('Algorithm B on grids, where a rebuild moves only the nodes a few backward tree links need: gap 1e-10, exact SPTT, acyclic bushes', () => {
  for (const seed of [3, 8]) {
    const { net, demand } = syntheticAssignment({ nodeCount: 2500, zoneCount: 30, seed });
    const r = assign(net, demand, { algorithm: 'b', objective: 'ue', gap: 1e-10, maxIterations: 200, maxSeconds: 60, threads: 1 }).value!;
    assert.ok(r.gap <= 1e-10, `seed ${seed}: gap ${r.gap} after ${r.iterations} iterations`);
    const sptt = shortestPathTotal(demand, r.cost, new ShortestPathTree(net), new Int32Array(net.nodeCount).fill(-1));
    assert.ok(Math.abs(sptt - r.sptt) <= 1e-12 * sptt, `seed ${seed}: SPTT ${r.sptt}, by Dijkstra ${sptt}`);
    const flows = new Float64Array(net.linkCount);
    for (let k = 0; k < demand.origins.length; k++) assert.ok(acyclic(net, r.originFlow!.fill(k, flows)), `seed ${seed}: the bush of origin ${k + 1} has a cycle`);
  }
});

test('Algorithm B minimises the Beckmann objective at least as well as Frank–Wolfe', () => {
  for (const seed of SEEDS.slice(0, 15)) {
    const { net, demand } = randomCase(seed);
    const ue = costModel(net, 'ue');
    const b = assign(net, demand, { algorithm: 'b', objective: 'ue', gap: 1e-12, maxIterations: 2000, maxSeconds: 20 }).value!;
    for (const algorithm of ['bfw', 'fw'] as const) {
      const f = assign(net, demand, { algorithm, objective: 'ue', gap: 1e-4, maxIterations: 20000, maxSeconds: 20 }).value!;
      const zb = beckmann(ue, b.volume), zf = beckmann(ue, f.volume);
      assert.ok(zb <= zf * (1 + 1e-12), `seed ${seed} ${algorithm}: ${zb} > ${zf}`);
      assert.ok((zf - zb) / zb < 1e-3, `seed ${seed} ${algorithm}: FW far off (${zf} vs ${zb})`);
    }
  }
});

test('system optimum: TSTT no more than UE, and marginal-cost tolls make it a user equilibrium', () => {
  for (const seed of SEEDS.slice(0, 15)) {
    const { net, demand } = randomCase(seed);
    const opts = { algorithm: 'b' as const, gap: 1e-12, maxIterations: 2000, maxSeconds: 20 };
    const ue = assign(net, demand, { ...opts, objective: 'ue' }).value!;
    const so = assign(net, demand, { ...opts, objective: 'so' }).value!;
    assert.ok(so.tstt <= ue.tstt * (1 + 1e-10), `seed ${seed}: SO ${so.tstt} > UE ${ue.tstt}`);
    const tolled = assign(net, demand, { ...opts, objective: 'ue', extraCost: marginalCostTolls(net, so.volume) }).value!;
    for (let a = 0; a < net.linkCount; a++) {
      assert.ok(Math.abs(tolled.volume[a] - so.volume[a]) <= 1e-4 * Math.max(1, so.volume[a]), `seed ${seed} link ${a}: ${tolled.volume[a]} vs ${so.volume[a]}`);
    }
  }
});

test('select-link: the OD volumes over a link add up to its volume', () => {
  for (const seed of SEEDS.slice(0, 10)) {
    const { net, demand } = randomCase(seed);
    const r = assign(net, demand, { algorithm: 'b', objective: 'ue', gap: 1e-12, maxIterations: 2000, maxSeconds: 20 }).value!;
    for (let a = 0; a < net.linkCount; a++) {
      const s = selectLink(net, demand, r.originFlow!, a);
      assert.ok(Math.abs(s.volume - r.volume[a]) <= 1e-7 * Math.max(1, r.volume[a]), `seed ${seed} link ${a}: ${s.volume} vs ${r.volume[a]}`);
      for (const p of s.pairs) assert.ok(p.share > 0 && p.share <= 1 + 1e-12);
    }
  }
});
