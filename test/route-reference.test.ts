// Every search against a plain reference: a textbook O(V²) Dijkstra over (vertex, transfers) states,
// written here without the heap, the stamps, the A* bound or the path code of src/route. Thousands of
// seeded random networks, with and without overlays (year, avoided countries, modes, closures,
// transshipment limits), and a Pareto set checked by brute force on small ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, graphFromArcs, type Graph } from '../src/network/index.ts';
import { arcCosts, weightedCosts, type ArcCosts, type Overlay } from '../src/route/costing.ts';
import { deadline, search, SearchSpace } from '../src/route/dijkstra.ts';
import { paretoSearch } from '../src/route/pareto.ts';
import { alternatives } from '../src/route/alternatives.ts';
import { shortestPath } from '../src/route/plan.ts';
import { Router } from '../src/route/index.ts';
import { flatProfile } from './helpers/draw-network.ts';
import { close, randomNetwork, rng } from './helpers/random-network.ts';

function reference(g: Graph, w: Float64Array, from: number, to: number, maxTransfers?: number): number {
  const L = maxTransfers === undefined ? 1 : maxTransfers + 1;
  const S = g.vertexCount * L;
  const dist = new Array<number>(S).fill(Infinity), done = new Array<boolean>(S).fill(false);
  for (let v = 0; v < g.vertexCount; v++) if (g.vertexNode[v] === from) dist[v] = 0;
  for (;;) {
    let best = -1;
    for (let s = 0; s < S; s++) if (!done[s] && dist[s] < Infinity && (best < 0 || dist[s] < dist[best])) best = s;
    if (best < 0) return Infinity;
    done[best] = true;
    const layer = Math.floor(best / g.vertexCount), v = best % g.vertexCount;
    if (g.vertexNode[v] === to) return dist[best];
    for (let a = 0; a < g.arcCount; a++) {
      if (g.arcTail[a] !== v || w[a] === Infinity) continue;
      const nl = maxTransfers !== undefined && g.arcKind[a] !== 0 ? layer + 1 : layer;
      if (nl >= L) continue;
      const t = nl * g.vertexCount + g.arcHead[a];
      if (dist[best] + w[a] < dist[t]) dist[t] = dist[best] + w[a];
    }
  }
}

function randomOverlay(rand: () => number, g: Graph): Overlay {
  const ov: Overlay = {};
  if (rand() < 0.4) ov.year = 2024 + Math.floor(rand() * 12);
  if (rand() < 0.3) ov.avoidCountries = [g.countries[Math.floor(rand() * g.countries.length)]];
  if (rand() < 0.3) ov.modes = rand() < 0.5 ? ['rail'] : ['rail', 'road'];
  if (rand() < 0.2 && g.linkCount) ov.closedLinks = [g.linkIds[Math.floor(rand() * g.linkCount)]];
  return ov;
}


