// npm run bench -- route: the route planner on the bundled network and on a synthetic road grid.
// Seeded pairs; every figure comes with a fingerprint of the answers (sum of optimal costs), so a
// faster wrong answer shows. ROUTE_BENCH_GRID=1000000 for the 10^6-node grid (default 100,000).
import { bundledFiles } from '../src/app/open.ts';
import { loadProfile } from '../src/app/plan-route.ts';
import { decodeNetwork, encodeNetwork, networkFromRecords } from '../src/app/network.ts';
import { batchToRecords, readFiles } from '../src/ingest/read-files.ts';
import { buildGraph, decodeSnapshot, encodeSnapshot, graphFromArcs, type Graph } from '../src/network/index.ts';
import { arcCosts, weightedCosts } from '../src/route/costing.ts';
import { SearchSpace, search, astarFactor } from '../src/route/dijkstra.ts';
import { Router } from '../src/route/index.ts';
import { paretoSearch } from '../src/route/pareto.ts';
import { buildHierarchy } from '../src/route/ch.ts';
import { chMatrix, ChQuery } from '../src/route/ch-query.ts';
import { shortestPath } from '../src/route/plan.ts';
import { seededRandom as rng } from '../src/core/random.ts';


const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const ms = (x: number) => x < 1 ? x.toFixed(3) : x.toFixed(1);
const row = (name: string, v: string) => console.log(`| ${name.padEnd(44)} | ${v.padEnd(40)} |`);
const mem = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB rss`;

/** Nodes of the largest weakly connected component (queries always have an answer there). */
function largestComponent(g: Graph): number[] {
  const comp = new Int32Array(g.nodeCount).fill(-1);
  let best: number[] = [];
  for (let s = 0; s < g.nodeCount; s++) {
    if (comp[s] >= 0 || g.firstVertex[s + 1] === g.firstVertex[s]) continue;
    const members = [s];
    comp[s] = s;
    for (let i = 0; i < members.length; i++) {
      const n = members[i];
      for (let v = g.firstVertex[n]; v < g.firstVertex[n + 1]; v++) {
        for (let a = g.firstArc[v]; a < g.firstArc[v + 1]; a++) {
          const h = g.vertexNode[g.arcHead[a]];
          if (comp[h] < 0) { comp[h] = s; members.push(h); }
        }
      }
    }
    if (members.length > best.length) best = members;
  }
  return best;
}

function bundled(): void {
  console.log('\n### Bundled network (data/network), profile container, default weights\n');
  console.log('| measure | value |\n| --- | --- |');
  const files = bundledFiles();
  const records = batchToRecords(readFiles(files).batch);
  let t = performance.now();
  const { graph: g } = buildGraph(records);
  row('graph build', `${ms(performance.now() - t)} ms: ${g.nodeCount} nodes, ${g.vertexCount} vertices, ${g.arcCount} arcs`);
  t = performance.now();
  const snap = encodeSnapshot(g);
  const tEnc = performance.now() - t;
  t = performance.now();
  decodeSnapshot(snap, 'bench', g.dataHash);
  row('snapshot write / load', `${ms(tEnc)} / ${ms(performance.now() - t)} ms, ${(snap.length / 1024).toFixed(0)} KiB`);
  // What the app saves and reads on start: the graph plus link geometry, port names and build issues.
  t = performance.now();
  const net = networkFromRecords(records, g.dataHash);
  const tNet = performance.now() - t;
  t = performance.now();
  const netSnap = encodeNetwork(net);
  const tNetEnc = performance.now() - t;
  t = performance.now();
  const back = decodeNetwork(netSnap, 'bench', g.dataHash);
  row('app network: build from records / write / load', `${ms(tNet)} / ${ms(tNetEnc)} / ${ms(performance.now() - t)} ms, ${(netSnap.length / 1024).toFixed(0)} KiB, ${back.links.size} links`);
  const profile = loadProfile('container');
  const router = new Router(g);
  t = performance.now();
  const costs = arcCosts(g, profile, { year: 2035 });
  const w = weightedCosts(costs, profile.weights);
  row('year overlay (arc costs + weights)', `${ms(performance.now() - t)} ms`);
  const nodes = largestComponent(g);
  const rand = rng(20261130);
  const pairs: [number, number][] = [];
  for (let i = 0; i < 1000; i++) pairs.push([nodes[Math.floor(rand() * nodes.length)], nodes[Math.floor(rand() * nodes.length)]]);
  const space = new SearchSpace();
  const wToday = router.weights(profile, {}, profile.weights).w;
  const factor = astarFactor(g, wToday);
  // Warm-up (JIT), not timed.
  for (const [a, b] of pairs.slice(0, 200)) { shortestPath(g, wToday, space, { from: a, to: b }, factor); router.route({ from: a, to: b, profile, weights: profile.weights, alternatives: 3 }); paretoSearch(g, router.costs(profile, {}), { from: a, to: b }, space); }
  let fp = 0;
  const tq: number[] = [];
  for (const [a, b] of pairs) {
    const t0 = performance.now();
    const r = shortestPath(g, wToday, space, { from: a, to: b }, factor);
    tq.push(performance.now() - t0);
    if ('arcs' in r) fp += r.cost;
  }
  row('weighted search, 1000 pairs', `p50 ${ms(pct(tq, 50))} ms, p99 ${ms(pct(tq, 99))} ms`);
  const tr: number[] = [];
  for (const [a, b] of pairs.slice(0, 300)) {
    const t0 = performance.now();
    router.route({ from: a, to: b, profile, weights: profile.weights });
    tr.push(performance.now() - t0);
  }
  row('full answer (search + explain), 300 pairs', `p50 ${ms(pct(tr, 50))} ms, p99 ${ms(pct(tr, 99))} ms`);
  const ta: number[] = [];
  for (const [a, b] of pairs.slice(0, 100)) {
    const t0 = performance.now();
    router.route({ from: a, to: b, profile, weights: profile.weights, alternatives: 3 });
    ta.push(performance.now() - t0);
  }
  row('3 alternatives, 100 pairs (warm endpoint trees)', `p50 ${ms(pct(ta, 50))} ms, p99 ${ms(pct(ta, 99))} ms`);
  // The same on pairs never asked before, uniform over the component: endpoint trees are grown
  // on first use (route/via-trees.ts), so the first pass pays for them and the second shows the
  // steady state of a server that hears every place.
  const fresh: [number, number][] = [];
  const rf = rng(7);
  for (let i = 0; i < 4000; i++) fresh.push([nodes[Math.floor(rf() * nodes.length)], nodes[Math.floor(rf() * nodes.length)]]);
  for (const [label, half] of [['first', fresh.slice(0, 2000)], ['next', fresh.slice(2000)]] as const) {
    const tf: number[] = [];
    for (const [a, b] of half) {
      const t0 = performance.now();
      router.route({ from: a, to: b, profile, weights: profile.weights, alternatives: 3 });
      tf.push(performance.now() - t0);
    }
    const mean = tf.reduce((x, y) => x + y, 0) / tf.length;
    row(`3 alternatives, ${label} 2,000 uniform pairs`, `mean ${ms(mean)} ms, p50 ${ms(pct(tf, 50))} ms, p99 ${ms(pct(tf, 99))} ms`);
  }
  const tp: number[] = [];
  let paretoRoutes = 0, bound = 0;
  const c0 = router.costs(profile, {});
  for (const [a, b] of pairs.slice(0, 100)) {
    const t0 = performance.now();
    const p = paretoSearch(g, c0, { from: a, to: b }, space);
    tp.push(performance.now() - t0);
    paretoRoutes += p.paths.length;
    if (p.boundHit) bound++;
  }
  row('Pareto (4 criteria), 100 pairs', `p50 ${ms(pct(tp, 50))} ms, p99 ${ms(pct(tp, 99))} ms; ${(paretoRoutes / 100).toFixed(1)} routes/pair, bound hit ${bound}`);
  const m = nodes.slice(0, 100);
  t = performance.now();
  const mat = router.matrix(m, m, profile, profile.weights);
  const tm = performance.now() - t;
  let mfp = 0;
  for (const r of mat) for (const c of r) if (c) mfp += c.objective;
  row(`matrix ${m.length}×${m.length}`, `${ms(tm)} ms`);
  row('fingerprint (sum of 1000 optimal costs; matrix)', `${fp.toFixed(2)}; ${mfp.toFixed(2)}`);
  void w;
}

/** A jittered road grid: 8-neighbour-free, 12 % of segments dropped, 10 % one-way, arterials faster. */
function grid(n: number): { g: Graph; w: Float64Array } {
  const side = Math.round(Math.sqrt(n));
  const rand = rng(n);
  const N = side * side;
  const lon = new Float64Array(N), lat = new Float64Array(N);
  const stepDeg = 0.01; // about 1 km
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
    const i = y * side + x;
    lon[i] = 68 + x * stepDeg * 1.37 + (rand() - 0.5) * stepDeg * 0.4;
    lat[i] = 43 + y * stepDeg + (rand() - 0.5) * stepDeg * 0.4;
  }
  const tails: number[] = [], heads: number[] = [], km: number[] = [];
  const add = (a: number, b: number, speed: number) => {
    if (rand() < 0.12) return;
    const d = Math.hypot((lon[a] - lon[b]) * 81.4, (lat[a] - lat[b]) * 111.2) * (1 + rand() * 0.3);
    const hours = d / speed;
    const oneway = rand() < 0.1;
    tails.push(a); heads.push(b); km.push(hours);
    if (!oneway) { tails.push(b); heads.push(a); km.push(hours * (1 + rand() * 0.1)); }
  };
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
    const i = y * side + x;
    const speedX = y % 40 === 0 ? 110 : y % 8 === 0 ? 70 : 40, speedY = x % 40 === 0 ? 110 : x % 8 === 0 ? 70 : 40;
    if (x + 1 < side) add(i, i + 1, speedX);
    if (y + 1 < side) add(i, i + side, speedY);
  }
  // The arc "length" is its travel time in hours: the weight is the length itself.
  const g = graphFromArcs(lon, lat, Int32Array.from(tails), Int32Array.from(heads), Float64Array.from(km), `grid${N}`);
  const w = Float64Array.from(g.linkLengthKm);
  const byArc = new Float64Array(g.arcCount);
  for (let a = 0; a < g.arcCount; a++) byArc[a] = w[g.arcLink[a]];
  return { g, w: byArc };
}

function synthetic(n: number): void {
  console.log(`\n### Synthetic road grid, ${n.toLocaleString('en-US')} nodes (cost = hours)\n`);
  console.log('| measure | value |\n| --- | --- |');
  let t = performance.now();
  const { g, w } = grid(n);
  row('build', `${ms(performance.now() - t)} ms: ${g.nodeCount} nodes, ${g.arcCount} arcs, ${mem()}`);
  const nodes = largestComponent(g);
  const rand = rng(7);
  const pairs: [number, number][] = [];
  for (let i = 0; i < 100; i++) pairs.push([nodes[Math.floor(rand() * nodes.length)], nodes[Math.floor(rand() * nodes.length)]]);
  const space = new SearchSpace();
  for (const [a, b] of pairs.slice(0, 10)) search(g, w, space, { sources: [a], targetNodes: [b] });
  for (const [label, factor] of [['Dijkstra', 0], ['A* (great-circle bound)', astarFactor(g, w)]] as const) {
    const tq: number[] = [];
    let fp = 0, settled = 0;
    for (const [a, b] of pairs) {
      const t0 = performance.now();
      const r = search(g, w, space, { sources: [a], targetNodes: [b], astarFactor: factor });
      tq.push(performance.now() - t0);
      fp += r.targetCost[0];
      settled += r.settled;
    }
    row(`${label}, 100 pairs`, `median ${ms(pct(tq, 50))} ms, p99 ${ms(pct(tq, 99))} ms, ${Math.round(settled / 100)} settled`);
    row(`${label} fingerprint`, fp.toFixed(6));
  }
  t = performance.now();
  const m = pairs.slice(0, 20).map((p) => p[0]);
  for (const o of m) search(g, w, space, { sources: [o], targetNodes: m });
  row('matrix 20×20 (one search per origin)', `${ms(performance.now() - t)} ms, ${mem()}`);
  const h = buildHierarchy(g, w);
  row('contraction hierarchy: preprocessing', `${(h.buildMs / 1000).toFixed(1)} s, ${h.shortcuts} shortcuts, ${mem()}`);
  const q = new ChQuery(h);
  for (const [a, b] of pairs.slice(0, 20)) q.query([a], [b]);
  const tq: number[] = [];
  let fp = 0, settled = 0;
  for (const [a, b] of pairs) {
    const t0 = performance.now();
    const r = q.query([a], [b]);
    tq.push(performance.now() - t0);
    fp += r.cost; settled += r.settled;
  }
  row('hierarchy query, 100 pairs', `median ${ms(pct(tq, 50))} ms, p99 ${ms(pct(tq, 99))} ms, ${Math.round(settled / 100)} settled`);
  row('hierarchy fingerprint', fp.toFixed(6));
  const mm = pairs.map((p) => [p[0]]);
  t = performance.now();
  chMatrix(h, mm, mm);
  row('hierarchy matrix 100×100 (buckets)', `${ms(performance.now() - t)} ms`);
}

bundled();
synthetic(Number(process.env.ROUTE_BENCH_GRID ?? 100_000));
