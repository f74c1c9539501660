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
import { EFFECT_TABLE, GEOCODE_RISK_CAP, overlayOfEffects, RISK_REF_KM } from '../src/risk/index.ts';
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
  // links of RISK_REF_KM: risk is riskAdd × the share inside
  const lengthKm = RISK_REF_KM;
  const links = [
    { alertId: 'flood', id: 'L1', fraction: 0.1, lengthKm }, { alertId: 'storm', id: 'L1', fraction: 1, lengthKm },
    { alertId: 'storm', id: 'L2', fraction: 0.25, lengthKm }, { alertId: 'rain', id: 'L2', fraction: 1, lengthKm },
    { alertId: 'dust', id: 'L3', fraction: 1, lengthKm }, { alertId: 'past', id: 'L4', fraction: 1, lengthKm },
  ];
  const crossings = [{ alertId: 'storm', id: 'X1' }, { alertId: 'dust', id: 'X2' }];
  const e = overlayOfEffects(effects, links, crossings);
  assert.deepEqual(e.closedBy, { L1: ['flood'] });
  // L2: the storm on a quarter (1 + 1 × 0.25 = 1.25) ties the rain on all of it; risk: the rain's
  // 0.1 on all of it beats the storm's 0.3 on a quarter (0.075)
  assert.deepEqual(e.linkTimeFactor, { L2: 1.25 });
  assert.deepEqual(e.linkRiskAdd, { L2: 0.1, L3: 0.02 });
  assert.deepEqual(e.touchedBy, { L2: ['storm', 'rain'], L3: ['dust'] });
  assert.deepEqual([e.crossingFactor, e.delayedBy], [{ X1: 2 }, { X1: ['storm'] }]);
  // without the flood, the storm's delay on L1 shows; without the storm, L2 keeps the rain's
  const noFlood = overlayOfEffects(effects, links, crossings, new Set(['flood']));
  assert.deepEqual([noFlood.closedBy, noFlood.linkTimeFactor.L1, noFlood.linkRiskAdd.L1], [{}, 2, 0.3]);
  const noStorm = overlayOfEffects(effects, links, crossings, new Set(['storm']));
  assert.deepEqual([noStorm.linkTimeFactor, noStorm.linkRiskAdd.L2, noStorm.crossingFactor], [{ L2: 1.25 }, 0.1, {}]);
});

test('risk is per km inside the area: the same 80 km of a storm add the same risk however the line is cut', () => {
  const effects = new Map([['storm', EFFECT_TABLE.Severe.Likely]]);
  const total = (hits: { id: string; fraction: number; lengthKm: number }[]) =>
    Object.values(overlayOfEffects(effects, hits.map((h) => ({ alertId: 'storm', ...h })), []).linkRiskAdd).reduce((s, r) => s + r, 0);
  const midLink = total([{ id: 'L', fraction: 80 / 600, lengthKm: 600 }]);
  const atStation = total([{ id: 'L1', fraction: 40 / 300, lengthKm: 300 }, { id: 'L2', fraction: 40 / 300, lengthKm: 300 }]);
  const unevenCut = total([{ id: 'L1', fraction: 40 / 520, lengthKm: 520 }, { id: 'L2', fraction: 40 / 80, lengthKm: 80 }]);
  const want = (EFFECT_TABLE.Severe.Likely.riskAdd * 80) / RISK_REF_KM;
  for (const [name, got] of [['mid-link', midLink], ['at a station', atStation], ['uneven cut', unevenCut]] as const) assert.ok(Math.abs(got - want) < 1e-3, `${name}: ${got}, want ${want}`);
});

test('an area resolved from a geocode (a whole country) is a watch at most: no closure, no delay, risk capped', () => {
  const effects = new Map([['heat', EFFECT_TABLE.Severe.Observed], ['dust', EFFECT_TABLE.Severe.Likely], ['drawn', EFFECT_TABLE.Severe.Likely]]);
  const lengthKm = 250;
  const links = [
    { alertId: 'heat', id: 'L1', fraction: 1, lengthKm, fromGeocode: true },
    { alertId: 'dust', id: 'L2', fraction: 1, lengthKm, fromGeocode: true },
    // one alert with a drawn area over half of L3 and the country over all of it: the drawn half slows
    { alertId: 'drawn', id: 'L3', fraction: 0.5, lengthKm }, { alertId: 'drawn', id: 'L3', fraction: 1, lengthKm, fromGeocode: true },
  ];
  const crossings = [{ alertId: 'dust', id: 'X1', fromGeocode: true }, { alertId: 'drawn', id: 'X2' }];
  const e = overlayOfEffects(effects, links, crossings);
  assert.ok(GEOCODE_RISK_CAP > 0 && GEOCODE_RISK_CAP < EFFECT_TABLE.Severe.Likely.riskAdd);
  assert.deepEqual(e.closedBy, {}, 'a national warning closes nothing');
  assert.deepEqual(e.linkTimeFactor, { L3: 1.5 }, 'and slows nothing but what a drawn area covers');
  assert.deepEqual(e.touchedBy, { L1: ['heat'], L2: ['dust'], L3: ['drawn'] });
  const capped = (GEOCODE_RISK_CAP * lengthKm) / RISK_REF_KM;
  assert.deepEqual(e.linkRiskAdd, { L1: capped, L2: capped, L3: (0.3 * 0.5 * lengthKm) / RISK_REF_KM });
  assert.deepEqual([e.crossingFactor, e.delayedBy], [{ X2: 2 }, { X2: ['drawn'] }]);
});

test('a dwell factor scales the wait in force each way: the crossing\'s own dwell per direction, else the profile default', () => {
  const { graph } = buildGraph(drawNetwork('A=====B=====C=====D', {
    nodes: { C: { country: 'CN' }, D: { country: 'KG' } },
    crossings: { 'B-C': { dwellHoursAB: 12, dwellHoursBA: 30 }, 'C-D': { dwellHoursAB: null, dwellHoursBA: null } },
  }));
  const hours = (from: string, to: string, overlay: Overlay) => best(overlay, profile.weights, graph, from, to).totals.hours;
  const ids = graph.crossings.map((c) => c.id);
  const bc = ids.find((id) => id.includes('B-C'))!, cd = ids.find((id) => id.includes('C-D'))!;
  assert.ok(bc && cd, ids.join(' '));
  const slow: Overlay = { dwellFactor: { [bc]: 2, [cd]: 1.5 } };
  assert.ok(Math.abs(hours('A', 'C', slow) - hours('A', 'C', {}) - 12) < 1e-9, 'A→C: its own 12 h once more');
  assert.ok(Math.abs(hours('C', 'A', slow) - hours('C', 'A', {}) - 30) < 1e-9, 'C→A: its own 30 h once more');
  assert.ok(Math.abs(hours('C', 'D', slow) - hours('C', 'D', {}) - profile.border.defaultDwellHours * 0.5) < 1e-9, 'C→D: half the profile default more');
  for (const v of [0, -1, NaN, Infinity]) assert.throws(() => arcCosts(graph, profile, { dwellFactor: { [bc]: v } }), /dwellFactor/);
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
