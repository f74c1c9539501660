#!/usr/bin/env node
// Karavan's engine in the peer harness (../shared/bench/peers/README.md): reads DIR's CSVs, builds
// the CSR graph (src/network) and a contraction hierarchy (src/route/ch.ts), answers the queries
// and the MxM matrix, and prints the harness's q / m / summary lines.
// Usage: node bench/peers/run-karavan.js DIR [--limit Q] [--matrix M] [--plain | --cch]
//   --plain: Karavan's plain Dijkstra instead of the hierarchy (no preprocessing).
//   --cch: the customizable hierarchy (src/route/cch.ts): order + contraction, then one
//     customization for the harness's costs, then a full one for a perturbed metric
//     (`recustomize_s`) and a partial one for ten closed arcs (`recustomize_10_arcs_s`), neither
//     part of preprocess_s; answers come from the first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { graphFromArcs } = await import('../../src/network/build.ts');
const { buildHierarchy } = await import('../../src/route/ch.ts');
const { ChQuery, chMatrix } = await import('../../src/route/ch-query.ts');
const { SearchSpace, search } = await import('../../src/route/dijkstra.ts');
const { buildCch, customize, customizeFrom } = await import('../../src/route/cch.ts');
const { CchQuery, cchMatrix } = await import('../../src/route/cch-query.ts');

const argv = process.argv.slice(2);
const dir = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--limit' && argv[i - 1] !== '--matrix');
const opt = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const limit = opt('--limit', 100), matrixM = opt('--matrix', 100);
const plain = argv.includes('--plain'), cch = !plain && argv.includes('--cch');
const PEER = plain ? 'karavan-dijkstra' : cch ? 'karavan-cch' : 'karavan-ch';
const now = () => Number(process.hrtime.bigint()) / 1e9;

function* csvRows(path) {
  const text = readFileSync(path, 'latin1');
  let at = text.indexOf('\n') + 1;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end > at) yield text.slice(at, end).split(',');
    at = end + 1;
  }
}

const t0 = now();
const ids = [], lons = [], lats = [];
for (const r of csvRows(join(dir, 'nodes.csv'))) { ids.push(Number(r[0])); lons.push(Number(r[1])); lats.push(Number(r[2])); }
const index = new Map(ids.map((id, i) => [id, i]));
const tails = [], heads = [], costs = [];
for (const r of csvRows(join(dir, 'edges.csv'))) {
  const s = index.get(Number(r[1])), t = index.get(Number(r[2]));
  const c = Number(r[3]), rc = Number(r[4]);
  if (s === undefined || t === undefined) throw new Error(`edges.csv: edge ${r[0]} names an unknown node`);
  if (c >= 0) { tails.push(s); heads.push(t); costs.push(c); }
  if (rc >= 0) { tails.push(t); heads.push(s); costs.push(rc); }
}
const g = graphFromArcs(Float64Array.from(lons), Float64Array.from(lats), Int32Array.from(tails), Int32Array.from(heads), Float64Array.from(costs), dir);
// The arc weight is the cost itself (the graph's "length" column holds it).
const w = new Float64Array(g.arcCount);
for (let a = 0; a < g.arcCount; a++) w[a] = g.linkLengthKm[g.arcLink[a]];
const queries = [];
for (const r of csvRows(join(dir, 'queries.csv'))) queries.push([index.get(Number(r[0])), index.get(Number(r[1]))]);
const loadS = now() - t0;
const h = plain || cch ? null : buildHierarchy(g, w);
const cg = cch ? buildCch(g) : null;
const metric = cg ? customize(g, cg, w) : null;
const preprocess = now() - t0;
const rssAfterPreprocessMib = Math.round(process.memoryUsage().rss / 2 ** 20);
// A second metric on the same hierarchy (what an overlay costs): every 50th arc closed, every
// 7th 40 % slower, every 11th 30 % faster (seeded by position, so every run does the same work).
let recustomizeS = null, partialS = null;
if (cg) {
  const w2 = w.slice();
  for (let a = 0; a < w2.length; a++) w2[a] = a % 50 === 0 ? Infinity : a % 7 === 0 ? w2[a] * 1.4 : a % 11 === 0 ? w2[a] * 0.7 : w2[a];
  const r0 = now();
  customize(g, cg, w2);
  recustomizeS = now() - r0;
  // An overlay of ten closed arcs, updated from the metric in memory.
  const w3 = w.slice();
  for (let k = 1; k <= 10; k++) w3[Math.floor((k * w3.length) / 11)] = Infinity;
  const p0 = now();
  customizeFrom(g, metric, w3);
  partialS = now() - p0;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const fmt = (c) => (Number.isFinite(c) ? String(c) : 'inf');
const out = [], times = [];
const q = h ? new ChQuery(h) : metric ? new CchQuery(g, metric) : null;
const space = new SearchSpace();
for (const [i, [s, t]] of queries.slice(0, limit).entries()) {
  const q0 = now();
  const c = q ? q.query([s], [t]).cost : search(g, w, space, { sources: [s], targetNodes: [t] }).targetCost[0];
  times.push(now() - q0);
  out.push(`q ${PEER} ${i} ${fmt(c)}`);
}
const vids = queries.slice(0, matrixM).map((x) => x[0]);
let matrixS = null;
if (vids.length) {
  const m0 = now();
  let cells;
  if (h) cells = chMatrix(h, vids.map((v) => [v]), vids.map((v) => [v]));
  else if (metric) cells = cchMatrix(metric, vids.map((v) => [v]), vids.map((v) => [v]));
  else {
    cells = new Float64Array(vids.length * vids.length);
    vids.forEach((s, i) => { const r = search(g, w, space, { sources: [s], targetNodes: vids }); cells.set(r.targetCost, i * vids.length); });
  }
  matrixS = now() - m0;
  vids.forEach((_, i) => vids.forEach((__, j) => out.push(`m ${PEER} ${i} ${j} ${fmt(cells[i * vids.length + j])}`)));
}
out.push('summary ' + JSON.stringify({
  peer: PEER, preprocess_s: +preprocess.toFixed(4), load_s: +loadS.toFixed(4), ch_build_s: h ? +(h.buildMs / 1000).toFixed(3) : null, shortcuts: h ? h.shortcuts : null,
  ...(cg ? { cch_order_s: +(cg.orderMs / 1000).toFixed(3), cch_contract_s: +(cg.buildMs / 1000).toFixed(3), cch_arcs: cg.arcs, cch_fill_in: cg.arcs - new Set(cg.arcOf.filter((c) => c >= 0)).size, customize_s: +(metric.customizeMs / 1000).toFixed(3), recustomize_s: +recustomizeS.toFixed(3), recustomize_10_arcs_s: +partialS.toFixed(3), rss_after_preprocess_mib: rssAfterPreprocessMib } : {}),
  queries: times.length, total_query_s: +times.reduce((a, b) => a + b, 0).toFixed(4),
  median_query_ms: times.length ? +(1000 * median(times)).toFixed(4) : null,
  matrix: vids.length ? `${vids.length}x${vids.length}` : null, matrix_s: matrixS === null ? null : +matrixS.toFixed(4),
  vertices: g.nodeCount, arcs: g.arcCount, peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
}));
process.stdout.write(out.join('\n') + '\n');