test('weighted search (Dijkstra, A*, transshipment limit, reused space) equals the reference on 2,000 random networks', () => {
  const space = new SearchSpace();
  const profile = flatProfile();
  let reachable = 0, checked = 0;
  for (let seed = 1; seed <= 2000; seed++) {
    const rand = rng(seed * 7919);
    const n = 4 + Math.floor(rand() * 25);
    const { graph: g } = buildGraph(randomNetwork(seed, n, Math.floor(n * (1 + rand() * 2))));
    const ov = seed % 2 === 0 ? randomOverlay(rand, g) : {};
    const weights = { usd: rand(), hours: rand() * 5, co2Kg: rand() < 0.3 ? rand() : 0, risk: rand() < 0.3 ? rand() * 100 : 0 };
    const w = weightedCosts(arcCosts(g, profile, ov), weights);
    for (let q = 0; q < 3; q++) {
      const from = Math.floor(rand() * n), to = Math.floor(rand() * n);
      if (from === to) continue;
      const maxTransfers = rand() < 0.3 ? Math.floor(rand() * 3) : undefined;
      const want = reference(g, w, from, to, maxTransfers);
      const got = shortestPath(g, w, space, { from, to, maxTransfers });
      checked++;
      if (want === Infinity) { assert.ok(!('arcs' in got), `seed ${seed}: found a path the reference says does not exist`); continue; }
      assert.ok('arcs' in got, `seed ${seed} ${from}→${to}: no path, reference ${want}`);
      reachable++;
      assert.ok(close(got.cost, want), `seed ${seed} ${from}→${to} (max ${maxTransfers}): ${got.cost} vs reference ${want}`);
      // The path is a real path and its weights add up to the cost.
      let sum = 0, at = got.arcs.length ? g.arcTail[got.arcs[0]] : -1;
      assert.equal(g.vertexNode[at], from);
      for (const a of got.arcs) { assert.equal(g.arcTail[a], at); at = g.arcHead[a]; sum += w[a]; }
      assert.equal(g.vertexNode[at], to);
      assert.ok(close(sum, want));
      if (maxTransfers !== undefined) assert.ok(got.arcs.filter((a) => g.arcKind[a] !== 0).length <= maxTransfers);
    }
  }
  assert.ok(checked > 5000 && reachable > 1500, `checked ${checked}, reachable ${reachable}`);
});

test('the first of k alternatives is the reference optimum, and the rest are never cheaper', () => {
  const space = new SearchSpace();
  const profile = flatProfile();
  for (let seed = 1; seed <= 300; seed++) {
    const rand = rng(seed);
    const n = 10 + Math.floor(rand() * 30);
    const { graph: g } = buildGraph(randomNetwork(seed + 5000, n, n * 3));
    const w = weightedCosts(arcCosts(g, profile, {}), profile.weights);
    const from = 0, to = n - 1;
    const want = reference(g, w, from, to);
    const alts = alternatives(g, w, space, { from, to }, { k: 3 });
    if (want === Infinity) { assert.ok(!Array.isArray(alts)); continue; }
    assert.ok(Array.isArray(alts));
    assert.ok(close(alts[0].cost, want));
    for (const a of alts) assert.ok(a.cost >= want - 1e-9);
  }
});

test('alternatives from kept endpoint trees are the same routes as from per-request pruned trees (1,200 random pairs, overlays included)', () => {
  const space = new SearchSpace();
  const profile = flatProfile();
  let compared = 0, withAlternatives = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const rand = rng(seed * 7);
    const n = 12 + Math.floor(rand() * 40);
    const { graph: g } = buildGraph(randomNetwork(seed + 7000, n, n * 3));
    const w = weightedCosts(arcCosts(g, profile, seed % 2 ? randomOverlay(rand, g) : {}), profile.weights);
    // Several pairs on one weight array: later requests reuse the trees earlier ones grew.
    for (let i = 0; i < 4; i++) {
      const from = Math.floor(rand() * n), to = Math.floor(rand() * n);
      const kept = alternatives(g, w, space, { from, to }, { k: 3 });
      const pruned = alternatives(g, w, space, { from, to }, { k: 3, endpointTrees: false });
      assert.deepEqual(kept, pruned, `seed ${seed}, ${from} → ${to}`);
      compared++;
      if (Array.isArray(kept) && kept.length > 1) withAlternatives++;
    }
  }
  assert.ok(compared === 1200 && withAlternatives > 200, `${compared} compared, ${withAlternatives} with alternatives`);
});

