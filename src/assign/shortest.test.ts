// ShortestPathTree.repair against plain Dijkstra (run) on seeded random networks with zones that
// may end but not pass paths: from any achievable upper bounds it must reach the same distances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNetwork, type AssignNetwork } from './network.ts';
import { ShortestPathTree } from './shortest.ts';
import { seededRandom } from '../core/random.ts';

function randomNet(seed: number): { net: AssignNetwork; cost: Float64Array } {
  const rnd = seededRandom(seed);
  const zones = 1 + Math.floor(rnd() * 5), n = zones + 20 + Math.floor(rnd() * 80);
  const from: number[] = [], to: number[] = [];
  for (let c = 0; c < 4 * n; c++) {
    const u = 1 + Math.floor(rnd() * n), v = 1 + Math.floor(rnd() * n);
    if (u !== v) { from.push(u); to.push(v); }
  }
  const m = from.length;
  const zero = new Float64Array(m), one = new Float64Array(m).fill(1);
  const net = buildNetwork({
    nodeCount: n, zoneCount: zones, firstThruNode: zones + 1, from: Int32Array.from(from), to: Int32Array.from(to),
    capacity: one, length: zero, freeFlowTime: one, b: zero, power: zero, toll: zero,
  }, { tollFactor: 0, distanceFactor: 0 });
  // costs with ties (small integers) and without (a fraction), a few zero
  const cost = new Float64Array(m);
  for (let a = 0; a < m; a++) cost[a] = rnd() < 0.05 ? 0 : rnd() < 0.5 ? Math.floor(1 + rnd() * 5) : rnd() * 10;
  return { net, cost };
}

test('repair from upper bounds gives the same distances as Dijkstra (200 random networks)', () => {
  let lowered = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const { net, cost } = randomNet(seed);
    const rnd = seededRandom(seed + 7);
    const ref = new ShortestPathTree(net), spt = new ShortestPathTree(net);
    for (let o = 0; o < net.nodeCount; o += 1 + Math.floor(rnd() * 7)) {
      ref.run(o, cost);
      // upper bounds that are path costs: exact distances over a random half of the links
      const partial = new Float64Array(cost);
      for (let a = 0; a < net.linkCount; a++) if (rnd() < 0.5) partial[a] = Infinity;
      spt.run(o, partial);
      // the bounds carry the full costs of their paths (the tree of the partial search)
      const { settled, predLink, dist } = spt;
      for (let s = 1; s < spt.settledCount; s++) { const v = settled[s]; dist[v] = dist[net.tail[predLink[v]]] + cost[predLink[v]]; }
      lowered += spt.repair(o, cost);
      for (let v = 0; v < net.nodeCount; v++) {
        const want = ref.dist[v], got = spt.dist[v];
        assert.ok(want === got || Math.abs(want - got) <= 1e-12 * want, `seed ${seed} origin ${o + 1} node ${v + 1}: repair ${got}, Dijkstra ${want}`);
      }
    }
  }
  assert.ok(lowered > 0, 'the half networks must have left something to repair');
});

test('repair from exact distances changes nothing; from nothing it is a full search', () => {
  const { net, cost } = randomNet(99);
  const ref = new ShortestPathTree(net), spt = new ShortestPathTree(net);
  ref.run(3, cost);
  spt.dist.set(ref.dist);
  assert.equal(spt.repair(3, cost), 0);
  spt.dist.fill(Infinity);
  spt.dist[3] = 0;
  spt.repair(3, cost);
  assert.deepEqual(Array.from(spt.dist), Array.from(ref.dist));
});

test('repair with a list, after a sweep in any order checks only the links met before their tail (200 random networks)', () => {
  let lowered = 0, checked = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const { net, cost } = randomNet(seed);
    const rnd = seededRandom(seed + 11);
    const ref = new ShortestPathTree(net), spt = new ShortestPathTree(net);
    const back = new Int32Array(net.linkCount);
    for (let o = 0; o < net.nodeCount; o += 1 + Math.floor(rnd() * 7)) {
      ref.run(o, cost);
      // the origin first, then every node it reaches in a random order (a bush order far from the shortest-path order)
      const order = Array.from(ref.settled.subarray(1, ref.settledCount));
      for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
      const dist = spt.dist;
      dist.fill(Infinity);
      dist[o] = 0;
      let count = 0;
      for (const v of order) {
        let l = Infinity;
        for (let q = net.inStart[v]; q < net.inStart[v + 1]; q++) {
          const a = net.inLink[q], i = net.tail[a];
          if (i < net.firstThru && i !== o) continue;
          if (dist[i] === Infinity) { back[count++] = a; continue; }
          if (dist[i] + cost[a] < l) l = dist[i] + cost[a];
        }
        dist[v] = l;
      }
      checked += count;
      lowered += spt.repair(o, cost, back, count);
      for (let v = 0; v < net.nodeCount; v++) {
        const want = ref.dist[v], got = dist[v];
        assert.ok(want === got || Math.abs(want - got) <= 1e-12 * want, `seed ${seed} origin ${o + 1} node ${v + 1}: repair ${got}, Dijkstra ${want}`);
      }
    }
  }
  assert.ok(lowered > 0 && checked > 0, 'random orders must have left something to repair');
});
