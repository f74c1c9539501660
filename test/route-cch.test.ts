// Customizable contraction hierarchies against the plain search: one metric-free hierarchy per
// graph, customized again for random overlays (closures, increases, decreases, years, avoided
// countries), must give the plain Dijkstra's costs on thousands of seeded random graphs, unpack to
// real paths whose weights add up to the cost, and agree on what is unreachable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, graphFromArcs, type Graph } from '../src/network/index.ts';
import { arcCosts, weightedCosts, type Overlay } from '../src/route/costing.ts';
import { buildCch, customize, customizeFrom, type Cch } from '../src/route/cch.ts';
import { CchQuery, cchMatrix } from '../src/route/cch-query.ts';
import { SearchSpace, search } from '../src/route/dijkstra.ts';
import { Router } from '../src/route/index.ts';
import { flatProfile } from './helpers/draw-network.ts';
import { assertMatrixMatchesSearch, close, randomNetwork, rng, verts } from './helpers/random-network.ts';


/** Closures, increases and decreases on random arcs of a base metric. */
function perturb(rand: () => number, base: Float64Array): Float64Array {
  const w = base.slice();
  for (let a = 0; a < w.length; a++) {
    const r = rand();
    if (r < 0.1) w[a] = Infinity;
    else if (r < 0.25) w[a] *= 1 + rand() * 3;
    else if (r < 0.4) w[a] *= rand();
    else if (r < 0.45 && base[a] === Infinity) w[a] = rand() * 500; // a closed arc opens (a project's year)
  }
  return w;
}

/** Checks a batch of random pairs; returns how many were reachable. */
function checkPairs(g: Graph, w: Float64Array, q: CchQuery, space: SearchSpace, rand: () => number, pairs: number, label: string): number {
  let found = 0;
  const n = g.nodeCount;
  for (let k = 0; k < pairs; k++) {
    const a = Math.floor(rand() * n), b = Math.floor(rand() * n);
    if (a === b || g.firstVertex[a + 1] === g.firstVertex[a] || g.firstVertex[b + 1] === g.firstVertex[b]) continue;
    const want = search(g, w, space, { sources: verts(g, a), targetNodes: [b] }).targetCost[0];
    const got = q.query(verts(g, a), verts(g, b));
    assert.ok(close(got.cost, want), `${label} ${a}→${b}: CCH ${got.cost}, plain ${want}`);
    if (want === Infinity) { assert.equal(got.meet, -1, `${label}: unreachable but a meeting vertex`); continue; }
    found++;
    const arcs = q.path(got.meet);
    let at = g.arcTail[arcs[0]], sum = 0;
    assert.equal(g.vertexNode[at], a, `${label}: path starts elsewhere`);
    for (const x of arcs) { assert.equal(g.arcTail[x], at, `${label}: path breaks`); at = g.arcHead[x]; sum += w[x]; }
    assert.equal(g.vertexNode[at], b, `${label}: path ends elsewhere`);
    assert.ok(close(sum, want), `${label}: unpacked path sums to ${sum}, want ${want}`);
  }
  return found;
}

test('CCH costs equal the plain search on 1,500 random networks, customized for the base metric and three overlays each', () => {
  const profile = flatProfile();
  const space = new SearchSpace();
  let found = 0;
  for (let seed = 1; seed <= 1500; seed++) {
    const rand = rng(seed * 15485863);
    const n = 4 + Math.floor(rand() * 60);
    const { graph: g } = buildGraph(randomNetwork(seed + 120000, n, Math.floor(n * (0.8 + rand() * 2))));
    const cch = buildCch(g);
    const weights = { usd: rand(), hours: rand() * 3, co2Kg: 0, risk: rand() * 10 };
    const base = weightedCosts(arcCosts(g, profile, {}), weights);
    const ov: Overlay = { year: 2024 + Math.floor(rand() * 12) };
    if (rand() < 0.4) ov.avoidCountries = [g.countries[Math.floor(rand() * g.countries.length)]];
    if (rand() < 0.3) ov.modes = ['rail', 'road'];
    if (rand() < 0.3 && g.linkCount) ov.closedLinks = [g.linkIds[Math.floor(rand() * g.linkCount)]];
    const metrics: [string, Float64Array][] = [
      ['base', base], ['overlay', weightedCosts(arcCosts(g, profile, ov), weights)], ['perturbed', perturb(rand, base)], ['perturbed again', perturb(rand, base)],
    ];
    for (const [name, w] of metrics) found += checkPairs(g, w, new CchQuery(g, customize(g, cch, w)), space, rand, 4, `seed ${seed} ${name}`);
  }
  assert.ok(found > 5000, `only ${found} reachable queries`);
});

