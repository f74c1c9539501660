// Contraction hierarchies against the plain search: same costs on thousands of random queries,
// with and without overlays, unpacked paths that are real paths, and matrices cell by cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from '../src/network/index.ts';
import { arcCosts, weightedCosts } from '../src/route/costing.ts';
import { buildHierarchy } from '../src/route/ch.ts';
import { chMatrix, ChQuery } from '../src/route/ch-query.ts';
import { SearchSpace, search } from '../src/route/dijkstra.ts';
import { Router } from '../src/route/index.ts';
import { flatProfile } from './helpers/draw-network.ts';
import { assertMatrixMatchesSearch, close, randomNetwork, rng, verts } from './helpers/random-network.ts';


test('hierarchy queries equal the plain search on 1,000 random networks (half with overlays)', () => {
  const profile = flatProfile();
  const space = new SearchSpace();
  let found = 0;
  for (let seed = 1; seed <= 1000; seed++) {
    const rand = rng(seed * 104729);
    const n = 5 + Math.floor(rand() * 60);
    const { graph: g } = buildGraph(randomNetwork(seed + 40000, n, Math.floor(n * (1 + rand() * 2))));
    const ov = seed % 2 ? {} : { year: 2030, avoidCountries: rand() < 0.5 ? [g.countries[0]] : [], modes: rand() < 0.5 ? (['rail', 'road'] as const) : undefined };
    const w = weightedCosts(arcCosts(g, profile, ov), { usd: rand(), hours: rand() * 3, co2Kg: 0, risk: rand() * 10 });
    const h = buildHierarchy(g, w, { witnessLimit: 1 + Math.floor(rand() * 50) });
    const q = new ChQuery(h);
    for (let k = 0; k < 8; k++) {
      const a = Math.floor(rand() * n), b = Math.floor(rand() * n);
      if (a === b || g.firstVertex[a + 1] === g.firstVertex[a] || g.firstVertex[b + 1] === g.firstVertex[b]) continue;
      const want = search(g, w, space, { sources: verts(g, a), targetNodes: [b] }).targetCost[0];
      const got = q.query(verts(g, a), verts(g, b));
      assert.ok(close(got.cost, want), `seed ${seed} ${a}→${b}: hierarchy ${got.cost}, plain ${want}`);
      if (want === Infinity) continue;
      found++;
      const arcs = q.path(got.meet);
      let at = g.arcTail[arcs[0]], sum = 0;
      assert.equal(g.vertexNode[at], a);
      for (const x of arcs) { assert.equal(g.arcTail[x], at); at = g.arcHead[x]; sum += w[x]; }
      assert.equal(g.vertexNode[at], b);
      assert.ok(close(sum, want), `seed ${seed}: unpacked path sums to ${sum}, want ${want}`);
    }
  }
  assert.ok(found > 2000, `only ${found} reachable queries`);
});

test('the bucket matrix equals one plain search per cell', () => {
  const profile = flatProfile();
  const space = new SearchSpace();
  for (let seed = 1; seed <= 60; seed++) {
    const { graph: g } = buildGraph(randomNetwork(seed + 60000, 40, 100));
    const w = weightedCosts(arcCosts(g, profile, {}), profile.weights);
    const h = buildHierarchy(g, w);
    const nodes = Array.from({ length: 12 }, (_, i) => i).filter((i) => g.firstVertex[i + 1] > g.firstVertex[i]);
    const m = chMatrix(h, nodes.map((n) => verts(g, n)), nodes.map((n) => verts(g, n)));
    assertMatrixMatchesSearch(g, w, nodes, m, `seed ${seed}`, space);
  }
});

test('a Router answering from the hierarchy gives the plain Router\'s answers (via points, overlays, limits)', () => {
  const profile = flatProfile();
  for (let seed = 1; seed <= 150; seed++) {
    const rand = rng(seed * 7);
    const n = 8 + Math.floor(rand() * 40);
    const { graph: g } = buildGraph(randomNetwork(seed + 80000, n, n * 2));
    const plain = new Router(g), fast = new Router(g, { hierarchyFromVertices: 0 });
    for (let k = 0; k < 5; k++) {
      const req = {
        from: Math.floor(rand() * n), to: Math.floor(rand() * n), via: rand() < 0.3 ? [Math.floor(rand() * n)] : undefined,
        profile, weights: { usd: 1, hours: rand() * 3, co2Kg: 0, risk: 0 }, overlay: rand() < 0.5 ? { year: 2031 } : {},
        maxTransfers: rand() < 0.2 ? 1 : undefined, alternatives: 2,
      };
      if (req.from === req.to) continue;
      const a = plain.route(req), b = fast.route(req);
      assert.equal(b.kind, a.kind, `seed ${seed}`);
      if (a.kind === 'routes' && b.kind === 'routes') assert.ok(close(a.routes[0].objective, b.routes[0].objective), `seed ${seed}: ${a.routes[0].objective} vs ${b.routes[0].objective}`);
    }
  }
});
