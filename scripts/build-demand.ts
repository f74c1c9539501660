// node --import tsx scripts/build-demand.ts — builds the CIS freight OD matrix from data/demand/*.csv
// (zones, economies, parameters, targets), Natural Earth populations and the bundled network, and
// writes data/demand/od-matrix.csv, data/demand/calibration.json and the calibration section of
// docs/demand.md. Deterministic: same inputs → byte-identical outputs (test/demand.test.ts checks).
// The method and its limits are in docs/demand.md. A private Dijkstra on a km impedance is used on
// purpose: the brief keeps the demand side independent of src/route (the assignment uses the
// route planner's generalised costs; this impedance only shapes the gravity and the calibration).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv, csvText } from '../src/ingest/csv.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEMAND_SOURCE = 'karavan-demand-gravity (docs/demand.md)';
const DOC_BEGIN = '<!-- calibration:begin (written by scripts/build-demand.ts) -->';
const DOC_END = '<!-- calibration:end -->';

type Row = Record<string, string>;
function readTable(root: string, rel: string): Row[] {
  const parsed = parseCsv(readFileSync(join(root, rel), 'utf8'));
  if (!parsed.ok) throw new Error(`${rel}:${parsed.line}: ${parsed.reason}`);
  return parsed.rows.map((r) => {
    if (r.cells.length !== parsed.header.length) throw new Error(`${rel}:${r.line}: ${r.cells.length} columns, header has ${parsed.header.length}`);
    return Object.fromEntries(parsed.header.map((h, i) => [h, r.cells[i].trim()]));
  });
}
function num(rel: string, v: string | undefined, what: string): number {
  const x = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(x)) throw new Error(`${rel}: ${what} ${JSON.stringify(v)} is not a number`);
  return x;
}
const sig = (x: number, digits: number): number => (x === 0 ? 0 : Number(x.toPrecision(digits)));

interface Zone { id: string; node: string; kind: 'region' | 'gateway'; country: string; economy: string; popMax: number; mass0: number; split: 0 | 1 | 2 }
interface Target { id: string; measure: 'zone' | 'pairs' | 'kind'; members: string[]; tonnes: number; weight: number; year: string; confidence: string }
interface Pair { o: number; d: number; base: number; costKm: number; border: number; gw: number; s: number; r: number; kind: 'region' | 'gateway' | 'transit' }

function loadZones(root: string): Zone[] {
  const econ = new Map(readTable(root, 'data/demand/economies.csv').map((r) => [r.code, r]));
  const places = (JSON.parse(readFileSync(join(root, 'data/sources/naturalearth/ne_10m_populated_places.geojson'), 'utf8')) as { features: { properties: Row & { POP_MAX: number } }[] }).features.map((f) => f.properties);
  const nodeIds = new Set((JSON.parse(readFileSync(join(root, 'data/network/nodes.geojson'), 'utf8')) as { features: { properties: { id: string } }[] }).features.map((f) => f.properties.id));
  return readTable(root, 'data/demand/zones.csv').map((r, i) => {
    const at = `data/demand/zones.csv row ${i + 1} (${r.zone})`;
    if (!nodeIds.has(r.node)) throw new Error(`${at}: node ${r.node} is not in data/network/nodes.geojson`);
    if (r.kind === 'region') {
      const e = econ.get(r.country);
      const matches = places.filter((p) => p.ISO_A2 === r.country && (p.NAME === r.nePlace || p.NAMEASCII === r.nePlace));
      if (!e || matches.length === 0) throw new Error(`${at}: no economy or Natural Earth place ${r.nePlace}/${r.country}`);
      // a repeated name (two "Rostov" in Russia) means the larger place: the zones are big cities
      const popMax = Math.max(...matches.map((p) => p.POP_MAX));
      return { id: r.zone, node: r.node, kind: 'region', country: r.country, economy: r.country, popMax, mass0: (popMax * num(at, e.gdpPerCapitaUsd, 'gdpPerCapitaUsd')) / 1e9, split: 0 };
    }
    const e = econ.get(r.economy);
    if (!e) throw new Error(`${at}: economy ${r.economy} is not in economies.csv`);
    const gdp = num(at, e.gdpUsdBn, 'gdpUsdBn');
    const split = r.share === 's' ? 1 : r.share === '1-s' ? 2 : 0;
    return { id: r.zone, node: r.node, kind: 'gateway', country: r.country, economy: r.economy, popMax: 0, mass0: split ? gdp : gdp * num(at, r.share, 'share'), split };
  });
}

