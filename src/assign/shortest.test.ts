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
