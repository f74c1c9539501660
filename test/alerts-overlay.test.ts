// The route overlay's per-link factors (what an alert does to the links it touches), without a
// store: arcCosts applies them in its one pass, a drawn network changes its route because of them,
// and the contraction hierarchy answers exactly what a plain Bellman–Ford answers on random networks.
//
//   A=====B=====C      rail 1520, cellKm 10: A–B 60 km, B–C 60 km, A–D 20 km, D–E 120 km, E–C 20 km.
//   !           !      Flat profile: rail 1 USD/km at 50 km/h, risk 1 per 1,000 km.
//   D===========E
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, type Graph } from '../src/network/index.ts';
import { arcCosts, weightedCosts, type Overlay } from '../src/route/costing.ts';
import { Router, type RouteAnswer, type Weights } from '../src/route/index.ts';
import { EFFECT_TABLE, overlayOfEffects } from '../src/risk/index.ts';
import { drawNetwork, flatProfile } from './helpers/draw-network.ts';
import { randomNetwork, rng } from './helpers/random-network.ts';

const TWO_WAYS = `A=====B=====C
!           !
D===========E`;
const { graph: g } = buildGraph(drawNetwork(TWO_WAYS));
const profile = flatProfile();

function best(overlay: Overlay, weights: Weights, graph: Graph = g, from = 'A', to = 'C'): RouteAnswer {
  const out = new Router(graph).route({ from: graph.nodeIndex.get(from)!, to: graph.nodeIndex.get(to)!, profile, weights, overlay });
  assert.equal(out.kind, 'routes', JSON.stringify(out));
  if (out.kind !== 'routes') throw new Error('unreachable');
  return out.routes[0];
}

test('arcCosts scales the time of the named links and adds their risk, nothing else', () => {
  const base = arcCosts(g, profile, {});
  const ov = arcCosts(g, profile, { linkTimeFactor: { 'A-B': 1.5, 'no-such-link': 9 }, linkRiskAdd: { 'B-C': 0.2 } });
  let seen = 0;
  for (let a = 0; a < g.arcCount; a++) {
    const id = g.arcLink[a] >= 0 ? g.linkIds[g.arcLink[a]] : null;
    assert.equal(ov.hours[a], id === 'A-B' ? base.hours[a] * 1.5 : base.hours[a], `arc ${a} (${id}) hours`);
    assert.ok(Math.abs(ov.risk[a] - (id === 'B-C' ? base.risk[a] + 0.2 : base.risk[a])) < 1e-12, `arc ${a} (${id}) risk`);
    assert.equal(ov.usd[a], base.usd[a]);
    assert.equal(ov.co2Kg[a], base.co2Kg[a]);
    assert.equal(ov.closed[a], base.closed[a]);
    if (id === 'A-B' || id === 'B-C') seen++;
  }
  assert.equal(seen, 4, 'two arcs per link');
});

test('a time factor slows the link, not the border wait on it', () => {
  const { graph } = buildGraph(drawNetwork('A=====B=====C', { nodes: { C: { country: 'CN' } }, crossings: { 'B-C': { dwellHoursAB: 12, dwellHoursBA: 30 } } }));
  const r = best({ linkTimeFactor: { 'B-C': 2 } }, profile.weights, graph);
  assert.equal(r.totals.hours, 1.2 + (1.2 * 2 + 12)); // 60 km at 50 km/h, doubled, plus the 12 h dwell as it was
});

test('bad factors are refused: a bug in whoever built the overlay, not a cost', () => {
  for (const v of [0, -1, NaN, Infinity]) assert.throws(() => arcCosts(g, profile, { linkTimeFactor: { 'A-B': v } }), /linkTimeFactor\["A-B"\]/);
  for (const v of [-0.1, NaN, Infinity]) assert.throws(() => arcCosts(g, profile, { linkRiskAdd: { 'A-B': v } }), /linkRiskAdd\["A-B"\]/);
});