/** Operating links as an undirected CSR graph with a generalised-km weight per edge. */
function loadGraph(root: string, fixed: Map<string, string>) {
  const p = (n: string) => num('data/demand/parameters.csv', fixed.get(n), n);
  const nodeProps = (JSON.parse(readFileSync(join(root, 'data/network/nodes.geojson'), 'utf8')) as { features: { properties: { id: string; country: string } }[] }).features.map((f) => f.properties);
  const nodes = nodeProps.map((x) => x.id);
  const countryOf = new Map(nodeProps.map((x) => [x.id, x.country]));
  const index = new Map(nodes.map((id, i) => [id, i]));
  const links = (JSON.parse(readFileSync(join(root, 'data/network/links.geojson'), 'utf8')) as { features: { properties: { from: string; to: string; mode: string; status: string; lengthKm: number; gaugeMm: number | null } }[] }).features.map((f) => f.properties).filter((l) => l.status === 'operating' && index.has(l.from) && index.has(l.to));
  const crossingGaugeChange = new Map<string, boolean>();
  for (const f of (JSON.parse(readFileSync(join(root, 'data/network/crossings.geojson'), 'utf8')) as { features: { properties: { nodeA: string; nodeB: string; modes: string[]; gaugeChange: boolean } }[] }).features) {
    // per mode: Dostyk–Alashankou has a rail record (gauge change) and a road record on the same two nodes
    for (const mode of f.properties.modes) crossingGaugeChange.set(`${pairKey(f.properties.nodeA, f.properties.nodeB)}|${mode}`, f.properties.gaugeChange === true);
  }
  const gaugesAt = railGaugesByNode(links, countryOf);
  const ferryBorderKm = fixed.has(FERRY_VARIANT) ? p(FERRY_VARIANT) : 0;
  const n = nodes.length;
  const degree = new Int32Array(n + 1);
  for (const l of links) { degree[index.get(l.from)! + 1]++; degree[index.get(l.to)! + 1]++; }
  for (let i = 0; i < n; i++) degree[i + 1] += degree[i];
  const first = degree.slice();
  const head = new Int32Array(links.length * 2);
  const weight = new Float64Array(links.length * 2);
  const fill = first.slice(0, n);
  for (const l of links) {
    const factor = l.mode === 'road' ? p('roadKmFactor') : l.mode === 'ferry' ? p('ferryKmFactor') : 1;
    let w = l.lengthKm * factor + (l.mode === 'ferry' ? p('ferryLegKm') : 0);
    // One rule for every link between two countries, with or without a crossing record. A ferry's
    // border formalities happen at its two ports while the ship is handled, so ferryLegKm (two port
    // handlings and the wait) already holds them: 0 extra, unless the ferryCrossingKm sensitivity
    // variant asks otherwise (docs/demand.md shows that refit).
    if (countryOf.get(l.from) !== countryOf.get(l.to)) {
      const gaugeChange = l.mode === 'rail' && (crossingGaugeChange.get(`${pairKey(l.from, l.to)}|rail`) ?? gaugesDiffer(gaugesAt.get(l.from), gaugesAt.get(l.to)));
      w += l.mode === 'road' ? p('crossingRoadKm') : l.mode === 'ferry' ? ferryBorderKm : p('crossingKm') + (gaugeChange ? p('gaugeChangeKm') : 0);
    }
    const a = index.get(l.from)!, b = index.get(l.to)!;
    head[fill[a]] = b; weight[fill[a]++] = w;
    head[fill[b]] = a; weight[fill[b]++] = w;
  }
  return { nodes, index, first, head, weight };
}
const pairKey = (a: string, b: string): string => (a < b ? `${a}~${b}` : `${b}~${a}`);

/** Gauges of the domestic operating rail links at each node: what a train finds on either side of a border. */
function railGaugesByNode(links: { from: string; to: string; mode: string; gaugeMm: number | null }[], countryOf: Map<string, string>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const l of links) {
    if (l.mode !== 'rail' || l.gaugeMm === null || countryOf.get(l.from) !== countryOf.get(l.to)) continue;
    for (const v of [l.from, l.to]) {
      let set = out.get(v);
      if (!set) out.set(v, (set = new Set()));
      set.add(l.gaugeMm);
    }
  }
  return out;
}
/** A break of gauge when both ends' gauges are known and share none; unknown counts as no change. */
const gaugesDiffer = (a: Set<number> | undefined, b: Set<number> | undefined): boolean => !!a && !!b && ![...a].some((g) => b.has(g));