function bruteParetoSet(g: Graph, c: ArcCosts, from: number, to: number): string[] {
  const vecs: number[][] = [];
  const onPath = new Uint8Array(g.vertexCount);
  const walk = (v: number, acc: number[]) => {
    if (g.vertexNode[v] === to) { vecs.push(acc); return; }
    onPath[v] = 1;
    for (let a = g.firstArc[v]; a < g.firstArc[v + 1]; a++) {
      const h = g.arcHead[a];
      if (c.closed[a] || onPath[h]) continue;
      walk(h, [acc[0] + c.usd[a], acc[1] + c.hours[a], acc[2] + c.co2Kg[a], acc[3] + c.risk[a]]);
    }
    onPath[v] = 0;
  };
  for (let v = g.firstVertex[from]; v < g.firstVertex[from + 1]; v++) walk(v, [0, 0, 0, 0]);
  const dom = (a: number[], b: number[]) => a.every((x, i) => x <= b[i] + 1e-9) && a.some((x, i) => x < b[i] - 1e-9);
  const key = (v: number[]) => v.map((x) => x.toFixed(6)).join(',');
  return [...new Set(vecs.filter((v) => !vecs.some((u) => dom(u, v))).map(key))].sort();
}

test('the Pareto set equals brute-force enumeration on 400 small random networks', () => {
  const profile = flatProfile();
  let nonTrivial = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const rand = rng(seed * 31);
    const n = 4 + Math.floor(rand() * 5);
    const { graph: g } = buildGraph(randomNetwork(seed + 9000, n, n + Math.floor(rand() * n * 1.5)));
    const c = arcCosts(g, profile, seed % 3 === 0 ? randomOverlay(rand, g) : {});
    const from = 0, to = n - 1;
    const want = bruteParetoSet(g, c, from, to);
    const got = paretoSearch(g, c, { from, to });
    assert.equal(got.boundHit, false);
    const key = (v: number[]) => v.map((x) => x.toFixed(6)).join(',');
    assert.deepEqual([...new Set(got.costs.map(key))].sort(), want, `seed ${seed}`);
    if (want.length > 1) nonTrivial++;
  }
  assert.ok(nonTrivial > 20, `only ${nonTrivial} networks had more than one Pareto route`);
});

test('the matrix equals one reference search per cell', () => {
  const profile = flatProfile();
  for (let seed = 1; seed <= 100; seed++) {
    const rand = rng(seed * 13);
    const n = 8 + Math.floor(rand() * 20);
    const { graph: g } = buildGraph(randomNetwork(seed + 20000, n, n * 2));
    const router = new Router(g);
    const w = weightedCosts(arcCosts(g, profile, {}), profile.weights);
    const origins = [0, 1, 2], dests = [n - 1, n - 2, 0];
    const m = router.matrix(origins, dests, profile, profile.weights);
    origins.forEach((o, i) => dests.forEach((d, j) => {
      const want = o === d ? 0 : reference(g, w, o, d);
      const cell = m[i][j];
      if (want === Infinity) assert.equal(cell, null);
      else assert.ok(cell && close(cell.objective, want) && close(cell.usd, want), `seed ${seed} ${o}→${d}`);
    }));
  }
});

test('a long search stops at its deadline with the given reason', () => {
  const side = 100, n = side * side;
  const lon = new Float64Array(n), lat = new Float64Array(n);
  const tails: number[] = [], heads: number[] = [], km: number[] = [];
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
    const i = y * side + x;
    lon[i] = x * 0.01; lat[i] = y * 0.01;
    if (x + 1 < side) { tails.push(i, i + 1); heads.push(i + 1, i); km.push(1, 1); }
    if (y + 1 < side) { tails.push(i, i + side); heads.push(i + side, i); km.push(1, 1); }
  }
  const g = graphFromArcs(lon, lat, Int32Array.from(tails), Int32Array.from(heads), Float64Array.from(km));
  const w = new Float64Array(g.arcCount).fill(1);
  const stop = new Error('deadline passed');
  assert.throws(() => search(g, w, new SearchSpace(), { sources: [0], targetNodes: [n - 1], signal: deadline(0, stop) }), (e) => e === stop);
  assert.equal(search(g, w, new SearchSpace(), { sources: [0], targetNodes: [n - 1], signal: deadline(60_000, stop) }).targetCost[0], 2 * (side - 1));
});