test('a delay on one branch sends the route along the other, in proportion to the delay', () => {
  const fastest = { usd: 0, hours: 1, co2Kg: 0, risk: 0 };
  assert.deepEqual(best({}, fastest).nodes, ['A', 'B', 'C']); // 2.4 h against 3.2 h
  assert.deepEqual(best({ linkTimeFactor: { 'A-B': 1.25 } }, fastest).nodes, ['A', 'B', 'C']); // 1.5 + 1.2 = 2.7 h
  const r = best({ linkTimeFactor: { 'A-B': 2 } }, fastest); // 2.4 + 1.2 = 3.6 h
  assert.deepEqual(r.nodes, ['A', 'D', 'E', 'C']);
  assert.equal(r.totals.hours, 3.2);
});

test('a risk-only alert moves the route only when risk has weight', () => {
  const riskOnly: Overlay = { linkRiskAdd: { 'A-B': 0.5 } };
  const cheap = best(riskOnly, { usd: 1, hours: 0, co2Kg: 0, risk: 0 });
  assert.deepEqual(cheap.nodes, ['A', 'B', 'C']);
  assert.ok(Math.abs(cheap.totals.risk - (0.12 + 0.5)) < 1e-9, String(cheap.totals.risk));
  // 120 + 50 × 0.62 = 151 against 160 + 50 × 0.16 = 168: stays; with 100: 182 against 176: moves
  assert.deepEqual(best(riskOnly, { usd: 1, hours: 0, co2Kg: 0, risk: 50 }).nodes, ['A', 'B', 'C']);
  assert.deepEqual(best(riskOnly, { usd: 1, hours: 0, co2Kg: 0, risk: 100 }).nodes, ['A', 'D', 'E', 'C']);
  assert.deepEqual(best({}, { usd: 1, hours: 0, co2Kg: 0, risk: 100 }).nodes, ['A', 'B', 'C']);
});

test('effects → overlay: a closure beats a delay, the strongest delay and risk win, the share inside scales the factor', () => {
  const effects = new Map([
    ['flood', EFFECT_TABLE.Extreme.Observed], // closure
    ['storm', EFFECT_TABLE.Severe.Likely], // delay ×2, risk 0.3
    ['rain', EFFECT_TABLE.Moderate.Likely], // delay ×1.25, risk 0.1
    ['dust', EFFECT_TABLE.Minor.Observed], // watch, risk 0.02
    ['past', EFFECT_TABLE.Minor.Unlikely], // none
  ]);
  const links = [
    { alertId: 'flood', id: 'L1', fraction: 0.1 }, { alertId: 'storm', id: 'L1', fraction: 1 },
    { alertId: 'storm', id: 'L2', fraction: 0.25 }, { alertId: 'rain', id: 'L2', fraction: 1 },
    { alertId: 'dust', id: 'L3', fraction: 1 }, { alertId: 'past', id: 'L4', fraction: 1 },
  ];
  const crossings = [{ alertId: 'storm', id: 'X1' }, { alertId: 'dust', id: 'X2' }];
  const e = overlayOfEffects(effects, links, crossings);
  assert.deepEqual(e.closedBy, { L1: ['flood'] });
  // L2: the storm on a quarter (1 + 1 × 0.25 = 1.25) ties the rain on all of it; risk: the storm's 0.3
  assert.deepEqual(e.linkTimeFactor, { L2: 1.25 });
  assert.deepEqual(e.linkRiskAdd, { L2: 0.3, L3: 0.02 });
  assert.deepEqual(e.touchedBy, { L2: ['storm', 'rain'], L3: ['dust'] });
  assert.deepEqual([e.crossingFactor, e.delayedBy], [{ X1: 2 }, { X1: ['storm'] }]);
  // without the flood, the storm's delay on L1 shows; without the storm, L2 keeps the rain's
  const noFlood = overlayOfEffects(effects, links, crossings, new Set(['flood']));
  assert.deepEqual([noFlood.closedBy, noFlood.linkTimeFactor.L1, noFlood.linkRiskAdd.L1], [{}, 2, 0.3]);
  const noStorm = overlayOfEffects(effects, links, crossings, new Set(['storm']));
  assert.deepEqual([noStorm.linkTimeFactor, noStorm.linkRiskAdd.L2, noStorm.crossingFactor], [{ L2: 1.25 }, 0.1, {}]);
});