/** Plain binary-heap Dijkstra from one node: generalised km and predecessor node per node. */
function dijkstra(g: ReturnType<typeof loadGraph>, source: number) {
  const n = g.nodes.length;
  const dist = new Float64Array(n).fill(Infinity);
  const pred = new Int32Array(n).fill(-1);
  const heapNode = new Int32Array(g.head.length + 1);
  const heapKey = new Float64Array(g.head.length + 1);
  let size = 0;
  const push = (v: number, k: number) => {
    let i = size++;
    while (i > 0) { const up = (i - 1) >> 1; if (heapKey[up] <= k) break; heapKey[i] = heapKey[up]; heapNode[i] = heapNode[up]; i = up; }
    heapKey[i] = k; heapNode[i] = v;
  };
  const pop = (): number => {
    const top = heapNode[0];
    const k = heapKey[--size], v = heapNode[size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heapKey[c + 1] < heapKey[c]) c++;
      if (heapKey[c] >= k) break;
      heapKey[i] = heapKey[c]; heapNode[i] = heapNode[c]; i = c;
    }
    heapKey[i] = k; heapNode[i] = v;
    return top;
  };
  dist[source] = 0;
  push(source, 0);
  const done = new Uint8Array(n);
  while (size > 0) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    for (let e = g.first[u]; e < g.first[u + 1]; e++) {
      const v = g.head[e], nd = dist[u] + g.weight[e];
      if (nd < dist[v]) { dist[v] = nd; pred[v] = u; push(v, nd); }
    }
  }
  return { dist, pred };
}

export interface TargetResult { id: string; year: string; confidence: string; weight: number; publishedTonnes: number; modelTonnes: number; residualPct: number; modelByKind: Record<Pair['kind'], number> }
export interface Calibration {
  fitted: { beta: number; k: number; borderFactor: number; externalFactor: number; chinaSplit: number; objective: number };
  targets: TargetResult[];
  profile: { beta: number; objective: number }[];
  sensitivity: { beta: number; targets: Record<string, number>; totalTonnes: number }[];
  assumptions: { parameter: string; value: number; beta: number; objective: number; targets: Record<string, number>; totalTonnes: number }[];
  gateways: Record<string, number>;
  /** Inputs as used: Natural Earth POP_MAX and the mass before the fitted factors (US$ bn GDP or GDP proxy). */
  zones: { id: string; node: string; popMax: number; massUsdBn: number }[];
  totals: { zones: number; pairs: number; tonnesPerYear: number; omittedPairs: number; omittedTonnes: number; regionTonnes: number; gatewayTonnes: number; transitTonnes: number };
}