/** A random geometric digraph: one-way and two-way arcs with different weights each way, parallel arcs, zero weights. */
function randomArcs(seed: number, n: number): { g: Graph; w: Float64Array } {
  const rand = rng(seed);
  const lon = Float64Array.from({ length: n }, () => 60 + rand() * 5), lat = Float64Array.from({ length: n }, () => 40 + rand() * 5);
  const t: number[] = [], h: number[] = [], c: number[] = [];
  const m = Math.floor(n * (1 + rand() * 2));
  for (let i = 0; i < m; i++) {
    const a = Math.floor(rand() * n);
    // Mostly near neighbours (by index after sorting would be costly): a nearby-ish random pick.
    const b = rand() < 0.7 ? Math.min(n - 1, Math.max(0, a + Math.floor((rand() - 0.5) * 8))) : Math.floor(rand() * n);
    const cost = rand() < 0.05 ? 0 : Math.round(rand() * 1000) / 10;
    t.push(a); h.push(b); c.push(cost);
    if (rand() < 0.7) { t.push(b); h.push(a); c.push(cost * (0.9 + rand() * 0.2)); }
  }
  const g = graphFromArcs(lon, lat, Int32Array.from(t), Int32Array.from(h), Float64Array.from(c));
  const w = new Float64Array(g.arcCount);
  for (let a = 0; a < g.arcCount; a++) w[a] = g.linkLengthKm[g.arcLink[a]];
  return { g, w };
}

test('CCH costs equal the plain search on 1,500 random digraphs (one-way arcs, parallel arcs, zero weights), with overlays', () => {
  const space = new SearchSpace();
  let found = 0;
  for (let seed = 1; seed <= 1500; seed++) {
    const rand = rng(seed * 7727);
    const { g, w } = randomArcs(seed + 330000, 3 + Math.floor(rand() * 120));
    const cch = buildCch(g);
    // The order is a permutation; each vertex's parent is its lowest higher neighbour.
    assert.deepEqual([...cch.rank].sort((a, b) => a - b), Array.from({ length: g.vertexCount }, (_, i) => i), `digraph ${seed}: ranks`);
    for (let r = 0; r < g.vertexCount; r++) assert.equal(cch.parent[r], cch.upFirst[r + 1] > cch.upFirst[r] ? cch.upHead[cch.upFirst[r]] : -1);
    for (const [name, metric] of [['base', w], ['perturbed', perturb(rand, w)], ['perturbed again', perturb(rand, w)]] as const) {
      found += checkPairs(g, metric, new CchQuery(g, customize(g, cch, metric)), space, rand, 5, `digraph ${seed} ${name}`);
    }
  }
  assert.ok(found > 8000, `only ${found} reachable queries`);
});

test('a partial customization from another metric equals a full one bit for bit (few arcs changed: closures, increases, decreases, openings)', () => {
  let partial = 0;
  for (let seed = 1; seed <= 800; seed++) {
    const rand = rng(seed * 409);
    const { g, w } = randomArcs(seed + 550000, 5 + Math.floor(rand() * 150));
    const cch = buildCch(g);
    const base = customize(g, cch, w);
    const w2 = w.slice();
    const changes = 1 + Math.floor(rand() * 6);
    for (let k = 0; k < changes; k++) {
      const a = Math.floor(rand() * w2.length), r = rand();
      w2[a] = r < 0.3 ? Infinity : r < 0.6 ? w2[a] * (1 + rand() * 4) : r < 0.9 ? w2[a] * rand() : rand() * 50;
    }
    const full = customize(g, cch, w2), part = customizeFrom(g, base, w2, 1);
    assert.ok(part, `seed ${seed}: no partial customization under a limit of 100 %`);
    assert.deepEqual(part.up, full.up, `seed ${seed}: up weights differ`);
    assert.deepEqual(part.down, full.down, `seed ${seed}: down weights differ`);
    // And back: from the changed metric to the first one.
    const back = customizeFrom(g, full, w, 1)!;
    assert.deepEqual(back.up, base.up, `seed ${seed}: up weights differ going back`);
    assert.deepEqual(back.down, base.down, `seed ${seed}: down weights differ going back`);
    partial++;
  }
  const { g: g1, w: w1 } = randomArcs(1, 50);
  assert.equal(customizeFrom(g1, customize(g1, buildCch(g1), w1), w1.map((x) => x + 1), 0.02), undefined, 'every arc changed: a full customization instead');
  assert.equal(partial, 800);
});