/** Shortest weighted cost node → node over the vertex graph, by plain relaxation: the reference. */
function bellmanFord(graph: Graph, w: Float64Array, from: number, to: number): number {
  const dist = new Float64Array(graph.vertexCount).fill(Infinity);
  for (let v = graph.firstVertex[from]; v < graph.firstVertex[from + 1]; v++) dist[v] = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (let a = 0; a < graph.arcCount; a++) {
      const d = dist[graph.arcTail[a]] + w[a];
      if (d < dist[graph.arcHead[a]]) { dist[graph.arcHead[a]] = d; changed = true; }
    }
  }
  let best = Infinity;
  for (let v = graph.firstVertex[to]; v < graph.firstVertex[to + 1]; v++) best = Math.min(best, dist[v]);
  return best;
}

test('with per-link factors, the hierarchy and plain Dijkstra give the reference cost on 300 random networks', () => {
  let checked = 0, moved = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const rand = rng(seed * 6007);
    const n = 6 + Math.floor(rand() * 30);
    const { graph } = buildGraph(randomNetwork(seed + 91000, n, n * 2));
    const overlay: Overlay = { linkTimeFactor: {}, linkRiskAdd: {} };
    for (let l = 0; l < graph.linkCount; l++) {
      if (rand() < 0.3) (overlay.linkTimeFactor as Record<string, number>)[graph.linkIds[l]] = 1 + rand() * 3;
      if (rand() < 0.3) (overlay.linkRiskAdd as Record<string, number>)[graph.linkIds[l]] = rand();
    }
    const weights = { usd: rand(), hours: rand() * 3, co2Kg: 0, risk: rand() * 200 };
    const w = weightedCosts(arcCosts(graph, profile, overlay), weights);
    const w0 = weightedCosts(arcCosts(graph, profile, {}), weights);
    const plain = new Router(graph), ch = new Router(graph, { hierarchyFromVertices: 0 });
    for (let k = 0; k < 4; k++) {
      const from = Math.floor(rand() * n), to = Math.floor(rand() * n);
      if (from === to) continue;
      const want = bellmanFord(graph, w, from, to);
      const before = bellmanFord(graph, w0, from, to);
      assert.ok(want >= before - 1e-9, `seed ${seed}: factors ≥ 1 and risk ≥ 0 cannot make a route cheaper`);
      const req = { from, to, profile, weights, overlay };
      const a = plain.route(req), b = ch.route(req);
      if (want === Infinity) { assert.equal(a.kind, 'unreachable'); assert.equal(b.kind, 'unreachable'); continue; }
      assert.equal(a.kind, 'routes', `seed ${seed}`);
      assert.equal(b.kind, 'routes', `seed ${seed}`);
      if (a.kind !== 'routes' || b.kind !== 'routes') continue;
      assert.ok(Math.abs(a.routes[0].objective - want) <= 0.006, `seed ${seed} ${from}→${to}: Dijkstra ${a.routes[0].objective}, reference ${want}`);
      assert.ok(Math.abs(b.routes[0].objective - want) <= 0.006, `seed ${seed} ${from}→${to}: hierarchy ${b.routes[0].objective}, reference ${want}`);
      checked++;
      if (want > before + 1e-9) moved++;
    }
  }
  assert.ok(checked > 400, `only ${checked} reachable queries`);
  assert.ok(moved > checked / 4, `the factors changed only ${moved} of ${checked} costs`);
});