function setup(root: string, override: Record<string, number> = {}) {
  const fixed = new Map(readTable(root, 'data/demand/parameters.csv').map((r) => [r.name, r.name in override ? String(override[r.name]) : r.value]));
  // a sensitivity variant may name a value that is not a parameter of the model (FERRY_VARIANT)
  for (const [name, value] of Object.entries(override)) if (!fixed.has(name)) fixed.set(name, String(value));
  const p = (n: string) => num('data/demand/parameters.csv', fixed.get(n), n);
  const zones = loadZones(root);
  const g = loadGraph(root, fixed);
  const bothWays = (name: string) => new Set((fixed.get(name) ?? '').split(';').flatMap((t) => [t, t.split('-').reverse().join('-')]));
  const transit = bothWays('transitPairs');
  const closed = bothWays('closedPairs');
  const targets: Target[] = readTable(root, 'data/demand/targets.csv').map((r) => {
    const at = `data/demand/targets.csv ${r.id}`;
    if (!['zone', 'pairs', 'kind'].includes(r.measure) || !['t', 'TEU'].includes(r.unit)) throw new Error(`${at}: measure ${r.measure} / unit ${r.unit} unknown`);
    const members = r.members.split(';');
    if (r.measure === 'pairs' && members.some((m) => m.split('~').length !== 2)) throw new Error(`${at}: members must be nodeA~nodeB pairs`);
    return {
      id: r.id, measure: r.measure as Target['measure'], members, year: r.year, confidence: r.confidence,
      tonnes: num(at, r.value, 'value') * (r.unit === 'TEU' ? p('tonnesPerTeu') : 1), weight: num(at, r.weight, 'weight'),
    };
  });
  const pairs: Pair[] = [];
  const incidence: Uint8Array[] = [];
  const pairTargets = targets.map((t) => (t.measure === 'pairs' ? new Set(t.members.map((m) => pairKey(...(m.split('~') as [string, string])))) : null));
  const pathHits: number[][] = [];
  for (let o = 0; o < zones.length; o++) {
    const zo = zones[o];
    const { dist, pred } = dijkstra(g, g.index.get(zo.node)!);
    for (let d = 0; d < zones.length; d++) {
      const zd = zones[d];
      if (o === d) continue;
      const bothGw = zo.kind === 'gateway' && zd.kind === 'gateway';
      if ((bothGw && !transit.has(`${zo.economy}-${zd.economy}`)) || closed.has(`${zo.economy}-${zd.economy}`)) continue;
      const pathKm = dist[g.index.get(zd.node)!];
      if (!Number.isFinite(pathKm)) throw new Error(`no path on the network from zone ${zo.id} (${zo.node}) to ${zd.id} (${zd.node})`);
      // a floor keeps a port gateway a few km from its own city from taking the city's whole trade
      const costKm = Math.max(pathKm, p('minCostKm'));
      const border = zo.kind === 'region' && zd.kind === 'region' && zo.country !== zd.country ? 1 : 0;
      const gw = (zo.kind === 'gateway' ? 1 : 0) + (zd.kind === 'gateway' ? 1 : 0);
      const kind = bothGw ? 'transit' : gw ? 'gateway' : 'region';
      pairs.push({
        o, d, base: zo.mass0 * zd.mass0, costKm, border, gw,
        s: (zo.split === 1 ? 1 : 0) + (zd.split === 1 ? 1 : 0), r: (zo.split === 2 ? 1 : 0) + (zd.split === 2 ? 1 : 0),
        kind,
      });
      const hits: number[] = [];
      for (let v = g.index.get(zd.node)!; pred[v] >= 0; v = pred[v]) {
        const key = pairKey(g.nodes[pred[v]], g.nodes[v]);
        pairTargets.forEach((set, t) => { if (set?.has(key) && !hits.includes(t)) hits.push(t); });
      }
      targets.forEach((t, ti) => { if ((t.measure === 'zone' && (t.members.includes(zo.id) || t.members.includes(zd.id))) || (t.measure === 'kind' && t.members.includes(kind))) hits.push(ti); });
      pathHits.push(hits);
    }
  }
  for (let t = 0; t < targets.length; t++) incidence.push(Uint8Array.from(pathHits, (h) => (h.includes(t) ? 1 : 0)));
  return { fixed, p, zones, targets, pairs, incidence };
}
type Setup = ReturnType<typeof setup>;

// A pair's flow is k · base · c^−β · b^border · e^gw · s^a · (1−s)^b; its class is (border, gw, a, b).
const CLASSES = 54;
const classOf = (q: Pair): number => q.border * 27 + q.gw * 9 + q.s * 3 + q.r;
const factorOf = (c: number, x: Params): number => x.b ** Math.floor(c / 27) * x.e ** (Math.floor(c / 9) % 3) * x.split ** (Math.floor(c / 3) % 3) * (1 - x.split) ** (c % 3);
interface Params { k: number; e: number; split: number; b: number }
const unpack = (x: readonly number[]): Params => ({ k: Math.exp(x[0]), e: Math.exp(x[1]), split: 1 / (1 + Math.exp(-x[2])), b: Math.exp(x[3]) });

function flows(s: Setup, beta: number, x: readonly number[], out: Float64Array): void {
  const u = unpack(x);
  for (let i = 0; i < s.pairs.length; i++) {
    const q = s.pairs[i];
    out[i] = u.k * q.base * factorOf(classOf(q), u) * q.costKm ** -beta;
  }
}
function targetTonnes(s: Setup, f: Float64Array): number[] {
  return s.targets.map((_, t) => { let sum = 0; const inc = s.incidence[t]; for (let i = 0; i < f.length; i++) if (inc[i]) sum += f[i]; return sum; });
}