test('any vertex order gives the same costs (order changes only the fill-in)', () => {
  const space = new SearchSpace();
  for (let seed = 1; seed <= 200; seed++) {
    const rand = rng(seed * 31);
    const { g, w } = randomArcs(seed + 440000, 10 + Math.floor(rand() * 50));
    const V = g.vertexCount, perm = Int32Array.from({ length: V }, (_, i) => i);
    for (let i = V - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [perm[i], perm[j]] = [perm[j], perm[i]]; }
    const cch: Cch = buildCch(g, perm);
    checkPairs(g, w, new CchQuery(g, customize(g, cch, w)), space, rand, 10, `random order ${seed}`);
  }
});

test('the order terminates and stays exact when many vertices share a point (expanded nodes, lumpy data)', () => {
  const space = new SearchSpace();
  for (let seed = 1; seed <= 40; seed++) {
    const rand = rng(seed * 211);
    const { g: base, w } = randomArcs(seed + 990000, 200 + Math.floor(rand() * 400));
    // Two or three distinct points for every vertex, most of them on one.
    const pts = 2 + Math.floor(rand() * 2);
    const lon = Float64Array.from({ length: base.nodeCount }, () => 60 + (rand() < 0.8 ? 0 : Math.floor(rand() * pts)));
    const g: Graph = { ...base, nodeLon: lon, nodeLat: new Float64Array(base.nodeCount).fill(45) };
    checkPairs(g, w, new CchQuery(g, customize(g, buildCch(g), w)), space, rand, 10, `lumpy ${seed}`);
  }
});

test('the CCH matrix equals one plain search per cell', () => {
  const profile = flatProfile();
  const space = new SearchSpace();
  for (let seed = 1; seed <= 60; seed++) {
    const { graph: g } = buildGraph(randomNetwork(seed + 660000, 40, 100));
    const w = weightedCosts(arcCosts(g, profile, { year: 2030 }), profile.weights);
    const m = customize(g, buildCch(g), w);
    const nodes = Array.from({ length: 12 }, (_, i) => i).filter((i) => g.firstVertex[i + 1] > g.firstVertex[i]);
    const cells = cchMatrix(m, nodes.map((x) => verts(g, x)), nodes.map((x) => verts(g, x)));
    assertMatrixMatchesSearch(g, w, nodes, cells, `seed ${seed}`, space);
  }
});

test('a Router on a hierarchy-sized graph answers overlays by customizing, not contracting, with the plain Router\'s answers', () => {
  const profile = flatProfile();
  let customized = 0, compared = 0;
  for (let seed = 1; seed <= 120; seed++) {
    const rand = rng(seed * 101);
    const n = 8 + Math.floor(rand() * 40);
    const { graph: g } = buildGraph(randomNetwork(seed + 770000, n, n * 2));
    const plain = new Router(g), fast = new Router(g, { hierarchyFromVertices: 0 });
    const weights = { usd: 1, hours: rand() * 3, co2Kg: 0, risk: 0 };
    // The default metric gets the classic hierarchy; every overlay after it a customization.
    assert.ok(fast.hierarchyFor(profile, {}, weights));
    for (let k = 0; k < 6; k++) {
      const overlay: Overlay = k === 0 ? {} : { year: 2024 + Math.floor(rand() * 12), ...(rand() < 0.5 ? { closedLinks: [g.linkIds[Math.floor(rand() * g.linkCount)]] } : {}), ...(rand() < 0.3 ? { avoidCountries: [g.countries[0]] } : {}) };
      const req = { from: Math.floor(rand() * n), to: Math.floor(rand() * n), via: rand() < 0.3 ? [Math.floor(rand() * n)] : undefined, profile, weights, overlay, alternatives: 1 + Math.floor(rand() * 2) };
      if (req.from === req.to) continue;
      const a = plain.route(req), b = fast.route(req);
      assert.equal(b.kind, a.kind, `seed ${seed}`);
      if (a.kind === 'routes' && b.kind === 'routes') { compared++; assert.ok(close(a.routes[0].objective, b.routes[0].objective), `seed ${seed}: ${a.routes[0].objective} vs ${b.routes[0].objective}`); }
    }
    assert.equal(fast.hierarchiesBuilt, 1, `seed ${seed}: only the default metric is contracted`);
    customized += fast.customizations;
  }
  assert.ok(customized > 200 && compared > 300, `customized ${customized}, compared ${compared}`);
});

test('a Router updates a customized metric in place for an overlay that closes a few links, with the plain Router\'s answers', () => {
  const profile = flatProfile();
  let partial = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const rand = rng(seed * 53);
    const n = 150;
    const { graph: g } = buildGraph(randomNetwork(seed + 880000, n, n * 3));
    const plain = new Router(g), fast = new Router(g, { hierarchyFromVertices: 0 });
    const weights = { usd: 1, hours: rand() * 3, co2Kg: 0, risk: 0 };
    for (let k = 0; k < 8; k++) {
      // The base metric, then closures of one or two links: a few changed arcs each.
      const overlay: Overlay = k === 0 ? {} : { closedLinks: Array.from({ length: 1 + (k % 2) }, () => g.linkIds[Math.floor(rand() * g.linkCount)]) };
      for (let q = 0; q < 4; q++) {
        const req = { from: Math.floor(rand() * n), to: Math.floor(rand() * n), profile, weights, overlay };
        if (req.from === req.to) continue;
        const a = plain.route(req), b = fast.route(req);
        assert.equal(b.kind, a.kind, `seed ${seed}`);
        if (a.kind === 'routes' && b.kind === 'routes') assert.ok(close(a.routes[0].objective, b.routes[0].objective), `seed ${seed}: ${a.routes[0].objective} vs ${b.routes[0].objective}`);
      }
    }
    assert.equal(fast.hierarchiesBuilt, 0);
    partial += fast.partialCustomizations;
  }
  assert.ok(partial > 50, `only ${partial} partial customizations`);
});

test('a Router prepared for overlays answers the first one by a partial update of the default metric', () => {
  const profile = flatProfile();
  for (let seed = 1; seed <= 10; seed++) {
    const rand = rng(seed * 17);
    const n = 150;
    const { graph: g } = buildGraph(randomNetwork(seed + 990000, n, n * 3));
    const plain = new Router(g), fast = new Router(g, { hierarchyFromVertices: 0 });
    const weights = { usd: 1, hours: 1, co2Kg: 0, risk: 0 };
    fast.hierarchyFor(profile, {}, weights);
    fast.prepareOverlays(profile, {}, weights);
    assert.equal(fast.customizations, 1);
    const overlay: Overlay = { closedLinks: [g.linkIds[Math.floor(rand() * g.linkCount)]] };
    for (let q = 0; q < 5; q++) {
      const req = { from: Math.floor(rand() * n), to: Math.floor(rand() * n), profile, weights, overlay };
      if (req.from === req.to) continue;
      const a = plain.route(req), b = fast.route(req);
      assert.equal(b.kind, a.kind, `seed ${seed}`);
      if (a.kind === 'routes' && b.kind === 'routes') assert.ok(close(a.routes[0].objective, b.routes[0].objective), `seed ${seed}`);
    }
    assert.equal(fast.partialCustomizations, 1, `seed ${seed}: the closure updated the prepared metric`);
    assert.equal(fast.hierarchiesBuilt, 1, `seed ${seed}: only the default metric was contracted`);
  }
});