/** For one β a target's model is k · Σ_class sum[class] · factor(class): 54 terms, not one per pair. */
function classSums(s: Setup, beta: number): Float64Array[] {
  return s.targets.map((_, t) => {
    const sums = new Float64Array(CLASSES);
    const inc = s.incidence[t];
    s.pairs.forEach((q, i) => { if (inc[i]) sums[classOf(q)] += q.base * q.costKm ** -beta; });
    return sums;
  });
}
function objectiveFromSums(s: Setup, sums: Float64Array[], x: readonly number[]): number {
  const u = unpack(x);
  let acc = 0;
  s.targets.forEach((t, ti) => {
    let m = 0;
    for (let c = 0; c < CLASSES; c++) if (sums[ti][c] > 0) m += sums[ti][c] * factorOf(c, u);
    acc += t.weight * Math.log(Math.max(u.k * m, 1) / t.tonnes) ** 2;
  });
  return acc;
}

/** Nelder–Mead with a fixed start and iteration count, so the fit is reproducible bit for bit. */
function nelderMead(fn: (x: number[]) => number, start: number[], step: number, iterations: number): { x: number[]; value: number } {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, value: fn(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0], worst = simplex[n];
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((acc, v) => acc + v.x[j], 0) / n);
    const at = (t: number) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const r = { x: at(-1), value: 0 }; r.value = fn(r.x);
    if (r.value < best.value) {
      const ex = { x: at(-2), value: 0 }; ex.value = fn(ex.x);
      simplex[n] = ex.value < r.value ? ex : r;
    } else if (r.value < simplex[n - 1].value) simplex[n] = r;
    else {
      const c = { x: at(0.5), value: 0 }; c.value = fn(c.x);
      if (c.value < worst.value) simplex[n] = c;
      else simplex = simplex.map((v, i) => (i === 0 ? v : { x: v.x.map((xj, j) => best.x[j] + 0.5 * (xj - best.x[j])), value: 0 })).map((v, i) => (i === 0 ? v : { x: v.x, value: fn(v.x) }));
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0];
}

/** Fits k, e, s, b for one β: a cold start and (when given) a warm start from the neighbouring β,
 *  each restarted once, since a single Nelder–Mead run can stall on this ridge-shaped objective. */
function fitAt(s: Setup, beta: number, warm?: number[]) {
  const sums = classSums(s, beta);
  const m0 = sums.map((c) => c.reduce((a, v) => a + v, 0));
  const w = s.targets.reduce((a, t) => a + t.weight, 0);
  // start the scale where the weighted log-mean of the targets is met; the rest starts neutral
  const logk0 = s.targets.reduce((a, t, i) => a + (m0[i] > 0 ? t.weight * Math.log(t.tonnes / m0[i]) : 0), 0) / w;
  const fn = (x: number[]) => objectiveFromSums(s, sums, x);
  const runs = [[logk0, 0, 0, 0], ...(warm ? [warm] : [])].map((start) => {
    const first = nelderMead(fn, start, 1, 500);
    return nelderMead(fn, first.x, 0.3, 500);
  });
  return runs.reduce((a, r) => (r.value < a.value ? r : a));
}

/** What a target's modelled tonnes are made of: CIS-to-CIS, CIS-to-gateway or transit pairs. */
function byKind(s: Setup, f: Float64Array, t: number): Record<Pair['kind'], number> {
  const out = { region: 0, gateway: 0, transit: 0 };
  s.pairs.forEach((q, i) => { if (s.incidence[t][i]) out[q.kind] += f[i]; });
  return { region: sig(out.region, 3), gateway: sig(out.gateway, 3), transit: sig(out.transit, 3) };
}

/** Every β of the grid with the other parameters refitted; the best is the calibration. */
function scanBeta(s: Setup) {
  const lo = s.p('betaMin'), hi = s.p('betaMax'), step = s.p('betaStep');
  const profile: Calibration['profile'] = [];
  let best = { beta: lo, x: [0, 0, 0, 0], value: Infinity };
  let prev: number[] = best.x;
  for (let i = 0; lo + i * step <= hi + 1e-9; i++) {
    const beta = sig(lo + i * step, 6);
    const r = fitAt(s, beta, i > 0 ? prev : undefined);
    prev = r.x;
    profile.push({ beta, objective: sig(r.value, 4) });
    if (r.value < best.value - 1e-12) best = { beta, x: r.x, value: r.value };
  }
  return { best, profile, lo, hi };
}

// Fixed impedance assumptions that decide which pairs count towards a corridor, halved and doubled
const ASSUMPTIONS: [string, number][] = [['ferryLegKm', 0.5], ['ferryLegKm', 2], ['roadKmFactor', 0.6], ['roadKmFactor', 1.6]];
/** Not a parameter: the refit in which a ferry between two countries also pays crossingKm, as a rail border does. */
const FERRY_VARIANT = 'ferryCrossingKm';

export function buildDemand(root = ROOT): { csv: string; calibration: Calibration; docsSection: string } {
  const s = setup(root);
  const { best, profile, lo, hi } = scanBeta(s);
  const f = new Float64Array(s.pairs.length);
  flows(s, best.beta, best.x, f);
  const m = targetTonnes(s, f);
  const targets = s.targets.map((t, i) => ({
    id: t.id, year: t.year, confidence: t.confidence, weight: t.weight, publishedTonnes: sig(t.tonnes, 6), modelTonnes: sig(m[i], 3), residualPct: sig((100 * (m[i] - t.tonnes)) / t.tonnes, 3),
    modelByKind: byKind(s, f, i),
  }));
  const sensitivity = [best.beta - 0.5, best.beta + 0.5].filter((b) => b >= lo && b <= hi).map((beta) => {
    const r = fitAt(s, beta, best.x);
    const fs = new Float64Array(s.pairs.length);
    flows(s, beta, r.x, fs);
    const ms = targetTonnes(s, fs);
    return { beta: sig(beta, 6), targets: Object.fromEntries(s.targets.map((t, i) => [t.id, sig(ms[i], 3)])), totalTonnes: sig(fs.reduce((a, v) => a + v, 0), 3) };
  });
  const min = s.p('minTonnesPerYear');
  const rows: string[][] = [];
  const totals = { zones: s.zones.length, pairs: 0, tonnesPerYear: 0, omittedPairs: 0, omittedTonnes: 0, regionTonnes: 0, gatewayTonnes: 0, transitTonnes: 0 };
  const gateways: Record<string, number> = {};
  s.pairs.forEach((q, i) => {
    const t = sig(f[i], 3);
    const zo = s.zones[q.o], zd = s.zones[q.d];
    for (const z of [zo, zd]) if (z.kind === 'gateway') gateways[z.id] = (gateways[z.id] ?? 0) + f[i];
    if (t < min) { totals.omittedPairs++; totals.omittedTonnes += f[i]; return; }
    totals.pairs++; totals.tonnesPerYear += t;
    totals[q.kind === 'region' ? 'regionTonnes' : q.kind === 'gateway' ? 'gatewayTonnes' : 'transitTonnes'] += t;
    rows.push([zo.node, zd.node, String(t), 'all', DEMAND_SOURCE, 'estimated']);
  });
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  totals.omittedTonnes = Math.round(totals.omittedTonnes);
  for (const k of Object.keys(gateways)) gateways[k] = sig(gateways[k], 3);
  const calibration: Calibration = {
    fitted: { beta: best.beta, k: sig(Math.exp(best.x[0]), 6), borderFactor: sig(Math.exp(best.x[3]), 6), externalFactor: sig(Math.exp(best.x[1]), 6), chinaSplit: sig(1 / (1 + Math.exp(-best.x[2])), 6), objective: sig(best.value, 4) },
    targets, profile, sensitivity, assumptions: [...ASSUMPTIONS.map(([name, factor]) => refitWith(root, name, s.p(name) * factor)), refitWith(root, FERRY_VARIANT, s.p('crossingKm'))], gateways, totals,
    zones: s.zones.map((z) => ({ id: z.id, node: z.node, popMax: z.popMax, massUsdBn: sig(z.mass0, 4) })),
  };
  const csv = csvText(['origin', 'destination', 'tonnesPerYear', 'commodity', 'source', 'confidence'], rows);
  return { csv, calibration, docsSection: calibrationMarkdown(calibration) };
}

function refitWith(root: string, parameter: string, value: number): Calibration['assumptions'][number] {
  const s = setup(root, { [parameter]: value });
  const { best } = scanBeta(s);
  const f = new Float64Array(s.pairs.length);
  flows(s, best.beta, best.x, f);
  const m = targetTonnes(s, f);
  return {
    parameter, value: sig(value, 6), beta: best.beta, objective: sig(best.value, 4),
    targets: Object.fromEntries(s.targets.map((t, i) => [t.id, sig(m[i], 3)])), totalTonnes: sig(f.reduce((a, v) => a + v, 0), 3),
  };
}

const fmtT = (t: number): string => (t / 1e6).toFixed(2);
/** The calibration section of docs/demand.md; the test checks the committed docs contain exactly this. */
export function calibrationMarkdown(c: Calibration): string {
  // β ± 0.5 off the scanned grid has no refit: shown as "—", so both columns keep their place.
  const sides = [-0.5, 0.5].map((d) => c.sensitivity.find((x) => Math.abs(x.beta - (c.fitted.beta + d)) < 1e-6));
  const atSides = (value: (x: Calibration['sensitivity'][number]) => number) => sides.map((x) => (x ? fmtT(value(x)) : '—')).join(' / ');
  const lines = [
    DOC_BEGIN,
    `Fitted: distance decay β = ${c.fitted.beta}, scale k = ${c.fitted.k}, border factor b = ${c.fitted.borderFactor}, external factor e = ${c.fitted.externalFactor}, China split s (Dostyk share) = ${c.fitted.chinaSplit}; weighted sum of squared log residuals ${c.fitted.objective}.`,
    '',
    '| target | year | weight | published Mt/yr | model Mt/yr | residual % | model at β−0.5 / β+0.5 | model: CIS–CIS / CIS–gateway / transit |',
    '|---|---|---|---|---|---|---|---|',
    ...c.targets.map((t) => `| ${t.id} | ${t.year || '—'} | ${t.weight} | ${fmtT(t.publishedTonnes)} | ${fmtT(t.modelTonnes)} | ${t.residualPct > 0 ? '+' : ''}${t.residualPct} | ${atSides((x) => x.targets[t.id])} | ${fmtT(t.modelByKind.region)} / ${fmtT(t.modelByKind.gateway)} / ${fmtT(t.modelByKind.transit)} |`),
    '',
    `Matrix: ${c.totals.zones} zones, ${c.totals.pairs} OD rows, ${fmtT(c.totals.tonnesPerYear)} Mt/yr in total (between CIS regions ${fmtT(c.totals.regionTonnes)}, to/from gateways ${fmtT(c.totals.gatewayTonnes)}, transit gateway to gateway ${fmtT(c.totals.transitTonnes)}); ${c.totals.omittedPairs} pairs under the threshold left out (${fmtT(c.totals.omittedTonnes)} Mt/yr). Whole-matrix total at β−0.5 / β+0.5: ${atSides((x) => x.totalTonnes)} Mt/yr.`,
    '',
    'Refitted with one fixed impedance assumption changed (β, objective, then model Mt/yr per target and in total):',
    '',
    `| assumption | β | objective | ${c.targets.map((t) => t.id).join(' | ')} | total |`,
    `|---|---|---|${c.targets.map(() => '---|').join('')}---|`,
    ...c.assumptions.map((a) => `| ${a.parameter} = ${a.value} | ${a.beta} | ${a.objective} | ${c.targets.map((t) => fmtT(a.targets[t.id])).join(' | ')} | ${fmtT(a.totalTonnes)} |`),
    '',
    'Modelled throughput per gateway zone (both directions, Mt/yr): ' + Object.entries(c.gateways).map(([k, v]) => `${k} ${fmtT(v)}`).join(', ') + '.',
    '',
    'Profile of the fit over β (weighted sum of squared log residuals, others refitted): ' + c.profile.filter((_, i) => i % 5 === 0).map((p) => `β ${p.beta}: ${p.objective}`).join('; ') + '.',
    DOC_END,
  ];
  return lines.join('\n');
}

/** Replaces the calibration section between the markers; the rest of the doc is hand-written. */
export function withCalibrationSection(doc: string, section: string): string {
  const a = doc.indexOf(DOC_BEGIN), b = doc.indexOf(DOC_END);
  if (a < 0 || b < a) throw new Error(`docs/demand.md lacks the markers ${DOC_BEGIN} … ${DOC_END}`);
  return doc.slice(0, a) + section + doc.slice(b + DOC_END.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { csv, calibration, docsSection } = buildDemand();
  writeFileSync(join(ROOT, 'data/demand/od-matrix.csv'), csv);
  writeFileSync(join(ROOT, 'data/demand/calibration.json'), JSON.stringify(calibration, null, 2) + '\n');
  const docPath = join(ROOT, 'docs/demand.md');
  writeFileSync(docPath, withCalibrationSection(readFileSync(docPath, 'utf8'), docsSection));
  console.log(docsSection);
}
